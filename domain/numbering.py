"""Numbering plan: region, operator and time zone of a phone number.

Russian numbers are looked up in a table derived from the registry «Выписка из реестра Российской системы и
плана нумерации» (DEF-9xx: mobile ranges).

Region rule for «Территория ГАР»: a '|' value is a hierarchy (city | district | subject), so its municipal parts
(lower-case: 'г.о.', 'м.р-н') are dropped. Of several subjects (', ') the primary one is the most populous:
Москва over Московская область, Санкт-Петербург over Ленинградская область, Крым over Севастополь, Архангельская
область over its Ненецкий автономный округ; any other combination takes the first listed. «Российская Федерация»
stays as the region and has no time zone.

Operators are grouped by ИНН into brands. A number the table does not cover gets nothing from it, never a guess.
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

COUNTRY_WIDE = 'Российская Федерация'
BRANDS: Mapping[str, str] = MappingProxyType(
    {
        '7740000076': 'МТС',
        '7812014560': 'МегаФон',
        '7713076301': 'Билайн',
        '7743895280': 'Т2',
        '7701725181': 'Yota',
        '7743200179': 'Т-Мобайл',
        '7736264044': 'СберМобайл',
        '7707049388': 'Ростелеком',
        '7705017253': 'МТТ',
        '7703383783': 'ГЛОНАСС',
        '2308210371': 'Win mobile',
        '9308013351': 'Феникс',
        '9402011009': 'Лугаком',
        '7702527584': 'Миранда',
        '9725152215': 'Альфа-Мобайл',
        '9705121882': 'ВТБ Мобайл',
        '6661079603': 'Мотив',
    }
)


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


def parse_registry_rows(rows: Iterable[Sequence[str]]) -> list[NumberRange]:
    """Read registry CSV rows (header first) into ranges with brand and primary region."""
    lines = (row for row in rows if any(cell.strip() for cell in row))
    header = next(lines, None)
    if header is None:
        raise RegistryError('the registry file is empty')
    columns = _registry_columns(header)
    return [_registry_range(row, columns, number) for number, row in enumerate(lines, start=2)]


def parse_timezone_rows(rows: Iterable[Sequence[str]]) -> dict[str, str]:
    """Read `subject_gar,iana_tz,utc_offset` rows (header first) into subject -> IANA zone."""
    zones: dict[str, str] = {}
    for row in list(rows)[1:]:
        if len(row) >= 2 and row[0].strip():
            zones[_squash(row[0])] = row[1].strip()
    return zones


def primary_subject(territory: str) -> str:
    """The one federal subject a «Территория ГАР» value stands for ('' when it names none)."""
    parts = [part for part in (_squash(piece) for piece in territory.split('|')) if part and part != '-']
    if not parts:
        return ''
    subjects = [part for part in parts if not part[0].islower()] or parts[-1:]
    names = [name for subject in subjects for name in (_squash(piece) for piece in subject.split(',')) if name]
    return next((name for name in _PRIMARY_SUBJECTS if name in names), names[0]) if len(names) > 1 else names[0]


def operator_brand(inn: str, name: str) -> str:
    """The brand of the operator with this ИНН, else its name without legal form and quotes."""
    return BRANDS.get(inn.strip()) or clean_operator_name(name)


def clean_operator_name(name: str) -> str:
    """`ООО "Т2 МОБАЙЛ"` -> `Т2 МОБАЙЛ`, `ПАО МГТС` -> `МГТС`."""
    text = _squash(name)
    quoted = _QUOTED.search(text)
    if quoted is not None and quoted[1].strip():
        return quoted[1].strip()
    return _LEGAL_FORM.sub('', text) or text


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
_PRIMARY_SUBJECTS = ('Город Москва', 'Город Санкт-Петербург', 'Республика Крым', 'Архангельская область')
_QUOTED = re.compile(r'[«"„“](.+)[»"“”]')
_LEGAL_FORM = re.compile(r'^(?:ООО|ПАО|АО|ЗАО|ОАО|НАО|ФГУП|ГУП|МУП|АНО|ИП)\s+')
_HEADERS = {'code': 'авс/def', 'first': 'от', 'last': 'до', 'operator': 'оператор', 'inn': 'инн'}
_TERRITORY_HEADERS = ('территориягар', 'регион')
_SUBSCRIBER_DIGITS = 10**7
_COUNTRY_PREFIX = 7 * 10**10
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


def _squash(text: str) -> str:
    return ' '.join(text.split())


def _owner(item: NumberRange) -> str:
    return item.inn or item.operator


def _registry_columns(header: Sequence[str]) -> dict[str, int]:
    keys = [''.join(cell.split()).lower() for cell in header]
    columns = {name: keys.index(key) for name, key in _HEADERS.items() if key in keys}
    territory = next((keys.index(key) for key in _TERRITORY_HEADERS if key in keys), None)
    if territory is None or len(columns) < len(_HEADERS):
        raise RegistryError(f'unexpected registry header: {";".join(header)}')
    return {**columns, 'territory': territory}


def _registry_range(row: Sequence[str], columns: Mapping[str, int], line: int) -> NumberRange:
    try:
        code, first, last = (int(row[columns[name]]) for name in ('code', 'first', 'last'))
        name, inn, territory = (row[columns[key]] for key in ('operator', 'inn', 'territory'))
    except (IndexError, ValueError) as error:
        raise RegistryError(f'line {line}: {error}') from error
    if not (100 <= code <= 999 and 0 <= first <= last < _SUBSCRIBER_DIGITS):
        raise RegistryError(f'line {line}: range {code} {first}-{last} is out of the numbering plan')
    base = _COUNTRY_PREFIX + code * _SUBSCRIBER_DIGITS
    return NumberRange(
        start=base + first,
        end=base + last,
        operator=operator_brand(inn, name),
        inn=inn.strip(),
        region=primary_subject(territory),
    )


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
