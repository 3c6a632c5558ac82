"""The storing half of an import: rows of a file turned into subscribers or stop-list entries in ONE transaction.

Two steps. prepare_chunks normalises, checks and detects chunks of rows and needs no database: the worker runs it
itself, or a reader process next to it for a big file. store_subscribers, in the worker (and in-process for
clipboard text), tells the prepared numbers apart as new (plain INSERT), known to the base (updated with the
non-empty new values) or repeated from an earlier chunk of the same file (merged, counted as duplicates) and
writes them; the next chunk is prepared while the driver writes the previous one. Chunks keep memory flat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.errors import DomainError, NotFound
from domain.fields import CUSTOM_FIELDS
from domain.import_rules import FIO, split_fio
from domain.numbering import NumberingTable
from domain.services import stoplist
from domain.services.import_columns import Columns, column_rows, fits_fast_path, prepare_columns
from domain.services.import_files import CHUNK_ROWS, RowChunk
from domain.services.subscriber_input import SubscriberInput, merge_values, parse_birth_date, prepare_bulk
from storage import subscriber_queries as queries
from storage import subscribers as store
from storage.models import PhoneBase, StopListEntry

CHUNK = CHUNK_ROWS
MAPPABLE = frozenset({'phone', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', FIO, *CUSTOM_FIELDS})
Report = Callable[[int], None]


@dataclass(kw_only=True, slots=True, frozen=True)
class InvalidRow:
    """A row that was not imported: sheet ('' for text), row number in the file, the raw phone and a reason code."""

    sheet: str
    row_number: int
    raw: str
    reason_code: str


@dataclass(kw_only=True, slots=True, frozen=True)
class ImportResult:
    """What an import did: new subscribers, updated ones, repeats within the file, refused rows, stop-listed numbers."""

    imported: int
    updated: int
    duplicates_in_file: int
    invalid: list[InvalidRow]
    in_stop_list: int


class Prepared(NamedTuple):
    """One chunk of rows normalised and detected: the column path's columns, or the row path's merged values.

    A tuple, so that it crosses the pipe from a reader process cheaply.
    """

    rows_read: int
    columns: Columns | None  # every row valid and every number distinct within the chunk
    rows: list[dict[str, Any]]  # else: the valid rows' values, repeats within the chunk merged
    duplicates: int  # repeats merged within the chunk
    invalid: list[InvalidRow]


@dataclass(kw_only=True, slots=True)
class _Plan:
    fresh: list[dict[str, Any]] = field(default_factory=list)
    again: list[dict[str, Any]] = field(default_factory=list)
    columns: Columns | None = None  # the column path's new rows, instead of fresh


@dataclass(kw_only=True, slots=True)
class _Tally:
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    in_stop_list: int = 0
    rows_read: int = 0
    invalid: list[InvalidRow] = field(default_factory=list)

    def result(self) -> ImportResult:
        return ImportResult(
            imported=self.imported,
            updated=self.updated,
            duplicates_in_file=self.duplicates,
            invalid=self.invalid,
            in_stop_list=self.in_stop_list,
        )


def check_mapping(mapping: Sequence[str | None]) -> None:
    """Refuse a mapping without a phone column, with unknown keys, or with a field on two columns."""
    keys = [key for key in mapping if key is not None]
    unknown = [key for key in keys if key not in MAPPABLE]
    if unknown:
        raise DomainError('field_unknown', field=unknown[0])
    if 'phone' not in keys:
        raise DomainError('import_no_phone_column')
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise DomainError('import_mapping_duplicate', field=repeated[0])


def prepare_chunks(
    chunks: Iterable[RowChunk], mapping: Sequence[str | None], table: NumberingTable
) -> Iterator[Prepared]:
    """Each chunk normalised, checked and detected (no database); a mapping without a phone column is refused."""
    check_mapping(mapping)
    return (prepare_chunk(chunk, mapping, table) for chunk in chunks)


def prepare_chunk(chunk: RowChunk, mapping: Sequence[str | None], table: NumberingTable) -> Prepared:
    """One chunk by the column path when all its rows are valid and distinct, else by the row path."""
    if fits_fast_path(mapping):
        columns = prepare_columns(chunk.rows, mapping, table)
        if columns is not None:
            return Prepared(rows_read=len(chunk.rows), columns=columns, rows=[], duplicates=0, invalid=[])
    inputs: list[SubscriberInput] = []
    positions: list[int] = []
    invalid: list[InvalidRow] = []
    for position, cells in enumerate(chunk.rows):
        try:
            inputs.append(row_input(cells, mapping))
            positions.append(position)
        except DomainError as error:
            invalid.append(_invalid(chunk, position, _phone_text(cells, mapping), error.code))
    prepared = prepare_bulk(inputs, table)
    invalid += [_invalid(chunk, positions[index], raw, code) for index, raw, code in prepared.invalid]
    return Prepared(
        rows_read=len(chunk.rows), columns=None, rows=prepared.rows, duplicates=prepared.duplicates, invalid=invalid
    )


async def store_subscribers(
    *, account_id: int, base_id: int, chunks: Iterable[Prepared], report: Report
) -> ImportResult:
    """Store prepared chunks into a base in one transaction; report(rows_read) after every chunk."""
    tally = _Tally()
    async with in_transaction() as conn:
        if not await PhoneBase.exists(id=base_id, account_id=account_id):
            raise NotFound('base')
        known = await queries.phones_of(conn, base_id=base_id)
        stopped = {str(p) for p in await StopListEntry.filter(account_id=account_id).values_list('phone', flat=True)}
        seen: set[str] = set()
        writing: asyncio.Future[None] | None = None
        try:
            # the next chunk is prepared (by iterating `chunks` here, or in a reader process) while the driver
            # writes this one in its own thread (SQLite) or on the server
            for prepared in chunks:
                plan = _plan(prepared, known, seen, stopped, tally)
                if writing is not None:
                    await writing
                writing = asyncio.ensure_future(_write(conn, base_id, plan))
                await asyncio.sleep(0)
                report(tally.rows_read)
        except BaseException:
            if writing is not None:  # the rollback must not start while the driver still writes
                await asyncio.gather(writing, return_exceptions=True)
            raise
        if writing is not None:
            await writing
        await store.add_to_count(conn, base_id=base_id, delta=tally.imported)
    return tally.result()


async def store_stop_list(
    *, account_id: int, chunks: Iterable[RowChunk], mapping: Sequence[str | None], comment: str, report: Report
) -> ImportResult:
    """Put the phone column of the rows on the account's stop-list in one transaction."""
    check_mapping(mapping)
    column = list(mapping).index('phone')
    tally = _Tally()
    async with in_transaction():
        for chunk in chunks:
            raws = [cells[column] if column < len(cells) else '' for cells in chunk.rows]
            added = await stoplist.add_many(account_id=account_id, raw_phones=raws, comment=comment)
            tally.imported += added.added
            tally.duplicates += added.duplicates
            tally.invalid += [_invalid(chunk, bad.position, bad.raw, f'phone_{bad.reason}') for bad in added.invalid]
            tally.rows_read += len(chunk.rows)
            report(tally.rows_read)
    return tally.result()


