"""The column path of an import gives exactly the values of the row path, or declines the chunk."""

import pytest

from domain.services.import_columns import column_rows, fits_fast_path, prepare_columns
from domain.services.import_store import row_input
from domain.services.subscriber_input import prepare_bulk
from storage.numbering_file import load_table

ROWS = [
    ['89161234567', 'Иванов Иван Иванович', ' Москва ', 'Заказ №1'],
    ['+7 (903) 765-43-21', '  Петрова   Анна ', '', ''],
    ['9057654321', 'Сидоров', 'Тверь', 'x' * 255],
    ['+375291234567', 'Ким Ли Сун Ок', 'Минск'],
    ['79001112233'],
    ['84951234567', '', 'Ёлки', 'Заказ №2'],
]


@pytest.mark.parametrize(
    'mapping',
    [
        ['phone', 'fio', 'note1', 'note2'],
        ['phone', 'last_name', 'note3', None],
        ['phone', 'first_name', 'middle_name', 'note10'],
        ['phone', 'fio', None, 'note1'],
    ],
)
def test_the_column_path_stores_what_the_row_path_stores(mapping: list[str | None]) -> None:
    rows = ROWS
    table = load_table()
    columns = prepare_columns(rows, mapping, table)
    expected = prepare_bulk([row_input(row, mapping) for row in rows], table).rows
    assert columns is not None
    got = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    assert got == [{key: row[key] for key in columns} for row in expected]


@pytest.mark.parametrize('mapping', [['phone', 'fio', 'note1', 'note2'], ['phone', None, 'note3', 'note10']])
def test_columns_turn_back_into_the_row_paths_values_for_merging(mapping: list[str | None]) -> None:
    table = load_table()
    columns = prepare_columns(ROWS, mapping, table)
    assert columns is not None
    assert column_rows(columns) == prepare_bulk([row_input(row, mapping) for row in ROWS], table).rows


@pytest.mark.parametrize(
    ('rows', 'why'),
    [
        ([['89161234567'], ['8 916 123-45-67']], 'a number repeated in the chunk'),
        ([['89161234567'], ['12']], 'an invalid number'),
        ([['89161234567', 'x' * 101]], 'a name over 100 characters'),
        ([['89161234567', 'Иванов', 'x' * 256]], 'a note over 255 characters'),
    ],
)
def test_the_column_path_declines_chunks_the_row_path_must_judge(rows: list[list[str]], why: str) -> None:
    assert prepare_columns(rows, ['phone', 'last_name', 'note1'], load_table()) is None, why


@pytest.mark.parametrize(
    ('mapping', 'fits'),
    [
        (['phone', 'fio', 'note1'], True),
        (['phone', 'last_name', 'first_name', None], True),
        (['phone', 'fio', 'first_name'], False),
        (['phone', 'birth_date'], False),
        (['phone', 'gender'], False),
    ],
)
def test_only_plain_text_mappings_take_the_column_path(mapping: list[str | None], fits: bool) -> None:
    assert fits_fast_path(mapping) is fits
