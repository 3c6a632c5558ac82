"""Reads of the mailing monitor: recent and dispatching mailings, their counts per status, and per operator.

Scope: one account, or every account (`account_id` None: the aggregator's console). Mailings are found by the
(account_id, created_at) index (every account's range for the console), dispatching ones through the (status,
due_at) index (only the dispatcher's current batch is `queued`), counts through (mailing_id, status).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from storage.stats_queries import stamp
from storage.subscriber_queries import _dialect_sql, _is_postgres

QUEUED_SAMPLE = 2000


async def recent_mailings(conn: BaseDBAsyncClient, *, account_id: int | None, since: datetime) -> list[int]:
    """Ids of the scope's mailings created since `since`."""
    scope = 'account_id = ?' if account_id is not None else 'account_id IN (SELECT id FROM account)'
    values: list[Any] = [account_id] if account_id is not None else []
    sql = f'SELECT id FROM mailing WHERE {scope} AND created_at >= ?'  # noqa: S608
    rows = await conn.execute_query_dict(_dialect_sql(conn, sql), [*values, stamp(conn, since)])
    return [int(row['id']) for row in rows]


async def dispatching_mailings(conn: BaseDBAsyncClient, *, account_id: int | None) -> list[int]:
    """Ids of the scope's mailings with messages being handed to the SMSC right now (status queued)."""
    scope, values = ('AND account_id = ?', [account_id]) if account_id is not None else ('', [])
    sql = f"SELECT DISTINCT mailing_id FROM message WHERE status = 'queued' {scope} LIMIT ?"  # noqa: S608
    rows = await conn.execute_query_dict(_dialect_sql(conn, sql), [*values, QUEUED_SAMPLE])
    return [int(row['mailing_id']) for row in rows]


async def mailing_rows(conn: BaseDBAsyncClient, ids: Sequence[int]) -> list[dict[str, Any]]:
    """id, account_id, account name, mailing name, sender, created_at of the mailings."""
    condition, value = _ids(conn, 'g.id', ids)
    sql = (
        'SELECT g.id, g.account_id, a.name AS account_name, g.name, g.sender, g.created_at '  # noqa: S608
        f'FROM mailing g JOIN account a ON a.id = g.account_id WHERE {condition}'
    )
    return await conn.execute_query_dict(_dialect_sql(conn, sql), [value])


async def status_counts(conn: BaseDBAsyncClient, ids: Sequence[int]) -> list[tuple[int, str, int]]:
    """(mailing_id, status, messages) of the mailings."""
    condition, value = _ids(conn, 'mailing_id', ids)
    sql = f'SELECT mailing_id, status, COUNT(*) FROM message WHERE {condition} GROUP BY mailing_id, status'  # noqa: S608
    _, rows = await conn.execute_query(_dialect_sql(conn, sql), [value])
    return [(int(row[0]), str(row[1]), int(row[2])) for row in rows]


async def operator_counts(
    conn: BaseDBAsyncClient, ids: Sequence[int], *, submitted_since: datetime
) -> list[tuple[str, str, int, int]]:
    """(operator, status, messages, of them submitted since `submitted_since`) over the mailings' messages."""
    condition, value = _ids(conn, 'mailing_id', ids)
    sql = (
        'SELECT operator, status, COUNT(*), SUM(CASE WHEN submitted_at >= ? THEN 1 ELSE 0 END) '  # noqa: S608
        f'FROM message WHERE {condition} GROUP BY operator, status'
    )
    _, rows = await conn.execute_query(_dialect_sql(conn, sql), [stamp(conn, submitted_since), value])
    return [(str(row[0] or ''), str(row[1]), int(row[2]), int(row[3] or 0)) for row in rows]


def _ids(conn: BaseDBAsyncClient, column: str, ids: Sequence[int]) -> tuple[str, Any]:
    if _is_postgres(conn):
        return f'{column} = ANY(?::bigint[])', list(ids)
    return f'{column} IN (SELECT value FROM json_each(?))', json.dumps(list(ids))  # noqa: S608
