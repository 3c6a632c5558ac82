"""Subscriber queries that scale with a base: bulk upsert, filtered listing, counting, deleting and moving.

Statements are written with '?' placeholders and numbered ('$1', ...) for asyncpg. Every function keeps
PhoneBase.subscriber_count equal to the rows it changed, in the caller's transaction. The statements are
assembled from this module's column constants and whitelisted sort keys only; every value is a bound
parameter (hence the `noqa: S608` on them).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from operator import itemgetter
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

BATCH = 5000
ID_BATCH = 900
NAME_COLUMNS = ('last_name', 'first_name', 'middle_name')
NOTE_COLUMNS = tuple(f'note{n}' for n in range(1, 11))
DATA_COLUMNS = (
    'phone',
    *NAME_COLUMNS,
    'birth_date',
    'gender',
    'region',
    'operator',
    'timezone',
    *NOTE_COLUMNS,
    'search_name',
)
SORTABLE = frozenset({'id', *DATA_COLUMNS} - {'search_name', 'timezone'})
_SELECT = ', '.join(('id', *DATA_COLUMNS))
_DATA = itemgetter(*DATA_COLUMNS)
_PHONE_OF_ROW = itemgetter(1)  # (base_id, phone, ...)  # one C call per row instead of a generator
_TARGET_PHONES = 'SELECT t.phone FROM subscriber t WHERE t.base_id = ?'


@dataclass(kw_only=True, slots=True, frozen=True)
class SubscriberFilter:
    """Conditions on a base's subscribers; empty values mean no condition."""

    phone_prefix: str = ''
    phone_contains: str = ''
    name: str = ''
    region: str = ''
    operator: str = ''
    unknown_only: bool = False
    notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        texts = (self.phone_prefix, self.phone_contains, self.name, self.region, self.operator)
        return not any(texts) and not self.unknown_only and not any(self.notes.values())


@dataclass(kw_only=True, slots=True, frozen=True)
class Selection:
    """Which subscribers of a base an action touches: listed ids, or all matching a filter (None: all)."""

    ids: Sequence[int] | None = None
    where: SubscriberFilter | None = None


def connection() -> BaseDBAsyncClient:
    """The default connection (inside `in_transaction()` this is the transaction's)."""
    return connections.get('default')


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


async def phones_of(conn: BaseDBAsyncClient, *, base_id: int) -> set[str]:
    """Every phone number of a base (for an import to tell new numbers from known ones without probing)."""
    sql = _dialect_sql(conn, 'SELECT phone FROM subscriber WHERE base_id = ?')
    rows = await conn.execute_query_dict(sql, [base_id])
    return {row['phone'] for row in rows}


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


