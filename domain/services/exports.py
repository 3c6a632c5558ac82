"""Export of a phone base (the whole base, a filter's matches or listed subscribers) to XLSX or CSV.

Streamed in constant memory: the database is read in keyset batches on the event loop (Tortoise is async), and
each batch is formatted and written in a worker thread (asyncio.to_thread) while the next batch is being read,
so the loop is never blocked by the writing. Await export_base on the page's loop (e.g. from a background task);
`progress(written, total)` is called there after every batch. XLSX is written by xlsxwriter in constant_memory
mode (faster than openpyxl's write-only mode here, see bench/exports.py). Cell safety: domain.spreadsheet_safety.
"""

from __future__ import annotations

import asyncio
import csv
import io
import threading
import time
import uuid
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol, cast

import xlsxwriter
from tortoise.backends.base.client import BaseDBAsyncClient

from domain.base_fields import enabled_fields, settings_from_json
from domain.errors import DomainError, NotFound
from domain.services.subscribers import ListQuery, _selection
from domain.services.var_dir import var_subdir
from domain.spreadsheet_safety import (
    FORMULA_STARTS,
    csv_phone,
    needs_neutralizing,
    neutralize_cell,
    safe_filename,
    xlsx_phone,
)
from storage import subscriber_queries as queries
from storage.models import PhoneBase

ExportFormat = Literal['xlsx', 'csv']
ExportEncoding = Literal['utf-8-sig', 'cp1251']
FORMATS = ('xlsx', 'csv')
ENCODINGS = ('utf-8-sig', 'cp1251')
BATCH = 5000
_YIELD_ROWS = 500
# What the export adds in front of the base's own fields: what the numbering plan says of the number.
LEADING_COLUMNS = ('phone', 'region', 'operator', 'timezone')
# First characters of a cell neutralize_cell may change (an apostrophe can hide a formula behind it), and the
# characters that make csv.writer quote a field.
_RISKY_STARTS = frozenset((*FORMULA_STARTS, "'"))
_ZONE_SEVEN_LENGTH = 12
_QUOTED_MARKS = (';', '"', '\r', '\n')


@dataclass(kw_only=True, slots=True, frozen=True)
class ExportFile:
    """A written export: where it is, the name to offer for download, rows written, characters written as '?'."""

    path: Path
    filename: str
    rows: int
    replaced: int = 0


