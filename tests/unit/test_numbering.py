from pathlib import Path

import numpy as np
import pytest

from domain.numbering import (
    NumberingTable,
    RegistryError,
    build_table,
    deserialize_table,
    detect_many,
    detect_number,
    diff_tables,
    lookup_many,
    serialize_table,
    table_ranges,
)
from domain.numbering_registry import (
    COUNTRY_WIDE,
    clean_operator_name,
    operator_brand,
    parse_registry_rows,
    parse_timezone_rows,
    primary_subject,
)
from storage.numbering_file import build_from_files, load_table, save_table

SHARED = Path(__file__).resolve().parents[2].parent / 'shared' / 'data' / 'numbering'
HEADER = ['АВС/ DEF', 'От', 'До', 'Емкость', 'Оператор', 'Регион', 'Территория ГАР', 'ИНН']
ROWS = [
    ['916', '0000000', '0999999', '1000000', 'ПАО "МТС"', '-', 'Город Москва, Московская область', '7740000076'],
    ['916', '1000000', '1099999', '100000', 'ПАО "Мобильные ТелеСистемы"', '-', 'Тверская область', '7740000076'],
    ['913', '0000000', '0199999', '200000', 'ПАО "МЕГАФОН"', '-', 'Новосибирская область', '7812014560'],
    ['954', '1010000', '1019999', '10000', 'ЗАО "ДЖИ ТИ ЭН ТИ"', '-', 'Российская Федерация', '7720585980'],
    ['958', '0000000', '0000999', '1000', 'ООО "К-телеком"', '-', 'Республика Крым', '1111111111'],
    ['958', '0001000', '0001999', '1000', 'ООО "К-ТЕЛЕКОМ"', '-', 'Республика Крым', '1111111111'],
    ['958', '0002000', '0002999', '1000', 'ООО "К-ТЕЛЕКОМ"', '-', 'Город Севастополь, Республика Крым', '1111111111'],
]
TIMEZONES = [
    ['subject_gar', 'iana_tz', 'utc_offset'],
    ['Город Москва', 'Europe/Moscow', '+3'],
    ['Тверская область', 'Europe/Moscow', '+3'],
    ['Новосибирская область', 'Asia/Novosibirsk', '+7'],
    ['Республика Крым', 'Europe/Simferopol', '+3'],
    ['Калининградская область', 'Europe/Kaliningrad', '+2'],
]


def small_table(rows: list[list[str]] = ROWS, snapshot: str = '2026-08') -> NumberingTable:
    return build_table(parse_registry_rows([HEADER, *rows]), parse_timezone_rows(TIMEZONES), snapshot=snapshot)


@pytest.mark.parametrize(
    ('territory', 'subject'),
    [
        ('Тверская область', 'Тверская область'),
        ('Город Москва, Московская область', 'Город Москва'),
        ('Московская область, Город Москва', 'Город Москва'),
        ('Ленинградская область, Город Санкт-Петербург', 'Город Санкт-Петербург'),
        ('Город Севастополь, Республика Крым', 'Республика Крым'),
        ('Ненецкий автономный округ, Архангельская область', 'Архангельская область'),
        ('Тверская область, Тульская область', 'Тверская область'),
        ('г. Норильск|г.о. город Норильск|Красноярский край', 'Красноярский край'),
        (
            'м.р-н Муниципальные районы Камчатского края, входящие в состав Корякского округа|Камчатский край',
            'Камчатский край',
        ),
        ('г. Псков', 'г. Псков'),
        ('  Город  Москва ', 'Город Москва'),
        (COUNTRY_WIDE, COUNTRY_WIDE),
        ('-', ''),
        ('', ''),
    ],
)
def test_territory_gar_value_names_its_primary_subject(territory: str, subject: str) -> None:
    assert primary_subject(territory) == subject


