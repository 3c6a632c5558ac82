"""Import jobs: a file into a phone base or the stop-list in a worker process, and pasted clipboard text.

A file import runs in a worker process (spawned, so it shares nothing with the event loop) that writes in ONE
transaction and sends back only counts. It reads, normalises and detects the rows chunk by chunk itself, or, for a
big file, a second process (the reader) does that and sends the chunks through a pipe, so that on two cores the
reading of a chunk overlaps the writing of the one before. Cancelling kills both before the transaction commits,
so the base stays exactly as it was; an error in either comes back as its DomainError code.

Clipboard names: one word is a first name ('89161234567 Иван'), more words read as 'Фамилия Имя Отчество'.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import logging
import multiprocessing
import queue
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnProcess
from pathlib import Path
from typing import Any, NamedTuple

from tortoise import Tortoise, connections

from config import load_settings
from domain.errors import DomainError
from domain.import_rules import parse_clipboard
from domain.phones import normalize_phones
from domain.services.import_files import RowChunk, check_file, estimate_rows, iter_chunks
from domain.services.import_store import (
    ImportResult,
    InvalidRow,
    Prepared,
    check_mapping,
    prepare_chunks,
    store_stop_list,
    store_subscribers,
)
from domain.services.numbering import current_table
from storage.db import tortoise_config
from storage.subscribers import finish_bulk_insert, prepare_bulk_insert

__all__ = ['ImportJob', 'ImportProgress', 'ImportRequest', 'ImportResult', 'InvalidRow', 'start_import']
log = logging.getLogger(__name__)
PHASES = ('starting', 'reading', 'saving', 'finished')
_POLL_SECONDS = 0.05
_CONTEXT = multiprocessing.get_context('spawn')
_PHONE_LIKE = re.compile(r'[+\-]?[\d\s()\-]*')
_STOP_SECONDS = 10
# With the other core free a reader process saves a quarter (1,000,000 CSV rows: 9.4 s instead of 12.4 s; 200,000
# XLSX rows: 3.5 s instead of 4.5 s); with both cores busy it saves nothing and costs a second interpreter. A file
# below this size (some 80,000 CSV rows) is read by the worker itself.
READER_MIN_BYTES = 4 * 2**20
_READER_EXIT_SECONDS = 1


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
class ClipboardEntry:
    """One pasted entry as the import reads it: the number it stores (E.164, '' if refused) or why it refuses it.

    repeat marks a number that an earlier entry already has: the import stores each number once.
    """

    place: int
    raw: str
    phone: str
    name: str
    reason_code: str
    repeat: bool


@dataclass(kw_only=True, slots=True, frozen=True)
class ClipboardCheck:
    """The check window before a clipboard import: valid unique numbers, repeats, refused entries, every entry."""

    valid: int
    duplicates: int
    invalid: list[InvalidRow]
    entries: list[ClipboardEntry]


class ImportJob:
    """A running file import: poll progress(), cancel(), await result()."""

    def __init__(self, process: SpawnProcess, answers: Any, counters: Any, reader: SpawnProcess | None = None) -> None:
        self._process = process
        self._reader = reader
        self._answers = answers
        self._counters = counters
        self._cancelled = False

    def progress(self) -> ImportProgress:
        """Rows read, estimated total and phase, read from the worker's shared counters."""
        rows, total, phase = self._counters[:]
        return ImportProgress(rows_read=rows, total_estimate=max(total, rows), phase=PHASES[phase])

    def cancel(self) -> None:
        """Stop the worker (and the reader); its transaction never commits, so nothing of the import is stored."""
        self._cancelled = True
        for process in self._processes():
            if process.is_alive():
                process.terminate()
        for process in self._processes():
            process.join(timeout=_STOP_SECONDS)

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
            await asyncio.to_thread(self._stop_reader)
            if answer[0] == 'ok':
                # the worker still checkpoints (SQLite) after a stored import: reaped in the background
                asyncio.get_running_loop().run_in_executor(None, self._process.join)
            else:
                await asyncio.to_thread(self._process.join)
            return _unpack(answer)

    def _after_exit(self) -> ImportResult:
        self._stop_reader()
        try:
            return _unpack(self._answers.get(timeout=1))
        except queue.Empty:
            pass
        raise DomainError('import_cancelled' if self._cancelled else 'import_failed')

    def _processes(self) -> list[SpawnProcess]:
        return [self._process] if self._reader is None else [self._process, self._reader]

    def _stop_reader(self) -> None:
        """The worker has ended, so the reader has nothing left to do: it is given a moment to exit, then stopped."""
        if self._reader is None:
            return
        self._reader.join(timeout=_READER_EXIT_SECONDS)
        if self._reader.is_alive():
            self._reader.terminate()
            self._reader.join(timeout=_STOP_SECONDS)


