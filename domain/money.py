"""Money in roubles as `Decimal`: parsing what people type, rounding, and Russian formatting.

Rounding rules of the cabinet, stated here and nowhere else:

1. Amounts of money (balances, ledger entries, payments, costs of messages) have exactly 2 places (kopecks).
2. A price of one SMS part has up to 4 places (aggregator price lists say 2.3500 ₽) and is kept exactly as entered;
   a derived price (an average of prices) is rounded half-up to 4 places by `quantize_price`.
3. The cost of one message is parts × price rounded half-up to kopecks by `quantize_rub`, once per message. The charge
   for a mailing is the exact sum of its messages' costs, never rounded again, so refunding any set of messages returns
   exactly what they were charged and refunding all of them returns the whole charge.
4. Top-up conversions count in one-part messages: the number of SMS an amount buys is rounded down, and the amount
   for N SMS is N costs of a one-part message, which is kopeck-exact and truly buys N.
5. What a person types is never rounded: more decimals than allowed is an error (`too_many_decimals`).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from domain.errors import DomainError

KOPECK = Decimal('0.01')
PRICE_QUANTUM = Decimal('0.0001')
RUB_PLACES = 2
PRICE_PLACES = 4
MAX_AMOUNT = Decimal('1000000000.00')
MAX_PRICE = Decimal('10000.0000')

_NBSP = '\u00a0'
_SPACES = (' ', _NBSP, '\u202f', '\u2009')
_RUBLE_SIGN = '₽'


class AmountProblem(StrEnum):
    """Why a typed amount of money was refused."""

    empty = 'amount_empty'
    not_a_number = 'amount_not_a_number'
    not_finite = 'amount_not_finite'
    negative = 'amount_negative'
    zero = 'amount_zero'
    too_large = 'amount_too_large'
    too_many_decimals = 'amount_too_many_decimals'


class InvalidAmount(DomainError, ValueError):
    """A typed amount that is not a usable positive sum; `reason` says why, `places` and `maximum` are the limits."""

    def __init__(self, reason: AmountProblem, *, places: int = RUB_PLACES, maximum: Decimal = MAX_AMOUNT) -> None:
        super().__init__(reason.value, places=places, maximum=maximum)
        self.reason = reason


def parse_amount(
    value: str | int | float | Decimal | None, *, places: int = RUB_PLACES, maximum: Decimal = MAX_AMOUNT
) -> Decimal:
    """Parse a positive amount ('1 234,50', '1234.5 ₽', 100) to a Decimal of `places` places or raise InvalidAmount."""
    number = _to_decimal(value)
    if isinstance(number, AmountProblem):
        raise InvalidAmount(number, places=places, maximum=maximum)
    if problem := amount_problem(number, places=places, maximum=maximum):
        raise InvalidAmount(problem, places=places, maximum=maximum)
    return number.quantize(Decimal(1).scaleb(-places))


def parse_price(value: str | int | float | Decimal | None) -> Decimal:
    """Parse a price of one SMS part (up to 4 places, at most MAX_PRICE), or raise InvalidAmount."""
    return parse_amount(value, places=PRICE_PLACES, maximum=MAX_PRICE)


def amount_problem(number: Decimal, *, places: int = RUB_PLACES, maximum: Decimal = MAX_AMOUNT) -> AmountProblem | None:
    """Return what is wrong with a Decimal as a positive amount with at most `places` places, or None."""
    if not number.is_finite():
        return AmountProblem.not_finite
    if number == 0:
        return AmountProblem.zero
    if number < 0:
        return AmountProblem.negative
    if number > maximum:
        return AmountProblem.too_large
    if number != number.quantize(Decimal(1).scaleb(-places)):
        return AmountProblem.too_many_decimals
    return None


def quantize_rub(amount: Decimal) -> Decimal:
    """Round an amount half-up to kopecks (rule 3 of the module docstring)."""
    return amount.quantize(KOPECK, rounding=ROUND_HALF_UP)


def quantize_price(price: Decimal) -> Decimal:
    """Round a derived price half-up to 4 places (rule 2 of the module docstring)."""
    return price.quantize(PRICE_QUANTUM, rounding=ROUND_HALF_UP)


def format_rub(amount: Decimal) -> str:
    """Format an amount the Russian way with non-breaking spaces: Decimal('-1234.5') -> '-1 234,50 ₽'."""
    return _format(quantize_rub(amount), RUB_PLACES)


def format_price(price: Decimal) -> str:
    """Format a price with 2 to 4 places: Decimal('2.3500') -> '2,35 ₽', Decimal('2.345') -> '2,345 ₽'."""
    exact = quantize_price(price)
    places = RUB_PLACES
    while places < PRICE_PLACES and exact != exact.quantize(Decimal(1).scaleb(-places)):
        places += 1
    return _format(exact, places)


def _format(amount: Decimal, places: int) -> str:
    text = format(amount, f',.{places}f').replace(',', _NBSP).replace('.', ',')
    return f'{text}{_NBSP}{_RUBLE_SIGN}'


def _to_decimal(value: str | int | float | Decimal | None) -> Decimal | AmountProblem:
    if value is None:
        return AmountProblem.empty
    if isinstance(value, bool):
        return AmountProblem.not_a_number
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return _text_to_decimal(value)


def _text_to_decimal(text: str) -> Decimal | AmountProblem:
    cleaned = text.strip().removesuffix(_RUBLE_SIGN)
    for space in _SPACES:
        cleaned = cleaned.replace(space, '')
    if not cleaned:
        return AmountProblem.empty
    if ',' in cleaned:
        if '.' in cleaned or cleaned.count(',') > 1:
            return AmountProblem.not_a_number
        cleaned = cleaned.replace(',', '.')
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return AmountProblem.not_a_number
