"""What people type for a subscriber, checked and turned into stored column values; no I/O.

prepare_bulk is the CPU-bound half of a bulk add (normalise, check, de-duplicate, detect): a caller may run it
in a worker thread or process and hand the result to subscribers.bulk_add_prepared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from domain.errors import DomainError
from domain.fields import CUSTOM_FIELDS, Gender
from domain.numbering import NumberingTable, detect_many
from domain.phones import PhoneError, normalize_phone, normalize_phones

MAX_NAME_LENGTH = 100
MAX_NOTE_LENGTH = 255
MIN_BIRTH_YEAR = 1900
NAME_KEYS = ('last_name', 'first_name', 'middle_name')
NOTE_KEYS = tuple(str(key) for key in CUSTOM_FIELDS)
READ_ONLY_KEYS = frozenset({'region', 'operator'})
# Values as they come from people and spreadsheets; 'м'/'ж' are the Russian marks, data rather than UI text.
_GENDERS = {
    '': '',
    'male': Gender.male.value,
    'm': Gender.male.value,
    'м': Gender.male.value,
    'муж': Gender.male.value,
    'мужской': Gender.male.value,
    'female': Gender.female.value,
    'f': Gender.female.value,
    'ж': Gender.female.value,
    'жен': Gender.female.value,
    'женский': Gender.female.value,
}
_DOTTED_DATE = re.compile(r'(\d{1,2})\.(\d{1,2})\.(\d{4})')
_NO_NOTES = dict.fromkeys(NOTE_KEYS, '')


@dataclass(kw_only=True, slots=True, frozen=True)
class SubscriberInput:
    """A subscriber as typed: a raw phone and optional fields; notes are keyed 'note1'..'note10'."""

    phone: str
    last_name: str = ''
    first_name: str = ''
    middle_name: str = ''
    birth_date: date | None = None
    gender: str = ''
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(kw_only=True, slots=True, frozen=True)
class BulkPrepared:
    """Rows ready to store (column values, unique phones), repeats merged away, and rejected inputs."""

    rows: list[dict[str, Any]]
    duplicates: int
    invalid: list[tuple[int, str, str]]


def clean_input(data: SubscriberInput) -> dict[str, Any]:
    """Column values of one typed subscriber (region/operator/timezone not yet detected) or a DomainError."""
    try:
        phone = normalize_phone(data.phone)
    except PhoneError as error:
        raise DomainError(f'phone_{error.reason.value}') from error
    return _columns(data, phone, date.today())


def prepare_bulk(rows: Sequence[SubscriberInput], table: NumberingTable) -> BulkPrepared:
    """Normalise and check many subscribers, merge repeated numbers (later non-empty values win), detect them."""
    numbers = normalize_phones([data.phone for data in rows])
    today = date.today()
    by_phone: dict[str, dict[str, Any]] = {}
    invalid: list[tuple[int, str, str]] = []
    duplicates = 0
    for index, (data, phone, reason) in enumerate(zip(rows, numbers.e164, numbers.reasons, strict=True)):
        try:
            if phone is None:
                raise DomainError(f'phone_{reason.value if reason else "invalid"}')
            values = _columns(data, phone, today)
        except DomainError as error:
            invalid.append((index, str(data.phone), error.code))
            continue
        if phone in by_phone:
            duplicates += 1
            values = merge_values(by_phone[phone], values)
        by_phone[phone] = values
    return BulkPrepared(rows=_detect_all(list(by_phone.values()), table), duplicates=duplicates, invalid=invalid)


def merge_values(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """A stored subscriber updated with the non-empty values of a new one of the same number."""
    merged = dict(old)
    for key in (*NAME_KEYS, 'birth_date', 'gender', *NOTE_KEYS, 'region', 'operator', 'timezone'):
        if new.get(key) not in (None, ''):
            merged[key] = new[key]
    merged['search_name'] = search_name(merged['last_name'], merged['first_name'], merged['middle_name'])
    return merged


def input_of(values: Mapping[str, Any]) -> SubscriberInput:
    """A stored subscriber as typed input, to change one field and check the whole again."""
    birth = values['birth_date']
    return SubscriberInput(
        phone=values['phone'],
        last_name=values['last_name'],
        first_name=values['first_name'],
        middle_name=values['middle_name'],
        birth_date=date.fromisoformat(birth) if isinstance(birth, str) else birth,
        gender=values['gender'],
        notes={key: values[key] for key in NOTE_KEYS},
    )


def with_field(data: SubscriberInput, key: str, raw: str) -> SubscriberInput:
    """The input with one field replaced by what was typed into its cell."""
    if key in ('phone', *NAME_KEYS):
        changes: dict[str, Any] = {key: raw}
        return replace(data, **changes)
    if key == 'birth_date':
        return replace(data, birth_date=parse_birth_date(raw))
    if key == 'gender':
        return replace(data, gender=parse_gender(raw))
    if key in NOTE_KEYS:
        return replace(data, notes={**data.notes, key: raw})
    raise DomainError('field_read_only' if key in READ_ONLY_KEYS else 'field_unknown', field=key)


def parse_birth_date(raw: str) -> date | None:
    """A birth date typed as 'dd.mm.yyyy' or 'yyyy-mm-dd'; empty text clears it."""
    text = raw.strip()
    if not text:
        return None
    dotted = _DOTTED_DATE.fullmatch(text)
    try:
        if dotted:
            return date(int(dotted[3]), int(dotted[2]), int(dotted[1]))
        return date.fromisoformat(text)
    except ValueError as error:
        raise DomainError('birth_date_invalid') from error


def parse_gender(raw: str) -> str:
    """'male', 'female' or '' from what people type ('м', 'ж', 'male', 'Женский', ...)."""
    gender = _GENDERS.get(raw.strip().casefold())
    if gender is None:
        raise DomainError('gender_invalid')
    return gender


def search_name(last: str, first: str, middle: str) -> str:
    """The casefolded full name that name search matches against."""
    return ' '.join(part for part in (last, first, middle) if part).casefold()


def _columns(data: SubscriberInput, phone: str, today: date) -> dict[str, Any]:
    # called once per row of a million-row import: plain statements rather than comprehensions, for speed
    last, first, middle = _name(data.last_name), _name(data.first_name), _name(data.middle_name)
    for key, name in (('last_name', last), ('first_name', first), ('middle_name', middle)):
        if len(name) > MAX_NAME_LENGTH:
            raise DomainError('name_too_long', field=key, limit=MAX_NAME_LENGTH)
    if data.birth_date is not None and not date(MIN_BIRTH_YEAR, 1, 1) <= data.birth_date <= today:
        raise DomainError('birth_date_invalid')
    values = _notes(data.notes)
    values['phone'] = phone
    values['last_name'], values['first_name'], values['middle_name'] = last, first, middle
    values['birth_date'] = data.birth_date
    values['gender'] = parse_gender(data.gender) if data.gender else ''
    values['region'] = values['operator'] = values['timezone'] = ''
    values['search_name'] = search_name(last, first, middle)
    return values


def _name(raw: object) -> str:
    return ' '.join(str(raw).split())


def _notes(notes: Mapping[str, str]) -> dict[str, Any]:
    cleaned: dict[str, Any] = dict(_NO_NOTES)
    for key, raw in notes.items():
        if key not in _NO_NOTES:
            raise DomainError('field_unknown', field=key)
        value = str(raw).strip()
        if len(value) > MAX_NOTE_LENGTH:
            raise DomainError('note_too_long', field=key, limit=MAX_NOTE_LENGTH)
        cleaned[key] = value
    return cleaned


def _detect_all(rows: list[dict[str, Any]], table: NumberingTable) -> list[dict[str, Any]]:
    found = detect_many(table, [values['phone'] for values in rows])
    for index, values in enumerate(rows):
        values['region'] = found.region[index] or ''
        values['operator'] = found.operator[index] or ''
        values['timezone'] = found.timezone[index] or ''
    return rows
