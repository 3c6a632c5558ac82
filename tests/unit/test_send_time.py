import random
from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from domain.send_time import (
    InvalidSchedule,
    ScheduleProblem,
    apply_window,
    check_validity_hours,
    due_at_utc,
    expires_at,
    in_window,
    recipient_zone,
    smpp_absolute_validity,
    smpp_relative_validity,
    spread_by_rate,
)

ACCOUNT_TZ = 'Asia/Yekaterinburg'
NOW = datetime(2026, 6, 9, 12, 0, tzinfo=UTC)
PLANNED = datetime(2026, 6, 10, 10, 0)


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ('recipient_tz', 'expected'),
    [
        ('Europe/Moscow', _utc(2026, 6, 10, 7, 0)),
        ('Europe/Kaliningrad', _utc(2026, 6, 10, 8, 0)),
        ('Asia/Novosibirsk', _utc(2026, 6, 10, 3, 0)),
        ('Asia/Kamchatka', _utc(2026, 6, 9, 22, 0)),
        (None, _utc(2026, 6, 10, 5, 0)),
        ('', _utc(2026, 6, 10, 5, 0)),
        ('Mars/Olympus_Mons', _utc(2026, 6, 10, 5, 0)),
        ('../etc/passwd', _utc(2026, 6, 10, 5, 0)),
    ],
)
def test_with_local_time_each_recipient_gets_the_wall_clock_time_of_his_own_zone(
    recipient_tz: str | None, expected: datetime
) -> None:
    due = due_at_utc(PLANNED, recipient_tz, local_time=True, account_tz=ACCOUNT_TZ, now=NOW)
    assert due == expected
    assert due.utcoffset() == timedelta(0)


@pytest.mark.parametrize('recipient_tz', ['Europe/Kaliningrad', 'Asia/Novosibirsk', 'Asia/Kamchatka', None])
def test_without_local_time_everyone_gets_the_planned_time_in_moscow(recipient_tz: str | None) -> None:
    due = due_at_utc(PLANNED, recipient_tz, local_time=False, account_tz=ACCOUNT_TZ, now=NOW)
    assert due == _utc(2026, 6, 10, 7, 0)


@pytest.mark.parametrize(
    ('recipient_tz', 'expected'),
    [
        ('Asia/Kamchatka', _utc(2026, 6, 10, 2, 0)),
        ('Asia/Novosibirsk', _utc(2026, 6, 10, 3, 0)),
        ('Europe/Moscow', _utc(2026, 6, 10, 7, 0)),
    ],
)
def test_a_planned_time_already_past_in_some_zone_means_send_now(recipient_tz: str, expected: datetime) -> None:
    now = _utc(2026, 6, 10, 2, 0)
    assert due_at_utc(PLANNED, recipient_tz, local_time=True, account_tz=ACCOUNT_TZ, now=now) == expected


def test_send_now_is_due_at_the_current_moment_in_utc() -> None:
    now_in_novosibirsk = datetime(2026, 6, 10, 9, 0, tzinfo=ZoneInfo('Asia/Novosibirsk'))
    due = due_at_utc(None, 'Asia/Kamchatka', local_time=True, account_tz=ACCOUNT_TZ, now=now_in_novosibirsk)
    assert due == _utc(2026, 6, 10, 2, 0)
    assert due.tzinfo is UTC


@pytest.mark.parametrize('month', [1, 7])
def test_russian_zones_have_no_daylight_saving_so_winter_and_summer_agree(month: int) -> None:
    planned = datetime(2026, month, 15, 10, 0)
    now = _utc(2026, 1, 1, 0, 0)
    due = due_at_utc(planned, 'Asia/Novosibirsk', local_time=True, account_tz=ACCOUNT_TZ, now=now)
    assert due == _utc(2026, month, 15, 3, 0)


@pytest.mark.parametrize(('month', 'utc_hour'), [(1, 9), (7, 8)])
def test_a_foreign_recipient_follows_his_zones_daylight_saving(month: int, utc_hour: int) -> None:
    planned = datetime(2026, month, 15, 10, 0)
    due = due_at_utc(planned, 'Europe/Berlin', local_time=True, account_tz=ACCOUNT_TZ, now=_utc(2026, 1, 1, 0, 0))
    assert due == _utc(2026, month, 15, utc_hour, 0)


def test_a_planned_time_must_be_a_naive_wall_clock_time() -> None:
    with pytest.raises(ValueError, match='naive'):
        due_at_utc(PLANNED.replace(tzinfo=UTC), None, local_time=True, account_tz=ACCOUNT_TZ, now=NOW)


def test_the_current_time_must_be_aware() -> None:
    with pytest.raises(ValueError, match='aware'):
        due_at_utc(PLANNED, None, local_time=True, account_tz=ACCOUNT_TZ, now=NOW.replace(tzinfo=None))


