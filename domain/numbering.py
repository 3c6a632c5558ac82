"""Numbering plan: region, operator and time zone of a phone number.

Russian numbers are looked up in a table derived from the registry «Выписка из реестра Российской системы и
плана нумерации» (DEF-9xx: mobile ranges); domain/numbering_registry.py reads the registry into ranges.

Operators are grouped by ИНН. A number the table does not cover gets nothing from it, never a guess.
Landlines (ABC) and foreign numbers are described by phonenumbers' geocoder, time-zone and carrier data (a
foreign number's region is its country); what they do not know stays empty.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
import phonenumbers
from phonenumbers import carrier, geocoder, timezone


class RegistryError(ValueError):
    """A registry or time-zone file that cannot be read as one."""


@dataclass(kw_only=True, slots=True, frozen=True)
class NumberRange:
    """One registry range of full numbers (7DEFxxxxxxx) with its operator brand, ИНН and region."""

    start: int
    end: int
    operator: str
    inn: str
    region: str


@dataclass(kw_only=True, slots=True, frozen=True, eq=False)
class NumberingTable:
    """Sorted, non-overlapping ranges with indexes into small region and operator lists."""

    snapshot: str
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    region_index: npt.NDArray[np.int16]
    operator_index: npt.NDArray[np.int16]
    regions: tuple[str, ...]
    region_timezones: tuple[str, ...]
    operators: tuple[str, ...]
    operator_inns: tuple[str, ...]

    def __post_init__(self) -> None:
        for column in (self.starts, self.ends, self.region_index, self.operator_index):
            column.flags.writeable = False
        if np.any(self.ends < self.starts) or np.any(self.starts[1:] <= self.ends[:-1]):
            raise RegistryError('registry ranges overlap or are not sorted')

    @property
    def range_count(self) -> int:
        """How many registry ranges the table holds."""
        return len(self.starts)


@dataclass(kw_only=True, slots=True, frozen=True)
class Detection:
    """What is known about one number; None where nothing is."""

    region: str | None
    operator: str | None
    timezone: str | None


@dataclass(kw_only=True, slots=True, frozen=True)
class Detections:
    """Detections of many numbers, one list per attribute, aligned with the input."""

    region: list[str | None]
    operator: list[str | None]
    timezone: list[str | None]

    def at(self, index: int) -> Detection:
        """The detection of the number at `index`."""
        return Detection(region=self.region[index], operator=self.operator[index], timezone=self.timezone[index])


@dataclass(kw_only=True, slots=True, frozen=True)
class RangeChange:
    """A range present in both tables whose owner or region differs."""

    before: NumberRange
    after: NumberRange


@dataclass(kw_only=True, slots=True, frozen=True)
class TableDiff:
    """What a registry refresh changes, range by range (a range is identified by its first and last number)."""

    added: tuple[NumberRange, ...]
    removed: tuple[NumberRange, ...]
    owner_changed: tuple[RangeChange, ...]
    region_changed: tuple[RangeChange, ...]


def build_table(ranges: Iterable[NumberRange], timezones: Mapping[str, str], *, snapshot: str) -> NumberingTable:
    """Build the lookup table; each ИНН gets its brand or its most frequent cleaned name."""
    ordered = sorted(ranges, key=lambda item: item.start)
    regions = tuple(sorted({item.region for item in ordered} | set(timezones)))
    names: dict[str, Counter[str]] = {}
    for item in ordered:
        names.setdefault(_owner(item), Counter())[item.operator] += 1
    owners = sorted(names)
    region_position = {name: position for position, name in enumerate(regions)}
    owner_position = {owner: position for position, owner in enumerate(owners)}
    return NumberingTable(
        snapshot=snapshot,
        starts=np.array([item.start for item in ordered], dtype=np.int64),
        ends=np.array([item.end for item in ordered], dtype=np.int64),
        region_index=np.array([region_position[item.region] for item in ordered], dtype=np.int16),
        operator_index=np.array([owner_position[_owner(item)] for item in ordered], dtype=np.int16),
        regions=regions,
        region_timezones=tuple(timezones.get(name, '') for name in regions),
        operators=tuple(names[owner].most_common(1)[0][0] for owner in owners),
        operator_inns=tuple(owner if owner.isdigit() else '' for owner in owners),
    )


def table_ranges(table: NumberingTable) -> list[NumberRange]:
    """The table's ranges as values, in number order."""
    return [
        NumberRange(
            start=start,
            end=end,
            operator=table.operators[operator],
            inn=table.operator_inns[operator],
            region=table.regions[region],
        )
        for start, end, region, operator in zip(
            table.starts.tolist(),
            table.ends.tolist(),
            table.region_index.tolist(),
            table.operator_index.tolist(),
            strict=True,
        )
    ]