async def existing(conn: BaseDBAsyncClient, *, base_id: int, phones: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored rows of those phones that are already in the base, by phone."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(phones), ID_BATCH):
        chunk = list(phones[start : start + ID_BATCH])
        sql = f'SELECT {_SELECT} FROM subscriber WHERE base_id = ? AND phone IN ({", ".join("?" * len(chunk))})'  # noqa: S608
        for row in await conn.execute_query_dict(_dialect_sql(conn, sql), [base_id, *chunk]):
            found[row['phone']] = dict(row)
    return found


async def fetch_one(conn: BaseDBAsyncClient, *, base_id: int, subscriber_id: int) -> dict[str, Any] | None:
    """One subscriber of the base (with its base_id), or None."""
    sql = f'SELECT base_id, {_SELECT} FROM subscriber WHERE base_id = ? AND id = ?'  # noqa: S608
    rows = await conn.execute_query_dict(_dialect_sql(conn, sql), [base_id, subscriber_id])
    return dict(rows[0]) if rows else None


async def update_row(conn: BaseDBAsyncClient, *, subscriber_id: int, values: Mapping[str, Any]) -> None:
    """Write every data column of one subscriber."""
    assignments = ', '.join(f'{column} = ?' for column in (*DATA_COLUMNS, 'updated_at'))
    sql = f'UPDATE subscriber SET {assignments} WHERE id = ?'  # noqa: S608
    params = [*(values[column] for column in DATA_COLUMNS), _now(), subscriber_id]
    await conn.execute_query(_dialect_sql(conn, sql), params)


async def fetch_page(
    conn: BaseDBAsyncClient,
    *,
    base_id: int,
    where: SubscriberFilter,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
) -> list[dict[str, Any]]:
    """One page of a base's subscribers; the sort column is whitelisted and id breaks ties in its direction."""
    if sort not in SORTABLE:
        raise ValueError(f'cannot sort by {sort!r}')
    direction = 'DESC' if descending else 'ASC'
    # phone is unique within a base, so it needs no tie-breaker (and then uses the unique index as is)
    order = f'{sort} {direction}' if sort in ('id', 'phone') else f'{sort} {direction}, id {direction}'
    condition, values = _where(conn, base_id, where)
    sql = f'SELECT {_SELECT} FROM subscriber WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?'  # noqa: S608
    return await conn.execute_query_dict(_dialect_sql(conn, sql), [*values, max(limit, 1), max(offset, 0)])


async def count(conn: BaseDBAsyncClient, *, base_id: int, where: SubscriberFilter) -> int:
    """How many subscribers of the base match the filter."""
    condition, values = _where(conn, base_id, where)
    rows = await conn.execute_query_dict(
        _dialect_sql(conn, f'SELECT COUNT(*) AS n FROM subscriber WHERE {condition}'),  # noqa: S608
        values,
    )
    return int(rows[0]['n'])


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


async def iter_batches(
    conn: BaseDBAsyncClient,
    *,
    base_id: int,
    selection: Selection,
    columns: Sequence[str] = DATA_COLUMNS,
    batch: int = BATCH,
) -> AsyncGenerator[Sequence[Any], None]:
    """The selected subscribers of a base in id order, a batch at a time (keyset: `id > last`, never OFFSET).

    Each row is (id, *columns) as the driver returns it (sqlite3.Row / asyncpg.Record: no dict per row).
    """
    unknown = set(columns) - set(DATA_COLUMNS)
    if unknown:
        raise ValueError(f'not subscriber columns: {sorted(unknown)}')
    select = ', '.join(('id', *columns))
    if selection.ids is not None:
        ids = sorted(set(selection.ids))
        for start in range(0, len(ids), ID_BATCH):
            chunk = ids[start : start + ID_BATCH]
            marks = ', '.join('?' * len(chunk))
            sql = f'SELECT {select} FROM subscriber WHERE base_id = ? AND id IN ({marks}) ORDER BY id'  # noqa: S608
            _, rows = await conn.execute_query(_dialect_sql(conn, sql), [base_id, *chunk])
            if rows:
                yield rows
        return
    condition, values = _where(conn, base_id, selection.where or SubscriberFilter())
    sql = _dialect_sql(conn, f'SELECT {select} FROM subscriber WHERE {condition} AND id > ? ORDER BY id LIMIT ?')  # noqa: S608
    last = 0
    while True:
        _, rows = await conn.execute_query(sql, [*values, last, max(batch, 1)])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


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


def _where(conn: BaseDBAsyncClient, base_id: int, where: SubscriberFilter) -> tuple[str, list[Any]]:
    parts: list[str] = ['base_id = ?']
    values: list[Any] = [base_id]
    if where.phone_prefix:
        parts.append('phone >= ?')
        values.append(where.phone_prefix)
        upper = _prefix_upper_bound(where.phone_prefix)
        if upper:
            parts.append('phone < ?')
            values.append(upper)
    if where.phone_contains:
        parts.append("phone LIKE ? ESCAPE '\\'")
        values.append(f'%{_escape_like(where.phone_contains)}%')
    if where.name:
        parts.append("search_name LIKE ? ESCAPE '\\'")
        values.append(f'%{_escape_like(where.name)}%')
    for column, value in (('region', where.region), ('operator', where.operator)):
        if value:
            parts.append(f'{column} = ?')
            values.append(value)
    if where.unknown_only:
        parts.append("(region = '' OR operator = '')")
    like = 'ILIKE' if _is_postgres(conn) else 'LIKE'
    for column, value in sorted(where.notes.items()):
        if column not in NOTE_COLUMNS:
            raise ValueError(f'not a note column: {column!r}')
        if value:
            parts.append(f"{column} {like} ? ESCAPE '\\'")
            values.append(f'%{_escape_like(value)}%')
    return ' AND '.join(parts), values


def _prefix_upper_bound(prefix: str) -> str:
    """The first '+digits' string after every number starting with the prefix ('' when there is none)."""
    digits = prefix.removeprefix('+')
    following = str(int(digits) + 1)
    if len(following) != len(digits):
        return ''  # all nines: nothing sorts after the prefix's numbers
    return '+' + following


def _escape_like(text: str) -> str:
    return text.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')


async def _changed(conn: BaseDBAsyncClient, sql: str, values: list[Any]) -> int:
    changed, _ = await conn.execute_query(_dialect_sql(conn, sql), values)
    return int(changed)


def _is_postgres(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect == 'postgres'


def _dialect_sql(conn: BaseDBAsyncClient, sql: str) -> str:
    if not _is_postgres(conn):
        return sql
    pieces = sql.split('?')
    return pieces[0] + ''.join(f'${n}{piece}' for n, piece in enumerate(pieces[1:], start=1))


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(conn: BaseDBAsyncClient) -> datetime | str:
    """The time for created_at/updated_at of a bulk write.

    For SQLite it is the text that sqlite3's datetime adapter would make of it, made once: adapting a datetime
    per row took a third of a bulk insert's time.
    """
    now = _now()
    return now if _is_postgres(conn) else now.isoformat(' ')
