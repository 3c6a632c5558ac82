"""When a message goes out: planned wall-clock time, allowed window, speed limit, validity and its SMPP form.

A planned time is a naive wall-clock time typed by the user. With "Локальное время" ticked it is read in each
recipient's own zone (unknown -> the account's zone), otherwise in Moscow time, as the manual says. A time already
past in some zone means "send now". Every result is UTC-aware and the current time is always passed in.
"""

from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import DomainError

MOSCOW = 'Europe/Moscow'
MIN_VALIDITY_HOURS = 1
MAX_VALIDITY_HOURS = 72

_MICROSECONDS_PER_MINUTE = 60_000_000
_QUARTER_HOUR = timedelta(minutes=15)


class ScheduleProblem(StrEnum):
    """Why sending settings were refused."""

    validity_out_of_range = 'validity_out_of_range'
    rate_not_positive = 'send_rate_not_positive'
    empty_window = 'send_window_empty'


class InvalidSchedule(DomainError, ValueError):
    """Sending settings that cannot be applied; `reason` says why."""

    def __init__(self, reason: ScheduleProblem, **details: object) -> None:
        super().__init__(reason.value, **details)
        self.reason = reason


def recipient_zone(recipient_tz: str | None, account_tz: str) -> ZoneInfo:
    """Return the recipient's zone, or the account's zone when the recipient's is unknown or not a zone name."""
    if recipient_tz:
        try:
            return ZoneInfo(recipient_tz)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(account_tz)


def due_at_utc(
    planned_local: datetime | None,
    recipient_tz: str | None,
    *,
    local_time: bool,
    account_tz: str,
    now: datetime,
    moscow: str = MOSCOW,
) -> datetime:
    """Return when a message planned at a wall-clock time (None: now) is due, never earlier than `now`."""
    now_utc = _as_utc(now)
    if planned_local is None:
        return now_utc
    if planned_local.tzinfo is not None:
        raise ValueError('a planned time is a naive wall-clock time')
    zone = recipient_zone(recipient_tz, account_tz) if local_time else ZoneInfo(moscow)
    return max(planned_local.replace(tzinfo=zone).astimezone(UTC), now_utc)


def in_window(moment: time, window_start: time, window_end: time) -> bool:
    """Tell whether a wall-clock time lies in [start, end), where a start after the end crosses midnight."""
    _check_window(window_start, window_end)
    if window_start < window_end:
        return window_start <= moment < window_end
    return moment >= window_start or moment < window_end


def apply_window(due_utc: datetime, tz: str | ZoneInfo, window_start: time, window_end: time) -> datetime:
    """Move a due time outside the recipient's allowed window [start, end) to the window's next opening."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    local = _as_utc(due_utc).astimezone(zone)
    if in_window(local.time(), window_start, window_end):
        return _as_utc(due_utc)
    opening_day = local.date() if local.time() < window_start else local.date() + timedelta(days=1)
    return datetime.combine(opening_day, window_start, tzinfo=zone).astimezone(UTC)


def spread_by_rate(count: int, start_utc: datetime, per_minute: int) -> list[datetime]:
    """Return evenly spaced due times for `count` messages so that no minute holds more than `per_minute`."""
    if isinstance(per_minute, bool) or per_minute < 1:
        raise InvalidSchedule(ScheduleProblem.rate_not_positive)
    if count < 0:
        raise ValueError(f'a message count is not negative, got {count}')
    start = _as_utc(start_utc)
    return [start + timedelta(microseconds=index * _MICROSECONDS_PER_MINUTE // per_minute) for index in range(count)]


def check_validity_hours(validity_hours: int) -> int:
    """Return the validity period in hours if it is a whole number from 1 to 72, else raise InvalidSchedule."""
    whole = isinstance(validity_hours, int) and not isinstance(validity_hours, bool)
    if not whole or not MIN_VALIDITY_HOURS <= validity_hours <= MAX_VALIDITY_HOURS:
        raise InvalidSchedule(
            ScheduleProblem.validity_out_of_range, minimum=MIN_VALIDITY_HOURS, maximum=MAX_VALIDITY_HOURS
        )
    return validity_hours


def expires_at(created_or_due: datetime, validity_hours: int) -> datetime:
    """Return the UTC moment after which an undelivered message is expired."""
    return _as_utc(created_or_due) + timedelta(hours=check_validity_hours(validity_hours))


def smpp_relative_validity(period: timedelta) -> str:
    """Format a period as an SMPP 3.4 relative time 'YYMMDDhhmmsstnnR' (24 h -> '000001000000000R')."""
    if period <= timedelta(0) or period.days > 99:
        raise ValueError(f'an SMPP relative period is positive and under 100 days, got {period}')
    hours, rest = divmod(period.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    tenths = period.microseconds // 100_000
    return f'0000{period.days:02d}{hours:02d}{minutes:02d}{seconds:02d}{tenths}00R'


def smpp_absolute_validity(moment: datetime) -> str:
    """Format an aware moment as an SMPP 3.4 absolute time 'YYMMDDhhmmsstnnp' in its own UTC offset."""
    offset = _aware(moment).utcoffset() or timedelta(0)
    if offset % _QUARTER_HOUR:
        moment, offset = moment.astimezone(UTC), timedelta(0)
    sign = '-' if offset < timedelta(0) else '+'
    quarters = abs(offset) // _QUARTER_HOUR
    return f'{moment:%y%m%d%H%M%S}{moment.microsecond // 100_000}{quarters:02d}{sign}'


def _check_window(window_start: time, window_end: time) -> None:
    if window_start == window_end:
        raise InvalidSchedule(ScheduleProblem.empty_window)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError('a moment must be timezone-aware')
    return moment


def _as_utc(moment: datetime) -> datetime:
    return _aware(moment).astimezone(UTC)
