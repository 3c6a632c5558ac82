import random
from decimal import Decimal

import phonenumbers
import pytest

from domain.phones import (
    PhoneError,
    PhoneRejection,
    PhoneStyle,
    format_phone,
    normalize_phone,
    normalize_phones,
)

ACCEPTED = [
    ('8 916 123-45-67', '+79161234567'),
    ('+7(916)1234567', '+79161234567'),
    ('79161234567', '+79161234567'),
    ('9161234567', '+79161234567'),
    ('+7 916 123 45 67', '+79161234567'),
    ('8 (916) 123-45-67', '+79161234567'),
    ('+7-916-123-45-67', '+79161234567'),
    ('  +79161234567  ', '+79161234567'),
    ('\xa0+7 916 123 45 67\xa0', '+79161234567'),
    ('8–916–123–45–67', '+79161234567'),
    ('916.123.45.67', '+79161234567'),
    ('8/916/1234567', '+79161234567'),
    ('79161234567.0', '+79161234567'),
    ('79161234567,00', '+79161234567'),
    ('7.9161234567E10', '+79161234567'),
    ('7,9161234567E+10', '+79161234567'),
    ('9.161234567e9', '+79161234567'),
    (79161234567.0, '+79161234567'),
    (89161234567.0, '+79161234567'),
    (9161234567.0, '+79161234567'),
    (79161234567, '+79161234567'),
    (Decimal('79161234567.00'), '+79161234567'),
    ('+7 930 000-12-34', '+79300001234'),
    ('+7 495 123-45-67', '+74951234567'),
    ('84951234567', '+74951234567'),
    ('4951234567', '+74951234567'),
    ('8 800 123 45 67', '+78001234567'),
    ('+7 701 123 45 67', '+77011234567'),
    ('87011234567', '+77011234567'),
    ('7011234567', '+77011234567'),
    ('+44 20 7946 0958', '+442079460958'),
    ('+380 50 123 4567', '+380501234567'),
    ('+375 29 123-45-67', '+375291234567'),
    ('380501234567', '+380501234567'),
    (380501234567.0, '+380501234567'),
    ('0044 7911 123456', '+447911123456'),
    ('810 44 7911 123456', '+447911123456'),
    ('+1 202 555 0173', '+12025550173'),
]

REJECTED = [
    ('', PhoneRejection.EMPTY),
    ('   ', PhoneRejection.EMPTY),
    (None, PhoneRejection.EMPTY),
    (float('nan'), PhoneRejection.EMPTY),
    ('abc', PhoneRejection.LETTERS),
    ('8 916 123 45 67 доб. 12', PhoneRejection.LETTERS),
    ('1-800-FLOWERS', PhoneRejection.LETTERS),
    ('+7 916 ЧЕТЫРЕ', PhoneRejection.LETTERS),
    ('916123456', PhoneRejection.TOO_SHORT),
    ('7916123456', PhoneRejection.TOO_SHORT),
    ('+7 (916) 123-45-6', PhoneRejection.TOO_SHORT),
    ('8916123', PhoneRejection.TOO_SHORT),
    ('12', PhoneRejection.TOO_SHORT),
    ('891612345678', PhoneRejection.TOO_LONG),
    ('+7916123456789', PhoneRejection.TOO_LONG),
    ('791612345678', PhoneRejection.TOO_LONG),
    ('3.80501E+11', PhoneRejection.PRECISION_LOST),
    ('7.916123457E10', PhoneRejection.PRECISION_LOST),
    ('+8 916 123 45 67', PhoneRejection.INVALID),
    ('---', PhoneRejection.INVALID),
    ('+7 916 1234567#', PhoneRejection.INVALID),
    ('79161234567+', PhoneRejection.INVALID),
    ('9161234567.5', PhoneRejection.INVALID),
    (9161234567.5, PhoneRejection.INVALID),
    (float('inf'), PhoneRejection.INVALID),
    (-79161234567, PhoneRejection.INVALID),
    (True, PhoneRejection.INVALID),
    ('٩١٦١٢٣٤٥٦٧', PhoneRejection.INVALID),
    ('79161234567,79161234568', PhoneRejection.INVALID),
    ('+7 600 000 00 00', PhoneRejection.INVALID),
]


