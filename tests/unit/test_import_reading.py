"""Reading a text file for an import: the quick line splitter gives what the csv module gives, chunk by chunk."""

import csv
import random
from pathlib import Path

import pytest

from domain.errors import DomainError
from domain.services.import_files import iter_chunks, iter_rows
from domain.spreadsheet_safety import restore_cell

TRICKY = (
    'Телефон;ФИО;Примечание\r\n'
    '89161234567;Иванов Иван;Москва\r\n'
    '\r\n'
    '  89031112233 ; Петрова Анна ;\r\n'
    '"89051234567";"Сидоров; Пётр";"две\r\nстроки"\r\n'
    "89261234567;'=1+2;'-5\r\n"
    "89161112233;O'Нил;'обычный текст\r\n"
    ' ; ; \r\n'
    '89167654321;"кавычки ""внутри""";конец\r'
    '89160001122;a"b;c\n'
    '89163334455;"незакрытая\n'
)


def _reference(path: Path, encoding: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The rows as the csv module reads them (stripped, export apostrophes restored, blank rows left out)."""
    found = []
    with path.open(encoding=encoding, newline='') as file:
        reader = csv.reader(file, delimiter=delimiter)
        for cells in reader:
            stripped = [restore_cell(cell.strip()) for cell in cells]
            if any(stripped):
                found.append((reader.line_num, stripped))
    return found


def _read(
    path: Path, *, encoding: str = 'utf-8', delimiter: str = ';', header: bool = False
) -> list[tuple[int, list[str]]]:
    rows = iter_rows(
        path, filename=path.name, sheet_names=[''], encoding=encoding, delimiter=delimiter, has_header=header
    )
    return [(item.row_number, item.cells) for item in rows]


def test_quoted_and_plain_lines_read_as_the_csv_module_reads_them(tmp_path: Path) -> None:
    path = tmp_path / 'tricky.csv'
    path.write_bytes(TRICKY.encode('cp1251'))
    rows = _read(path, encoding='cp1251')
    assert rows == _reference(path, 'cp1251', ';')
    by_number = dict(rows)
    assert by_number[6] == ['89051234567', 'Сидоров; Пётр', 'две\r\nстроки']  # numbered by its last line
    assert by_number[7] == ['89261234567', '=1+2', '-5']
    assert by_number[8] == ['89161112233', "O'Нил", "'обычный текст"]
    assert by_number[10] == ['89167654321', 'кавычки "внутри"', 'конец']
    assert by_number[12] == ['89163334455', 'незакрытая']


def test_random_text_reads_as_the_csv_module_reads_it(tmp_path: Path) -> None:
    pieces = ['8916', ' ', ';', ',', '"', "'", '=', '-', '\r\n', '\n', '\r', 'Ё', 'abc', '""', '\t']
    rng = random.Random(4)
    for attempt in range(200):
        path = tmp_path / f'random{attempt}.csv'
        path.write_text(''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 80))), encoding='utf-8')
        for delimiter in (';', ',', '\t'):
            assert _read(path, delimiter=delimiter) == _reference(path, 'utf-8', delimiter), path.read_text()


def test_chunks_hold_the_rows_in_order_and_never_mix_sheets(tmp_path: Path) -> None:
    path = tmp_path / 'numbers.csv'
    path.write_text('Телефон\n' + ''.join(f'8916{n:07d}\n\n' for n in range(7)), encoding='utf-8')
    chunks = list(
        iter_chunks(
            path, filename=path.name, sheet_names=[''], encoding='utf-8', delimiter=';', has_header=True, size=3
        )
    )
    assert [len(chunk.rows) for chunk in chunks] == [3, 3, 1]
    assert [number for chunk in chunks for number in chunk.numbers] == [2, 4, 6, 8, 10, 12, 14]
    assert [cells for chunk in chunks for cells in chunk.rows] == [[f'8916{n:07d}'] for n in range(7)]


@pytest.mark.parametrize('quote', ['', '"'])
def test_a_row_wider_than_the_limit_refuses_the_file_whichever_way_it_is_read(tmp_path: Path, quote: str) -> None:
    path = tmp_path / 'wide.csv'
    path.write_text('89161234567\n' + ';'.join([quote + 'x' + quote] * 300) + '\n', encoding='utf-8')
    with pytest.raises(DomainError) as error:
        _read(path)
    assert (error.value.code, error.value.details['row']) == ('import_too_many_columns', 2)
