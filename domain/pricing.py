"""Tariffs and prices of outgoing SMS: operator groups, volume tiers, message and mailing costs, top-up conversions.

Rounding follows the rules of `domain.money`: a message costs parts × price rounded to kopecks once, a mailing costs
the exact sum of its messages' costs, and top-up conversions count one-part messages at that same per-message cost.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.errors import DomainError
from domain.money import MAX_PRICE, PRICE_PLACES, amount_problem, quantize_price, quantize_rub


class OperatorGroup(StrEnum):
    """A group of recipients' operators that a tariff prices separately."""

    mts = 'mts'
    megafon = 'megafon'
    beeline = 'beeline'
    t2 = 't2'
    other_ru = 'other_ru'
    international = 'international'


RUSSIAN_GROUPS = (
    OperatorGroup.mts,
    OperatorGroup.megafon,
    OperatorGroup.beeline,
    OperatorGroup.t2,
    OperatorGroup.other_ru,
)

# Brand names from the numbering registry and phonenumbers' carrier data, casefolded without spaces.
_BRAND_GROUPS = {
    'мтс': OperatorGroup.mts,
    'mts': OperatorGroup.mts,
    'мегафон': OperatorGroup.megafon,
    'megafon': OperatorGroup.megafon,
    'билайн': OperatorGroup.beeline,
    'beeline': OperatorGroup.beeline,
    'вымпелком': OperatorGroup.beeline,
    'т2': OperatorGroup.t2,
    't2': OperatorGroup.t2,
    'tele2': OperatorGroup.t2,
    'теле2': OperatorGroup.t2,
}


class TariffProblem(StrEnum):
    """Why a tariff was refused."""

    missing_price = 'tariff_missing_price'
    invalid_price = 'tariff_invalid_price'
    invalid_tier = 'tariff_invalid_tier'


class InvalidTariff(DomainError, ValueError):
    """A tariff that cannot price every message; `reason` says why."""

    def __init__(self, reason: TariffProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


class PriceAssumption(StrEnum):
    """Which price a top-up converts by, since the operator mix of future mailings is unknown."""

    mts = 'mts'
    average_ru = 'average_ru'


@dataclass(kw_only=True, slots=True, frozen=True)
class VolumeTier:
    """Prices per part for mailings of `min_parts` parts or more; groups left out keep the lower tier's price."""

    min_parts: int
    prices: Mapping[OperatorGroup, Decimal]


@dataclass(kw_only=True, slots=True, frozen=True)
class Tariff:
    """Prices of one SMS part per operator group, valid from a date until the next tariff of the same account."""

    valid_from: date
    prices: Mapping[OperatorGroup, Decimal]
    tiers: tuple[VolumeTier, ...] = ()

    def __post_init__(self) -> None:
        if any(group not in self.prices for group in OperatorGroup):
            raise InvalidTariff(TariffProblem.missing_price)
        thresholds = [tier.min_parts for tier in self.tiers]
        if any(threshold < 2 for threshold in thresholds) or len(set(thresholds)) != len(thresholds):
            raise InvalidTariff(TariffProblem.invalid_tier)
        all_prices = [*self.prices.values(), *(price for tier in self.tiers for price in tier.prices.values())]
        if any(not _is_valid_price(price) for price in all_prices):
            raise InvalidTariff(TariffProblem.invalid_price)


@dataclass(kw_only=True, slots=True, frozen=True)
class MailingQuote:
    """The cost of a mailing: its size in parts, each message's cost in input order, and their exact sum."""

    total_parts: int
    costs: tuple[Decimal, ...]
    total: Decimal


def operator_group(operator_brand: str | None, country_is_russia: bool) -> OperatorGroup:
    """Map an operator brand ('МТС', 'Yota', None) to its tariff group; foreign numbers are international."""
    if not country_is_russia:
        return OperatorGroup.international
    if operator_brand is None:
        return OperatorGroup.other_ru
    key = ''.join(operator_brand.split()).casefold()
    return _BRAND_GROUPS.get(key, OperatorGroup.other_ru)


def select_tariff(tariffs: Iterable[Tariff], on_date: date) -> Tariff | None:
    """Return the tariff in force on a date (latest valid_from not after it; later in the sequence wins a tie)."""
    chosen: Tariff | None = None
    for tariff in tariffs:
        if tariff.valid_from <= on_date and (chosen is None or tariff.valid_from >= chosen.valid_from):
            chosen = tariff
    return chosen


def price_for(tariff: Tariff, group: OperatorGroup, mailing_parts: int = 1) -> Decimal:
    """Return the price of one part for a group in a mailing of `mailing_parts` parts (the highest tier reached)."""
    for tier in sorted(tariff.tiers, key=lambda tier: tier.min_parts, reverse=True):
        if mailing_parts >= tier.min_parts and group in tier.prices:
            return tier.prices[group]
    return tariff.prices[group]


def message_cost(parts: int, price: Decimal) -> Decimal:
    """Return the cost of one message of `parts` parts, rounded half-up to kopecks."""
    if parts < 1:
        raise ValueError(f'a message has at least one part, got {parts}')
    return quantize_rub(parts * price)


def mailing_cost(items: Iterable[tuple[int, Decimal]]) -> Decimal:
    """Return the exact sum of the costs of messages given as (parts, price per part)."""
    return sum((message_cost(parts, price) for parts, price in items), start=Decimal('0.00'))


def quote_mailing(tariff: Tariff, messages: Sequence[tuple[OperatorGroup, int]]) -> MailingQuote:
    """Price a mailing given each message's (operator group, parts); the tier is chosen by the total parts."""
    total_parts = sum(parts for _, parts in messages)
    prices = {group: price_for(tariff, group, total_parts) for group in OperatorGroup}
    costs = tuple(message_cost(parts, prices[group]) for group, parts in messages)
    return MailingQuote(total_parts=total_parts, costs=costs, total=sum(costs, start=Decimal('0.00')))


def average_price(tariff: Tariff) -> Decimal:
    """Return the mean base price of the Russian operator groups, rounded half-up to 4 places."""
    total = sum((tariff.prices[group] for group in RUSSIAN_GROUPS), start=Decimal(0))
    return quantize_price(total / len(RUSSIAN_GROUPS))


def assumed_price(tariff: Tariff, assumption: PriceAssumption) -> Decimal:
    """Return the price of one part that a top-up is converted by under the given assumption."""
    if assumption is PriceAssumption.mts:
        return tariff.prices[OperatorGroup.mts]
    return average_price(tariff)


def sms_count_for_amount(amount: Decimal, price: Decimal) -> int:
    """Return how many one-part SMS an amount buys at a price per part (rounded down)."""
    if amount <= 0:
        return 0
    return int(amount // message_cost(1, price))


def amount_for_sms_count(count: int, price: Decimal) -> Decimal:
    """Return the smallest kopeck amount that buys `count` one-part SMS at a price per part."""
    if count < 0:
        raise ValueError(f'an SMS count is not negative, got {count}')
    return count * message_cost(1, price)


def _is_valid_price(price: Decimal) -> bool:
    # A price below half a kopeck would make a one-part message free and the top-up conversion divide by zero.
    return amount_problem(price, places=PRICE_PLACES, maximum=MAX_PRICE) is None and quantize_rub(price) > 0
