"""Subscriber writes that scale with a base: bulk upsert and insert, editing, deleting and moving.

Statements are written with '?' placeholders and numbered ('$1', ...) for asyncpg. Every function keeps
PhoneBase.subscriber_count equal to the rows it changed, in the caller's transaction. The statements are
assembled from the column constants of storage/subscriber_queries.py (which holds the reads) only; every value
is a bound parameter (hence the `noqa: S608` on them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from storage.subscriber_queries import (
    BATCH,
    DATA_COLUMNS,
    ID_BATCH,
    Selection,
    SubscriberFilter,
    _dialect_sql,
    _is_postgres,
    _where,
    count,
)

_DATA = itemgetter(*DATA_COLUMNS)
_BLANK = {'birth_date': None}  # an absent column's value where it is not ''
_TARGET_PHONES = 'SELECT t.phone FROM subscriber t WHERE t.base_id = ?'
_INSERT_COLUMNS = ('base_id', *DATA_COLUMNS, 'created_at', 'updated_at')
_BULK_PRAGMAS = 'PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF; PRAGMA wal_autocheckpoint = 0'
# rows per SQLite INSERT: 23,000 parameters where SQLite allows 32,766 (3.32 and later), else under the old 999
_ROWS_PER_INSERT = 1000 if sqlite3.sqlite_version_info >= (3, 32) else 999 // len(_INSERT_COLUMNS)


async def upsert(conn: BaseDBAsyncClient, *, base_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows keyed by phone, replacing every data column of a phone already in the base."""
    columns = ('base_id', *DATA_COLUMNS, 'created_at', 'updated_at')
    updates = ', '.join(f'{c} = excluded.{c}' for c in (*DATA_COLUMNS[1:], 'updated_at'))
    sql = (
        f'INSERT INTO subscriber ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))}) '  # noqa: S608
        f'ON CONFLICT (base_id, phone) DO UPDATE SET {updates}'
    )
    sql = _dialect_sql(conn, sql)
    now = _stamp(conn)
    for start in range(0, len(rows), BATCH):
        values = [[base_id, *(row[c] for c in DATA_COLUMNS), now, now] for row in rows[start : start + BATCH]]
        await conn.execute_many(sql, values)


async def insert_rows(
    conn: BaseDBAsyncClient,
    *,
    base_id: int,
    rows: Sequence[Mapping[str, Any]],
    batch: int = BATCH,
    atomic: bool = True,
) -> None:
    """Insert rows whose phones the caller knows are not in the base (a plain INSERT: no conflict handling).

    atomic=False is for a caller that rolls its whole transaction back on any error: a failing SQLite statement
    may then leave its first rows (INSERT OR FAIL), which spares SQLite an undo journal per statement.
    """
    now = _stamp(conn)
    for start in range(0, len(rows), batch):
        part = rows[start : start + batch]
        if part:
            count = len(part)
            data = list(zip(*map(_DATA, part), strict=True))  # one tuple per column
            await _insert(conn, [[base_id] * count, *data, [now] * count, [now] * count], count, atomic=atomic)


async def insert_columns(
    conn: BaseDBAsyncClient,
    *,
    base_id: int,
    columns: Mapping[str, Sequence[Any]],
    batch: int = BATCH,
    atomic: bool = True,
) -> None:
    """Insert new rows given column-wise (one list per column, the phones not in the base); absent columns are empty.

    No tuple or dict is made per row: the columns are put in phone order as a whole and written column-wise.
    atomic as for insert_rows.
    """
    total = len(columns['phone'])
    # in phone order, the unique (base_id, phone) index is written in runs, not at random places: a third faster
    # for SQLite with the numbers of a real file
    order = sorted(range(total), key=columns['phone'].__getitem__)
    now = _stamp(conn)
    for start in range(0, total, batch):
        part = order[start : start + batch]
        count = len(part)
        pick = _picker(part)
        data = [pick(columns[c]) if c in columns else [_BLANK.get(c, '')] * count for c in DATA_COLUMNS]
        await _insert(conn, [[base_id] * count, *data, [now] * count, [now] * count], count, atomic=atomic)


