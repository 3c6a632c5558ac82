"""Import jobs: a file into a phone base or the stop-list in a worker process, and pasted clipboard text.

A file import runs in its own process (spawned, so it shares nothing with the event loop): it reads, normalises,
detects and writes in ONE transaction, and sends back only counts. Cancelling kills the process before the
transaction commits, so the base stays exactly as it was; an error in the worker comes back as its DomainError code.

Clipboard names: one word is a first name ('89161234567 Иван'), more words read as 'Фамилия Имя Отчество'.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import multiprocessing
import queue
import re
from dataclasses import dataclass
from multiprocessing.context import SpawnProcess
from pathlib import Path
from typing import Any, NamedTuple

from tortoise import Tortoise

from config import load_settings
from domain.errors import DomainError
from domain.import_rules import parse_clipboard
from domain.phones import normalize_phones
from domain.services.import_files import RowItem, check_file, estimate_rows, iter_rows
from domain.services.import_store import ImportResult, InvalidRow, check_mapping, store_stop_list, store_subscribers
from domain.services.numbering import current_table
from storage.db import tortoise_config

__all__ = ['ImportJob', 'ImportProgress', 'ImportRequest', 'ImportResult', 'InvalidRow', 'start_import']
log = logging.getLogger(__name__)
PHASES = ('starting', 'reading', 'saving', 'finished')
_POLL_SECONDS = 0.05
_CONTEXT = multiprocessing.get_context('spawn')
_PHONE_LIKE = re.compile(r'[+\-]?[\d\s()\-]*')


@dataclass(kw_only=True, slots=True, frozen=True)
class ImportRequest:
    """What to import: the file, its reading settings and one field key (or 'fio', or None) per column.

    base_id None imports into the account's stop-list (only the phone column counts; comment goes on every entry).
    The mapping applies to every chosen sheet.
    """

    account_id: int
    base_id: int | None
    path: Path
    filename: str
    sheet_names: list[str]
    encoding: str
    delimiter: str
    has_header: bool
    mapping: list[str | None]
    comment: str = ''


class ImportProgress(NamedTuple):
    """Rows read so far, the estimated total and the phase ('starting', 'reading', 'saving', 'finished')."""

    rows_read: int
    total_estimate: int
    phase: str


@dataclass(kw_only=True, slots=True, frozen=True)
class ClipboardCheck:
    """The check window before a clipboard import: valid unique numbers, repeats and refused entries."""

    valid: int
    duplicates: int
    invalid: list[InvalidRow]


class ImportJob:
    """A running file import: poll progress(), cancel(), await result()."""

    def __init__(self, process: SpawnProcess, answers: Any, counters: Any) -> None:
        self._process = process
        self._answers = answers
        self._counters = counters
        self._cancelled = False

    def progress(self) -> ImportProgress:
        """Rows read, estimated total and phase, read from the worker's shared counters."""
        rows, total, phase = self._counters[:]
        return ImportProgress(rows_read=rows, total_estimate=max(total, rows), phase=PHASES[phase])

    def cancel(self) -> None:
        """Stop the worker; its transaction never commits, so nothing of the import is stored."""
        self._cancelled = True
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)

    @property
    def running(self) -> bool:
        """True while the worker process lives."""
        return self._process.is_alive()

    async def result(self) -> ImportResult:
        """Wait for the worker: its ImportResult, or the DomainError it ended with ('import_cancelled' if cancelled)."""
        while True:
            try:
                answer = self._answers.get_nowait()
            except queue.Empty:
                if not self._process.is_alive():
                    return self._after_exit()
                await asyncio.sleep(_POLL_SECONDS)
                continue
            await asyncio.to_thread(self._process.join)
            return _unpack(answer)

    def _after_exit(self) -> ImportResult:
        try:
            return _unpack(self._answers.get(timeout=1))
        except queue.Empty:
            pass
        raise DomainError('import_cancelled' if self._cancelled else 'import_failed')


def start_import(request: ImportRequest, *, database_url: str | None = None) -> ImportJob:
    """Check the file and the mapping here, then start the worker process that imports it."""
    check_file(request.path, filename=request.filename)
    check_mapping(request.mapping)
    answers = _CONTEXT.Queue()
    counters = _CONTEXT.Array('q', [0, 0, 0])
    process = _CONTEXT.Process(
        target=run_worker, args=(request, database_url or _database_url(), answers, counters), daemon=True
    )
    process.start()
    return ImportJob(process, answers, counters)