@pytest.mark.parametrize(
    ('inn', 'name', 'brand'),
    [
        ('7740000076', 'ПАО "Мобильные ТелеСистемы"', 'МТС'),
        ('7812014560', 'ПАО "МЕГАФОН"', 'МегаФон'),
        ('7713076301', 'ПАО "ВЫМПЕЛКОМ"', 'Билайн'),
        ('7743895280', 'ООО "Т2 Мобайл"', 'Т2'),
        ('7701725181', 'ООО "СКАРТЕЛ"', 'Yota'),
        ('7743200179', 'ООО "Т-МОБ"', 'Т-Мобайл'),
        ('0000000000', 'ООО "Т2 МОБАЙЛ"', 'Т2 МОБАЙЛ'),
        ('0000000000', 'ПАО МГТС', 'МГТС'),
        ('0000000000', 'ООО ИК "СИБИНТЕК"', 'СИБИНТЕК'),
        ('0000000000', 'ГОСУДАРСТВЕННОЕ ПРЕДПРИЯТИЕ «ОПЕРАТОР СВЯЗИ»', 'ОПЕРАТОР СВЯЗИ'),
        ('0000000000', 'МИНЦИФРЫ РОССИИ', 'МИНЦИФРЫ РОССИИ'),
    ],
)
def test_operator_is_named_by_inn_brand_or_cleaned_name(inn: str, name: str, brand: str) -> None:
    assert operator_brand(inn, name) == brand


def test_cleaning_keeps_a_name_without_legal_form_as_is() -> None:
    assert clean_operator_name('  АО   "ГЛОНАСС" ') == 'ГЛОНАСС'


def test_registry_rows_become_full_number_ranges() -> None:
    ranges = parse_registry_rows([HEADER, ROWS[1]])
    assert [(item.start, item.end, item.operator, item.inn, item.region) for item in ranges] == [
        (79161000000, 79161099999, 'МТС', '7740000076', 'Тверская область')
    ]


def test_registry_columns_are_found_by_header_not_position() -> None:
    order = [6, 7, 0, 1, 2, 4]
    ranges = parse_registry_rows([[HEADER[i] for i in order], [ROWS[2][i] for i in order]])
    assert (ranges[0].start, ranges[0].region, ranges[0].operator) == (79130000000, 'Новосибирская область', 'МегаФон')