def lookup_many(table: NumberingTable, e164_numbers: Sequence[str | None]) -> Detections:
    """Registry detection of +7 numbers; any number outside every range gets None."""
    regions, operators, _ = _lookup_indices(table, e164_numbers)
    return _detections(table, regions, operators)


def detect_many(table: NumberingTable, e164_numbers: Sequence[str | None]) -> Detections:
    """Registry detection, then phonenumbers for landlines and foreign numbers the registry does not cover."""
    regions, operators, others = _lookup_indices(table, e164_numbers)
    detections = _detections(table, regions, operators)
    zones = dict(zip(table.regions, table.region_timezones, strict=True))
    for position in np.flatnonzero(others).tolist():
        number = e164_numbers[position]
        if number:
            found = _describe_with_phonenumbers(number, zones)
            detections.region[position], detections.operator[position], detections.timezone[position] = found
    return detections


def detect_number(table: NumberingTable, e164: str) -> Detection:
    """Region, operator and time zone of one E.164 number."""
    return detect_many(table, [e164]).at(0)


def diff_tables(old: NumberingTable, new: NumberingTable) -> TableDiff:
    """Ranges added, removed, and kept with another owner (ИНН) or another region."""
    before = {(item.start, item.end): item for item in table_ranges(old)}
    after = {(item.start, item.end): item for item in table_ranges(new)}
    common = sorted(before.keys() & after.keys())
    return TableDiff(
        added=tuple(after[key] for key in sorted(after.keys() - before.keys())),
        removed=tuple(before[key] for key in sorted(before.keys() - after.keys())),
        owner_changed=tuple(
            RangeChange(before=before[key], after=after[key])
            for key in common
            if _owner(before[key]) != _owner(after[key])
        ),
        region_changed=tuple(
            RangeChange(before=before[key], after=after[key])
            for key in common
            if before[key].region != after[key].region
        ),
    )


def serialize_table(table: NumberingTable) -> str:
    """The table as compact tab-separated text (see deserialize_table)."""
    texts = [table.snapshot, *table.regions, *table.region_timezones, *table.operators, *table.operator_inns]
    if any('\t' in text or '\n' in text for text in texts):
        raise ValueError('names in a numbering table cannot contain tabs or line breaks')
    lines = [f'{_FORMAT}\t{table.snapshot}', f'regions\t{len(table.regions)}']
    lines += [f'{name}\t{zone}' for name, zone in zip(table.regions, table.region_timezones, strict=True)]
    lines.append(f'operators\t{len(table.operators)}')
    lines += [f'{inn}\t{name}' for inn, name in zip(table.operator_inns, table.operators, strict=True)]
    lines.append(f'ranges\t{table.range_count}')
    columns = (table.starts, table.ends, table.region_index, table.operator_index)
    lines += ['\t'.join(map(str, row)) for row in zip(*(column.tolist() for column in columns), strict=True)]
    return '\n'.join(lines) + '\n'


def deserialize_table(text: str) -> NumberingTable:
    """Read a table written by serialize_table."""
    lines = text.splitlines()
    kind, _, snapshot = lines[0].partition('\t') if lines else ('', '', '')
    if kind != _FORMAT:
        raise RegistryError('not a numbering table')
    regions, cursor = _section(lines, 1, 'regions')
    operators, cursor = _section(lines, cursor, 'operators')
    ranges, _ = _section(lines, cursor, 'ranges')
    numbers = np.array('\t'.join(ranges).split(), dtype=np.int64).reshape(-1, 4)
    return NumberingTable(
        snapshot=snapshot,
        starts=numbers[:, 0].copy(),
        ends=numbers[:, 1].copy(),
        region_index=numbers[:, 2].astype(np.int16),
        operator_index=numbers[:, 3].astype(np.int16),
        regions=tuple(line.partition('\t')[0] for line in regions),
        region_timezones=tuple(line.partition('\t')[2] for line in regions),
        operators=tuple(line.partition('\t')[2] for line in operators),
        operator_inns=tuple(line.partition('\t')[0] for line in operators),
    )


_FORMAT = 'numbering-table-v1'
_E164_WIDTH = 16
_GEOCODER_SUBJECTS = MappingProxyType(
    {
        'Байконыр': 'Город Байконур',
        'Кемеровская обл.': 'Кемеровская область - Кузбасс',
        'Республика Кабардино-Балкарская': 'Кабардино-Балкарская Республика',
        'Республика Карачаево-Черкесская': 'Карачаево-Черкесская Республика',
        'Республика Удмуртская': 'Удмуртская Республика',
        'Республика Чеченская': 'Чеченская Республика',
        'Республика Саха /Якутия/': 'Республика Саха (Якутия)',
        'Ханты - Мансийский - Югра АО': 'Ханты-Мансийский автономный округ - Югра',
        'Чукотский АО': 'Чукотский автономный округ',
        'Ямало-Ненецкий АО': 'Ямало-Ненецкий автономный округ',
    }
)
_NOTHING: tuple[None, None, None] = (None, None, None)


