"""Phone numbers as people type them, normalised to E.164.

Russian mobile numbers (+7 9xx) are recognised by shape alone, on a regex fast path: the numbering-plan
registry, not phonenumbers, is the authority on which of them are allocated (phonenumbers 9.0 still rejects
ranges such as +7 930 000 that the registry assigns to МТТ and СберМобайл). Every other number, Russian
landlines and the +7 7xx numbers of Kazakhstan included, is accepted only when phonenumbers says it is valid.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from numbers import Integral, Real

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult


class PhoneRejection(StrEnum):
    """Why a typed value is not a phone number."""

    EMPTY = 'empty'
    LETTERS = 'letters'
    TOO_SHORT = 'too_short'
    TOO_LONG = 'too_long'
    INVALID = 'invalid'
    PRECISION_LOST = 'precision_lost'


class PhoneStyle(StrEnum):
    """How a stored E.164 number is displayed or exported."""

    E164 = 'e164'
    PLUS7_SPACED = 'plus7_spaced'
    EIGHT = 'eight'
    SEVEN = 'seven'


class PhoneError(ValueError):
    """A value that cannot be normalised; `reason` tells why."""

    def __init__(self, reason: PhoneRejection) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(kw_only=True, slots=True, frozen=True)
class NormalizedBatch:
    """Bulk result: `e164[i]` is the number or None, `reasons[i]` is None or why it was rejected."""

    e164: list[str | None]
    reasons: list[PhoneRejection | None]

    @property
    def accepted_count(self) -> int:
        """How many values became numbers."""
        return len(self.e164) - self.e164.count(None)


def normalize_phone(raw: object) -> str:
    """Return the E.164 form of one typed value or raise PhoneError."""
    result = _fast_russian(raw)
    if result is None:
        result = _normalize_value(raw)
    if isinstance(result, PhoneRejection):
        raise PhoneError(result)
    return result


def normalize_phones(values: Sequence[object]) -> NormalizedBatch:
    """Normalise many values at once; same results as normalize_phone, fast for Russian mobiles."""
    numbers: list[str | None] = []
    reasons: list[PhoneRejection | None] = []
    add_number, add_reason = numbers.append, reasons.append
    for value in values:
        quick = _fast_russian(value)
        if quick is not None:
            add_number(quick)
            add_reason(None)
            continue
        result = _normalize_value(value)
        if isinstance(result, PhoneRejection):
            add_number(None)
            add_reason(result)
        else:
            add_number(result)
            add_reason(None)
    return NormalizedBatch(e164=numbers, reasons=reasons)


def format_phone(e164: str, style: PhoneStyle) -> str:
    """Display a stored E.164 number; the Russian styles leave foreign numbers international."""
    if not _E164.fullmatch(e164):
        raise ValueError(f'not an E.164 number: {e164!r}')
    zone_seven = len(e164) == 12 and e164.startswith('+7')
    if style is PhoneStyle.E164:
        return e164
    if style is PhoneStyle.SEVEN:
        return e164[1:]
    if style is PhoneStyle.EIGHT:
        return '8' + e164[2:] if zone_seven else e164
    if zone_seven:
        return f'+7 {e164[2:5]} {e164[5:8]}-{e164[8:10]}-{e164[10:]}'
    return phonenumbers.format_number(phonenumbers.parse(e164), PhoneNumberFormat.INTERNATIONAL)


# An optional +7/7/8, then 9xx and seven more digits with the usual separators between groups.
_RUSSIAN_MOBILE_TEXT = re.compile(
    r'\s*(?:\+\s*7|7|8)?[\s(\-]*9([0-9]{2})[\s)\-]*([0-9]{3})[\s\-]*([0-9]{2})[\s\-]*([0-9]{2})\s*'
)
_E164 = re.compile(r'\+[1-9][0-9]{6,14}')
# A whole cell that came through a spreadsheet as a number: 79161234567.0, 79161234567,00, 7.9161234567E+10.
_EXCEL_NUMBER = re.compile(r'([0-9]+)(?:[.,]([0-9]*))?(?:[eE]\+?([0-9]{1,2}))?')
_ALLOWED = re.compile(r'[0-9\s+().\-/\u2010-\u2015]*')
_NON_DIGITS = re.compile(r'[^0-9]')
_PARSE_REASONS = {
    NumberParseException.TOO_SHORT_NSN: PhoneRejection.TOO_SHORT,
    NumberParseException.TOO_SHORT_AFTER_IDD: PhoneRejection.TOO_SHORT,
    NumberParseException.TOO_LONG: PhoneRejection.TOO_LONG,
}
_POSSIBILITY_REASONS = {
    ValidationResult.TOO_SHORT: PhoneRejection.TOO_SHORT,
    ValidationResult.TOO_LONG: PhoneRejection.TOO_LONG,
}
_RUSSIAN_MOBILE_LENGTH = 11


def _fast_russian(value: object) -> str | None:
    """The shortcut for the common case; None sends the value down the full path, which agrees with it."""
    if type(value) is str:
        found = _RUSSIAN_MOBILE_TEXT.fullmatch(value)
        return None if found is None else '+79' + ''.join(found.groups())
    if (type(value) is float and value.is_integer() and value > 0) or (type(value) is int and value > 0):
        return _russian_mobile(str(int(value)), has_plus=False)
    return None


def _normalize_value(value: object) -> str | PhoneRejection:
    if value is None:
        return PhoneRejection.EMPTY
    if isinstance(value, str):
        return _normalize_text(value)
    if isinstance(value, bool):
        return PhoneRejection.INVALID
    if isinstance(value, Integral):
        return _normalize_digits(str(int(value)), has_plus=False) if int(value) > 0 else PhoneRejection.INVALID
    if isinstance(value, Real | Decimal):
        return _normalize_real(Decimal(float(value)) if isinstance(value, Real) else value)
    return _normalize_text(str(value))


def _normalize_real(value: Decimal) -> str | PhoneRejection:
    if value.is_nan():
        return PhoneRejection.EMPTY
    if not value.is_finite() or value != value.to_integral_value() or value <= 0:
        return PhoneRejection.INVALID
    return _normalize_digits(str(int(value)), has_plus=False)


def _normalize_text(text: str) -> str | PhoneRejection:
    stripped = text.strip()
    if not stripped:
        return PhoneRejection.EMPTY
    excel = _EXCEL_NUMBER.fullmatch(stripped)
    if excel is not None and (excel[2] is not None or excel[3] is not None):
        return _normalize_excel(excel)
    if any(char.isalpha() for char in stripped):
        return PhoneRejection.LETTERS
    if not _ALLOWED.fullmatch(stripped) or '+' in stripped[1:]:
        return PhoneRejection.INVALID
    digits = _NON_DIGITS.sub('', stripped)
    if not digits:
        return PhoneRejection.INVALID
    return _normalize_digits(digits, has_plus=stripped.startswith('+'))


def _normalize_excel(found: re.Match[str]) -> str | PhoneRejection:
    whole, fraction, exponent = found[1], found[2] or '', found[3]
    if exponent is None:
        if fraction.strip('0'):
            return PhoneRejection.INVALID
        return _normalize_digits(whole.lstrip('0') or '0', has_plus=False)
    mantissa = (whole + fraction).lstrip('0')
    shift = int(exponent) - len(fraction)
    if shift < 0:
        return (
            PhoneRejection.INVALID
            if mantissa[shift:].strip('0')
            else _normalize_digits(mantissa[:shift], has_plus=False)
        )
    # Spreadsheets print long numbers as 3.80501E+11: digits were rounded away and zeros would be invented.
    if shift > 0:
        return PhoneRejection.PRECISION_LOST
    return _normalize_digits(mantissa, has_plus=False)


def _normalize_digits(digits: str, has_plus: bool) -> str | PhoneRejection:
    if not has_plus and digits.startswith('00'):
        digits, has_plus = digits[2:], True
    russian = _russian_mobile(digits, has_plus)
    if russian is not None:
        return russian
    if digits.startswith('79') or (not has_plus and digits.startswith('89')):
        too_short = len(digits) < _RUSSIAN_MOBILE_LENGTH
        return PhoneRejection.TOO_SHORT if too_short else PhoneRejection.TOO_LONG
    return _parse_with_phonenumbers(digits, has_plus)


def _russian_mobile(digits: str, has_plus: bool) -> str | None:
    length = len(digits)
    if has_plus:
        return '+' + digits if length == _RUSSIAN_MOBILE_LENGTH and digits.startswith('79') else None
    if length == _RUSSIAN_MOBILE_LENGTH - 1 and digits[0] == '9':
        return '+7' + digits
    if length == _RUSSIAN_MOBILE_LENGTH and digits[1] == '9' and digits[0] in '78':
        return '+7' + digits[1:]
    return None


def _parse_with_phonenumbers(digits: str, has_plus: bool) -> str | PhoneRejection:
    verdict = _valid_e164('+' + digits if has_plus else digits)
    # A long digit string without '+' is an international number whose plus a spreadsheet dropped.
    if isinstance(verdict, PhoneRejection) and not has_plus and len(digits) > _RUSSIAN_MOBILE_LENGTH:
        international = _valid_e164('+' + digits)
        if isinstance(international, str):
            return international
    return verdict


def _valid_e164(text: str) -> str | PhoneRejection:
    try:
        number = phonenumbers.parse(text, 'RU')
    except NumberParseException as error:
        return _PARSE_REASONS.get(error.error_type, PhoneRejection.INVALID)
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    possibility = phonenumbers.is_possible_number_with_reason(number)
    return _POSSIBILITY_REASONS.get(possibility, PhoneRejection.INVALID)
