from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from domain.mailing_plan import Window, is_russian, plan_due_times, price_messages, render_texts
from domain.phones import PhoneStyle
from domain.pricing import OperatorGroup, Tariff, VolumeTier
from domain.send_time import InvalidSchedule

NOW = datetime(2026, 6, 9, 12, 0, tzinfo=UTC)
TOMORROW_10 = datetime(2026, 6, 10, 10, 0)
PRICES = {group: Decimal('1.0000') for group in OperatorGroup} | {
    OperatorGroup.mts: Decimal('0.3550'),
    OperatorGroup.beeline: Decimal('0.3333'),
    OperatorGroup.international: Decimal('2.5000'),
}
TARIFF = Tariff(valid_from=date(2026, 1, 1), prices=PRICES)


@pytest.mark.parametrize(
    ('phone', 'russian'),
    [
        ('+79161234567', True),
        ('+74951234567', True),
        ('+77011234567', False),
        ('+76123456789', False),
        ('+380501234567', False),
    ],
)
def test_kazakhstan_shares_plus_seven_but_is_not_russia(phone: str, russian: bool) -> None:
    assert is_russian(phone) is russian


def test_texts_are_rendered_per_recipient_and_counted_in_parts() -> None:
    rows = [{'phone': '+79161234567', 'last_name': 'Иванов'}, {'phone': '+79161234568', 'last_name': ''}]
    texts = render_texts('{{last_name}} ' + 'a' * 155, rows, phone_style=PhoneStyle.PLUS7_SPACED)
    assert texts.texts == ['Иванов ' + 'a' * 155, ' ' + 'a' * 155]
    assert texts.parts == [3, 1]  # Cyrillic makes UCS-2: 162 units -> 3 parts; 156 GSM septets -> 1 part
    assert texts.ucs2 == [True, False]


def test_an_insert_only_text_can_render_empty() -> None:
    texts = render_texts('{{note1}}', [{'note1': ''}, {'note1': 'x'}], phone_style=PhoneStyle.E164)
    assert texts.parts == [0, 1]


def test_prices_follow_the_operator_group_and_round_per_message() -> None:
    costs = price_messages(
        TARIFF,
        ['+79161234567', '+79031234567', '+77011234567', '+79401234567'],
        ['МТС', 'Билайн', 'Kcell', ''],
        [1, 2, 1, 3],
    )
    assert costs.prices == [Decimal('0.3550'), Decimal('0.3333'), Decimal('2.5000'), Decimal('1.0000')]
    assert costs.costs == [Decimal('0.36'), Decimal('0.67'), Decimal('2.50'), Decimal('3.00')]
    assert costs.total == sum(costs.costs)


def test_the_volume_tier_is_chosen_by_the_mailings_total_parts() -> None:
    tiered = Tariff(
        valid_from=date(2026, 1, 1),
        prices=PRICES,
        tiers=(VolumeTier(min_parts=4, prices={OperatorGroup.mts: Decimal('0.2000')}),),
    )
    small = price_messages(tiered, ['+79161234567'] * 3, ['МТС'] * 3, [1, 1, 1])
    large = price_messages(tiered, ['+79161234567'] * 4, ['МТС'] * 4, [1, 1, 1, 1])
    assert small.total == Decimal('1.08') and large.total == Decimal('0.80')


def test_without_a_time_everyone_is_due_now() -> None:
    dues = plan_due_times(
        ['Europe/Moscow', '', 'Asia/Tokyo'], planned_local=None, local_time=True, account_tz='Asia/Omsk', now=NOW
    )
    assert dues == [NOW, NOW, NOW]


def test_local_time_reads_the_wall_clock_in_each_recipients_zone_unknown_in_the_accounts() -> None:
    zones = ['Europe/Moscow', 'Asia/Vladivostok', '', 'Nowhere/City']
    dues = plan_due_times(zones, planned_local=TOMORROW_10, local_time=True, account_tz='Asia/Omsk', now=NOW)
    assert dues == [
        datetime(2026, 6, 10, 7, tzinfo=UTC),
        datetime(2026, 6, 10, 0, tzinfo=UTC),
        datetime(2026, 6, 10, 4, tzinfo=UTC),
        datetime(2026, 6, 10, 4, tzinfo=UTC),
    ]


