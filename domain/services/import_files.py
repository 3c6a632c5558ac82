"""Reading subscriber files (XLSX, XLS, ODS, CSV, TXT): safety checks, a preview with guesses, streamed rows.

Synchronous on purpose: the import job runs these in a worker process, the preview in `run.io_bound`.
Every refusal is a DomainError whose code names what is wrong; details say where (sheet, row, size, limit).
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import python_calamine

from domain.errors import DomainError
from domain.fields import CUSTOM_FIELDS, STANDARD_FIELDS
from domain.import_rules import SINGLE_COLUMN, cell_text, detect_delimiter, detect_encoding, guess_mapping
from domain.import_rules import looks_like_header as header_guess
from domain.spreadsheet_safety import restore_cell

SPREADSHEETS = frozenset({'xlsx', 'xls', 'ods'})
TEXTS = frozenset({'csv', 'txt'})
MAX_COLUMNS = 200
MAX_UNPACKED_MB = 2000
MAX_RATIO = 200
TEXT_SAMPLE_BYTES = 1 << 20
ALL_FIELDS = tuple(str(f) for f in (*STANDARD_FIELDS, *CUSTOM_FIELDS) if f not in ('region', 'operator'))
_ZIP = (b'PK\x03\x04', b'PK\x05\x06')
_OLE2 = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'
_ZIP_MEMBERS = {'xlsx': 'xl/workbook.xml', 'ods': 'content.xml'}
_HEADER_PROBE_ROWS = 20
CHUNK_ROWS = 50_000
# the csv module refuses a longer field; such a line goes to it so that the refusal stays the same
_CSV_FIELD_LIMIT = csv.field_size_limit()


@dataclass(kw_only=True, slots=True, frozen=True)
class SheetPreview:
    """The first rows of one sheet as text, its width and the guessed field per column."""

    name: str
    rows: list[list[str]]
    column_count: int
    mapping: list[str | None]


@dataclass(kw_only=True, slots=True, frozen=True)
class FilePreview:
    """What the mapping window shows: the kind of file, the reading settings found, and every sheet."""

    kind: str
    encoding: str
    delimiter: str
    has_header: bool
    sheets: list[SheetPreview]


@dataclass(kw_only=True, slots=True, frozen=True)
class RowChunk:
    """Consecutive non-empty rows of one sheet: their numbers in the file and their cells, index for index."""

    sheet: str
    numbers: list[int]
    rows: list[list[str]]


@dataclass(kw_only=True, slots=True, frozen=True)
class RowItem:
    """One non-empty row: its sheet, its number as the user sees it in the file (from 1), its cells as text."""

    sheet: str
    row_number: int
    cells: list[str]


def max_file_bytes() -> int:
    """The upload size limit: IMPORT_MAX_MB megabytes (100 by default)."""
    return int(os.environ.get('IMPORT_MAX_MB', '100') or 100) * 1024 * 1024


def check_file(path: Path, *, filename: str) -> str:
    """The kind of a file ('xlsx', 'xls', 'ods', 'csv', 'txt') once it passes the safety checks, else DomainError."""
    kind = Path(filename).suffix.lower().lstrip('.')
    if kind not in SPREADSHEETS | TEXTS:
        raise DomainError('import_unsupported_format', extension=kind)
    size = path.stat().st_size
    if size == 0:
        raise DomainError('import_empty')
    if size > max_file_bytes():
        raise DomainError('import_too_large', size_mb=round(size / 2**20, 1), limit_mb=max_file_bytes() // 2**20)
    with path.open('rb') as file:
        head = file.read(8)
    if kind == 'xls':
        if head != _OLE2:
            raise DomainError('import_wrong_content', extension=kind)
    elif kind in _ZIP_MEMBERS:
        if head == _OLE2:
            raise DomainError('import_password_protected')
        if not head.startswith(_ZIP):
            raise DomainError('import_wrong_content', extension=kind)
        _check_zip(path, kind)
    elif head.startswith(_ZIP) or head == _OLE2:
        raise DomainError('import_wrong_content', extension=kind)
    elif not head.startswith((b'\xff\xfe', b'\xfe\xff')) and b'\x00' in _head(path, 1 << 16):
        raise DomainError('import_binary_garbage')
    return kind


def inspect_file(
    path: Path,
    *,
    filename: str,
    encoding: str | None = None,
    delimiter: str | None = None,
    has_header: bool | None = None,
    preview_rows: int = 10,
    enabled_fields: Sequence[str] = ALL_FIELDS,
    labels: Mapping[str, str] | None = None,
) -> FilePreview:
    """Check a file and show its first rows per sheet with guessed settings; given settings override guesses."""
    kind = check_file(path, filename=filename)
    if kind in TEXTS:
        encoding = encoding or detect_encoding(_head(path))
        delimiter = _text_delimiter(path, encoding) if delimiter is None else delimiter
    probe = max(preview_rows, _HEADER_PROBE_ROWS)
    raw = {
        name: _first_rows(path, kind, name, encoding or '', delimiter or '', probe)
        for name in sheet_names(path, kind=kind)
    }
    if has_header is None:
        first = next((rows for rows in raw.values() if rows), [])
        has_header = bool(first) and header_guess(first[0], first[1:])
    sheets = [
        _sheet_preview(name, rows, has_header, preview_rows, enabled_fields, labels) for name, rows in raw.items()
    ]
    return FilePreview(
        kind=kind, encoding=encoding or '', delimiter=delimiter or '', has_header=has_header, sheets=sheets
    )


def sheet_names(path: Path, *, kind: str) -> list[str]:
    """The sheets of a workbook in order; a text file has one sheet named ''."""
    if kind in TEXTS:
        return ['']
    with _workbook(path) as book:
        return list(book.sheet_names)


def iter_rows(
    path: Path, *, filename: str, sheet_names: Sequence[str], encoding: str, delimiter: str, has_header: bool
) -> Iterator[RowItem]:
    """Stream the non-empty data rows of the chosen sheets (the header row skipped), checking each row's width."""
    chunks = iter_chunks(
        path, filename=filename, sheet_names=sheet_names, encoding=encoding, delimiter=delimiter, has_header=has_header
    )
    for chunk in chunks:
        for number, cells in zip(chunk.numbers, chunk.rows, strict=True):
            yield RowItem(sheet=chunk.sheet, row_number=number, cells=cells)


