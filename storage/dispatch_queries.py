"""The delivery engine's SQL: claiming due messages, bulk status updates with their events, receipts, orphans, runs.

Written once for both databases with '?' placeholders (numbered for asyncpg by `_sql`). Claims differ: PostgreSQL
locks the chosen rows with `FOR UPDATE SKIP LOCKED`, so two processes never claim one message; SQLite has one writer
at a time and needs no lock. Bulk updates that must know which rows really changed (a row may have moved meanwhile)
join a `VALUES` list and use `RETURNING` (SQLite 3.35+), so events are written only for the rows changed.
Timestamps are passed as datetimes to PostgreSQL and as the text sqlite3 would make of them to SQLite (made once
per batch, not per row). Every statement is assembled from constants; values are bound parameters (hence the
`noqa: S608`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from domain.statuses import MessageStatus

Conn = BaseDBAsyncClient
CHUNK = 500  # rows per VALUES list or IN list (parameters stay far under both databases' limits)
EventRow = tuple[int, str, Any, str, str]  # message_id, status, at, stat, err

_CLAIMED = 'id, phone, sender, text, parts, expires_at, attempts'
# SQLite stores timestamps as text: a cast to TIMESTAMP there would give the text NUMERIC affinity (2026!)
_PG_TYPES = {'VARCHAR': 'VARCHAR', 'INT': 'INTEGER', 'TIMESTAMP': 'TIMESTAMPTZ'}
_SQLITE_TYPES = {'VARCHAR': 'TEXT', 'INT': 'INTEGER', 'TIMESTAMP': 'TEXT'}


def connection() -> Conn:
    """The default connection (inside `in_transaction()` this is the transaction's)."""
    return connections.get('default')


def is_postgres(conn: Conn) -> bool:
    """Tell whether the connection speaks PostgreSQL."""
    return conn.capabilities.dialect == 'postgres'


def stamp(conn: Conn, moment: datetime) -> Any:
    """A UTC moment as the driver takes it."""
    return moment if is_postgres(conn) else moment.isoformat(' ')


def read_moment(value: Any) -> datetime:
    """A timestamp as read back from either database (SQLite gives text)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


async def claim_due(conn: Conn, *, run_id: str, now: datetime, limit: int) -> list[dict[str, Any]]:
    """Move up to `limit` due, unexpired messages of active accounts from scheduled to queued, oldest due first.

    Returns the claimed rows (id, phone, sender, text, parts, expires_at, attempts after the increment).
    """
    pick = (
        'SELECT m.id FROM message m JOIN account a ON a.id = m.account_id '
        "WHERE m.status = 'scheduled' AND m.due_at <= ? AND m.expires_at > ? AND a.is_active "
        'ORDER BY m.due_at LIMIT ?'
    )
    sql = _pick_then_update(
        conn,
        pick=pick,
        lock=' FOR UPDATE OF m SKIP LOCKED',
        update="UPDATE message SET status = 'queued', claim = ?, status_at = ?, attempts = attempts + 1",
        guard="status = 'scheduled'",
        returning=_CLAIMED,
    )
    at = stamp(conn, now)
    params = [at, at, limit, run_id, at] if is_postgres(conn) else [run_id, at, at, at, limit]
    return await conn.execute_query_dict(_sql(conn, sql), params)


async def expire(conn: Conn, *, status: MessageStatus, cutoff: datetime, now: datetime, limit: int) -> list[int]:
    """Move up to `limit` messages in `status` whose validity ended by `cutoff` to expired; returns their ids.

    A message expires after it is due, so only messages due by `cutoff` are looked at (the status/due_at index).
    """
    sql = _pick_then_update(
        conn,
        pick='SELECT id FROM message WHERE status = ? AND due_at <= ? AND expires_at <= ? LIMIT ?',
        lock=' FOR UPDATE SKIP LOCKED',
        update="UPDATE message SET status = 'expired', status_at = ?, done_at = ?",
        guard='status = ?',
        returning='id',
    )
    at, until = stamp(conn, now), stamp(conn, cutoff)
    picked = [status.value, until, until, limit]
    params = [*picked, at, at, status.value] if is_postgres(conn) else [at, at, *picked, status.value]
    rows = await conn.execute_query_dict(_sql(conn, sql), params)
    return [int(row['id']) for row in rows]


async def update_queued(
    conn: Conn,
    *,
    claim: str,
    assignments: str,
    fixed: Sequence[Any],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> list[int]:
    """Update messages still queued under `claim`, one VALUES row each; returns the ids really changed.

    `assignments` is the SET clause (constants of the caller) using `?` for `fixed` values and `v.column2`, ... for
    the row values after the id; `columns` names the kind of each row value after the id ('VARCHAR', 'INT',
    'TIMESTAMP'), cast so both databases compare and store them as the column's type.
    """
    changed: list[int] = []
    types = _PG_TYPES if is_postgres(conn) else _SQLITE_TYPES
    casts = ', '.join(['CAST(? AS BIGINT)', *(f'CAST(? AS {types[c]})' for c in columns)])
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values = ', '.join([f'({casts})'] * len(chunk))
        sql = (
            f'UPDATE message SET {assignments} FROM (VALUES {values}) AS v '  # noqa: S608
            "WHERE message.id = v.column1 AND message.status = 'queued' AND message.claim = ? RETURNING message.id"
        )
        params = [*fixed, *(value for row in chunk for value in row), claim]
        changed += [int(row['id']) for row in await conn.execute_query_dict(_sql(conn, sql), params)]
    return changed


async def set_claim(conn: Conn, *, old: str, new: str, ids: Sequence[int]) -> None:
    """Hand queued messages from claim `old` to claim `new` (no status change)."""
    for chunk in _chunks(ids):
        marks = ', '.join('?' * len(chunk))
        sql = f"UPDATE message SET claim = ? WHERE claim = ? AND status = 'queued' AND id IN ({marks})"  # noqa: S608
        await conn.execute_query(_sql(conn, sql), [new, old, *chunk])


async def insert_parts(conn: Conn, rows: Sequence[tuple[int, int, str]]) -> None:
    """Insert (message_id, part_no, smsc_id) rows of accepted messages."""
    if rows:
        sql = "INSERT INTO message_part (message_id, part_no, smsc_id, stat, err) VALUES (?, ?, ?, '', '')"
        await conn.execute_many(_sql(conn, sql), _rows(rows))


async def insert_events(conn: Conn, rows: Sequence[EventRow]) -> None:
    """Insert (message_id, status, at, stat, err) history rows."""
    if rows:
        sql = 'INSERT INTO message_event (message_id, status, at, stat, err) VALUES (?, ?, ?, ?, ?)'
        await conn.execute_many(_sql(conn, sql), _rows(rows))


async def lock_messages(conn: Conn, ids: Sequence[int]) -> None:
    """On PostgreSQL, lock the messages' rows until the transaction ends (receipts of one message on two binds)."""
    if not is_postgres(conn):
        return
    for chunk in _chunks(sorted(ids)):
        marks = ', '.join('?' * len(chunk))
        sql = f'SELECT id FROM message WHERE id IN ({marks}) ORDER BY id FOR UPDATE'  # noqa: S608
        await conn.execute_query(_sql(conn, sql), list(chunk))


async def parts_by_smsc_ids(conn: Conn, smsc_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The parts with those SMSC ids, with their message's status and part count."""
    found: list[dict[str, Any]] = []
    for chunk in _chunks(smsc_ids):
        marks = ', '.join('?' * len(chunk))
        sql = (
            'SELECT p.id, p.message_id, p.part_no, p.smsc_id, p.stat, m.parts, m.status '  # noqa: S608
            f'FROM message_part p JOIN message m ON m.id = p.message_id WHERE p.smsc_id IN ({marks})'
        )
        found += await conn.execute_query_dict(_sql(conn, sql), list(chunk))
    return found


async def part_stats(conn: Conn, message_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Every part's (message_id, part_no, stat, err) of those messages."""
    found: list[dict[str, Any]] = []
    for chunk in _chunks(message_ids):
        marks = ', '.join('?' * len(chunk))
        sql = f'SELECT message_id, part_no, stat, err FROM message_part WHERE message_id IN ({marks})'  # noqa: S608
        found += await conn.execute_query_dict(_sql(conn, sql), list(chunk))
    return found


async def message_statuses(conn: Conn, message_ids: Sequence[int]) -> dict[int, str]:
    """The current status of those messages."""
    found: dict[int, str] = {}
    for chunk in _chunks(message_ids):
        marks = ', '.join('?' * len(chunk))
        sql = f'SELECT id, status FROM message WHERE id IN ({marks})'  # noqa: S608
        for row in await conn.execute_query_dict(_sql(conn, sql), list(chunk)):
            found[int(row['id'])] = row['status']
    return found


async def update_parts(conn: Conn, rows: Sequence[tuple[str, str, Any, int]]) -> None:
    """Store (stat, err, done_at, part id) of receipted parts."""
    if rows:
        sql = 'UPDATE message_part SET stat = ?, err = ?, done_at = ? WHERE id = ?'
        await conn.execute_many(_sql(conn, sql), _rows(rows))


async def finish_messages(conn: Conn, rows: Sequence[tuple[str, Any, str, str, Any, int]]) -> None:
    """Store (status, status_at, stat, err, done_at, id) of submitted messages whose receipts are final."""
    if rows:
        sql = (
            'UPDATE message SET status = ?, status_at = ?, stat = ?, err = ?, done_at = ? '
            "WHERE id = ? AND status = 'submitted'"
        )
        await conn.execute_many(_sql(conn, sql), _rows(rows))


async def insert_orphans(conn: Conn, rows: Sequence[tuple[str, str, str, str, str, Any]]) -> None:
    """Keep (smsc_id, destination, stat, err, text, received_at) of receipts matching no known part."""
    if rows:
        sql = (
            'INSERT INTO orphan_receipt (smsc_id, destination, stat, err, text, received_at) VALUES (?, ?, ?, ?, ?, ?)'
        )
        await conn.execute_many(_sql(conn, sql), _rows(rows))


async def orphans_with_known_part(conn: Conn, *, limit: int) -> list[dict[str, Any]]:
    """Orphan receipts whose SMSC id has since been stored on a part (its submit was committed after it)."""
    sql = (
        'SELECT o.id, o.smsc_id, o.destination, o.stat, o.err, o.text, o.received_at FROM orphan_receipt o '
        'WHERE EXISTS (SELECT 1 FROM message_part p WHERE p.smsc_id = o.smsc_id) ORDER BY o.id LIMIT ?'
    )
    return await conn.execute_query_dict(_sql(conn, sql), [limit])


async def orphans(conn: Conn, *, before: datetime, limit: int) -> list[dict[str, Any]]:
    """The oldest orphan receipts received before `before` whose SMSC id is on no part."""
    sql = (
        'SELECT o.id, o.smsc_id, o.destination, o.stat, o.err, o.text, o.received_at FROM orphan_receipt o '
        'WHERE o.received_at <= ? AND NOT EXISTS (SELECT 1 FROM message_part p WHERE p.smsc_id = o.smsc_id) '
        'ORDER BY o.id LIMIT ?'
    )
    return await conn.execute_query_dict(_sql(conn, sql), [stamp(conn, before), limit])


async def take_orphans(conn: Conn, ids: Sequence[int]) -> set[int]:
    """Delete orphan receipts; returns the ids this transaction deleted (another process may have taken some)."""
    taken: set[int] = set()
    for chunk in _chunks(ids):
        marks = ', '.join('?' * len(chunk))
        sql = f'DELETE FROM orphan_receipt WHERE id IN ({marks}) RETURNING id'  # noqa: S608
        taken |= {int(row['id']) for row in await conn.execute_query_dict(_sql(conn, sql), list(chunk))}
    return taken


async def purge_orphans(conn: Conn, *, before: datetime) -> int:
    """Forget orphan receipts older than `before` (they belong to no message of ours)."""
    sql = 'DELETE FROM orphan_receipt WHERE received_at < ?'
    count, _ = await conn.execute_query(_sql(conn, sql), [stamp(conn, before)])
    return count


async def register_run(conn: Conn, *, run_id: str, now: datetime) -> None:
    """Record a starting dispatcher run."""
    sql = 'INSERT INTO dispatcher_run (id, started_at, heartbeat_at) VALUES (?, ?, ?)'
    await conn.execute_query(_sql(conn, sql), [run_id, stamp(conn, now), stamp(conn, now)])


async def beat(conn: Conn, *, run_id: str, now: datetime) -> bool:
    """Refresh a run's heartbeat; False when its row is gone."""
    sql = 'UPDATE dispatcher_run SET heartbeat_at = ? WHERE id = ?'
    count, _ = await conn.execute_query(_sql(conn, sql), [stamp(conn, now), run_id])
    return count > 0


async def runs(conn: Conn) -> dict[str, datetime]:
    """Every registered run with its last heartbeat."""
    rows = await conn.execute_query_dict('SELECT id, heartbeat_at FROM dispatcher_run')
    return {row['id']: read_moment(row['heartbeat_at']) for row in rows}


async def delete_runs(conn: Conn, run_ids: Sequence[str]) -> None:
    """Forget runs (they are dead, or stopped cleanly)."""
    for chunk in _chunks(run_ids):
        marks = ', '.join('?' * len(chunk))
        await conn.execute_query(_sql(conn, f'DELETE FROM dispatcher_run WHERE id IN ({marks})'), list(chunk))  # noqa: S608


async def queued_claims(conn: Conn) -> dict[str, int]:
    """Claims holding queued messages, with how many each holds."""
    sql = "SELECT claim, COUNT(*) AS n FROM message WHERE status = 'queued' GROUP BY claim"
    rows = await conn.execute_query_dict(sql)
    return {row['claim']: int(row['n']) for row in rows if row['claim']}


async def doubt_candidates(conn: Conn, claims: Sequence[str]) -> list[dict[str, Any]]:
    """Messages of those claims still queued, or submitted with fewer known parts than they have."""
    found: list[dict[str, Any]] = []
    for chunk in _chunks(claims):
        marks = ', '.join('?' * len(chunk))
        sql = (
            'SELECT m.id, m.phone, m.text, m.parts, m.status, m.claim, '  # noqa: S608
            '(SELECT COUNT(*) FROM message_part p WHERE p.message_id = m.id) AS known FROM message m '
            f"WHERE m.claim IN ({marks}) AND m.status IN ('queued', 'submitted')"
        )
        found += await conn.execute_query_dict(_sql(conn, sql), list(chunk))
    return [row for row in found if row['status'] == MessageStatus.queued or int(row['known']) < int(row['parts'])]


async def requeue_claim(conn: Conn, *, claim: str, now: datetime) -> list[int]:
    """Put every message still queued under `claim` back to scheduled (it never reached the SMSC)."""
    sql = (
        "UPDATE message SET status = 'scheduled', claim = NULL, status_at = ? "
        "WHERE claim = ? AND status = 'queued' RETURNING id"
    )
    rows = await conn.execute_query_dict(_sql(conn, sql), [stamp(conn, now), claim])
    return [int(row['id']) for row in rows]


async def try_lock_reconciliation(conn: Conn) -> bool:
    """On PostgreSQL, take the transaction-scoped lock that lets one process at a time reconcile."""
    if not is_postgres(conn):
        return True
    rows = await conn.execute_query_dict('SELECT pg_try_advisory_xact_lock(70070007) AS ok')
    return bool(rows[0]['ok'])


async def waiting_count(conn: Conn, *, now: datetime) -> int:
    """Messages due and not yet handed to the SMSC (scheduled and due, or queued)."""
    sql = "SELECT COUNT(*) AS n FROM message WHERE (status = 'scheduled' AND due_at <= ?) OR status = 'queued'"
    rows = await conn.execute_query_dict(_sql(conn, sql), [stamp(conn, now)])
    return int(rows[0]['n'])


def _rows(rows: Sequence[Sequence[Any]]) -> Any:
    """Parameter rows as the drivers take them (tuples too; Tortoise's hint says lists)."""
    return list(rows)


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


def _pick_then_update(conn: Conn, *, pick: str, lock: str, update: str, guard: str, returning: str) -> str:
    """UPDATE the rows a SELECT ... LIMIT picks. On PostgreSQL the pick is a MATERIALIZED CTE that locks with SKIP
    LOCKED: inside `WHERE id IN (subquery)` the planner may run the subquery again per row and take more than LIMIT.
    Parameters: PostgreSQL pick's then update's; SQLite update's then pick's (then the guard's on both)."""
    if is_postgres(conn):
        qualified = ', '.join(f'message.{column.strip()}' for column in returning.split(','))
        return (
            f'WITH picked AS MATERIALIZED ({pick}{lock}) {update} FROM picked '
            f'WHERE message.id = picked.id AND message.{guard} RETURNING {qualified}'
        )
    return f'{update} WHERE id IN ({pick}) AND {guard} RETURNING {returning}'


def _sql(conn: Conn, sql: str) -> str:
    if not is_postgres(conn):
        return sql
    pieces = sql.split('?')
    return pieces[0] + ''.join(f'${n}{piece}' for n, piece in enumerate(pieces[1:], start=1))