@pytest.mark.parametrize(
    ('rows', 'message'),
    [
        ([], 'empty'),
        ([['a', 'b']], 'header'),
        ([HEADER, ['916', 'x', '1', '1', 'ПАО "МТС"', '-', 'Тверская область', '1']], 'line 2'),
        ([HEADER, ['916', '5', '4', '1', 'ПАО "МТС"', '-', 'Тверская область', '1']], 'line 2'),
        ([HEADER, ['916', '0', '1']], 'line 2'),
    ],
)
def test_unreadable_registry_is_refused(rows: list[list[str]], message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        parse_registry_rows(rows)


def test_overlapping_ranges_are_refused() -> None:
    with pytest.raises(RegistryError, match='overlap'):
        small_table([ROWS[0], ['916', '0999999', '1000000', '2', 'ПАО "МТС"', '-', 'Тверская область', '1']])


def test_one_inn_gets_its_most_frequent_cleaned_name() -> None:
    assert lookup_many(small_table(), ['+79580000001']).operator == ['К-ТЕЛЕКОМ']


@pytest.mark.parametrize(
    ('number', 'region', 'operator', 'zone'),
    [
        ('+79160000000', 'Город Москва', 'МТС', 'Europe/Moscow'),
        ('+79160999999', 'Город Москва', 'МТС', 'Europe/Moscow'),
        ('+79161000000', 'Тверская область', 'МТС', 'Europe/Moscow'),
        ('+79130199999', 'Новосибирская область', 'МегаФон', 'Asia/Novosibirsk'),
        ('+79580002500', 'Республика Крым', 'К-ТЕЛЕКОМ', 'Europe/Simferopol'),
        ('+79541015555', COUNTRY_WIDE, 'ДЖИ ТИ ЭН ТИ', None),
        ('+79161100000', None, None, None),
        ('+79130200000', None, None, None),
        ('+79129999999', None, None, None),
        ('+7916123456', None, None, None),
        ('+791612345678', None, None, None),
        ('+7916123456x', None, None, None),
        ('79161234567', None, None, None),
        ('+380501234567', None, None, None),
        ('', None, None, None),
        (None, None, None, None),
    ],
)
def test_registry_lookup_finds_the_range_or_nothing(
    number: str | None, region: str | None, operator: str | None, zone: str | None
) -> None:
    detections = lookup_many(small_table(), [number])
    assert (detections.region, detections.operator, detections.timezone) == ([region], [operator], [zone])


def test_lookup_of_many_numbers_keeps_their_order() -> None:
    detections = lookup_many(small_table(), ['+79130000001', 'Привет', '+79160000001'])
    assert detections.region == ['Новосибирская область', None, 'Город Москва']


def test_lookup_in_an_empty_table_finds_nothing() -> None:
    assert lookup_many(small_table([]), ['+79160000000']).region == [None]


def test_serialised_table_reads_back_the_same() -> None:
    table = small_table()
    again = deserialize_table(serialize_table(table))
    assert table_ranges(again) == table_ranges(table)
    assert again.snapshot == '2026-08'
    assert (again.regions, again.region_timezones) == (table.regions, table.region_timezones)
    assert (again.operators, again.operator_inns) == (table.operators, table.operator_inns)


@pytest.mark.parametrize('text', ['', 'something else\n', 'numbering-table-v1\t2026-08\nregions\t5\n'])
def test_broken_serialised_table_is_refused(text: str) -> None:
    with pytest.raises(RegistryError):
        deserialize_table(text)


def test_table_arrays_cannot_be_changed() -> None:
    with pytest.raises(ValueError, match='read-only'):
        small_table().starts[0] = 0


def test_diff_reports_added_removed_and_changed_ranges() -> None:
    moved = ['916', '1000000', '1099999', '100000', 'ПАО "МТС"', '-', 'Новосибирская область', '7740000076']
    sold = ['913', '0000000', '0199999', '200000', 'ООО "Т2 МОБАЙЛ"', '-', 'Новосибирская область', '7743895280']
    split = ['954', '1010000', '1014999', '5000', 'ЗАО "ДЖИ ТИ ЭН ТИ"', '-', 'Российская Федерация', '7720585980']
    diff = diff_tables(small_table(), small_table([ROWS[0], moved, sold, split, *ROWS[4:]]))
    assert [item.start for item in diff.added] == [79541010000]
    assert [(item.start, item.end) for item in diff.removed] == [(79541010000, 79541019999)]
    assert [(change.before.operator, change.after.operator) for change in diff.owner_changed] == [('МегаФон', 'Т2')]
    assert [(change.before.region, change.after.region) for change in diff.region_changed] == [
        ('Тверская область', 'Новосибирская область')
    ]


def test_a_renamed_operator_with_the_same_inn_is_not_a_new_owner() -> None:
    renamed = [[*ROWS[4][:4], 'ООО "НОВОЕ ИМЯ"', *ROWS[4][5:]], *ROWS[5:]]
    assert diff_tables(small_table(ROWS[4:]), small_table(renamed)).owner_changed == ()


@pytest.mark.parametrize(
    ('number', 'region', 'operator', 'zone'),
    [
        ('+79161234567', 'Город Москва', 'МТС', 'Europe/Moscow'),
        ('+79261234567', 'Город Москва', 'МегаФон', 'Europe/Moscow'),
        ('+79031234567', 'Город Москва', 'Билайн', 'Europe/Moscow'),
        ('+79001401234', 'Город Москва', 'Т2', 'Europe/Moscow'),
        ('+79213456789', 'Город Санкт-Петербург', 'МегаФон', 'Europe/Moscow'),
        ('+79490001234', 'Донецкая Народная Республика', 'Феникс', 'Europe/Moscow'),
        ('+79590001234', 'Луганская Народная Республика', 'Лугаком', 'Europe/Moscow'),
        ('+79130012345', 'Новосибирская область', 'МТС', 'Asia/Novosibirsk'),
        ('+79114512345', 'Калининградская область', 'МТС', 'Europe/Kaliningrad'),
        ('+79009150000', 'Архангельская область', 'Т2', 'Europe/Moscow'),
        ('+79071234567', None, None, None),
    ],
)
def test_shipped_table_knows_big_operators_and_new_regions(
    number: str, region: str | None, operator: str | None, zone: str | None
) -> None:
    found = detect_number(load_table(), number)
    assert (found.region, found.operator, found.timezone) == (region, operator, zone)


@pytest.mark.parametrize(
    ('number', 'region', 'operator', 'zone'),
    [
        ('+74012123456', 'Калининградская область', None, 'Europe/Kaliningrad'),
        ('+78123456789', 'Город Санкт-Петербург', None, 'Europe/Moscow'),
        ('+73833123456', 'Новосибирская область', None, 'Asia/Novosibirsk'),
        ('+78001234567', None, None, None),
        ('+380501234567', 'Украина', 'Vodafone', 'Europe/Kyiv'),
        ('+77011234567', 'Казахстан', 'Kcell/Activ', None),
        ('+76000000000', None, None, None),
    ],
)
def test_landline_and_foreign_numbers_are_described_by_phonenumbers(
    number: str, region: str | None, operator: str | None, zone: str | None
) -> None:
    found = detect_number(load_table(), number)
    assert (found.region, found.operator, found.timezone) == (region, operator, zone)
    assert lookup_many(load_table(), [number]).region == [None]


def test_detecting_many_mixes_registry_and_phonenumbers_answers_in_order() -> None:
    detections = detect_many(load_table(), ['+74012123456', None, '+79130012345', '+79071234567', '+380501234567'])
    assert detections.region == ['Калининградская область', None, 'Новосибирская область', None, 'Украина']
    assert detections.operator == [None, None, 'МТС', None, 'Vodafone']


def test_shipped_table_is_compact_and_dated() -> None:
    table = load_table()
    assert table.snapshot == '2026-08'
    assert table.range_count == 17059
    assert np.all(table.starts[1:] > table.ends[:-1])
    assert load_table() is table


def test_saved_table_loads_back_and_saving_is_repeatable(tmp_path: Path) -> None:
    table = small_table()
    save_table(table, tmp_path / 'a.tsv.gz')
    save_table(table, tmp_path / 'b.tsv.gz')
    assert (tmp_path / 'a.tsv.gz').read_bytes() == (tmp_path / 'b.tsv.gz').read_bytes()
    assert table_ranges(load_table(tmp_path / 'a.tsv.gz')) == table_ranges(table)


@pytest.mark.parametrize('encoding', ['utf-8-sig', 'cp1251'])
def test_registry_file_is_read_with_bom_or_in_cp1251(tmp_path: Path, encoding: str) -> None:
    registry, zones = tmp_path / 'DEF-9xx.csv', tmp_path / 'tz.csv'
    registry.write_text('\n'.join(';'.join(row) for row in [HEADER, *ROWS]) + '\n', encoding=encoding)
    zones.write_text('\n'.join(','.join(row) for row in TIMEZONES) + '\n', encoding='utf-8')
    table = build_from_files(registry, zones, snapshot='2026-09')
    assert (table.snapshot, table_ranges(table)) == ('2026-09', table_ranges(small_table()))


def test_shipped_table_matches_the_registry_it_was_built_from() -> None:
    source = SHARED / 'DEF-9xx.csv'
    if not source.exists():
        pytest.skip('the raw registry (../shared) is not next to this checkout')
    rebuilt = build_from_files(source, SHARED / 'region_timezones.csv', snapshot='2026-08')
    assert serialize_table(rebuilt) == serialize_table(load_table())


def test_refresh_from_april_to_august_adds_467_ranges_and_changes_12_owners() -> None:
    old_source = SHARED / 'DEF-9xx.2026-04.csv'
    if not old_source.exists():
        pytest.skip('the raw registry (../shared) is not next to this checkout')
    old = build_from_files(old_source, SHARED / 'region_timezones.csv', snapshot='2026-04')
    diff = diff_tables(old, load_table())
    assert (len(diff.added), len(diff.removed), len(diff.owner_changed)) == (467, 37, 12)
    assert {change.after.operator for change in diff.owner_changed} == {'ЮНИТТЕЛ', 'Альфа-Мобайл', 'СберМобайл'}