def iter_chunks(
    path: Path,
    *,
    filename: str,
    sheet_names: Sequence[str],
    encoding: str,
    delimiter: str,
    has_header: bool,
    size: int = CHUNK_ROWS,
) -> Iterator[RowChunk]:
    """The rows iter_rows gives, in chunks of up to `size` rows of one sheet (no object per row)."""
    kind = check_file(path, filename=filename)
    for sheet in sheet_names:
        rows = _text_rows(path, encoding, delimiter) if kind in TEXTS else _sheet_rows(path, sheet)
        skip_header = has_header
        numbers: list[int] = []
        cells_of: list[list[str]] = []
        for number, cells in rows:
            if len(cells) > MAX_COLUMNS:
                raise DomainError('import_too_many_columns', sheet=sheet, row=number, limit=MAX_COLUMNS)
            if not any(cells):
                continue
            if skip_header:
                skip_header = False
                continue
            numbers.append(number)
            cells_of.append(cells)
            if len(numbers) == size:
                yield RowChunk(sheet=sheet, numbers=numbers, rows=cells_of)
                numbers, cells_of = [], []
        if numbers:
            yield RowChunk(sheet=sheet, numbers=numbers, rows=cells_of)


def estimate_rows(path: Path, *, kind: str, sheet_names: Sequence[str]) -> int:
    """A quick guess of the data rows: sheet heights, or file size over the average line of the first lines."""
    if kind in SPREADSHEETS:
        with _workbook(path) as book:
            return sum(book.get_sheet_by_name(name).total_height for name in sheet_names)
    head = _head(path, 1 << 16)
    lines = max(head.count(b'\n'), 1)
    return max(1, round(path.stat().st_size * lines / len(head)))


