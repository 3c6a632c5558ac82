"""Rules of the SMS statistics, pure: periods in the account's zone, groupings, status groups and tallies.

A message belongs to the local day (in the account's time zone) of its `created_at`. A period is a range of local
dates, both ends included; `utc_bounds` turns it into the half-open UTC range [start, end) the queries use, and
`offset_segments` lists the zone's UTC offsets inside that range (one segment for Russian zones, which have had no
daylight saving since 2014), so SQLite can shift `created_at` to local time with plain `datetime(.., '+N minutes')`.

Status groups of the chart: delivered, undelivered, expired, rejected and pending (awaiting payment, scheduled,
queued, submitted: "ожидает / в пути"). Stopped (stop-list) and cancelled messages were never sent: they are not
in the chart, not in «Сообщений», not in the cost; the table shows them in columns of their own.
Cost counts charged messages only (domain.statuses.is_charged): an unpaid or cancelled message costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.errors import DomainError
from domain.statuses import MessageStatus, is_charged

MAX_PERIOD_DAYS = 366


class Grouping(StrEnum):
    """Группировка of the general statistics."""

    day = 'day'
    week = 'week'
    month = 'month'
    operator = 'operator'
    region = 'region'
    sender = 'sender'
    template = 'template'
    mailing = 'mailing'


TIME_GROUPINGS = frozenset({Grouping.day, Grouping.week, Grouping.month})


class QuickPeriod(StrEnum):
    """The quick choices of a period: сегодня, вчера, неделя (the last 7 days), месяц (this calendar month so far),
    прошлый месяц."""

    today = 'today'
    yesterday = 'yesterday'
    week = 'week'
    month = 'month'
    last_month = 'last_month'


class StatusGroup(StrEnum):
    """What the chart stacks."""

    delivered = 'delivered'
    undelivered = 'undelivered'
    expired = 'expired'
    rejected = 'rejected'
    pending = 'pending'


STATUS_GROUPS: Mapping[MessageStatus, StatusGroup] = {
    MessageStatus.delivered: StatusGroup.delivered,
    MessageStatus.undelivered: StatusGroup.undelivered,
    MessageStatus.expired: StatusGroup.expired,
    MessageStatus.rejected: StatusGroup.rejected,
    MessageStatus.awaiting_payment: StatusGroup.pending,
    MessageStatus.scheduled: StatusGroup.pending,
    MessageStatus.queued: StatusGroup.pending,
    MessageStatus.submitted: StatusGroup.pending,
}


@dataclass(kw_only=True, slots=True, frozen=True)
class Period:
    """Local dates from `date_from` to `date_to`, both included."""

    date_from: date
    date_to: date

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1


def make_period(date_from: date | None, date_to: date | None) -> Period:
    """A checked period: both dates given, in order, at most a year long."""
    if date_from is None or date_to is None:
        raise DomainError('period_invalid')
    if date_from > date_to:
        raise DomainError('stats_period_reversed')
    period = Period(date_from=date_from, date_to=date_to)
    if period.days > MAX_PERIOD_DAYS:
        raise DomainError('stats_period_too_long', days=MAX_PERIOD_DAYS)
    return period


def quick_period(choice: QuickPeriod, today: date) -> Period:
    """The period of a quick choice, seen from the local date `today`."""
    if choice is QuickPeriod.today:
        return Period(date_from=today, date_to=today)
    if choice is QuickPeriod.yesterday:
        day = today - timedelta(days=1)
        return Period(date_from=day, date_to=day)
    if choice is QuickPeriod.week:
        return Period(date_from=today - timedelta(days=6), date_to=today)
    if choice is QuickPeriod.month:
        return Period(date_from=today.replace(day=1), date_to=today)
    last_day = today.replace(day=1) - timedelta(days=1)
    return Period(date_from=last_day.replace(day=1), date_to=last_day)


def local_today(now: datetime, tz: str) -> date:
    """The local date of a UTC-aware moment in zone `tz`."""
    return now.astimezone(ZoneInfo(tz)).date()


def utc_bounds(period: Period, tz: str) -> tuple[datetime, datetime]:
    """[start, end) in UTC: local midnight of the first day to local midnight after the last."""
    zone = ZoneInfo(tz)
    start = datetime.combine(period.date_from, time(), zone).astimezone(UTC)
    end = datetime.combine(period.date_to + timedelta(days=1), time(), zone).astimezone(UTC)
    return start, end


def offset_segments(start: datetime, end: datetime, tz: str) -> list[tuple[datetime, int]]:
    """(since, UTC offset in minutes) for each stretch of constant offset in [start, end); the first since == start."""
    zone = ZoneInfo(tz)
    segments = [(start, _offset_minutes(start, zone))]
    day = start
    while day < end:
        following = min(day + timedelta(days=1), end)
        if _offset_minutes(following, zone) != segments[-1][1]:
            _add_changes(day, following, zone, segments)
        day = following
    return segments


def bucket_of(grouping: Grouping, day: date) -> date:
    """The first day of the day/week (Monday)/month bucket that holds `day`."""
    if grouping is Grouping.week:
        return day - timedelta(days=day.weekday())
    if grouping is Grouping.month:
        return day.replace(day=1)
    return day


def time_buckets(grouping: Grouping, period: Period) -> list[date]:
    """Every bucket of a time grouping that the period touches, in order (empty ones too: the chart has no gaps)."""
    buckets: list[date] = []
    day = period.date_from
    while day <= period.date_to:
        bucket = bucket_of(grouping, day)
        if not buckets or buckets[-1] != bucket:
            buckets.append(bucket)
        day += timedelta(days=1)
    return buckets


@dataclass(kw_only=True, slots=True)
class Tally:
    """Counts of one row of the statistics: messages per status group, parts, cost, stopped and cancelled."""

    groups: dict[StatusGroup, int] = field(default_factory=lambda: dict.fromkeys(StatusGroup, 0))
    parts: int = 0
    cost: Decimal = Decimal('0.00')
    stopped: int = 0
    cancelled: int = 0

    def add(self, status: MessageStatus, count: int, parts: int, cost: Decimal) -> None:
        """Count `count` messages of one status with their parts and cost."""
        group = STATUS_GROUPS.get(status)
        if group is None:
            if status is MessageStatus.stopped:
                self.stopped += count
            else:
                self.cancelled += count
            return
        self.groups[group] += count
        self.parts += parts
        if is_charged(status):
            self.cost += cost

    def merge(self, other: Tally) -> None:
        """Add another tally into this one."""
        for group, count in other.groups.items():
            self.groups[group] += count
        self.parts += other.parts
        self.cost += other.cost
        self.stopped += other.stopped
        self.cancelled += other.cancelled

    @property
    def messages(self) -> int:
        """Messages in the chart (every status group; stopped and cancelled are not)."""
        return sum(self.groups.values())

    @property
    def delivered_share(self) -> Decimal | None:
        """Delivered per counted message, as a percentage with one decimal; None without messages."""
        if not self.messages:
            return None
        return (Decimal(100 * self.groups[StatusGroup.delivered]) / self.messages).quantize(Decimal('0.1'))


def total_of(tallies: Iterable[Tally]) -> Tally:
    """The sum of tallies (the totals row)."""
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


def phone_prefix(typed: str) -> str:
    """The E.164 prefix of a typed number start: '8916', '+7 916', '7916' -> '+7916'; '' when no digits."""
    digits = ''.join(char for char in typed if char.isdigit())
    if not digits:
        return ''
    if digits[0] == '8' and not typed.strip().startswith('+'):
        digits = '7' + digits[1:]
    return '+' + digits


def _offset_minutes(moment: datetime, zone: ZoneInfo) -> int:
    offset = moment.astimezone(zone).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _add_changes(low: datetime, high: datetime, zone: ZoneInfo, segments: list[tuple[datetime, int]]) -> None:
    """Append every offset change inside (low, high] (at most a couple a day), found by bisection to the minute."""
    while _offset_minutes(high, zone) != segments[-1][1]:
        left, right = low, high  # offset(left) == current, offset(right) differs
        while right - left > timedelta(minutes=1):
            middle = left + (right - left) / 2
            if _offset_minutes(middle, zone) == segments[-1][1]:
                left = middle
            else:
                right = middle
        change = right.replace(second=0, microsecond=0)
        segments.append((change, _offset_minutes(change, zone)))
        low = change
