"""Rules of «Настройки личного кабинета»: zones, limits, e-mail, phone and threshold as people type them."""

from decimal import Decimal

import pytest

from domain.settings_rules import (
    RUSSIAN_ZONES,
    Problem,
    clean_contact_phone,
    clean_email,
    clean_name,
    clean_parts_cap,
    clean_threshold,
    clean_validity,
    clean_zone,
    utc_offset_hours,
)
from ui_text import settings as ts


def test_the_zones_run_from_kaliningrad_to_kamchatka_and_each_has_a_city() -> None:
    assert RUSSIAN_ZONES[0] == 'Europe/Kaliningrad' and 'Asia/Kamchatka' in RUSSIAN_ZONES
    offsets = [utc_offset_hours(zone) for zone in RUSSIAN_ZONES]
    assert offsets == sorted(offsets) and (min(offsets), max(offsets)) == (2, 12)
    assert set(RUSSIAN_ZONES) == set(ts.ZONE_CITIES)
    assert ts.zone_label('Europe/Kaliningrad', 2) == 'Калининград (UTC+2, МСК−1)'
    assert ts.zone_label('Europe/Moscow', 3) == 'Москва (UTC+3, МСК)'
    assert ts.zone_label('Asia/Kamchatka', 12) == 'Петропавловск-Камчатский (UTC+12, МСК+9)'
    assert clean_zone('Europe/London') == Problem('timezone_unknown')


@pytest.mark.parametrize(
    ('raw', 'expected'),
    [
        ('1', 1),
        (' 10 ', 10),
        (10, 10),
        ('0', Problem('parts_cap_invalid')),
        ('11', Problem('parts_cap_invalid')),
        ('2.0', Problem('parts_cap_invalid')),
        ('-1', Problem('parts_cap_invalid')),
        (True, Problem('parts_cap_invalid')),
        (None, Problem('parts_cap_invalid')),
    ],
)
def test_the_parts_cap_is_a_whole_number_from_1_to_10(raw: object, expected: object) -> None:
    assert clean_parts_cap(raw) == expected


def test_the_validity_is_1_to_72_hours() -> None:
    assert (clean_validity('1'), clean_validity('72')) == (1, 72)
    assert clean_validity('73') == clean_validity('0') == Problem('validity_invalid')


@pytest.mark.parametrize(
    ('raw', 'expected'),
    [
        ('', Decimal('0.00')),
        ('0', Decimal('0.00')),
        ('0,00', Decimal('0.00')),
        ('1 500,5', Decimal('1500.50')),
        ('-1', Problem('threshold_invalid')),
        ('1,001', Problem('threshold_invalid')),
        ('много', Problem('threshold_invalid')),
        ('Infinity', Problem('threshold_invalid')),
    ],
)
def test_the_threshold_is_roubles_and_kopecks_not_negative(raw: str, expected: object) -> None:
    assert clean_threshold(raw) == expected


def test_profile_fields_are_cleaned_or_refused() -> None:
    assert clean_email(' buh@romashka.ru ') == 'buh@romashka.ru'
    assert clean_email('') == ''
    for bad in ('buh@', 'buh romashka.ru', 'a@b', '<a@b.ru>'):
        assert clean_email(bad) == Problem('email_invalid'), bad
    assert clean_email('a' * 195 + '@b.ru') != Problem('email_too_long')  # 200 characters fit
    assert clean_email('a' * 196 + '@b.ru') == Problem('email_too_long')
    assert clean_contact_phone('8 (916) 123-45-67') == '+79161234567'
    assert clean_contact_phone('') == ''
    assert clean_contact_phone('телефон') == Problem('phone_letters')
    assert clean_name('  Иванов   Иван ') == 'Иванов Иван'
    assert clean_name('x' * 201) == Problem('full_name_too_long')
    assert clean_name('Иван\x00') == Problem('text_control')
