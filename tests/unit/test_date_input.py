"""The dates typed into the cabinet's date fields: 'дд.мм.гггг' (what the mask gives) or ISO (what tests set)."""

from datetime import date

import pytest

from components.date_input import parse_date, parse_optional_date


@pytest.mark.parametrize(
    ('typed', 'expected'),
    [
        ('27.11.2026', date(2026, 11, 27)),
        (' 01.03.2026 ', date(2026, 3, 1)),
        ('2026-11-27', date(2026, 11, 27)),
        ('29.02.2028', date(2028, 2, 29)),
    ],
)
def test_a_whole_date_is_read(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    'typed', ['', None, '   ', '31.02.2026', '29.02.2026', '27.11.20', '27.11', '11/27/2026', 'завтра']
)
def test_an_empty_partial_or_impossible_date_is_none(typed: object) -> None:
    assert parse_date(typed) is None


def test_an_optional_date_is_none_when_blank_and_refused_when_unreadable() -> None:
    assert parse_optional_date('  ') is None
    assert parse_optional_date('01.03.2026') == date(2026, 3, 1)
    with pytest.raises(ValueError, match='unreadable'):
        parse_optional_date('31.02.2026')