@pytest.mark.parametrize(('raw', 'expected'), ACCEPTED)
def test_typed_number_becomes_e164(raw: object, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(('raw', 'reason'), REJECTED)
def test_bad_value_is_rejected_with_its_reason(raw: object, reason: PhoneRejection) -> None:
    with pytest.raises(PhoneError) as caught:
        normalize_phone(raw)
    assert caught.value.reason is reason


def test_the_table_covers_at_least_forty_inputs_and_every_reason() -> None:
    assert len(ACCEPTED) + len(REJECTED) >= 40
    assert {reason for _, reason in REJECTED} == set(PhoneRejection)


def test_bulk_path_equals_single_path_on_random_inputs() -> None:
    values = _random_inputs(random.Random(20260801), 5000)
    batch = normalize_phones(values)
    for value, number, reason in zip(values, batch.e164, batch.reasons, strict=True):
        try:
            assert (normalize_phone(value), None) == (number, reason), value
        except PhoneError as error:
            assert (None, error.reason) == (number, reason), value
    assert 0 < batch.accepted_count < len(values)


def test_russian_mobile_fast_path_agrees_with_phonenumbers() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        national = '9' + ''.join(rng.choice('0123456789') for _ in range(9))
        if national.startswith('930'):
            continue  # phonenumbers lags the registry there; see test_930_ranges_are_accepted...
        expected = phonenumbers.format_number(
            phonenumbers.parse('8' + national, 'RU'), phonenumbers.PhoneNumberFormat.E164
        )
        assert normalize_phones([f'8 ({national[:3]}) {national[3:]}']).e164 == [expected]


def test_930_ranges_are_accepted_although_phonenumbers_rejects_them() -> None:
    assert not phonenumbers.is_valid_number(phonenumbers.parse('+79300001234'))
    assert normalize_phone('89300001234') == '+79300001234'


def test_batch_keeps_order_and_marks_rejects() -> None:
    batch = normalize_phones(['89161234567', 'abc', None, 79031234567.0])
    assert batch.e164 == ['+79161234567', None, None, '+79031234567']
    assert batch.reasons == [None, PhoneRejection.LETTERS, PhoneRejection.EMPTY, None]
    assert batch.accepted_count == 2


@pytest.mark.parametrize(
    ('e164', 'style', 'shown'),
    [
        ('+79161234567', PhoneStyle.E164, '+79161234567'),
        ('+79161234567', PhoneStyle.PLUS7_SPACED, '+7 916 123-45-67'),
        ('+79161234567', PhoneStyle.EIGHT, '89161234567'),
        ('+79161234567', PhoneStyle.SEVEN, '79161234567'),
        ('+74951234567', PhoneStyle.PLUS7_SPACED, '+7 495 123-45-67'),
        ('+77011234567', PhoneStyle.EIGHT, '87011234567'),
        ('+442079460958', PhoneStyle.PLUS7_SPACED, '+44 20 7946 0958'),
        ('+442079460958', PhoneStyle.EIGHT, '+442079460958'),
        ('+442079460958', PhoneStyle.SEVEN, '442079460958'),
        ('+380501234567', PhoneStyle.E164, '+380501234567'),
    ],
)
def test_format_style_shows_number(e164: str, style: PhoneStyle, shown: str) -> None:
    assert format_phone(e164, style) == shown


def test_style_names_are_stable_codes() -> None:
    assert [style.value for style in PhoneStyle] == ['e164', 'plus7_spaced', 'eight', 'seven']


def test_formatting_a_non_e164_value_is_an_error() -> None:
    with pytest.raises(ValueError, match=r'E\.164'):
        format_phone('89161234567', PhoneStyle.E164)


def _random_inputs(rng: random.Random, count: int) -> list[object]:
    prefixes = ['', '+', '+7', '7', '8', '00', '+380', '+44', '+8']
    separators = ['', ' ', '-', '(', ')', '.', '\xa0', 'x', ',']
    values: list[object] = []
    for _ in range(count):
        kind = rng.randrange(6)
        digits = ''.join(rng.choice('0123456789') for _ in range(rng.randrange(0, 14)))
        if kind == 0:
            values.append(rng.choice(prefixes) + '9' + digits[:9])
        elif kind == 1:
            values.append(''.join(char + rng.choice(separators) * (rng.random() < 0.3) for char in digits))
        elif kind == 2:
            values.append(float(digits) if digits else None)
        elif kind == 3:
            values.append(int(digits) if digits else 0)
        elif kind == 4:
            values.append(f'{rng.choice(prefixes)}{digits}.0')
        else:
            values.append(rng.choice(prefixes) + digits)
    return values