def test_an_unknown_recipient_zone_falls_back_to_the_account_zone() -> None:
    assert recipient_zone(None, 'Europe/Kaliningrad') == ZoneInfo('Europe/Kaliningrad')
    assert recipient_zone('Asia/Kamchatka', 'Europe/Kaliningrad') == ZoneInfo('Asia/Kamchatka')


@pytest.mark.parametrize(
    ('moment', 'start', 'end', 'inside'),
    [
        (time(8, 59, 59), time(9), time(21), False),
        (time(9), time(9), time(21), True),
        (time(20, 59, 59), time(9), time(21), True),
        (time(21), time(9), time(21), False),
        (time(0), time(9), time(21), False),
        (time(22), time(22), time(6), True),
        (time(23, 59), time(22), time(6), True),
        (time(0), time(22), time(6), True),
        (time(5, 59), time(22), time(6), True),
        (time(6), time(22), time(6), False),
        (time(12), time(22), time(6), False),
        (time(21, 59), time(22), time(6), False),
    ],
)
def test_a_window_includes_its_start_excludes_its_end_and_may_cross_midnight(
    moment: time, start: time, end: time, inside: bool
) -> None:
    assert in_window(moment, start, end) is inside


@pytest.mark.parametrize(
    ('local_due', 'start', 'end', 'local_expected'),
    [
        (datetime(2026, 6, 10, 8, 59), time(9), time(21), datetime(2026, 6, 10, 9, 0)),
        (datetime(2026, 6, 10, 9, 0), time(9), time(21), datetime(2026, 6, 10, 9, 0)),
        (datetime(2026, 6, 10, 20, 59), time(9), time(21), datetime(2026, 6, 10, 20, 59)),
        (datetime(2026, 6, 10, 21, 0), time(9), time(21), datetime(2026, 6, 11, 9, 0)),
        (datetime(2026, 6, 10, 23, 30), time(9), time(21), datetime(2026, 6, 11, 9, 0)),
        (datetime(2026, 6, 10, 0, 30), time(9), time(21), datetime(2026, 6, 10, 9, 0)),
        (datetime(2026, 12, 31, 22, 0), time(9), time(21), datetime(2027, 1, 1, 9, 0)),
        (datetime(2026, 6, 10, 23, 0), time(22), time(6), datetime(2026, 6, 10, 23, 0)),
        (datetime(2026, 6, 10, 5, 59), time(22), time(6), datetime(2026, 6, 10, 5, 59)),
        (datetime(2026, 6, 10, 6, 0), time(22), time(6), datetime(2026, 6, 10, 22, 0)),
        (datetime(2026, 6, 10, 12, 0), time(22), time(6), datetime(2026, 6, 10, 22, 0)),
        (datetime(2026, 6, 10, 3, 0), time(20), time(2), datetime(2026, 6, 10, 20, 0)),
    ],
)
@pytest.mark.parametrize('zone', ['Europe/Moscow', 'Europe/Kaliningrad', 'Asia/Novosibirsk', 'Asia/Kamchatka'])
def test_a_message_due_outside_the_window_waits_for_its_next_opening_in_recipient_time(
    zone: str, local_due: datetime, start: time, end: time, local_expected: datetime
) -> None:
    tz = ZoneInfo(zone)
    due = local_due.replace(tzinfo=tz).astimezone(UTC)
    moved = apply_window(due, zone, start, end)
    assert moved == local_expected.replace(tzinfo=tz)
    assert moved.tzinfo is UTC


def test_a_kamchatka_window_opens_on_the_previous_utc_day() -> None:
    due = _utc(2026, 6, 9, 20, 0)
    assert apply_window(due, ZoneInfo('Asia/Kamchatka'), time(9), time(21)) == _utc(2026, 6, 9, 21, 0)


def test_windowed_due_times_are_never_earlier_and_always_inside_the_window() -> None:
    rng = random.Random(11)
    zones = ['Europe/Moscow', 'Europe/Kaliningrad', 'Asia/Novosibirsk', 'Asia/Kamchatka', 'America/New_York']
    for _ in range(2_000):
        zone = rng.choice(zones)
        start, end = time(rng.randrange(24), rng.choice([0, 30])), time(rng.randrange(24), rng.choice([0, 15]))
        if start == end:
            continue
        due = _utc(2026, 1, 1) + timedelta(minutes=rng.randrange(60 * 24 * 365))
        moved = apply_window(due, zone, start, end)
        assert moved >= due
        assert moved - due <= timedelta(hours=25)
        assert in_window(moved.astimezone(ZoneInfo(zone)).time(), start, end)