def test_without_local_time_the_wall_clock_is_moscows_for_everyone() -> None:
    dues = plan_due_times(
        ['Asia/Vladivostok', ''], planned_local=TOMORROW_10, local_time=False, account_tz='Asia/Omsk', now=NOW
    )
    assert dues == [datetime(2026, 6, 10, 7, tzinfo=UTC)] * 2


def test_a_time_already_past_in_a_zone_means_now() -> None:
    planned = datetime(2026, 6, 9, 18, 0)  # 18:00 in Vladivostok is 08:00 UTC, before NOW; in Moscow 15:00 UTC
    dues = plan_due_times(
        ['Asia/Vladivostok', 'Europe/Moscow'],
        planned_local=planned,
        local_time=True,
        account_tz='Europe/Moscow',
        now=NOW,
    )
    assert dues == [NOW, datetime(2026, 6, 9, 15, tzinfo=UTC)]


def test_the_window_moves_a_late_message_to_the_next_morning_in_the_recipients_zone() -> None:
    window = Window(start=time(9), end=time(21))
    dues = plan_due_times(
        ['Europe/Moscow', 'Asia/Vladivostok'],
        planned_local=datetime(2026, 6, 9, 22, 0),
        local_time=False,
        account_tz='Europe/Moscow',
        now=NOW,
        window=window,
    )
    # 22:00 Moscow is 19:00 UTC: outside Moscow's window; 05:00 next day in Vladivostok, also outside
    assert dues == [datetime(2026, 6, 10, 6, tzinfo=UTC), datetime(2026, 6, 9, 23, tzinfo=UTC)]


def test_a_rate_spreads_a_mailing_evenly_from_its_start() -> None:
    dues = plan_due_times(
        [''] * 5, planned_local=None, local_time=False, account_tz='Europe/Moscow', now=NOW, rate_per_minute=2
    )
    assert dues == [NOW + timedelta(seconds=30 * n) for n in range(5)]


def test_a_rate_over_several_zones_never_puts_more_than_the_rate_in_a_minute_nor_sends_early() -> None:
    zones = ['Europe/Moscow', 'Asia/Vladivostok', 'Asia/Novosibirsk'] * 400
    dues = plan_due_times(
        zones, planned_local=TOMORROW_10, local_time=True, account_tz='Europe/Moscow', now=NOW, rate_per_minute=300
    )
    own = plan_due_times(zones, planned_local=TOMORROW_10, local_time=True, account_tz='Europe/Moscow', now=NOW)
    assert all(due >= start for due, start in zip(dues, own, strict=True))
    per_minute = Counter(due.replace(second=0, microsecond=0) for due in dues)
    assert max(per_minute.values()) <= 300
    ordered = sorted(dues)
    assert all(b - a >= timedelta(seconds=0.2) for a, b in pairwise(ordered))


def test_a_rate_pushing_past_the_window_waits_for_its_next_opening() -> None:
    window = Window(start=time(9), end=time(21))
    start = datetime(2026, 6, 10, 20, 59)
    dues = plan_due_times(
        ['Europe/Moscow', 'Asia/Yekaterinburg'] * 3,
        planned_local=start,
        local_time=True,
        account_tz='Europe/Moscow',
        now=NOW,
        window=window,
        rate_per_minute=2,
    )
    for due, zone in zip(dues, ['Europe/Moscow', 'Asia/Yekaterinburg'] * 3, strict=True):
        assert time(9) <= due.astimezone(ZoneInfo(zone)).time() < time(21), (due, zone)
    moscow = sorted(
        due
        for due, zone in zip(dues, ['Europe/Moscow', 'Asia/Yekaterinburg'] * 3, strict=True)
        if zone == 'Europe/Moscow'
    )
    assert moscow[0] == datetime(2026, 6, 10, 17, 59, tzinfo=UTC)
    assert moscow[-1] >= datetime(2026, 6, 11, 6, 0, tzinfo=UTC)  # the next morning in Moscow


def test_a_rate_below_one_is_refused() -> None:
    with pytest.raises(InvalidSchedule):
        plan_due_times(
            ['', 'Asia/Omsk'],
            planned_local=None,
            local_time=True,
            account_tz='Europe/Moscow',
            now=NOW,
            rate_per_minute=0,
        )
