"""Subscriber reads that scale with a base: filtered listing, counting, lookups by phone and batched iteration.

Statements are written with '?' placeholders and numbered ('$1', ...) for asyncpg. They are assembled from this
module's column constants and whitelisted sort keys only; every value is a bound parameter (hence the
`noqa: S608` on them). The filter SQL and dialect helpers here are shared with storage/subscribers.py (writes).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass, field
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


async def phones_of(conn: BaseDBAsyncClient, *, base_id: int) -> set[str]:
    """Every phone number of a base (for an import to tell new numbers from known ones without probing)."""
    sql = _dialect_sql(conn, 'SELECT phone FROM subscriber WHERE base_id = ?')
    rows = await conn.execute_query_dict(sql, [base_id])
    return {row['phone'] for row in rows}


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


def _is_postgres(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect == 'postgres'


def _dialect_sql(conn: BaseDBAsyncClient, sql: str) -> str:
    if not _is_postgres(conn):
        return sql
    pieces = sql.split('?')
    return pieces[0] + ''.join(f'${n}{piece}' for n, piece in enumerate(pieces[1:], start=1))
