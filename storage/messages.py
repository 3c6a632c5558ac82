"""Message writes and reads that scale with a mailing: bulk insert, cancelling, releasing paid messages, counts.

Statements use '?' placeholders (numbered for asyncpg by `_dialect_sql`) and are assembled from this module's
constants only; every value is a bound parameter (hence the `noqa: S608`). Every status change here is guarded by
the status it leaves (`... AND status = 'scheduled'`), so a row another writer moved on first is simply not touched:
on PostgreSQL the UPDATE waits for a concurrent claim's row lock and re-checks the condition; SQLite serialises
writers. Cancelling reads back (RETURNING) exactly the rows it changed, which is what gets refunded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.statuses import MessageStatus
from storage.subscriber_queries import ID_BATCH, _dialect_sql, _is_postgres

INSERT_COLUMNS = (
    'account_id',
    'mailing_id',
    'phone',
    'sender',
    'text',
    'parts',
    'ucs2',
    'operator',
    'region',
    'timezone',
    'template_id',
    'price',
    'cost',
    'status',
    'status_at',
    'due_at',
    'expires_at',
    'attempts',
    'stat',
    'err',
    'created_at',
)
# PostgreSQL types of the columns `insert` may write (INSERT_COLUMNS and the times of a message already sent), for
# one INSERT ... SELECT FROM unnest(arrays) per chunk (executemany is a statement per row there, about three times
# slower)
_PG_TYPES = {
    'account_id': 'integer',
    'mailing_id': 'bigint',
    'phone': 'text',
    'sender': 'text',
    'text': 'text',
    'parts': 'integer',
    'ucs2': 'boolean',
    'operator': 'text',
    'region': 'text',
    'timezone': 'text',
    'template_id': 'integer',
    'price': 'numeric',
    'cost': 'numeric',
    'status': 'text',
    'status_at': 'timestamptz',
    'due_at': 'timestamptz',
    'expires_at': 'timestamptz',
    'submitted_at': 'timestamptz',
    'done_at': 'timestamptz',
    'attempts': 'integer',
    'stat': 'text',
    'err': 'text',
    'created_at': 'timestamptz',
}
CHUNK = 5000
_CANCELLABLE = (MessageStatus.scheduled, MessageStatus.awaiting_payment)
# What a delete can no longer touch because the dispatcher has it or had it (stopped/cancelled are not counted).
_PAST_CANCELLING = tuple(
    status for status in MessageStatus if status not in (*_CANCELLABLE, MessageStatus.stopped, MessageStatus.cancelled)
)


def stamp(conn: BaseDBAsyncClient, moment: datetime) -> datetime | str:
    """A moment as a bulk parameter: the datetime for asyncpg, for SQLite the text its adapter would make of it."""
    return moment if _is_postgres(conn) else moment.isoformat(' ')


def money(conn: BaseDBAsyncClient, amount: Decimal) -> Decimal | str:
    """An amount as a bulk parameter (SQLite keeps decimals as text)."""
    return amount if _is_postgres(conn) else str(amount)


async def insert(
    conn: BaseDBAsyncClient, rows: Sequence[Sequence[Any]], *, columns: Sequence[str] = INSERT_COLUMNS
) -> None:
    """Insert message rows given as tuples in `columns` order (one statement per chunk of rows)."""
    unknown = [column for column in columns if column not in _PG_TYPES]
    if unknown:
        raise ValueError(f'not a message column insert writes: {unknown}')
    names = ', '.join(columns)
    if _is_postgres(conn):
        arrays = ', '.join(f'${n}::{_PG_TYPES[column]}[]' for n, column in enumerate(columns, start=1))
        sql = f'INSERT INTO message ({names}) SELECT * FROM unnest({arrays})'  # noqa: S608
        for start in range(0, len(rows), CHUNK):
            await conn.execute_query(sql, [list(column) for column in zip(*rows[start : start + CHUNK], strict=True)])
        return
    sql = f'INSERT INTO message ({names}) VALUES ({", ".join("?" * len(columns))})'  # noqa: S608
    for start in range(0, len(rows), CHUNK):
        await conn.execute_many(sql, rows[start : start + CHUNK])  # type: ignore[arg-type]


async def set_mailing_window(conn: BaseDBAsyncClient, *, mailing_id: int, start: time, end: time) -> None:
    """Store a mailing's allowed sending hours (raw SQL: Tortoise's TimeField can bind neither a naive time under
    use_tz nor any time on SQLite)."""
    # the columns are TIME WITH TIME ZONE on PostgreSQL (use_tz); the hours are the recipient's wall clock
    postgres = _is_postgres(conn)
    values: list[Any] = [
        moment.replace(tzinfo=UTC) if postgres else moment.replace(tzinfo=None).isoformat() for moment in (start, end)
    ]
    sql = 'UPDATE mailing SET window_start = ?, window_end = ? WHERE id = ?'
    await conn.execute_query(_dialect_sql(conn, sql), [*values, mailing_id])


async def cancel(
    conn: BaseDBAsyncClient, *, account_id: int, mailing_id: int, ids: Sequence[int] | None, at: datetime
) -> tuple[list[tuple[int, Decimal]], list[int]]:
    """Cancel the mailing's (selected) messages not yet claimed: ((id, cost) of the charged ones, ids of the unpaid).

    Scheduled messages were charged and are refunded by the caller; awaiting_payment ones never were.
    """
    charged: list[tuple[int, Decimal]] = []
    unpaid: list[int] = []
    for condition, values in _selection(account_id, mailing_id, ids):
        for status in _CANCELLABLE:
            sql = (
                f'UPDATE message SET status = ?, status_at = ? WHERE {condition} AND status = ? '  # noqa: S608
                'RETURNING id, cost'
            )
            params = [MessageStatus.cancelled.value, at, *values, status.value]
            rows = await conn.execute_query_dict(_dialect_sql(conn, sql), params)
            if status is MessageStatus.scheduled:
                charged.extend((int(row['id']), Decimal(str(row['cost']))) for row in rows)
            else:
                unpaid.extend(int(row['id']) for row in rows)
    return charged, unpaid


async def count_past_cancelling(
    conn: BaseDBAsyncClient, *, account_id: int, mailing_id: int, ids: Sequence[int] | None
) -> int:
    """How many of the mailing's (selected) messages the dispatcher has already taken (queued or later)."""
    total = 0
    marks = ', '.join('?' * len(_PAST_CANCELLING))
    for condition, values in _selection(account_id, mailing_id, ids):
        sql = f'SELECT COUNT(*) AS n FROM message WHERE {condition} AND status IN ({marks})'  # noqa: S608
        rows = await conn.execute_query_dict(_dialect_sql(conn, sql), [*values, *_PAST_CANCELLING])
        total += int(rows[0]['n'])
    return total


