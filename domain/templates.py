"""Template text: stored with stable keys, edited with labels, rendered for each subscriber.

Stored text marks an insert as `{{key}}` with a subscriber field key (`Call us at {{phone}}`), so renaming a
field's label never breaks a template. The editor shows the same text with labels in square brackets
(`Call us at [Phone number]`); a literal `[` is written `[[` there, and `{{` is reserved. Labels are matched
ignoring case and surrounding spaces. A label that cannot be shown unambiguously (empty, holding brackets or braces,
shared by two fields, or spelling another field's key) is shown as the key itself, e.g. `[note2]`.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache, partial
from types import MappingProxyType
from typing import Literal

from domain.errors import DomainError
from domain.fields import FIELD_KEYS, Gender, SubscriberField
from domain.phones import PhoneStyle, format_phone

STORED_INSERT = re.compile(r'\{\{([^{}]*)\}\}')
UNKNOWN_MARKER = '[?{key}]'
# SMS content, not UI chrome: the short gender marks a Russian message carries.
GENDER_MARKS: Mapping[str, str] = MappingProxyType({Gender.male.value: 'м', Gender.female.value: 'ж'})

_ISO_DATE = re.compile(r'(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?')
_NOT_DIGIT = re.compile(r'\D')
_UNSHOWABLE = frozenset('[]{}')

UnknownInsert = Literal['marker', 'empty']


class TemplateProblem(StrEnum):
    """Why text from the editor cannot be stored."""

    unknown_label = 'unknown_label'
    unclosed_insert = 'unclosed_insert'
    reserved_braces = 'reserved_braces'


class InvalidTemplateText(DomainError):
    """Editor text that cannot be stored; `position` is the 0-based offset of `fragment` in the editor text."""

    def __init__(self, reason: TemplateProblem, *, position: int, fragment: str) -> None:
        super().__init__(reason.value, position=position, fragment=fragment)
        self.reason = reason
        self.position = position
        self.fragment = fragment


@dataclass(kw_only=True, slots=True, frozen=True)
class Rendered:
    """A message for one subscriber, with the inserts it left empty and the unknown keys it met (each once)."""

    text: str
    missing_keys: tuple[str, ...]
    unknown_keys: tuple[str, ...]


def find_inserts(stored: str) -> list[str]:
    """Return the keys inserted in stored text, each once in order of first use, unknown ones included."""
    return list(dict.fromkeys(_compile(stored)[1]))


def to_display(stored: str, labels: Mapping[str, str]) -> str:
    """Turn stored text into editor text, showing each insert by its label in square brackets."""
    shown = _showable_labels(labels)
    literals, keys = _compile(stored)
    pieces = [literals[0].replace('[', '[[')]
    for key, literal in zip(keys, literals[1:], strict=True):
        pieces.append(f'[{shown.get(key, key)}]')
        pieces.append(literal.replace('[', '[['))
    return ''.join(pieces)


def to_stored(display: str, labels: Mapping[str, str]) -> str:
    """Turn editor text into stored text; raise InvalidTemplateText naming the first fragment it cannot read."""
    reserved = display.find('{{')
    if reserved >= 0:
        raise InvalidTemplateText(TemplateProblem.reserved_braces, position=reserved, fragment='{{')
    keys_by_label = {_fold(label): key for key, label in _showable_labels(labels).items()}
    keys_by_label.update({key: key for key in FIELD_KEYS if key not in keys_by_label})
    pieces: list[str] = []
    start = 0
    while (opening := display.find('[', start)) >= 0:
        pieces.append(display[start:opening])
        if display.startswith('[', opening + 1):
            pieces.append('[')
            start = opening + 2
            continue
        closing = display.find(']', opening + 1)
        if closing < 0:
            raise InvalidTemplateText(TemplateProblem.unclosed_insert, position=opening, fragment=display[opening:])
        key = keys_by_label.get(_fold(display[opening + 1 : closing]))
        if key is None:
            fragment = display[opening : closing + 1]
            raise InvalidTemplateText(TemplateProblem.unknown_label, position=opening, fragment=fragment)
        pieces.append('{{' + key + '}}')
        start = closing + 1
    pieces.append(display[start:])
    return ''.join(pieces)


def render(
    stored: str, fields: Mapping[str, object], *, phone_style: PhoneStyle, unknown: UnknownInsert = 'marker'
) -> Rendered:
    """Render stored text for one subscriber; a missing field renders empty, an unknown key as a visible marker."""
    return _compile_for(stored, phone_style, unknown).render(fields)


def render_many(
    stored: str,
    rows: Iterable[Mapping[str, object]],
    *,
    phone_style: PhoneStyle,
    unknown: UnknownInsert = 'marker',
) -> list[Rendered]:
    """Render stored text for many subscribers, parsing the template once."""
    compiled = _compile_for(stored, phone_style, unknown)
    return [compiled.render(row) for row in rows]


def format_value(key: str, value: object, phone_style: PhoneStyle) -> str:
    """Write one field's value as a message shows it: phone in the account's style, dates as dd.mm.yyyy."""
    return _formatter(key, phone_style)(value)


@dataclass(kw_only=True, slots=True, frozen=True)
class _Compiled:
    """A template ready for rows: literals around the known inserts, unknown ones already turned into markers."""

    literals: tuple[str, ...]
    slots: tuple[tuple[str, Callable[[object], str]], ...]
    unknown_keys: tuple[str, ...]

    def render(self, fields: Mapping[str, object]) -> Rendered:
        literals = self.literals
        pieces = [literals[0]]
        missing: list[str] = []
        for index, (key, formatter) in enumerate(self.slots, start=1):
            value = formatter(fields.get(key))
            if not value:
                missing.append(key)
            pieces.append(value)
            pieces.append(literals[index])
        return Rendered(
            text=''.join(pieces),
            missing_keys=tuple(dict.fromkeys(missing)) if missing else (),
            unknown_keys=self.unknown_keys,
        )


@lru_cache(maxsize=256)
def _compile(stored: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split stored text into literals and insert keys: literals[0], keys[0], literals[1], ..."""
    pieces = STORED_INSERT.split(stored)
    return tuple(pieces[0::2]), tuple(pieces[1::2])


