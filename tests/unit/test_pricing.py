import random
from datetime import date
from decimal import Decimal

import pytest

from domain.money import quantize_rub
from domain.pricing import (
    InvalidTariff,
    OperatorGroup,
    PriceAssumption,
    Tariff,
    TariffProblem,
    VolumeTier,
    amount_for_sms_count,
    assumed_price,
    average_price,
    mailing_cost,
    message_cost,
    operator_group,
    price_for,
    quote_mailing,
    select_tariff,
    sms_count_for_amount,
)

G = OperatorGroup
BASE_PRICES = {
    G.mts: Decimal('2.3500'),
    G.megafon: Decimal('2.4000'),
    G.beeline: Decimal('2.4500'),
    G.t2: Decimal('2.3000'),
    G.other_ru: Decimal('2.5000'),
    G.international: Decimal('6.2000'),
}
TIERED = Tariff(
    valid_from=date(2026, 1, 1),
    prices=BASE_PRICES,
    tiers=(
        VolumeTier(min_parts=10_000, prices={G.mts: Decimal('2.2000'), G.megafon: Decimal('2.2500')}),
        VolumeTier(min_parts=100_000, prices={G.mts: Decimal('2.0500')}),
    ),
)


def _tariff(valid_from: date, mts_price: str = '2.35') -> Tariff:
    return Tariff(valid_from=valid_from, prices={**BASE_PRICES, G.mts: Decimal(mts_price)})


@pytest.mark.parametrize(
    ('brand', 'russia', 'group'),
    [
        ('МТС', True, G.mts),
        ('MTS', True, G.mts),
        ('МегаФон', True, G.megafon),
        ('Мегафон', True, G.megafon),
        ('MegaFon', True, G.megafon),
        ('Билайн', True, G.beeline),
        ('Beeline', True, G.beeline),
        ('Т2', True, G.t2),
        ('T2', True, G.t2),
        ('Tele2', True, G.t2),
        (' т2 ', True, G.t2),
        ('Yota', True, G.other_ru),
        ('Т-Мобайл', True, G.other_ru),
        ('Сбермобайл', True, G.other_ru),
        ('ООО "ЕКАТЕРИНБУРГ-2000"', True, G.other_ru),
        ('', True, G.other_ru),
        (None, True, G.other_ru),
        ('MTS', False, G.international),
        ('Vodafone', False, G.international),
        (None, False, G.international),
    ],
)
def test_operator_brands_map_to_tariff_groups(brand: str | None, russia: bool, group: OperatorGroup) -> None:
    assert operator_group(brand, russia) is group


@pytest.mark.parametrize(
    ('group', 'mailing_parts', 'price'),
    [
        (G.mts, 1, '2.3500'),
        (G.mts, 9_999, '2.3500'),
        (G.mts, 10_000, '2.2000'),
        (G.mts, 99_999, '2.2000'),
        (G.mts, 100_000, '2.0500'),
        (G.megafon, 9_999, '2.4000'),
        (G.megafon, 10_000, '2.2500'),
        (G.megafon, 250_000, '2.2500'),
        (G.beeline, 250_000, '2.4500'),
        (G.international, 250_000, '6.2000'),
    ],
)
def test_volume_tiers_apply_from_their_threshold_and_fall_back_per_group(
    group: OperatorGroup, mailing_parts: int, price: str
) -> None:
    assert price_for(TIERED, group, mailing_parts) == Decimal(price)


@pytest.mark.parametrize(
    ('parts', 'price', 'cost'),
    [
        (1, '2.35', '2.35'),
        (3, '2.35', '7.05'),
        (1, '2.3450', '2.35'),
        (1, '2.3449', '2.34'),
        (2, '2.3450', '4.69'),
        (3, '0.3333', '1.00'),
        (1, '0.0050', '0.01'),
        (10, '6.2', '62.00'),
    ],
)
def test_a_message_costs_parts_times_price_rounded_half_up_to_kopecks(parts: int, price: str, cost: str) -> None:
    assert str(message_cost(parts, Decimal(price))) == cost


@pytest.mark.parametrize('parts', [0, -1])
def test_a_message_without_parts_cannot_be_priced(parts: int) -> None:
    with pytest.raises(ValueError, match='at least one part'):
        message_cost(parts, Decimal('2.35'))


def test_a_mailing_costs_the_exact_sum_of_its_rounded_messages_not_the_rounded_sum_of_prices() -> None:
    items = [(1, Decimal('2.3450'))] * 3
    assert mailing_cost(items) == Decimal('7.05')
    assert quantize_rub(sum((parts * price for parts, price in items), start=Decimal(0))) == Decimal('7.04')


def test_an_empty_mailing_costs_nothing() -> None:
    assert mailing_cost([]) == Decimal('0.00')


def test_random_mailings_charge_exactly_the_sum_of_message_costs_and_refund_any_subset_exactly() -> None:
    rng = random.Random(20260601)
    for _ in range(200):
        messages = [(rng.choice(list(G)), rng.randint(1, 6)) for _ in range(rng.randint(1, 400))]
        quote = quote_mailing(TIERED, messages)
        assert quote.total == sum(quote.costs, start=Decimal(0))
        assert quote.total_parts == sum(parts for _, parts in messages)
        assert quote.total.as_tuple().exponent == -2
        refunded = [cost for cost in quote.costs if rng.random() < 0.3]
        kept = quote.total - sum(refunded, start=Decimal(0))
        assert kept + sum(refunded, start=Decimal(0)) == quote.total
        assert kept >= 0


def test_a_quote_uses_the_tier_reached_by_the_whole_mailing() -> None:
    quote = quote_mailing(TIERED, [(G.mts, 2)] * 5_000 + [(G.beeline, 1)])
    assert quote.total_parts == 10_001
    assert quote.costs[0] == Decimal('4.40')
    assert quote.costs[-1] == Decimal('2.45')
    assert quote.total == Decimal('22002.45')


