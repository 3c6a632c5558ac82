"""A mailing's recipients merged from bases, typed numbers and file rows: normalised, deduplicated, described.

Sources are added in the composer's order (bases, «Ввести номер», «Из файла»); a number met again is a duplicate
and the first occurrence wins, so a base's subscriber fields fill the inserts of a number that is also typed.
Numbers from bases are stored normalised; typed and file numbers are normalised here, and a value that is not a
number is counted with a sample (source, raw value, reason code `phone_<reason>`). A number without a stored
region, operator or time zone is described by the numbering plan.
"""

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from domain.fields import FIELD_KEYS
from domain.import_rules import parse_clipboard
from domain.numbering import NumberingTable, detect_many
from domain.phones import normalize_phones

SAMPLE_SIZE = 20
SOURCE_NUMBERS = 'numbers'
SOURCE_FILE = 'file'


@dataclass(kw_only=True, slots=True, frozen=True)
class Rejected:
    """A value that is not a phone number: `source` is 'numbers' or 'file:<row>', `reason` an error code."""

    source: str
    raw: str
    reason: str


@dataclass(kw_only=True, slots=True)
class Recipients:
    """Unique recipients as columns (aligned by position) and what merging counted on the way."""

    phones: list[str] = field(default_factory=list)
    fields: list[dict[str, object]] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    from_bases: int = 0
    from_numbers: int = 0
    from_file: int = 0
    duplicates: int = 0
    invalid: int = 0
    invalid_sample: list[Rejected] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def add_base_rows(self, rows: Iterable[Sequence[object]], columns: Sequence[str]) -> None:
        """Add stored subscribers given as (id, phone, region, operator, timezone, *columns) rows."""
        seen = self._seen
        start = len(self.phones)
        for row in rows:
            phone = str(row[1])
            if phone in seen:
                self.duplicates += 1
                continue
            seen.add(phone)
            values: dict[str, object] = dict(zip(columns, row[5:], strict=True))
            values['phone'] = phone
            self._append(phone, values, str(row[2] or ''), str(row[3] or ''), str(row[4] or ''))
        self.from_bases += len(self.phones) - start

    def add_typed(self, text: str) -> None:
        """Add the numbers of «Ввести номер» (separated by new lines, commas, semicolons or spaces)."""
        raws = [raw for raw, _ in parse_clipboard(text)]
        self.from_numbers += self._add_raw(raws, [SOURCE_NUMBERS] * len(raws), [{}] * len(raws))

    def add_file(self, rows: Iterable[tuple[int, str, Mapping[str, str]]]) -> None:
        """Add «Из файла» rows given as (row number, raw phone, mapped field values)."""
        items = list(rows)
        sources = [f'{SOURCE_FILE}:{number}' for number, _, _ in items]
        values = [{key: value for key, value in mapped.items() if key in FIELD_KEYS} for _, _, mapped in items]
        self.from_file += self._add_raw([raw for _, raw, _ in items], sources, values)

    def describe_missing(self, table: NumberingTable) -> None:
        """Fill region, operator and time zone from the numbering plan where the source gave none."""
        missing = [index for index, zone in enumerate(self.zones) if not zone or not self.regions[index]]
        if not missing:
            return
        found = detect_many(table, [self.phones[index] for index in missing])
        for position, index in enumerate(missing):
            self.regions[index] = self.regions[index] or found.region[position] or ''
            self.operators[index] = self.operators[index] or found.operator[position] or ''
            self.zones[index] = self.zones[index] or found.timezone[position] or ''
            values = self.fields[index]
            values.setdefault('region', self.regions[index])  # inserts of typed and file numbers
            values.setdefault('operator', self.operators[index])

    def _add_raw(self, raws: Sequence[str], sources: Sequence[str], values: Sequence[Mapping[str, object]]) -> int:
        batch = normalize_phones(list(raws))
        seen = self._seen
        unique_in_source: set[str] = set()
        for raw, source, mapped, phone, reason in zip(raws, sources, values, batch.e164, batch.reasons, strict=True):
            if phone is None:
                self.invalid += 1
                if len(self.invalid_sample) < SAMPLE_SIZE:
                    code = f'phone_{reason.value}' if reason is not None else 'phone_invalid'
                    self.invalid_sample.append(Rejected(source=source, raw=str(raw), reason=code))
                continue
            unique_in_source.add(phone)
            if phone in seen:
                self.duplicates += 1
                continue
            seen.add(phone)
            self._append(phone, {**mapped, 'phone': phone}, '', '', '')
        return len(unique_in_source)

    def _append(self, phone: str, values: dict[str, object], region: str, operator: str, zone: str) -> None:
        self.phones.append(phone)
        self.fields.append(values)
        self.regions.append(region)
        self.operators.append(operator)
        self.zones.append(zone)


@dataclass(kw_only=True, slots=True, frozen=True)
class Split:
    """Positions of the recipients to send to and of the stop-listed ones, and how many exclusion bases removed."""

    send: list[int]
    stopped: list[int]
    excluded_bases: int


def split_recipients(phones: Sequence[str], *, excluded: set[str], stopped: set[str]) -> Split:
    """Remove numbers of the exclusion bases (first) and set the stop-listed ones apart."""
    send: list[int] = []
    held: list[int] = []
    removed = 0
    for index, phone in enumerate(phones):
        if phone in excluded:
            removed += 1
        elif phone in stopped:
            held.append(index)
        else:
            send.append(index)
    return Split(send=send, stopped=held, excluded_bases=removed)


def birthday_keys(today: date) -> tuple[str, ...]:
    """'MM-DD' of the birthdays celebrated today: on 28 February of a common year the 29th too."""
    key = f'{today.month:02d}-{today.day:02d}'
    if key == '02-28' and not calendar.isleap(today.year):
        return (key, '02-29')
    return (key,)