def start_import(request: ImportRequest, *, database_url: str | None = None) -> ImportJob:
    """Check the file and the mapping here, then start the worker process that imports it (and a big file's reader)."""
    check_file(request.path, filename=request.filename)
    check_mapping(request.mapping)
    answers = _CONTEXT.Queue()
    counters = _CONTEXT.Array('q', [0, 0, 0])
    url = database_url or _database_url()
    if request.base_id is None or request.path.stat().st_size < READER_MIN_BYTES:
        process = _CONTEXT.Process(target=run_worker, args=(request, url, answers, counters), daemon=True)
        process.start()
        return ImportJob(process, answers, counters)
    inbox, outbox = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=run_worker, args=(request, url, answers, counters, inbox), daemon=True)
    reader = _CONTEXT.Process(target=run_reader, args=(request, outbox), daemon=True)
    process.start()
    reader.start()
    # each child holds its own end now; without ours, the death of one shows the other a closed pipe
    inbox.close()
    outbox.close()
    return ImportJob(process, answers, counters, reader)


def run_worker(
    request: ImportRequest, database_url: str, answers: Any, counters: Any, inbox: Connection | None = None
) -> None:
    """The worker process's entry: import, then put ('ok', result) or ('error', code, details) on the queue.

    With an inbox the prepared chunks come from the reader process; without one the worker reads the file.
    """
    try:
        asyncio.run(_import_in_worker(request, database_url, counters, inbox, answers.put))
    except DomainError as error:
        answers.put(('error', error.code, error.details))
    except Exception as error:  # the parent needs an answer whatever broke; the log keeps the trace
        log.exception('import worker failed')
        answers.put(('error', 'import_failed', {'reason': f'{type(error).__name__}: {error}'}))


def run_reader(request: ImportRequest, outbox: Connection) -> None:
    """The reader process's entry: send ('chunk', Prepared) per chunk, then ('end',) or ('error', code, details)."""
    try:
        for prepared in prepare_chunks(_file_chunks(request), request.mapping, current_table()):
            outbox.send(('chunk', prepared))
        outbox.send(('end',))
    except (BrokenPipeError, ConnectionResetError):
        return  # the worker is gone (cancelled, or failed and said so itself)
    except DomainError as error:
        _tell(outbox, ('error', error.code, error.details))
    except Exception as error:  # the worker needs an answer whatever broke; the log keeps the trace
        log.exception('import reader failed')
        _tell(outbox, ('error', 'import_failed', {'reason': f'{type(error).__name__}: {error}'}))
    finally:
        outbox.close()


def check_clipboard(text: str) -> ClipboardCheck:
    """Read pasted text as the import will: each entry, and the counts of the window «Загрузка номеров»."""
    parsed = parse_clipboard(text)
    batch = normalize_phones([raw for raw, _ in parsed])
    seen: set[str] = set()
    entries: list[ClipboardEntry] = []
    for place, ((raw, name), phone, reason) in enumerate(zip(parsed, batch.e164, batch.reasons, strict=True), start=1):
        code = f'phone_{reason.value}' if reason is not None else ''
        repeat = phone is not None and phone in seen
        if phone is not None:
            seen.add(phone)
        entries.append(
            ClipboardEntry(place=place, raw=raw, phone=phone or '', name=name, reason_code=code, repeat=repeat)
        )
    invalid = [
        InvalidRow(sheet='', row_number=entry.place, raw=entry.raw, reason_code=entry.reason_code)
        for entry in entries
        if entry.reason_code
    ]
    repeats = sum(entry.repeat for entry in entries)
    return ClipboardCheck(valid=len(seen), duplicates=repeats, invalid=invalid, entries=entries)