def row_input(cells: Sequence[str], mapping: Sequence[str | None]) -> SubscriberInput:
    """One row as a typed subscriber by the column mapping ('fio' splits into three names); bad dates raise."""
    values: dict[str, object] = {}
    notes: dict[str, str] = {}
    for key, text in zip(mapping, cells, strict=False):
        if key is None:
            continue
        if key == FIO:
            values['last_name'], values['first_name'], values['middle_name'] = split_fio(text)
        elif key == 'birth_date':
            values['birth_date'] = parse_birth_date(text)
        elif key.startswith('note'):
            notes[key] = text
        elif text or key not in values:  # an empty cell never clears what the 'fio' column gave
            values[key] = text
    values.setdefault('phone', '')
    return SubscriberInput(**values, notes=notes)  # type: ignore[arg-type]


def _plan(prepared: Prepared, known: set[str], seen: set[str], stopped: set[str], tally: _Tally) -> _Plan:
    tally.rows_read += prepared.rows_read
    tally.invalid += prepared.invalid
    tally.duplicates += prepared.duplicates
    columns = prepared.columns
    if columns is not None:
        phones = columns['phone']
        if seen.isdisjoint(phones) and known.isdisjoint(phones):
            seen.update(phones)
            tally.imported += len(phones)
            tally.in_stop_list += len(stopped.intersection(phones)) if stopped else 0
            return _Plan(columns=columns)
    plan = _Plan()
    for values in prepared.rows if columns is None else column_rows(columns):
        phone = values['phone']
        if phone in seen:
            tally.duplicates += 1
            plan.again.append(values)
            continue
        seen.add(phone)
        tally.in_stop_list += phone in stopped
        if phone in known:
            tally.updated += 1
            plan.again.append(values)
        else:
            tally.imported += 1
            plan.fresh.append(values)
    return plan


async def _write(conn: BaseDBAsyncClient, base_id: int, plan: _Plan) -> None:
    # one statement call per chunk, so the driver works through it without coming back to the busy event loop
    # not atomic: any error rolls the whole import back
    if plan.columns is not None:
        await store.insert_columns(conn, base_id=base_id, columns=plan.columns, batch=CHUNK, atomic=False)
    await store.insert_rows(conn, base_id=base_id, rows=plan.fresh, batch=CHUNK, atomic=False)
    if plan.again:
        stored = await queries.existing(conn, base_id=base_id, phones=[values['phone'] for values in plan.again])
        await store.upsert(conn, base_id=base_id, rows=[merge_values(stored[v['phone']], v) for v in plan.again])


def _invalid(chunk: RowChunk, position: int, raw: str, code: str) -> InvalidRow:
    return InvalidRow(sheet=chunk.sheet, row_number=chunk.numbers[position], raw=raw, reason_code=code)


def _phone_text(cells: Sequence[str], mapping: Sequence[str | None]) -> str:
    column = list(mapping).index('phone')
    return cells[column] if column < len(cells) else ''