async def export_base(
    *,
    account_id: int,
    base_id: int,
    fmt: ExportFormat,
    labels: Mapping[str, str],
    encoding: ExportEncoding = 'utf-8-sig',
    ids: Sequence[int] | None = None,
    query: ListQuery | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ExportFile:
    """Write the base (or the listed ids, or the query's matches) to a file under VAR_DIR/exports."""
    if fmt not in FORMATS:
        raise DomainError('export_format_unknown', format=fmt)
    if encoding not in ENCODINGS:
        raise DomainError('export_encoding_unknown', encoding=encoding)
    base = await PhoneBase.get_or_none(id=base_id, account_id=account_id)
    if base is None:
        raise NotFound('base')
    selection = _selection(ids, query)
    conn = queries.connection()
    total = await _total(conn, base, selection)
    columns = export_columns(base.field_settings, labels)
    folder = var_subdir('exports')
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f'{uuid.uuid4().hex}.{fmt}'
    sink: _Sink = _XlsxSink(path, columns) if fmt == 'xlsx' else _CsvSink(path, columns, encoding)
    try:
        written = await _stream(conn, base.id, selection, sink, progress, cancel, total)
        await asyncio.to_thread(sink.close)
    except BaseException:
        await asyncio.to_thread(sink.discard)
        path.unlink(missing_ok=True)
        raise
    return ExportFile(path=path, filename=safe_filename(base.name, fmt), rows=written, replaced=sink.replaced)


def export_columns(field_settings: Mapping[str, object] | None, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """(key, header) of every exported column: phone, region, operator, time zone, then the enabled fields."""
    settings = settings_from_json(field_settings)
    keys = [*LEADING_COLUMNS, *(f.value for f in enabled_fields(settings) if f.value not in LEADING_COLUMNS)]
    return [(key, (settings[key].label if key in settings else '') or labels.get(key, key)) for key in keys]


class _Sink(Protocol):
    replaced: int
    rows: int
    keys: tuple[str, ...]

    def write(self, rows: Sequence[Any]) -> None: ...

    def close(self) -> None: ...

    def discard(self) -> None: ...


async def _stream(
    conn: BaseDBAsyncClient,
    base_id: int,
    selection: queries.Selection,
    sink: _Sink,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
    total: int,
) -> int:
    batches = queries.iter_batches(conn, base_id=base_id, selection=selection, columns=sink.keys, batch=BATCH)
    written = 0
    try:
        rows = await anext(batches, None)
        while rows is not None:
            if cancel is not None and cancel.is_set():
                raise DomainError('export_cancelled')
            rows = await _write_and_read(sink, rows, batches)
            written = sink.rows
            if progress is not None:
                progress(written, max(total, written))
    finally:
        await batches.aclose()
    if cancel is not None and cancel.is_set():
        raise DomainError('export_cancelled')
    return written


async def _write_and_read(
    sink: _Sink, rows: Sequence[Any], batches: AsyncGenerator[Sequence[Any], None]
) -> Sequence[Any] | None:
    """Write one batch in a thread while the next is read; both finish before any error is raised."""
    outcomes: list[object] = list(
        await asyncio.gather(anext(batches, None), asyncio.to_thread(sink.write, rows), return_exceptions=True)
    )
    for outcome in reversed(outcomes):
        if isinstance(outcome, BaseException):
            raise outcome
    return cast(Sequence[Any] | None, outcomes[0])


async def _total(conn: BaseDBAsyncClient, base: PhoneBase, selection: queries.Selection) -> int:
    if selection.ids is not None:
        return len(set(selection.ids))
    where = selection.where or queries.SubscriberFilter()
    return base.subscriber_count if where.is_empty else await queries.count(conn, base_id=base.id, where=where)


def _text(key: str, value: Any) -> str:
    if key == 'birth_date' and value:
        # SQLite hands dates back as ISO text, PostgreSQL as date objects
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
        return day.strftime('%d.%m.%Y')
    if value.__class__ is str:  # nearly every cell: keep it cheap
        return cast(str, value)
    return '' if value is None else str(value)


class _XlsxSink:
    """String cells only; a cell a spreadsheet could take for a formula also gets the hidden quote prefix."""

    def __init__(self, path: Path, columns: list[tuple[str, str]]) -> None:
        options = {'constant_memory': True, 'strings_to_numbers': False, 'strings_to_formulas': False}
        self._book = xlsxwriter.Workbook(str(path), {**options, 'strings_to_urls': False})
        self._sheet = self._book.add_worksheet()
        self._quoted = self._book.add_format({'quote_prefix': True})
        self.keys = tuple(key for key, _ in columns)
        self._row = 0
        self.replaced = 0
        self.rows = 0
        self._put([header for _, header in columns])

    def write(self, rows: Sequence[Any]) -> None:
        keys = tuple(enumerate(self.keys[1:], start=2))  # row[0] is the id, row[1] the phone
        for count, row in enumerate(rows, start=1):
            self._put([xlsx_phone(row[1]), *(_text(key, row[index]) for index, key in keys)])
            if count % _YIELD_ROWS == 0:
                time.sleep(0)  # let the event loop's thread take the GIL (it waits for it behind this thread)
        self.rows += len(rows)

    def close(self) -> None:
        self._book.close()

    def discard(self) -> None:
        self._book.close()

    def _put(self, cells: list[str]) -> None:
        put, row, quoted = self._sheet.write_string, self._row, self._quoted
        for column, text in enumerate(cells):
            if needs_neutralizing(text):
                put(row, column, text, quoted)
            else:
                put(row, column, text)
        self._row += 1


class _CsvSink:
    """';'-separated, CRLF, minimal quoting; cp1251 writes what it cannot represent as '?' and counts it."""

    def __init__(self, path: Path, columns: list[tuple[str, str]], encoding: str) -> None:
        self._file = path.open('wb')
        self._encoding = 'utf-8' if encoding == 'utf-8-sig' else encoding
        if encoding == 'utf-8-sig':
            self._file.write('\ufeff'.encode())
        self.keys = tuple(key for key, _ in columns)
        self.replaced = 0
        self.rows = 0
        self._emit([[neutralize_cell(header) for _, header in columns]])

    def write(self, rows: Sequence[Any]) -> None:
        # column by column: the per-cell work (text, neutralising, quoting) is done only for the columns that need it
        columns = list(zip(*rows, strict=True))
        cells = [[_csv_phone(phone) for phone in columns[1]]]
        cells += [_csv_column(key, columns[index]) for index, key in enumerate(self.keys[1:], start=2)]
        self._encode('\r\n'.join(map(';'.join, zip(*cells, strict=True))) + '\r\n')
        self.rows += len(rows)

    def close(self) -> None:
        self._file.close()

    def discard(self) -> None:
        self._file.close()

    def _emit(self, lines: list[list[str]]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=';', lineterminator='\r\n').writerows(lines)
        self._encode(buffer.getvalue())

    def _encode(self, text: str) -> None:
        try:
            data = text.encode(self._encoding)
        except UnicodeEncodeError:
            self.replaced += sum(1 for char in text if ord(char) > 127 and not _encodable(char, self._encoding))
            data = text.encode(self._encoding, errors='replace')
        self._file.write(data)


def _csv_column(key: str, values: Sequence[Any]) -> list[str]:
    """One column's CSV fields, as csv.writer (';', minimal quoting) writes the neutralised text of each cell."""
    texts = values if set(map(type, values)) <= {str} and key != 'birth_date' else [_text(key, v) for v in values]
    if any(text[:1] in _RISKY_STARTS for text in texts):
        texts = [neutralize_cell(text) for text in texts]
    if any(mark in '\x00'.join(texts) for mark in _QUOTED_MARKS):
        return [_quoted(text) for text in texts]
    return list(texts)


def _csv_phone(e164: str) -> str:
    """csv_phone, with the Russian number's shape inlined (a million calls per export)."""
    if len(e164) == _ZONE_SEVEN_LENGTH and e164.startswith('+7') and e164[2:].isascii() and e164[2:].isdigit():
        return f'8 {e164[2:5]} {e164[5:8]}-{e164[8:10]}-{e164[10:]}'
    return csv_phone(e164)


def _quoted(text: str) -> str:
    if any(mark in text for mark in _QUOTED_MARKS):
        return '"' + text.replace('"', '""') + '"'
    return text


@lru_cache(maxsize=4096)
def _encodable(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