async def import_clipboard(*, account_id: int, base_id: int | None, text: str, comment: str = '') -> ImportResult:
    """Import pasted numbers (and names) in-process, in one transaction; base_id None means the stop-list."""
    entries = parse_clipboard(text)
    numbers = list(range(1, len(entries) + 1))
    if base_id is None:
        chunk = RowChunk(sheet='', numbers=numbers, rows=[[raw, name] for raw, name in entries])
        return await store_stop_list(
            account_id=account_id, chunks=[chunk], mapping=['phone', None], comment=comment, report=_ignore
        )
    chunk = RowChunk(sheet='', numbers=numbers, rows=[_named(raw, name) for raw, name in entries])
    prepared = prepare_chunks([chunk], ['phone', 'fio', 'first_name'], current_table())
    return await store_subscribers(account_id=account_id, base_id=base_id, chunks=prepared, report=_ignore)


def invalid_rows_csv(result: ImportResult) -> bytes:
    """The refused rows as a CSV for Excel (UTF-8 with BOM, ';'): sheet, row, value, reason code."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=';', lineterminator='\r\n')
    writer.writerow(['sheet', 'row', 'value', 'reason'])
    for row in result.invalid:
        writer.writerow([row.sheet, row.row_number, _inert(row.raw), row.reason_code])
    return buffer.getvalue().encode('utf-8-sig')


async def _import_in_worker(
    request: ImportRequest, database_url: str, counters: Any, inbox: Connection | None, answer: Callable[[Any], None]
) -> None:
    kind = check_file(request.path, filename=request.filename)
    counters[1] = estimate_rows(request.path, kind=kind, sheet_names=request.sheet_names or [''])
    counters[2] = PHASES.index('reading')

    def report(read: int) -> None:
        counters[0] = read
        counters[2] = PHASES.index('saving')

    await Tortoise.init(config=tortoise_config(database_url))
    try:
        if request.base_id is None:
            result = await store_stop_list(
                account_id=request.account_id, chunks=_file_chunks(request), mapping=request.mapping,
                comment=request.comment, report=report,
            )  # fmt: skip
        else:
            await prepare_bulk_insert(connections.get('default'))  # this process's own connection
            chunks = (
                _received(inbox)
                if inbox is not None
                else prepare_chunks(_file_chunks(request), request.mapping, current_table())
            )
            result = await store_subscribers(
                account_id=request.account_id, base_id=request.base_id, chunks=chunks, report=report
            )
        counters[2] = PHASES.index('finished')
        answer(('ok', result))
        await _after_answer(request)
    finally:
        await Tortoise.close_connections()


async def _after_answer(request: ImportRequest) -> None:
    """The housekeeping of a stored import that nobody needs to wait for (the SQLite checkpoint of its commit)."""
    if request.base_id is None:
        return
    try:
        await finish_bulk_insert(connections.get('default'))
    except Exception:  # the import is stored and answered; the next commit of the app checkpoints instead
        log.exception('checkpoint after an import failed')


def _file_chunks(request: ImportRequest) -> Iterator[RowChunk]:
    return iter_chunks(
        request.path,
        filename=request.filename,
        sheet_names=request.sheet_names or [''],
        encoding=request.encoding,
        delimiter=request.delimiter,
        has_header=request.has_header,
    )


def _received(inbox: Connection) -> Iterator[Prepared]:
    """The reader's chunks; its error is raised here, inside the worker's transaction, so nothing is stored.

    recv blocks this process's event loop on purpose: meanwhile the driver's thread writes the previous chunk.
    """
    while True:
        try:
            message = inbox.recv()
        except EOFError as error:
            raise DomainError('import_failed', reason='the reader process ended without an answer') from error
        if message[0] == 'end':
            return
        if message[0] == 'error':
            raise DomainError(message[1], **message[2])
        prepared: Prepared = message[1]
        yield prepared


def _tell(outbox: Connection, message: tuple[Any, ...]) -> None:
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        outbox.send(message)


def _unpack(answer: tuple[Any, ...]) -> ImportResult:
    if answer[0] == 'ok':
        result: ImportResult = answer[1]
        return result
    raise DomainError(answer[1], **answer[2])


def _named(raw: str, name: str) -> list[str]:
    # a single word after a number is what people call someone by: the first name
    return [raw, '', name] if len(name.split()) == 1 else [raw, name, '']


def _inert(text: str) -> str:
    """A value that no spreadsheet runs as a formula (a phone-like '+7 916...' stays as typed)."""
    if text[:1] in ('=', '@', '\t', '\r') or (text[:1] in ('+', '-') and not _PHONE_LIKE.fullmatch(text)):
        return "'" + text
    return text


def _database_url() -> str:
    return load_settings().database_url


def _ignore(_read: int) -> None:
    return None