@pytest.mark.parametrize(
    ('on_date', 'expected_from'),
    [
        (date(2025, 12, 31), None),
        (date(2026, 1, 1), date(2026, 1, 1)),
        (date(2026, 3, 31), date(2026, 1, 1)),
        (date(2026, 4, 1), date(2026, 4, 1)),
        (date(2030, 1, 1), date(2026, 7, 1)),
    ],
)
def test_the_tariff_in_force_on_a_date_is_picked_from_the_history(on_date: date, expected_from: date | None) -> None:
    history = [_tariff(date(2026, 4, 1)), _tariff(date(2026, 1, 1)), _tariff(date(2026, 7, 1))]
    chosen = select_tariff(history, on_date)
    assert (chosen.valid_from if chosen else None) == expected_from


def test_of_two_tariffs_from_the_same_day_the_later_entered_wins() -> None:
    first, second = _tariff(date(2026, 1, 1), '2.35'), _tariff(date(2026, 1, 1), '2.10')
    assert select_tariff([first, second], date(2026, 2, 1)) is second


@pytest.mark.parametrize(
    ('prices', 'tiers', 'reason'),
    [
        ({G.mts: Decimal('2.35')}, (), TariffProblem.missing_price),
        ({**BASE_PRICES, G.t2: Decimal('0')}, (), TariffProblem.invalid_price),
        ({**BASE_PRICES, G.t2: Decimal('-1')}, (), TariffProblem.invalid_price),
        ({**BASE_PRICES, G.t2: Decimal('2.34567')}, (), TariffProblem.invalid_price),
        ({**BASE_PRICES, G.t2: Decimal('0.0049')}, (), TariffProblem.invalid_price),
        ({**BASE_PRICES, G.t2: Decimal('NaN')}, (), TariffProblem.invalid_price),
        ({**BASE_PRICES, G.t2: Decimal('1e100')}, (), TariffProblem.invalid_price),
        (BASE_PRICES, (VolumeTier(min_parts=1, prices={G.mts: Decimal('2')}),), TariffProblem.invalid_tier),
        (
            BASE_PRICES,
            (VolumeTier(min_parts=5, prices={}), VolumeTier(min_parts=5, prices={G.mts: Decimal('2')})),
            TariffProblem.invalid_tier,
        ),
        (BASE_PRICES, (VolumeTier(min_parts=5, prices={G.mts: Decimal('0')}),), TariffProblem.invalid_price),
    ],
)
def test_a_tariff_that_cannot_price_every_message_is_refused(
    prices: dict[OperatorGroup, Decimal], tiers: tuple[VolumeTier, ...], reason: TariffProblem
) -> None:
    with pytest.raises(InvalidTariff) as caught:
        Tariff(valid_from=date(2026, 1, 1), prices=prices, tiers=tiers)
    assert caught.value.reason is reason
    assert caught.value.code == reason.value


def test_average_price_is_the_mean_of_the_russian_groups_rounded_to_four_places() -> None:
    tariff = _tariff(date(2026, 1, 1), '2.3333')
    assert average_price(TIERED) == Decimal('2.4000')
    assert average_price(tariff) == Decimal('2.3967')


@pytest.mark.parametrize(
    ('assumption', 'price'), [(PriceAssumption.mts, Decimal('2.3500')), (PriceAssumption.average_ru, Decimal('2.4000'))]
)
def test_a_top_up_converts_by_the_stated_price_assumption(assumption: PriceAssumption, price: Decimal) -> None:
    assert assumed_price(TIERED, assumption) == price


@pytest.mark.parametrize(
    ('amount', 'price', 'count'),
    [
        ('1000.00', '2.35', 425),
        ('2.34', '2.35', 0),
        ('2.35', '2.35', 1),
        ('4.69', '2.3450', 1),
        ('4.70', '2.3450', 2),
        ('1000000000.00', '0.01', 100_000_000_000),
        ('0', '2.35', 0),
    ],
)
def test_an_amount_buys_a_whole_number_of_sms_rounded_down(amount: str, price: str, count: int) -> None:
    assert sms_count_for_amount(Decimal(amount), Decimal(price)) == count


@pytest.mark.parametrize(
    ('count', 'price', 'amount'),
    [(0, '2.35', '0.00'), (1, '2.35', '2.35'), (425, '2.35', '998.75'), (2, '2.3450', '4.70'), (3, '0.3333', '0.99')],
)
def test_the_amount_for_a_count_of_sms_is_kopeck_exact_and_buys_that_count(count: int, price: str, amount: str) -> None:
    paid = amount_for_sms_count(count, Decimal(price))
    assert str(paid) == amount
    assert sms_count_for_amount(paid, Decimal(price)) == count


def test_a_negative_sms_count_is_refused() -> None:
    with pytest.raises(ValueError, match='not negative'):
        amount_for_sms_count(-1, Decimal('2.35'))


def test_amount_and_sms_count_round_trip_both_ways_for_random_prices() -> None:
    rng = random.Random(7)
    for _ in range(5_000):
        price = Decimal(rng.randint(50, 99_999)).scaleb(-4)
        count = rng.randint(0, 1_000_000)
        paid = amount_for_sms_count(count, price)
        assert sms_count_for_amount(paid, price) == count
        if count:
            assert sms_count_for_amount(paid - Decimal('0.01'), price) == count - 1
        amount = Decimal(rng.randint(1, 10**11)).scaleb(-2)
        bought = sms_count_for_amount(amount, price)
        assert amount_for_sms_count(bought, price) <= amount < amount_for_sms_count(bought + 1, price)
