from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.money import (
    MAX_AMOUNT,
    AmountProblem,
    InvalidAmount,
    amount_problem,
    format_price,
    format_rub,
    parse_amount,
    parse_price,
    quantize_price,
    quantize_rub,
)

NBSP = '\u00a0'


@pytest.mark.parametrize(
    ('typed', 'expected'),
    [
        ('1000', Decimal('1000.00')),
        ('1234.5', Decimal('1234.50')),
        ('1234,5', Decimal('1234.50')),
        ('1 234,50', Decimal('1234.50')),
        (f'1{NBSP}234,50{NBSP}₽', Decimal('1234.50')),
        ('1\u202f234,50', Decimal('1234.50')),
        ('  0,01 ', Decimal('0.01')),
        ('100 ₽', Decimal('100.00')),
        ('1.100', Decimal('1.10')),
        ('1e3', Decimal('1000.00')),
        ('1000000000', MAX_AMOUNT),
        (500, Decimal('500.00')),
        (0.1, Decimal('0.10')),
        (Decimal('99.99'), Decimal('99.99')),
    ],
)
def test_typed_amounts_become_kopeck_exact_decimals(typed: str | int | float | Decimal, expected: Decimal) -> None:
    parsed = parse_amount(typed)
    assert parsed == expected
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ('typed', 'reason'),
    [
        (None, AmountProblem.empty),
        ('', AmountProblem.empty),
        ('   ', AmountProblem.empty),
        ('₽', AmountProblem.empty),
        ('abc', AmountProblem.not_a_number),
        ('12р', AmountProblem.not_a_number),
        ('1,2,3', AmountProblem.not_a_number),
        ('1.234,5', AmountProblem.not_a_number),
        ('--5', AmountProblem.not_a_number),
        (True, AmountProblem.not_a_number),
        ('nan', AmountProblem.not_finite),
        ('NaN', AmountProblem.not_finite),
        ('sNaN', AmountProblem.not_finite),
        ('inf', AmountProblem.not_finite),
        ('-Infinity', AmountProblem.not_finite),
        (float('nan'), AmountProblem.not_finite),
        (float('inf'), AmountProblem.not_finite),
        ('-5', AmountProblem.negative),
        ('-0.001', AmountProblem.negative),
        (-1, AmountProblem.negative),
        ('0', AmountProblem.zero),
        ('0,00', AmountProblem.zero),
        ('-0', AmountProblem.zero),
        (0, AmountProblem.zero),
        ('1e100', AmountProblem.too_large),
        ('1000000000.01', AmountProblem.too_large),
        (10**12, AmountProblem.too_large),
        ('0.001', AmountProblem.too_many_decimals),
        ('10,005', AmountProblem.too_many_decimals),
        ('1e-1000000', AmountProblem.too_many_decimals),
        (0.001, AmountProblem.too_many_decimals),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(typed: str | int | float | None, reason: AmountProblem) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_amount(typed)
    assert caught.value.reason is reason
    assert caught.value.code == reason.value


def test_a_refused_amount_is_a_domain_error_carrying_its_limits() -> None:
    with pytest.raises(DomainError) as caught:
        parse_amount('0.001')
    assert caught.value.code == 'amount_too_many_decimals'
    assert caught.value.details == {'places': 2, 'maximum': MAX_AMOUNT}


def test_every_amount_problem_code_is_prefixed_so_it_never_clashes_with_other_modules() -> None:
    assert all(problem.value == f'amount_{problem.name}' for problem in AmountProblem)


@pytest.mark.parametrize(
    ('typed', 'expected'),
    [('2.35', Decimal('2.3500')), ('2,3456', Decimal('2.3456')), ('0.0050', Decimal('0.0050')), (3, Decimal('3.0000'))],
)
def test_prices_keep_up_to_four_places(typed: str | int, expected: Decimal) -> None:
    assert parse_price(typed) == expected


@pytest.mark.parametrize(
    ('typed', 'reason'),
    [('2.34567', AmountProblem.too_many_decimals), ('10000.0001', AmountProblem.too_large), ('0', AmountProblem.zero)],
)
def test_bad_prices_are_refused_with_the_price_limits(typed: str, reason: AmountProblem) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_price(typed)
    assert caught.value.reason is reason
    assert caught.value.details['places'] == 4


def test_amount_problem_accepts_a_good_decimal() -> None:
    assert amount_problem(Decimal('12.34')) is None


@pytest.mark.parametrize(
    ('amount', 'expected'),
    [
        ('0.004', '0.00'),
        ('0.005', '0.01'),
        ('2.345', '2.35'),
        ('2.3449', '2.34'),
        ('7.035', '7.04'),
        ('-0.005', '-0.01'),
        ('1.5', '1.50'),
        ('100', '100.00'),
    ],
)
def test_rubles_round_half_up_to_kopecks(amount: str, expected: str) -> None:
    rounded = quantize_rub(Decimal(amount))
    assert str(rounded) == expected


@pytest.mark.parametrize(
    ('price', 'expected'), [('2.34565', '2.3457'), ('2.34564', '2.3456'), ('2.35', '2.3500'), ('0.00005', '0.0001')]
)
def test_derived_prices_round_half_up_to_four_places(price: str, expected: str) -> None:
    assert str(quantize_price(Decimal(price))) == expected


@pytest.mark.parametrize(
    ('amount', 'expected'),
    [
        ('0', '0,00 ₽'),
        ('0.5', '0,50 ₽'),
        ('999.99', '999,99 ₽'),
        ('1000', '1 000,00 ₽'),
        ('1234.5', '1 234,50 ₽'),
        ('1234567.891', '1 234 567,89 ₽'),
        ('-1234.5', '-1 234,50 ₽'),
        ('1000000000', '1 000 000 000,00 ₽'),
    ],
)
def test_amounts_are_formatted_the_russian_way_with_non_breaking_spaces(amount: str, expected: str) -> None:
    formatted = format_rub(Decimal(amount))
    assert formatted == expected.replace(' ', NBSP)
    assert ' ' not in formatted


@pytest.mark.parametrize(
    ('price', 'expected'),
    [('2.3500', '2,35 ₽'), ('2.345', '2,345 ₽'), ('0.1234', '0,1234 ₽'), ('3', '3,00 ₽'), ('1500.5', '1 500,50 ₽')],
)
def test_prices_are_formatted_with_two_to_four_places(price: str, expected: str) -> None:
    assert format_price(Decimal(price)) == expected.replace(' ', NBSP)
