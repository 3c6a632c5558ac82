"""The files of a generated report: the detail selection as XLSX (domain.services.xlsx_stream) and as CSV (UTF-8
with BOM, ';', CRLF, decimal comma for Russian Excel), written batch by batch in constant memory; Windows-1251 is
made from the UTF-8 file while it is downloaded.

Cells are formula-injection safe (domain.spreadsheet_safety): message texts, mailing names and sender names are
user input. XLSX keeps them as text cells and gives the dangerous ones Excel's hidden quote prefix; CSV gets the
visible apostrophe. Parts and cost are numbers in XLSX. A batch is prepared column by column: the work per cell is
done only where a column needs it (a column is checked for formula-like text with one regex over the whole column).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from domain.services.xlsx_stream import XlsxStream
from domain.spreadsheet_safety import FORMULA_STARTS, csv_phone, needs_neutralizing, neutralize_cell, xlsx_phone

SHEET_ROWS = 1_000_000
# the report's columns in order; the row tuples of storage.stats_queries.iter_export carry them after the keyset
COLUMNS = (
    'created_at',
    'sent_at',
    'sender',
    'phone',
    'operator',
    'region',
    'mailing',
    'text',
    'parts',
    'cost',
    'status',
    'status_at',
    'err',
)
_WIDTHS = (19, 19, 14, 18, 16, 24, 24, 60, 7, 10, 16, 19, 10)
_PHONE, _PARTS, _COST, _STATUS = 3, 8, 9, 10
_KINDS = tuple('number' if n == _PARTS else 'money' if n == _COST else 'text' for n in range(len(COLUMNS)))
# what a cell that may need neutralising starts with (an apostrophe may hide one of the others behind it)
_RISKY = re.compile('\x00[' + re.escape(''.join((*FORMULA_STARTS, "'"))) + ']')
# columns the database or this module wrote: times, phone, status label (parts and cost are numbers)
_OURS = frozenset({0, 1, 3, 10, 11})
_QUOTED_MARKS = (';', '"', '\r', '\n')
CHUNK_BYTES = 1 << 16


class XlsxReport:
    """Text cells (numbers for parts and cost), a bold frozen header, a new sheet every SHEET_ROWS rows."""

    def __init__(self, path: Path, headers: Sequence[str], status_labels: Mapping[str, str]) -> None:
        self._book = XlsxStream(path, headers=headers, kinds=_KINDS, widths=_WIDTHS, sheet_rows=SHEET_ROWS)
        self._labels = status_labels
        self.rows = 0

    def write(self, rows: Sequence[Sequence[Any]], *, skip: int = 0) -> None:
        """Append rows of raw database values: `skip` leading values, then the COLUMNS."""
        if not rows:
            return
        columns = _columns(rows, self._labels, xlsx=True, skip=skip)
        quoted = [
            _formula_like(values) if kind == 'text' else None for values, kind in zip(columns, _KINDS, strict=True)
        ]
        self._book.add_rows(columns, quoted)
        self.rows += len(rows)

    def close(self) -> None:
        self._book.close()


class CsvReport:
    """';'-separated UTF-8 with BOM, CRLF, quoting only where needed, apostrophe before formula-like text."""

    def __init__(self, path: Path, headers: Sequence[str], status_labels: Mapping[str, str]) -> None:
        self._file = path.open('wb')
        self._file.write(codecs.BOM_UTF8)
        self._labels = status_labels
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=';', lineterminator='\r\n').writerow([neutralize_cell(h) for h in headers])
        self._file.write(buffer.getvalue().encode())
        self.rows = 0

    def write(self, rows: Sequence[Sequence[Any]], *, skip: int = 0) -> None:
        """Append rows of raw database values: `skip` leading values, then the COLUMNS."""
        if not rows:
            return
        columns = _columns(rows, self._labels, xlsx=False, skip=skip)
        cells = [_csv_column(values, _KINDS[n], checked=n not in _OURS) for n, values in enumerate(columns)]
        self._file.write(('\r\n'.join(map(';'.join, zip(*cells, strict=True))) + '\r\n').encode())
        self.rows += len(rows)

    def close(self) -> None:
        self._file.close()


def cp1251_chunks(path: Path) -> Iterator[bytes]:
    """The UTF-8 CSV file re-encoded to Windows-1251 (what it cannot hold becomes '?'), in chunks, BOM dropped."""
    decoder = codecs.getincrementaldecoder('utf-8-sig')()
    with path.open('rb') as source:
        while chunk := source.read(CHUNK_BYTES):
            yield decoder.decode(chunk).encode('cp1251', errors='replace')
        yield decoder.decode(b'', final=True).encode('cp1251', errors='replace')


def _columns(rows: Sequence[Sequence[Any]], labels: Mapping[str, str], *, xlsx: bool, skip: int) -> list[list[str]]:
    """The batch as columns of text: phones formatted, statuses named, numbers as their text ('.' decimal)."""
    columns: list[list[str]] = []
    for index, values in enumerate(list(zip(*rows, strict=True))[skip:]):
        if index == _PHONE:
            columns.append(_phones(values, xlsx=xlsx))
        elif index == _STATUS:
            columns.append([labels.get(value, value) for value in values])
        elif set(map(type, values)) <= {str}:
            columns.append(list(values))
        else:
            columns.append(['' if value is None else str(value) for value in values])
    return columns


def _formula_like(texts: Sequence[str]) -> list[bool] | None:
    """Which cells a spreadsheet could read as a formula; None when none (the usual case: a few substring searches
    over the NUL-joined column instead of a check per cell)."""
    joined = '\x00' + '\x00'.join(texts)
    if not _RISKY.search(joined):
        return None
    return [needs_neutralizing(text) for text in texts]


def _csv_column(texts: list[str], kind: str, *, checked: bool) -> list[str]:
    if kind == 'money':
        return [text.replace('.', ',') for text in texts]
    if kind == 'number':
        return texts
    risky = _formula_like(texts) if checked else None
    if risky is not None:
        texts = [neutralize_cell(text) if flag else text for text, flag in zip(texts, risky, strict=True)]
    joined = '\x00'.join(texts)
    if any(mark in joined for mark in _QUOTED_MARKS):
        return [_quoted(text) for text in texts]
    return texts


def _phones(values: Sequence[Any], *, xlsx: bool) -> list[str]:
    """Phones as the spreadsheets get them: '+7 916 123-45-67' in XLSX, '8 916 123-45-67' in CSV."""
    lead = '+7' if xlsx else '8'
    return [
        f'{lead} {p[2:5]} {p[5:8]}-{p[8:10]}-{p[10:]}'
        if len(p) == 12 and p.startswith('+7') and p[2:].isdigit()
        else _other_phone(p, xlsx=xlsx)
        for p in map(str, values)
    ]


def _other_phone(e164: str, *, xlsx: bool) -> str:
    try:
        return xlsx_phone(e164) if xlsx else csv_phone(e164)
    except ValueError:
        return e164


def _quoted(text: str) -> str:
    if any(mark in text for mark in _QUOTED_MARKS):
        return '"' + text.replace('"', '""') + '"'
    return text