async def prepare_bulk_insert(conn: BaseDBAsyncClient) -> None:
    """Set an import worker's own connection for many-row INSERTs into one base, before its transaction begins.

    SQLite keeps statement journals in memory, and skips the foreign-key check of every row: the caller checks
    inside its transaction that the base exists, and then it cannot go away before the commit (SQLite lets one
    writer in at a time, and a transaction whose snapshot another writer changed cannot write). The commit does
    not checkpoint the write-ahead log (a second or more for a million rows): finish_bulk_insert does, once the
    caller has told the user.
    """
    if not _is_postgres(conn):
        await conn.execute_script(_BULK_PRAGMAS)


async def finish_bulk_insert(conn: BaseDBAsyncClient) -> None:
    """Checkpoint what a connection set by prepare_bulk_insert committed (SQLite); blocks no reader or writer."""
    if not _is_postgres(conn):
        await conn.execute_script('PRAGMA wal_checkpoint(PASSIVE)')


async def insert_new(conn: BaseDBAsyncClient, *, base_id: int, values: Mapping[str, Any]) -> bool:
    """Insert one subscriber unless its phone is already in the base (then False); the count follows."""
    columns = ('base_id', *DATA_COLUMNS, 'created_at', 'updated_at')
    sql = (
        f'INSERT INTO subscriber ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))}) '  # noqa: S608
        'ON CONFLICT (base_id, phone) DO NOTHING RETURNING id'
    )
    now = _now()
    # RETURNING, not the row count: Tortoise's asyncpg client reads the OID of 'INSERT 0 1' as the count
    inserted = await conn.execute_query_dict(
        _dialect_sql(conn, sql), [base_id, *(values[c] for c in DATA_COLUMNS), now, now]
    )
    await add_to_count(conn, base_id=base_id, delta=len(inserted))
    return bool(inserted)


async def update_row(conn: BaseDBAsyncClient, *, subscriber_id: int, values: Mapping[str, Any]) -> None:
    """Write every data column of one subscriber."""
    assignments = ', '.join(f'{column} = ?' for column in (*DATA_COLUMNS, 'updated_at'))
    sql = f'UPDATE subscriber SET {assignments} WHERE id = ?'  # noqa: S608
    params = [*(values[column] for column in DATA_COLUMNS), _now(), subscriber_id]
    await conn.execute_query(_dialect_sql(conn, sql), params)


async def delete(conn: BaseDBAsyncClient, *, base_id: int, selection: Selection) -> int:
    """Delete the selected subscribers of a base and lower its count; returns how many went."""
    removed = 0
    for condition, values in _selection_conditions(conn, base_id, selection):
        removed += await _changed(conn, f'DELETE FROM subscriber WHERE {condition}', values)  # noqa: S608
    await add_to_count(conn, base_id=base_id, delta=-removed)
    return removed


async def move(conn: BaseDBAsyncClient, *, base_id: int, target_base_id: int, selection: Selection) -> tuple[int, int]:
    """Move the selected subscribers to another base; numbers already there are dropped. Returns (moved, merged)."""
    moved = merged = 0
    for condition, values in _selection_conditions(conn, base_id, selection):
        merged += await _changed(
            conn,
            f'DELETE FROM subscriber WHERE {condition} AND phone IN ({_TARGET_PHONES})',  # noqa: S608
            [*values, target_base_id],
        )
        moved += await _changed(
            conn,
            f'UPDATE subscriber SET base_id = ?, updated_at = ? WHERE {condition}',  # noqa: S608
            [target_base_id, _now(), *values],
        )
    await add_to_count(conn, base_id=base_id, delta=-(moved + merged))
    await add_to_count(conn, base_id=target_base_id, delta=moved)
    return moved, merged