@lru_cache(maxsize=256)
def _compile_for(stored: str, phone_style: PhoneStyle, unknown: UnknownInsert) -> _Compiled:
    literals, keys = _compile(stored)
    merged = [literals[0]]
    slots: list[tuple[str, Callable[[object], str]]] = []
    for key, literal in zip(keys, literals[1:], strict=True):
        if key in FIELD_KEYS:
            slots.append((key, _formatter(key, phone_style)))
            merged.append(literal)
        else:
            marker = UNKNOWN_MARKER.format(key=key) if unknown == 'marker' else ''
            merged[-1] += marker + literal
    unknown_keys = tuple(dict.fromkeys(key for key in keys if key not in FIELD_KEYS))
    return _Compiled(literals=tuple(merged), slots=tuple(slots), unknown_keys=unknown_keys)


def _formatter(key: str, phone_style: PhoneStyle) -> Callable[[object], str]:
    if key == SubscriberField.phone:
        return partial(_format_phone, style=phone_style)
    if key == SubscriberField.gender:
        return _format_gender
    return _format_plain


def _format_plain(value: object) -> str:
    if value is None:
        return ''
    if isinstance(value, date):
        return _format_date(value)
    text = str(value).strip()
    # Cheap guard first: most values are names and notes, not ISO dates.
    if len(text) < 10 or text[4] != '-' or (match := _ISO_DATE.fullmatch(text)) is None:
        return text
    try:
        return _format_date(date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        return text


def _format_gender(value: object) -> str:
    if value is None:
        return ''
    text = str(value).strip()
    return GENDER_MARKS.get(text, text)


def _showable_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """The labels that read back to their own key: known keys, unique, bracket-free, not another field's key."""
    candidates = {key: label.strip() for key, label in labels.items() if key in FIELD_KEYS and label.strip()}
    folded = [_fold(label) for label in candidates.values()]
    return {
        key: label
        for key, label in candidates.items()
        if not _UNSHOWABLE.intersection(label)
        and folded.count(_fold(label)) == 1
        and (_fold(label) == key or _fold(label) not in FIELD_KEYS)
    }


def _fold(label: str) -> str:
    return label.strip().casefold()


def _format_date(value: date) -> str:
    day = value.date() if isinstance(value, datetime) else value
    return f'{day.day:02d}.{day.month:02d}.{day.year:04d}'


def _format_phone(value: object, style: PhoneStyle) -> str:
    """Write a number in the account's style; numbers that are not Russian are always written +<digits>."""
    if value is None:
        return ''
    text = str(value).strip()
    international = text.startswith('+')
    digits = text[1:] if international else text
    if not (digits.isascii() and digits.isdigit()):
        digits = _NOT_DIGIT.sub('', text)
    if not digits:
        return text
    if len(digits) == 11 and (digits[0] == '7' or (digits[0] == '8' and not international)):
        national = digits[1:]
    elif len(digits) == 10 and not international:
        national = digits
    else:
        return '+' + digits
    # the account's style is written by the one formatter the subscriber list and exports use
    return format_phone('+7' + national, style)