def _check_zip(path: Path, kind: str) -> None:
    """Refuse a truncated archive, a bomb (judged by the central directory alone) or a foreign package."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise DomainError('import_corrupt') from error
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_UNPACKED_MB * 2**20 or (unpacked > 50 * 2**20 and unpacked / packed > MAX_RATIO):
        raise DomainError('import_zip_bomb', unpacked_mb=unpacked // 2**20)
    if _ZIP_MEMBERS[kind] not in {member.filename for member in members}:
        raise DomainError('import_wrong_content', extension=kind)


class _Book:
    """A calamine workbook that closes itself and turns reader errors into DomainError codes."""

    def __init__(self, path: Path) -> None:
        try:
            self.book = python_calamine.CalamineWorkbook.from_path(str(path))
        except python_calamine.PasswordError as error:
            raise DomainError('import_password_protected') from error
        except Exception as error:  # calamine raises its own errors and plain ones for broken files
            raise DomainError('import_corrupt') from error

    def __enter__(self) -> python_calamine.CalamineWorkbook:
        return self.book

    def __exit__(self, *exc: object) -> None:
        self.book.close()


def _workbook(path: Path) -> _Book:
    return _Book(path)


def _sheet_rows(path: Path, sheet: str) -> Iterator[tuple[int, list[str]]]:
    with _workbook(path) as book:
        try:
            worksheet = book.get_sheet_by_name(sheet)
        except python_calamine.WorksheetNotFound as error:
            raise DomainError('import_sheet_missing', sheet=sheet) from error
        first_row = (worksheet.start or (0, 0))[0] + 1
        try:
            for offset, values in enumerate(worksheet.iter_rows()):
                yield first_row + offset, [cell_text(value) for value in values]
        except python_calamine.CalamineError as error:
            raise DomainError('import_corrupt', sheet=sheet) from error


def _text_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding=encoding, newline='') as file:
        try:
            yield from _text_lines(file, delimiter)
        except UnicodeDecodeError as error:
            raise DomainError('import_binary_garbage', encoding=encoding) from error
        except csv.Error as error:
            raise DomainError('import_corrupt') from error


def _text_lines(file: IO[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    if delimiter == SINGLE_COLUMN:
        for number, line in enumerate(file, start=1):
            if '\x00' in line:
                raise DomainError('import_binary_garbage', row=number)
            yield number, [line.strip()]
        return
    # A line without quotes is split at the delimiter, as the csv module would split it (every cell is stripped,
    # which also drops the line break); a line with a quote (or NUL, or a huge field) is read by the csv module,
    # which takes the further lines a quoted field spans from the same file. Row numbers count physical lines,
    # and a row spanning lines has the number of its last line, as csv's line_num gives it.
    source = _PushBack(file)
    reader = csv.reader(source, delimiter=delimiter)
    number = 0
    for line in file:
        number += 1
        quoted = '"' in line or '\x00' in line or len(line) > _CSV_FIELD_LIMIT
        if quoted:
            source.pending = line
            read_before = reader.line_num
            cells = next(reader, [])
            number += reader.line_num - read_before - 1
        else:
            cells = line.split(delimiter)
        stripped = [cell.strip() for cell in cells]
        # restore_cell drops the apostrophe our CSV export puts before formula-like text, so a round trip is exact
        if (quoted or "'" in line) and any(cell[:1] == "'" for cell in stripped):
            stripped = [restore_cell(cell) for cell in stripped]
        yield number, stripped


class _PushBack:
    """The lines of a file with one line put back in front: the csv reader's source for quoted rows."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file
        self.pending: str | None = None

    def __iter__(self) -> _PushBack:
        return self

    def __next__(self) -> str:
        line, self.pending = self.pending, None
        return next(self.file) if line is None else line


def _first_rows(path: Path, kind: str, sheet: str, encoding: str, delimiter: str, count: int) -> list[list[str]]:
    found: list[list[str]] = []
    rows = _text_rows(path, encoding, delimiter) if kind in TEXTS else _sheet_rows(path, sheet)
    for number, cells in rows:
        if len(cells) > MAX_COLUMNS:
            raise DomainError('import_too_many_columns', sheet=sheet, row=number, limit=MAX_COLUMNS)
        if any(cells):
            found.append(cells)
        if len(found) >= count:
            break
    return found


def _sheet_preview(
    name: str,
    rows: list[list[str]],
    has_header: bool,
    preview_rows: int,
    enabled: Sequence[str],
    labels: Mapping[str, str] | None,
) -> SheetPreview:
    header = rows[0] if has_header and rows else None
    body = rows[1:] if header is not None else rows
    mapping = guess_mapping(header, body, enabled, labels)
    width = len(mapping)
    return SheetPreview(name=name, rows=rows[:preview_rows], column_count=width, mapping=mapping)


def _text_delimiter(path: Path, encoding: str) -> str:
    text = _head(path).decode(encoding, errors='ignore')
    if '\x00' in text:
        raise DomainError('import_binary_garbage')
    return detect_delimiter(text)


def _head(path: Path, size: int = TEXT_SAMPLE_BYTES) -> bytes:
    with path.open('rb') as file:
        return file.read(size)