def test_an_empty_window_is_refused() -> None:
    with pytest.raises(InvalidSchedule) as caught:
        apply_window(NOW, 'Europe/Moscow', time(9), time(9))
    assert caught.value.reason is ScheduleProblem.empty_window


@pytest.mark.parametrize(
    ('count', 'per_minute', 'offsets_s'),
    [
        (0, 100, []),
        (1, 100, [0.0]),
        (3, 60, [0.0, 1.0, 2.0]),
        (4, 120, [0.0, 0.5, 1.0, 1.5]),
        (3, 1, [0.0, 60.0, 120.0]),
        (4, 7, [0.0, 8.571428, 17.142857, 25.714285]),
    ],
)
def test_a_speed_limit_spreads_messages_evenly(count: int, per_minute: int, offsets_s: list[float]) -> None:
    dues = spread_by_rate(count, NOW, per_minute)
    assert [(due - NOW).total_seconds() for due in dues] == offsets_s


@pytest.mark.parametrize('per_minute', [1, 7, 60, 150, 1000, 6001])
def test_no_minute_holds_more_messages_than_the_speed_limit(per_minute: int) -> None:
    dues = spread_by_rate(3 * per_minute + 5, NOW, per_minute)
    assert dues == sorted(dues)
    assert all(later - earlier >= timedelta(minutes=1) for earlier, later in zip(dues, dues[per_minute:], strict=False))
    assert dues[per_minute - 1] - NOW < timedelta(minutes=1)


@pytest.mark.parametrize('per_minute', [0, -5, True])
def test_a_speed_limit_must_be_positive(per_minute: int) -> None:
    with pytest.raises(InvalidSchedule) as caught:
        spread_by_rate(10, NOW, per_minute)
    assert caught.value.reason is ScheduleProblem.rate_not_positive


@pytest.mark.parametrize('hours', [1, 2, 24, 71, 72])
def test_a_message_expires_validity_hours_after_it_was_due(hours: int) -> None:
    assert check_validity_hours(hours) == hours
    assert expires_at(NOW, hours) == NOW + timedelta(hours=hours)


@pytest.mark.parametrize('hours', [0, -1, 73, 1000, True, 24.0, '24'])
def test_a_validity_outside_one_to_seventy_two_hours_is_refused(hours: object) -> None:
    with pytest.raises(InvalidSchedule) as caught:
        expires_at(NOW, hours)  # type: ignore[arg-type]
    assert caught.value.reason is ScheduleProblem.validity_out_of_range
    assert caught.value.details == {'minimum': 1, 'maximum': 72}


def test_expiry_is_computed_from_an_aware_moment_only() -> None:
    with pytest.raises(ValueError, match='aware'):
        expires_at(datetime(2026, 6, 10, 10, 0), 24)


@pytest.mark.parametrize(
    ('period', 'expected'),
    [
        (timedelta(hours=1), '000000010000000R'),
        (timedelta(hours=24), '000001000000000R'),
        (timedelta(hours=72), '000003000000000R'),
        (timedelta(hours=25, minutes=30, seconds=15, milliseconds=500), '000001013015500R'),
        (timedelta(days=99, hours=23), '000099230000000R'),
    ],
)
def test_validity_is_formatted_as_an_smpp_relative_time(period: timedelta, expected: str) -> None:
    text = smpp_relative_validity(period)
    assert text == expected
    assert len(text) == 16


@pytest.mark.parametrize('period', [timedelta(0), timedelta(hours=-1), timedelta(days=100)])
def test_an_smpp_relative_time_is_positive_and_under_a_hundred_days(period: timedelta) -> None:
    with pytest.raises(ValueError, match='relative period'):
        smpp_relative_validity(period)


@pytest.mark.parametrize(
    ('moment', 'expected'),
    [
        (_utc(2026, 6, 10, 7, 5, 9), '260610070509000+'),
        (datetime(2026, 6, 10, 10, 5, 9, 700_000, tzinfo=ZoneInfo('Europe/Moscow')), '260610100509712+'),
        (datetime(2026, 6, 10, 19, 0, tzinfo=ZoneInfo('Asia/Kamchatka')), '260610190000048+'),
        (datetime(2026, 1, 10, 2, 0, tzinfo=ZoneInfo('America/New_York')), '260110020000020-'),
        (datetime(2026, 1, 10, 2, 0, tzinfo=ZoneInfo('America/St_Johns')), '260110020000014-'),
        (datetime(2026, 1, 10, 2, 0, tzinfo=timezone(timedelta(minutes=7))), '260110015300000+'),
    ],
)
def test_an_expiry_moment_is_formatted_as_an_smpp_absolute_time(moment: datetime, expected: str) -> None:
    assert smpp_absolute_validity(moment) == expected