async def awaiting(conn: BaseDBAsyncClient, *, account_id: int, ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """The account's (selected) messages awaiting payment: id, mailing_id, cost, due_at, expires_at."""
    found: list[dict[str, Any]] = []
    chunks: Iterable[Sequence[int] | None] = [None] if ids is None else _chunks(sorted(set(ids)))
    for chunk in chunks:
        sql = 'SELECT id, mailing_id, cost, due_at, expires_at FROM message WHERE account_id = ? AND status = ?'
        values: list[Any] = [account_id, MessageStatus.awaiting_payment.value]
        if chunk is not None:
            sql += f' AND id IN ({", ".join("?" * len(chunk))})'
            values.extend(chunk)
        rows = await conn.execute_query_dict(_dialect_sql(conn, sql + ' ORDER BY id'), values)
        found.extend(
            {
                'id': int(row['id']),
                'mailing_id': int(row['mailing_id']),
                'cost': Decimal(str(row['cost'])),
                'due_at': as_datetime(row['due_at']),
                'expires_at': as_datetime(row['expires_at']),
            }
            for row in rows
        )
    return found


async def release(
    conn: BaseDBAsyncClient, ids: Sequence[int], *, at: datetime, due_at: datetime | None, expires_at: datetime | None
) -> int:
    """Move paid messages from awaiting_payment to scheduled; with `due_at` their due and expiry times move too."""
    changed = 0
    for chunk in _chunks(ids):
        marks = ', '.join('?' * len(chunk))
        moves = ', due_at = ?, expires_at = ?' if due_at is not None else ''
        sql = f'UPDATE message SET status = ?, status_at = ?{moves} WHERE status = ? AND id IN ({marks}) RETURNING id'  # noqa: S608
        params: list[Any] = [MessageStatus.scheduled.value, at]
        if due_at is not None:
            params.extend((due_at, expires_at))
        params.extend((MessageStatus.awaiting_payment.value, *chunk))
        changed += len(await conn.execute_query_dict(_dialect_sql(conn, sql), params))
    return changed


async def add_events(conn: BaseDBAsyncClient, ids: Sequence[int], *, status: MessageStatus, at: datetime) -> None:
    """Append one history row per message for a status change."""
    if _is_postgres(conn):
        sql = (
            "INSERT INTO message_event (message_id, status, at, stat, err) SELECT id, $2, $3, '', '' "
            'FROM unnest($1::bigint[]) AS id'
        )
        for start in range(0, len(ids), CHUNK):
            await conn.execute_query(sql, [list(ids[start : start + CHUNK]), status.value, at])
        return
    sql = "INSERT INTO message_event (message_id, status, at, stat, err) VALUES (?, ?, ?, '', '')"
    moment = stamp(conn, at)
    rows = [[message_id, status.value, moment] for message_id in ids]
    for start in range(0, len(rows), CHUNK):
        await conn.execute_many(sql, rows[start : start + CHUNK])


async def status_counts(conn: BaseDBAsyncClient, mailing_ids: Sequence[int]) -> dict[int, dict[MessageStatus, int]]:
    """How many messages each mailing has in each status."""
    counts: dict[int, dict[MessageStatus, int]] = {mailing_id: {} for mailing_id in mailing_ids}
    for chunk in _chunks(sorted(set(mailing_ids))):
        marks = ', '.join('?' * len(chunk))
        sql = (
            f'SELECT mailing_id, status, COUNT(*) AS n FROM message WHERE mailing_id IN ({marks}) '  # noqa: S608
            'GROUP BY mailing_id, status'
        )
        for row in await conn.execute_query_dict(_dialect_sql(conn, sql), list(chunk)):
            counts[int(row['mailing_id'])][MessageStatus(row['status'])] = int(row['n'])
    return counts


def as_datetime(value: Any) -> datetime:
    """A timestamp as the driver returns it (asyncpg: datetime; SQLite: ISO text) as an aware datetime."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _selection(account_id: int, mailing_id: int, ids: Sequence[int] | None) -> Iterable[tuple[str, list[Any]]]:
    base = 'mailing_id = ? AND account_id = ?'
    if ids is None:
        yield base, [mailing_id, account_id]
        return
    for chunk in _chunks(sorted(set(ids))):
        yield f'{base} AND id IN ({", ".join("?" * len(chunk))})', [mailing_id, account_id, *chunk]


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), ID_BATCH):
        yield ids[start : start + ID_BATCH]