def _owner(item: NumberRange) -> str:
    return item.inn or item.operator


def _section(lines: list[str], cursor: int, name: str) -> tuple[list[str], int]:
    title, _, count = lines[cursor].partition('\t') if cursor < len(lines) else ('', '', '')
    if title != name or not count.isdigit() or cursor + 1 + int(count) > len(lines):
        raise RegistryError(f'numbering table: broken {name} section')
    end = cursor + 1 + int(count)
    return lines[cursor + 1 : end], end


def _lookup_indices(
    table: NumberingTable, e164_numbers: Sequence[str | None]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Region and operator positions (-1 when not found) and which numbers the registry cannot answer."""
    codes = _ascii_codes(e164_numbers)
    digits = codes[:, 1:12] - np.uint8(ord('0'))
    zone_seven = (codes[:, 0] == ord('+')) & (codes[:, 1] == ord('7')) & (codes[:, 12] == 0)
    zone_seven &= (digits <= 9).all(axis=1)
    values = np.zeros(len(codes), dtype=np.int64)
    for column in range(digits.shape[1]):
        values = values * 10 + digits[:, column]
    values[~zone_seven] = -1
    regions = operators = np.full(len(codes), -1, dtype=np.intp)
    found = np.zeros(len(codes), dtype=np.bool_)
    if table.range_count:
        position = np.searchsorted(table.starts, values, side='right') - 1
        safe = np.clip(position, 0, None)
        found = zone_seven & (position >= 0) & (values <= table.ends[safe])
        regions = np.where(found, table.region_index[safe], -1)
        operators = np.where(found, table.operator_index[safe], -1)
    russian_mobile = zone_seven & (codes[:, 2] == ord('9'))
    return regions, operators, ~found & ~russian_mobile


def _ascii_codes(e164_numbers: Sequence[str | None]) -> npt.NDArray[np.uint8]:
    """One row of byte codes per number, zero-padded; anything that is not ASCII text reads as empty."""
    try:
        texts = np.asarray(e164_numbers, dtype=f'S{_E164_WIDTH}').reshape(-1)
    except UnicodeEncodeError:
        ascii_only = [number if isinstance(number, str) and number.isascii() else '' for number in e164_numbers]
        texts = np.asarray(ascii_only, dtype=f'S{_E164_WIDTH}').reshape(-1)
    return texts.view(np.uint8).reshape(len(texts), _E164_WIDTH)


def _detections(table: NumberingTable, regions: npt.NDArray[np.intp], operators: npt.NDArray[np.intp]) -> Detections:
    # Index -1 lands on the trailing None of each lookup array.
    region_names = np.array([*(name or None for name in table.regions), None], dtype=object)
    zones = np.array([*(zone or None for zone in table.region_timezones), None], dtype=object)
    operator_names = np.array([*(name or None for name in table.operators), None], dtype=object)
    return Detections(
        region=region_names[regions].tolist(),
        operator=operator_names[operators].tolist(),
        timezone=zones[regions].tolist(),
    )


def _describe_with_phonenumbers(e164: str, zones: Mapping[str, str]) -> tuple[str | None, str | None, str | None]:
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return _NOTHING
    if not phonenumbers.is_valid_number(number):
        return _NOTHING
    operator = carrier.name_for_number(number, 'ru') or None
    known_zones = [zone for zone in timezone.time_zones_for_number(number) if zone != 'Etc/Unknown']
    zone = known_zones[0] if len(known_zones) == 1 else None
    if phonenumbers.region_code_for_number(number) != 'RU':
        return geocoder.country_name_for_number(number, 'ru') or None, operator, zone
    subject = _subject_from_geocoder(geocoder.description_for_number(number, 'ru'))
    if subject is None:
        return None, operator, None
    return subject, operator, zones.get(subject) or zone


def _subject_from_geocoder(place: str) -> str | None:
    """phonenumbers' Russian place names, spelled the way «Территория ГАР» spells the subject."""
    name = place.replace('\u0301', '')
    if name in ('', 'Россия'):
        return None
    name = _GEOCODER_SUBJECTS.get(name, name)
    name = re.sub(r'\bобл\.?$', 'область', name)
    return 'Город ' + name[3:] if name.startswith('г. ') else name
