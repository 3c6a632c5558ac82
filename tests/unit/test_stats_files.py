"""Report files and the chart figure, without a database: formula-safe cells, CSV quoting, cp1251, sheets, labels."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from domain.services import report_files
from domain.services.report_files import CsvReport, XlsxReport, cp1251_chunks
from pages.stats_chart import MAX_BARS, fold_bars, stacked_bars
from ui_text import statistics as ts

HEADERS = list(ts.DETAIL_COLUMNS.values())


def _row(text: str, phone: str = '+79161234567') -> tuple:
    return ('01.02.2026 10:00:00', '', 'Shop', phone, 'МТС', 'Москва', '@рассылка', text, 2, Decimal('4.70'),
            'delivered', '01.02.2026 10:00:30', '')  # fmt: skip


def test_csv_cells_are_neutralised_quoted_only_where_needed_and_numbers_use_a_comma(tmp_path: Path) -> None:
    path = tmp_path / 'r.csv'
    sink = CsvReport(path, HEADERS, ts.STATUS_LABELS)
    sink.write([_row('=1+2'), _row('a;b "c"\nd'), _row('просто', phone='+375291234567')])
    sink.close()
    parsed = list(csv.reader(io.StringIO(path.read_text(encoding='utf-8-sig')), delimiter=';'))
    assert parsed[0] == HEADERS
    assert [row[7] for row in parsed[1:]] == ["'=1+2", 'a;b "c"\nd', 'просто']
    assert parsed[1][6] == "'@рассылка"
    assert (parsed[1][3], parsed[3][3]) == ('8 916 123-45-67', '00375 29 123-45-67')
    assert (parsed[1][8], parsed[1][9], parsed[1][10]) == ('2', '4,70', ts.STATUS_LABELS['delivered'])


def test_windows_1251_is_made_from_the_utf8_file_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_files, 'CHUNK_BYTES', 7)  # split inside two-byte Cyrillic letters
    path = tmp_path / 'r.csv'
    sink = CsvReport(path, HEADERS, ts.STATUS_LABELS)
    sink.write([_row('Привет ✓')])
    sink.close()
    legacy = b''.join(cp1251_chunks(path))
    assert not legacy.startswith(b'\xef\xbb\xbf')
    assert 'Привет ?' in legacy.decode('cp1251')


def test_a_big_report_continues_on_a_second_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_files, 'SHEET_ROWS', 3)
    path = tmp_path / 'r.xlsx'
    sink = XlsxReport(path, HEADERS, ts.STATUS_LABELS)
    sink.write([_row(f'текст {n}') for n in range(5)])
    sink.close()
    book = openpyxl.load_workbook(path)
    first, second = book.worksheets
    assert [r[7] for r in first.iter_rows(min_row=2, values_only=True)] == ['текст 0', 'текст 1', 'текст 2']
    assert [r[7] for r in second.iter_rows(values_only=True)] == [HEADERS[7], 'текст 3', 'текст 4']
    assert first['I2'].value == 2 and first['J2'].value == 4.7


def test_an_empty_report_still_has_its_header(tmp_path: Path) -> None:
    path = tmp_path / 'r.xlsx'
    XlsxReport(path, HEADERS, ts.STATUS_LABELS).close()
    assert [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)] == [HEADERS]


def test_the_chart_is_stacked_with_russian_legend_axis_titles_and_decimal_comma() -> None:
    figure = stacked_bars(labels=['1 фев', '2 фев'], series={'delivered': [5, 6], 'pending': [1, 0]}, x_title='Дата')
    assert [trace['name'] for trace in figure['data']] == ['Доставлено', 'Ожидает / в пути']
    layout = figure['layout']
    assert (layout['barmode'], layout['separators']) == ('stack', ', ')
    assert (layout['xaxis']['title']['text'], layout['yaxis']['title']['text']) == ('Дата', ts.CHART_Y)
    assert layout['xaxis']['type'] == 'category'


def test_many_bars_fold_into_others() -> None:
    labels = [f'Рассылка {n}' for n in range(40)]
    folded_labels, folded = fold_bars(labels, {'delivered': list(range(40))})
    assert len(folded_labels) == MAX_BARS
    assert folded_labels[-1] == ts.others(40 - MAX_BARS + 1)
    assert sum(folded['delivered']) == sum(range(40))


def test_xml_special_and_forbidden_characters_survive_as_text(tmp_path: Path) -> None:
    path = tmp_path / 'r.xlsx'
    sink = XlsxReport(path, HEADERS, ts.STATUS_LABELS)
    sink.write([_row('a & b <c> "d"'), _row('nul\x00here'), _row('bell\x07 and tab\t')])
    sink.close()
    texts = [row[7] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    assert texts == ['a & b <c> "d"', 'nul\ufffdhere', 'bell\ufffd and tab\t']
