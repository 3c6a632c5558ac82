"""Reading the registry «Выписка из реестра Российской системы и плана нумерации» into numbering ranges.

Region rule for «Территория ГАР»: a '|' value is a hierarchy (city | district | subject), so its municipal parts
(lower-case: 'г.о.', 'м.р-н') are dropped. Of several subjects (', ') the primary one is the most populous:
Москва over Московская область, Санкт-Петербург over Ленинградская область, Крым over Севастополь, Архангельская
область over its Ненецкий автономный округ; any other combination takes the first listed. «Российская Федерация»
stays as the region and has no time zone.

Operators are grouped by ИНН into brands.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from domain.numbering import NumberRange, RegistryError

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


_PRIMARY_SUBJECTS = ('Город Москва', 'Город Санкт-Петербург', 'Республика Крым', 'Архангельская область')
_QUOTED = re.compile(r'[«"„“](.+)[»"“”]')
_LEGAL_FORM = re.compile(r'^(?:ООО|ПАО|АО|ЗАО|ОАО|НАО|ФГУП|ГУП|МУП|АНО|ИП)\s+')
_HEADERS = {'code': 'авс/def', 'first': 'от', 'last': 'до', 'operator': 'оператор', 'inn': 'инн'}
_TERRITORY_HEADERS = ('территориягар', 'регион')
_SUBSCRIBER_DIGITS = 10**7
_COUNTRY_PREFIX = 7 * 10**10


def _squash(text: str) -> str:
    return ' '.join(text.split())


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