async def add_to_count(conn: BaseDBAsyncClient, *, base_id: int, delta: int) -> None:
    """Change the cached subscriber count of a base."""
    if delta:
        sql = 'UPDATE phone_base SET subscriber_count = subscriber_count + ? WHERE id = ?'
        await conn.execute_query(_dialect_sql(conn, sql), [delta, base_id])


async def set_count(conn: BaseDBAsyncClient, *, base_id: int) -> int:
    """Recount a base's subscribers into its cached count; returns the count."""
    total = await count(conn, base_id=base_id, where=SubscriberFilter())
    sql = 'UPDATE phone_base SET subscriber_count = ? WHERE id = ?'
    await conn.execute_query(_dialect_sql(conn, sql), [total, base_id])
    return total


async def _insert(conn: BaseDBAsyncClient, values: list[Sequence[Any]], count: int, *, atomic: bool) -> None:
    """Write `count` rows given as one sequence per column of _INSERT_COLUMNS.

    PostgreSQL takes them by COPY: binary, one round trip. SQLite takes INSERTs of a thousand rows each, whose
    parameters are laid out column by column (a strided slice assignment per column, not a tuple per row): per row
    it spends less in them than in one-row statements (AUTOINCREMENT and statement upkeep are per statement).
    """
    if not count:
        return
    if _is_postgres(conn):
        async with conn.acquire_connection() as connection:
            records = list(zip(*values, strict=True))
            await connection.copy_records_to_table('subscriber', records=records, columns=_INSERT_COLUMNS)
        return
    per = _ROWS_PER_INSERT
    whole = count - count % per
    if whole:
        params = [_flat(values, start, start + per) for start in range(0, whole, per)]
        await conn.execute_many(_insert_sql(per, atomic=atomic), params)
    if whole < count:
        await conn.execute_query(_insert_sql(count - whole, atomic=atomic), _flat(values, whole, count))


def _picker(positions: list[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A function taking the items at `positions` of a sequence, in one C call (itemgetter)."""
    if len(positions) == 1:
        position = positions[0]
        return lambda column: (column[position],)
    return itemgetter(*positions)


def _flat(values: list[Sequence[Any]], start: int, end: int) -> list[Any]:
    """The parameters of rows start..end of column-wise values, row after row."""
    width = len(values)
    flat: list[Any] = [None] * ((end - start) * width)
    for position, column in enumerate(values):
        flat[position::width] = column[start:end]
    return flat


def _insert_sql(count: int, *, atomic: bool) -> str:
    verb = 'INSERT' if atomic else 'INSERT OR FAIL'
    one = f'({", ".join("?" * len(_INSERT_COLUMNS))})'
    return f'{verb} INTO subscriber ({", ".join(_INSERT_COLUMNS)}) VALUES {", ".join([one] * count)}'


def _selection_conditions(
    conn: BaseDBAsyncClient, base_id: int, selection: Selection
) -> Iterable[tuple[str, list[Any]]]:
    if selection.ids is None:
        yield _where(conn, base_id, selection.where or SubscriberFilter())
        return
    ids = sorted(set(selection.ids))
    for start in range(0, len(ids), ID_BATCH):
        chunk = ids[start : start + ID_BATCH]
        yield f'base_id = ? AND id IN ({", ".join("?" * len(chunk))})', [base_id, *chunk]


async def _changed(conn: BaseDBAsyncClient, sql: str, values: list[Any]) -> int:
    changed, _ = await conn.execute_query(_dialect_sql(conn, sql), values)
    return int(changed)


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(conn: BaseDBAsyncClient) -> datetime | str:
    """The time for created_at/updated_at of a bulk write.

    For SQLite it is the text that sqlite3's datetime adapter would make of it, made once: adapting a datetime
    per row took a third of a bulk insert's time.
    """
    now = _now()
    return now if _is_postgres(conn) else now.isoformat(' ')
