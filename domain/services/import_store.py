"""The storing half of an import: rows of a file turned into subscribers or stop-list entries in ONE transaction.

Runs inside the import worker process (and in-process for clipboard text). Rows are handled in chunks so memory
stays flat; numbers are told apart as new (plain INSERT), known to the base (updated with the non-empty new values)
or repeated from an earlier chunk of the same file (merged, counted as duplicates).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.errors import DomainError, NotFound
from domain.fields import CUSTOM_FIELDS
from domain.import_rules import FIO, split_fio
from domain.numbering import NumberingTable
from domain.services import stoplist
from domain.services.import_columns import Columns, fits_fast_path, prepare_columns
from domain.services.import_files import RowItem
from domain.services.subscriber_input import SubscriberInput, merge_values, parse_birth_date, prepare_bulk
from storage import subscriber_queries as queries
from storage import subscribers as store
from storage.models import PhoneBase, StopListEntry

CHUNK = 50_000
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


async def store_subscribers(
    *, account_id: int, base_id: int, rows: Iterable[RowItem], mapping: Sequence[str | None], table: NumberingTable,
    report: Report,
) -> ImportResult:  # fmt: skip
    """Import rows into a base in one transaction; report(rows_read) after every chunk."""
    check_mapping(mapping)
    tally = _Tally()
    async with in_transaction() as conn:
        if not await PhoneBase.exists(id=base_id, account_id=account_id):
            raise NotFound('base')
        known = await queries.phones_of(conn, base_id=base_id)
        stopped = {str(p) for p in await StopListEntry.filter(account_id=account_id).values_list('phone', flat=True)}
        seen: set[str] = set()
        writing: asyncio.Future[None] | None = None
        for chunk in _chunks(rows):
            plan = _plan(chunk, mapping, table, known, seen, stopped, tally)
            if writing is not None:
                await writing
            # the driver writes this chunk in its own thread (SQLite) or on the server while the next one is parsed
            writing = asyncio.ensure_future(_write(conn, base_id, plan))
            await asyncio.sleep(0)
            report(tally.rows_read)
        if writing is not None:
            await writing
        await store.add_to_count(conn, base_id=base_id, delta=tally.imported)
    return tally.result()


async def store_stop_list(
    *, account_id: int, rows: Iterable[RowItem], mapping: Sequence[str | None], comment: str, report: Report
) -> ImportResult:
    """Put the phone column of the rows on the account's stop-list in one transaction."""
    check_mapping(mapping)
    column = list(mapping).index('phone')
    tally = _Tally()
    async with in_transaction():
        for chunk in _chunks(rows):
            raws = [row.cells[column] if column < len(row.cells) else '' for row in chunk]
            added = await stoplist.add_many(account_id=account_id, raw_phones=raws, comment=comment)
            tally.imported += added.added
            tally.duplicates += added.duplicates
            tally.invalid += [_invalid(chunk[bad.position], bad.raw, f'phone_{bad.reason}') for bad in added.invalid]
            tally.rows_read += len(chunk)
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


def _plan(
    chunk: list[RowItem], mapping: Sequence[str | None], table: NumberingTable, known: set[str], seen: set[str],
    stopped: set[str], tally: _Tally,
) -> _Plan:  # fmt: skip
    columns = _plan_columns(chunk, mapping, table, known, seen)
    if columns is not None:
        phones = columns['phone']
        seen.update(phones)
        tally.rows_read += len(chunk)
        tally.imported += len(phones)
        tally.in_stop_list += len(stopped.intersection(phones)) if stopped else 0
        return _Plan(columns=columns)
    inputs, items = [], []
    for item in chunk:
        try:
            inputs.append(row_input(item.cells, mapping))
            items.append(item)
        except DomainError as error:
            tally.invalid.append(_invalid(item, _phone_text(item, mapping), error.code))
    prepared = prepare_bulk(inputs, table)
    tally.invalid += [_invalid(items[index], raw, code) for index, raw, code in prepared.invalid]
    tally.duplicates += prepared.duplicates
    tally.rows_read += len(chunk)
    plan = _Plan()
    for values in prepared.rows:
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


def _plan_columns(
    chunk: list[RowItem], mapping: Sequence[str | None], table: NumberingTable, known: set[str], seen: set[str]
) -> Columns | None:
    """The chunk by the column path when all its rows are new, valid and distinct; None sends it down the row path."""
    if not fits_fast_path(mapping):
        return None
    columns = prepare_columns([item.cells for item in chunk], mapping, table)
    if columns is None or not seen.isdisjoint(columns['phone']) or not known.isdisjoint(columns['phone']):
        return None
    return columns


async def _write(conn: BaseDBAsyncClient, base_id: int, plan: _Plan) -> None:
    # one statement call per chunk, so the driver works through it without coming back to the busy event loop
    if plan.columns is not None:
        await store.insert_columns(conn, base_id=base_id, columns=plan.columns, batch=CHUNK)
    await store.insert_rows(conn, base_id=base_id, rows=plan.fresh, batch=CHUNK)
    if plan.again:
        stored = await queries.existing(conn, base_id=base_id, phones=[values['phone'] for values in plan.again])
        await store.upsert(conn, base_id=base_id, rows=[merge_values(stored[v['phone']], v) for v in plan.again])


def _chunks(rows: Iterable[RowItem]) -> Iterator[list[RowItem]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _invalid(item: RowItem, raw: str, code: str) -> InvalidRow:
    return InvalidRow(sheet=item.sheet, row_number=item.row_number, raw=raw, reason_code=code)


def _phone_text(item: RowItem, mapping: Sequence[str | None]) -> str:
    column = list(mapping).index('phone')
    return item.cells[column] if column < len(item.cells) else ''
