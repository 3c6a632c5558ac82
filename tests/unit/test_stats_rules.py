"""domain.stats: periods in the account's zone, quick choices, offset stretches, buckets, tallies, number prefixes."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.stats import (
    Grouping,
    Period,
    QuickPeriod,
    StatusGroup,
    Tally,
    bucket_of,
    make_period,
    offset_segments,
    phone_prefix,
    quick_period,
    time_buckets,
    total_of,
    utc_bounds,
)
from domain.statuses import MessageStatus

TODAY = date(2026, 3, 4)  # a Wednesday


@pytest.mark.parametrize(
    ('choice', 'start', 'end'),
    [
        (QuickPeriod.today, date(2026, 3, 4), date(2026, 3, 4)),
        (QuickPeriod.yesterday, date(2026, 3, 3), date(2026, 3, 3)),
        (QuickPeriod.week, date(2026, 2, 26), date(2026, 3, 4)),
        (QuickPeriod.month, date(2026, 3, 1), date(2026, 3, 4)),
        (QuickPeriod.last_month, date(2026, 2, 1), date(2026, 2, 28)),
    ],
)
def test_quick_choices_cover_the_expected_local_days(choice: QuickPeriod, start: date, end: date) -> None:
    assert quick_period(choice, TODAY) == Period(date_from=start, date_to=end)


def test_last_month_in_january_is_the_previous_december() -> None:
    assert quick_period(QuickPeriod.last_month, date(2026, 1, 15)) == Period(
        date_from=date(2025, 12, 1), date_to=date(2025, 12, 31)
    )


@pytest.mark.parametrize(
    ('start', 'end', 'code'),
    [
        (None, date(2026, 1, 1), 'period_invalid'),
        (date(2026, 2, 1), date(2026, 1, 31), 'stats_period_reversed'),
        (date(2025, 1, 1), date(2026, 1, 2), 'stats_period_too_long'),
    ],
)
def test_unusable_periods_are_refused(start: date | None, end: date, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        make_period(start, end)
    assert refused.value.code == code


def test_a_leap_year_fits_in_one_period() -> None:
    assert make_period(date(2028, 1, 1), date(2028, 12, 31)).days == 366


@pytest.mark.parametrize(
    ('tz', 'start', 'end'),
    [
        ('Europe/Moscow', datetime(2026, 1, 30, 21, tzinfo=UTC), datetime(2026, 1, 31, 21, tzinfo=UTC)),
        ('Asia/Vladivostok', datetime(2026, 1, 30, 14, tzinfo=UTC), datetime(2026, 1, 31, 14, tzinfo=UTC)),
        ('Europe/Kaliningrad', datetime(2026, 1, 30, 22, tzinfo=UTC), datetime(2026, 1, 31, 22, tzinfo=UTC)),
    ],
)
def test_a_local_day_is_its_zones_midnight_to_midnight_in_utc(tz: str, start: datetime, end: datetime) -> None:
    assert utc_bounds(Period(date_from=date(2026, 1, 31), date_to=date(2026, 1, 31)), tz) == (start, end)


def test_a_russian_zone_has_one_offset_over_a_year() -> None:
    start, end = utc_bounds(Period(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)), 'Asia/Vladivostok')
    assert offset_segments(start, end, 'Asia/Vladivostok') == [(start, 600)]


def test_a_daylight_saving_zone_gets_a_stretch_per_offset_exactly_at_the_change() -> None:
    start, end = utc_bounds(Period(date_from=date(2026, 3, 1), date_to=date(2026, 11, 30)), 'Europe/Berlin')
    assert offset_segments(start, end, 'Europe/Berlin') == [
        (start, 60),
        (datetime(2026, 3, 29, 1, tzinfo=UTC), 120),
        (datetime(2026, 10, 25, 1, tzinfo=UTC), 60),
    ]


def test_moscow_before_2014_had_another_offset() -> None:
    start, end = utc_bounds(Period(date_from=date(2014, 10, 1), date_to=date(2014, 10, 31)), 'Europe/Moscow')
    assert [offset for _, offset in offset_segments(start, end, 'Europe/Moscow')] == [240, 180]


@pytest.mark.parametrize(
    ('grouping', 'day', 'bucket'),
    [
        (Grouping.day, date(2026, 3, 4), date(2026, 3, 4)),
        (Grouping.week, date(2026, 3, 4), date(2026, 3, 2)),
        (Grouping.week, date(2026, 3, 1), date(2026, 2, 23)),  # a Sunday ends the week of Monday the 23rd
        (Grouping.month, date(2026, 3, 31), date(2026, 3, 1)),
    ],
)
def test_buckets_start_on_the_day_monday_or_first(grouping: Grouping, day: date, bucket: date) -> None:
    assert bucket_of(grouping, day) == bucket


def test_every_bucket_of_a_period_is_listed_even_without_messages() -> None:
    period = Period(date_from=date(2026, 1, 30), date_to=date(2026, 3, 2))
    assert len(time_buckets(Grouping.day, period)) == 32
    assert time_buckets(Grouping.week, period)[:2] == [date(2026, 1, 26), date(2026, 2, 2)]
    assert time_buckets(Grouping.month, period) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


def test_a_tally_counts_stopped_and_cancelled_apart_and_costs_only_charged_messages() -> None:
    tally = Tally()
    tally.add(MessageStatus.delivered, 8, 10, Decimal('23.50'))
    tally.add(MessageStatus.submitted, 1, 1, Decimal('2.35'))
    tally.add(MessageStatus.awaiting_payment, 1, 2, Decimal('4.70'))
    tally.add(MessageStatus.stopped, 3, 3, Decimal('0.00'))
    tally.add(MessageStatus.cancelled, 2, 2, Decimal('4.70'))
    assert tally.messages == 10
    assert tally.groups[StatusGroup.pending] == 2
    assert (tally.stopped, tally.cancelled, tally.parts) == (3, 2, 13)
    assert tally.cost == Decimal('25.85')
    assert tally.delivered_share == Decimal('80.0')


def test_totals_add_tallies_and_an_empty_tally_has_no_share() -> None:
    one, two = Tally(), Tally()
    one.add(MessageStatus.undelivered, 2, 2, Decimal('4.70'))
    two.add(MessageStatus.rejected, 1, 1, Decimal('2.35'))
    total = total_of([one, two])
    assert (total.messages, total.cost) == (3, Decimal('7.05'))
    assert Tally().delivered_share is None


@pytest.mark.parametrize(
    ('typed', 'prefix'),
    [('8916', '+7916'), ('+7 (916) 12', '+791612'), ('7916', '+7916'), ('+375 29', '+37529'), ('  ', '')],
)
def test_a_typed_number_start_becomes_an_e164_prefix(typed: str, prefix: str) -> None:
    assert phone_prefix(typed) == prefix
