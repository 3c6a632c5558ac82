"""Subscriber writes that scale with a base: bulk upsert and insert, editing, deleting and moving.

Statements are written with '?' placeholders and numbered ('$1', ...) for asyncpg. Every function keeps
PhoneBase.subscriber_count equal to the rows it changed, in the caller's transaction. The statements are
assembled from the column constants of storage/subscriber_queries.py (which holds the reads) only; every value
is a bound parameter (hence the `noqa: S608` on them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from itertools import repeat
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
_PHONE_OF_ROW = itemgetter(1)  # (base_id, phone, ...)  # one C call per row instead of a generator
_TARGET_PHONES = 'SELECT t.phone FROM subscriber t WHERE t.base_id = ?'


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
    conn: BaseDBAsyncClient, *, base_id: int, rows: Sequence[Mapping[str, Any]], batch: int = BATCH
) -> None:
    """Insert rows whose phones the caller knows are not in the base (a plain INSERT: no conflict handling)."""
    columns = ('base_id', *DATA_COLUMNS, 'created_at', 'updated_at')
    sql = f'INSERT INTO subscriber ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'  # noqa: S608
    sql = _dialect_sql(conn, sql)
    now = _stamp(conn)
    for start in range(0, len(rows), batch):
        values = [[base_id, *_DATA(row), now, now] for row in rows[start : start + batch]]
        await conn.execute_many(sql, values)


async def insert_columns(
    conn: BaseDBAsyncClient, *, base_id: int, columns: Mapping[str, Sequence[Any]], batch: int = BATCH
) -> None:
    """Insert new rows given column-wise (one list per column, the phones not in the base); absent columns are empty.

    The parameter tuples are zipped from the columns (no dict or list per row) and written in phone order.
    """
    count = len(columns['phone'])
    now = _stamp(conn)
    values = [columns[c] if c in columns else repeat(None if c == 'birth_date' else '') for c in DATA_COLUMNS]
    rows = list(zip(repeat(base_id, count), *values, repeat(now), repeat(now)))
    # in phone order, the unique (base_id, phone) index and the region/operator ones are written in runs, not at
    # random places: a third faster for SQLite with the numbers of a real file
    rows.sort(key=_PHONE_OF_ROW)
    columns_sql = ('base_id', *DATA_COLUMNS, 'created_at', 'updated_at')
    sql = f'INSERT INTO subscriber ({", ".join(columns_sql)}) VALUES ({", ".join("?" * len(columns_sql))})'  # noqa: S608
    sql = _dialect_sql(conn, sql)
    for start in range(0, count, batch):
        await conn.execute_many(sql, rows[start : start + batch])  # type: ignore[arg-type]


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