def run_worker(request: ImportRequest, database_url: str, answers: Any, counters: Any) -> None:
    """The worker process's entry: import, then put ('ok', result) or ('error', code, details) on the queue."""
    try:
        answers.put(('ok', asyncio.run(_import_in_worker(request, database_url, counters))))
    except DomainError as error:
        answers.put(('error', error.code, error.details))
    except Exception as error:  # the parent needs an answer whatever broke; the log keeps the trace
        log.exception('import worker failed')
        answers.put(('error', 'import_failed', {'reason': f'{type(error).__name__}: {error}'}))


def check_clipboard(text: str) -> ClipboardCheck:
    """Count the valid, repeated and refused numbers of pasted text (the window «Проверяем и нажимаем Загрузить»)."""
    entries = parse_clipboard(text)
    batch = normalize_phones([raw for raw, _ in entries])
    invalid = [
        InvalidRow(sheet='', row_number=index, raw=raw, reason_code=f'phone_{reason.value}')
        for index, ((raw, _), reason) in enumerate(zip(entries, batch.reasons, strict=True), start=1)
        if reason is not None
    ]
    accepted = [phone for phone in batch.e164 if phone is not None]
    unique = len(set(accepted))
    return ClipboardCheck(valid=unique, duplicates=len(accepted) - unique, invalid=invalid)


async def import_clipboard(*, account_id: int, base_id: int | None, text: str, comment: str = '') -> ImportResult:
    """Import pasted numbers (and names) in-process, in one transaction; base_id None means the stop-list."""
    rows = [
        RowItem(sheet='', row_number=index, cells=[raw, name])
        for index, (raw, name) in enumerate(parse_clipboard(text), start=1)
    ]
    if base_id is None:
        return await store_stop_list(
            account_id=account_id, rows=rows, mapping=['phone', None], comment=comment, report=_ignore
        )
    rows = [_named(row) for row in rows]
    return await store_subscribers(
        account_id=account_id,
        base_id=base_id,
        rows=rows,
        mapping=['phone', 'fio', 'first_name'],
        table=current_table(),
        report=_ignore,
    )


def invalid_rows_csv(result: ImportResult) -> bytes:
    """The refused rows as a CSV for Excel (UTF-8 with BOM, ';'): sheet, row, value, reason code."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=';', lineterminator='\r\n')
    writer.writerow(['sheet', 'row', 'value', 'reason'])
    for row in result.invalid:
        writer.writerow([row.sheet, row.row_number, _inert(row.raw), row.reason_code])
    return buffer.getvalue().encode('utf-8-sig')


async def _import_in_worker(request: ImportRequest, database_url: str, counters: Any) -> ImportResult:
    kind = check_file(request.path, filename=request.filename)
    counters[1] = estimate_rows(request.path, kind=kind, sheet_names=request.sheet_names or [''])
    counters[2] = PHASES.index('reading')
    rows = iter_rows(
        request.path,
        filename=request.filename,
        sheet_names=request.sheet_names or [''],
        encoding=request.encoding,
        delimiter=request.delimiter,
        has_header=request.has_header,
    )

    def report(read: int) -> None:
        counters[0] = read
        counters[2] = PHASES.index('saving')

    await Tortoise.init(config=tortoise_config(database_url))
    try:
        if request.base_id is None:
            result = await store_stop_list(
                account_id=request.account_id, rows=rows, mapping=request.mapping, comment=request.comment,
                report=report,
            )  # fmt: skip
        else:
            result = await store_subscribers(
                account_id=request.account_id, base_id=request.base_id, rows=rows, mapping=request.mapping,
                table=current_table(), report=report,
            )  # fmt: skip
    finally:
        await Tortoise.close_connections()
    counters[2] = PHASES.index('finished')
    return result


def _unpack(answer: tuple[Any, ...]) -> ImportResult:
    if answer[0] == 'ok':
        result: ImportResult = answer[1]
        return result
    raise DomainError(answer[1], **answer[2])


def _named(row: RowItem) -> RowItem:
    raw, name = row.cells
    # a single word after a number is what people call someone by: the first name
    cells = [raw, '', name] if len(name.split()) == 1 else [raw, name, '']
    return RowItem(sheet=row.sheet, row_number=row.row_number, cells=cells)


def _inert(text: str) -> str:
    """A value that no spreadsheet runs as a formula (a phone-like '+7 916...' stays as typed)."""
    if text[:1] in ('=', '@', '\t', '\r') or (text[:1] in ('+', '-') and not _PHONE_LIKE.fullmatch(text)):
        return "'" + text
    return text


def _database_url() -> str:
    return load_settings().database_url


def _ignore(_read: int) -> None:
    return None
