"""Statistics reads over the message table, for SQLite and PostgreSQL: aggregation by period or attribute, the
filtered and sorted detail page (offset or keyset), batches for export, the mailing monitor's counts.

Every query starts from the account and a half-open UTC range of `created_at`, so it rides the existing indexes
(account_id, created_at) and (account_id, <column>, created_at) for status, phone, sender and operator; the sort by
mailing name walks the account's mailings of the period in (account_id, name, created_at) order and reads each one's
messages by (mailing_id, created_at), so a page never sorts the whole selection. Statements use '?'
placeholders (numbered for asyncpg) and are assembled from this module's constants, whitelisted sort keys and
generated offset literals only; every value is a bound parameter (hence the `noqa: S608`).

Local time on SQLite: `datetime(created_at, '+180 minutes')` per stretch of constant UTC offset (domain.stats.
offset_segments); on PostgreSQL `created_at AT TIME ZONE <zone>`. Money on SQLite is text: sums are taken in
kopecks (`ROUND(cost * 100)`), so they are exact.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import pairwise
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from storage.subscriber_queries import _dialect_sql, _is_postgres

Segments = Sequence[tuple[datetime, int]]
ATTRIBUTE_KEYS = frozenset({'operator', 'region', 'sender', 'template_id', 'mailing_id'})
TIME_KEYS = frozenset({'day', 'week', 'month'})
# sort key -> the columns of ORDER BY (created_at, then id break ties, so a keyset names one row); each is served by
# an index: (account_id, <column>, created_at), or for the mailing's name (account_id, name, created_at) then
# (mailing_id, created_at) — messages of equally named mailings stay together, mailing by mailing (older first)
SORTS: dict[str, tuple[str, ...]] = {
    'created_at': ('m.created_at', 'm.id'),
    'sender': ('m.sender', 'm.created_at', 'm.id'),
    'phone': ('m.phone', 'm.created_at', 'm.id'),
    'operator': ('m.operator', 'm.created_at', 'm.id'),
    'mailing': ('g.name', 'g.created_at', 'g.id', 'm.created_at', 'm.id'),
    'status': ('m.status', 'm.created_at', 'm.id'),
}
# the key of a sort column in a row that `page` returns
_ROW_KEYS = {'g.name': 'mailing_name', 'g.created_at': 'mailing_created_at', 'g.id': 'mailing_id'}
DETAIL_COLUMNS = (
    'm.id',
    'm.created_at',
    'm.submitted_at',
    'm.sender',
    'm.phone',
    'm.operator',
    'm.region',
    'm.mailing_id',
    'g.name AS mailing_name',
    'g.created_at AS mailing_created_at',
    'm.text',
    'm.parts',
    'm.cost',
    'm.status',
    'm.status_at',
    'm.err',
    'm.stat',
)
_FROM = 'message m LEFT JOIN mailing g ON g.id = m.mailing_id'
# the mailings first (SQLite keeps a CROSS JOIN's order; PostgreSQL plans it as any inner join); every message has
# its mailing, of the same account
_FROM_MAILINGS = 'mailing g CROSS JOIN message m'
_JOIN_MAILINGS = 'm.mailing_id = g.id AND g.account_id = ?'
# below this many rows a selection is cheap to sort; above it, reading an index in the sort's order finds a page fast
FEW_ROWS = 5000
# '+7916': a number prefix this long holds about 1 % of Russian mobile numbers
SELECTIVE_PREFIX = 5


@dataclass(kw_only=True, slots=True, frozen=True)
class MessageWhere:
    """The detail selection: an account's messages created in [start, end) and the optional filters."""

    account_id: int
    start: datetime
    end: datetime
    sender: str = ''
    phone_prefix: str = ''
    operator: str = ''
    status: str = ''
    template_id: int | None = None
    mailing_ids: tuple[int, ...] | None = None  # None: any mailing; () matches nothing
    mailing_messages: int = 0  # how many messages the listed mailings were made for (their recipients)
    # [since, until) of the mailings that can hold the selection's messages (a message is created with its mailing):
    # the sort by mailing name walks only these; None walks all the account's mailings
    mailing_window: tuple[datetime, datetime] | None = None


def stamp(conn: BaseDBAsyncClient, moment: datetime) -> datetime | str:
    """A moment as a parameter: the datetime for asyncpg, for SQLite the text Tortoise stores."""
    return moment if _is_postgres(conn) else moment.isoformat(' ')


async def aggregate(
    conn: BaseDBAsyncClient, *, where: MessageWhere, key: str, segments: Segments, tz: str
) -> list[tuple[Any, str, int, int, Decimal]]:
    """(key, status, messages, parts, cost) per key and status of the selection; time keys are local dates."""
    if key in TIME_KEYS:
        key_sql, key_values = bucket_expr(conn, key, segments, tz)
    elif key in ATTRIBUTE_KEYS:
        key_sql, key_values = f'm.{key}', []
    else:
        raise ValueError(f'cannot group by {key!r}')
    condition, values = _where(conn, where)
    cost = 'SUM(m.cost)' if _is_postgres(conn) else 'CAST(SUM(ROUND(m.cost * 100)) AS INTEGER)'
    sql = (
        f'SELECT {key_sql} AS k, m.status AS status, COUNT(*) AS n, SUM(m.parts) AS parts, {cost} AS cost '  # noqa: S608
        f'FROM message m WHERE {condition} GROUP BY 1, 2'
    )
    _, rows = await conn.execute_query(_dialect_sql(conn, sql), [*key_values, *values])
    return [(_key(key, row[0]), str(row[1]), int(row[2]), int(row[3] or 0), _money(conn, row[4])) for row in rows]


def bucket_expr(conn: BaseDBAsyncClient, key: str, segments: Segments, tz: str) -> tuple[str, list[Any]]:
    """The SQL of a message's local day / week (its Monday) / month (its 1st), and its parameters."""
    if _is_postgres(conn):
        local = 'm.created_at AT TIME ZONE ?'
        sql = {'day': f'({local})::date', 'week': f"date_trunc('week', {local})::date"}.get(
            key, f"date_trunc('month', {local})::date"
        )
        return sql, [tz]
    modifiers = {'day': '', 'week': ", 'weekday 0', '-6 days'", 'month': ", 'start of month'"}[key]
    return _by_segment(segments, lambda shift: f"date(m.created_at, '{shift}'{modifiers})"), []


def local_text_expr(conn: BaseDBAsyncClient, column: str, segments: Segments, tz: str) -> tuple[str, list[Any]]:
    """The SQL of a timestamp column as local 'dd.mm.yyyy hh:mm:ss' text ('' when NULL), and its parameters."""
    if _is_postgres(conn):
        return f"COALESCE(to_char({column} AT TIME ZONE ?, 'DD.MM.YYYY HH24:MI:SS'), '')", [tz]
    text = _by_segment(segments, lambda shift: f"strftime('%d.%m.%Y %H:%M:%S', {column}, '{shift}')", column)
    return f"COALESCE({text}, '')", []


async def count(conn: BaseDBAsyncClient, where: MessageWhere) -> int:
    """How many messages the selection holds."""
    if where.mailing_ids == ():
        return 0
    condition, values = _where(conn, where, _hidden(conn, where, None, None))
    sql = f'SELECT COUNT(*) AS n FROM message m WHERE {condition}'  # noqa: S608
    rows = await conn.execute_query_dict(_dialect_sql(conn, sql), values)
    return int(rows[0]['n'])


async def page(
    conn: BaseDBAsyncClient,
    where: MessageWhere,
    *,
    sort: str,
    descending: bool,
    limit: int,
    offset: int = 0,
    after: Sequence[Any] | None = None,
    total: int | None = None,
) -> list[dict[str, Any]]:
    """One page of the selection in the sort's order: skip `offset` rows, or start after the keyset `after`.

    `total` (the selection's size) lets SQLite be steered to the index that fits (see `_hidden`).
    """
    if where.mailing_ids == ():
        return []
    order = SORTS[sort]
    source, condition, values = _source(conn, where, sort, total)
    if after is not None:
        condition += f' AND ({", ".join(order)}) {"<" if descending else ">"} ({", ".join("?" * len(order))})'
        values += [_param(conn, column, value) for column, value in zip(order, after, strict=True)]
    direction = ' DESC' if descending else ''
    sql = (
        f'SELECT {", ".join(DETAIL_COLUMNS)} FROM {source} WHERE {condition} '  # noqa: S608
        f'ORDER BY {", ".join(column + direction for column in order)} LIMIT ? OFFSET ?'
    )
    return await conn.execute_query_dict(_dialect_sql(conn, sql), [*values, max(limit, 1), max(offset, 0)])


def sort_values(sort: str, row: dict[str, Any]) -> tuple[Any, ...]:
    """The keyset of a row fetched by `page` (what `after` takes to continue after it)."""
    return tuple(row[_ROW_KEYS.get(column, column.removeprefix('m.'))] for column in SORTS[sort])


async def iter_export(
    conn: BaseDBAsyncClient,
    where: MessageWhere,
    *,
    sort: str,
    descending: bool,
    segments: Segments,
    tz: str,
    batch: int,
    total: int | None = None,
) -> AsyncGenerator[list[Any], None]:
    """The whole selection in the sort's order, a batch at a time (keyset, never OFFSET).

    Each row: (*keyset, created text, submitted text, sender, phone, operator, region, mailing name, text, parts,
    cost, status, status time text, err); the times are local text made by the database.
    """
    if where.mailing_ids == ():
        return
    order = SORTS[sort]
    created, created_values = local_text_expr(conn, 'm.created_at', segments, tz)
    sent, sent_values = local_text_expr(conn, 'm.submitted_at', segments, tz)
    status_at, status_values = local_text_expr(conn, 'm.status_at', segments, tz)
    columns = (
        *order,
        created,
        sent,
        'm.sender',
        'm.phone',
        'm.operator',
        'm.region',
        "COALESCE(g.name, '')",
        'm.text',
        'm.parts',
        'm.cost',
        'm.status',
        status_at,
        'm.err',
    )
    expr_values = [*created_values, *sent_values, *status_values]
    direction = ' DESC' if descending else ''
    last: Sequence[Any] | None = None
    while True:
        source, condition, values = _source(conn, where, sort, total)
        if last is not None:
            condition += f' AND ({", ".join(order)}) {"<" if descending else ">"} ({", ".join("?" * len(order))})'
            values += list(last)
        sql = (
            f'SELECT {", ".join(columns)} FROM {source} WHERE {condition} '  # noqa: S608
            f'ORDER BY {", ".join(column + direction for column in order)} LIMIT ?'
        )
        _, fetched = await conn.execute_query(_dialect_sql(conn, sql), [*expr_values, *values, batch])
        if not fetched:
            return
        yield list(fetched)  # the driver's rows as they are (sqlite3.Row / asyncpg Record): no copy per row
        if len(fetched) < batch:
            return
        last = tuple(fetched[-1])[: len(order)]


async def mailing_names(conn: BaseDBAsyncClient, *, account_id: int, since: datetime, until: datetime) -> list[dict]:
    """(id, name, recipients, created_at) of the account's mailings created in [since, until)."""
    sql = (
        'SELECT id, name, recipients, created_at FROM mailing '
        'WHERE account_id = ? AND created_at >= ? AND created_at < ?'
    )
    return await conn.execute_query_dict(_dialect_sql(conn, sql), [account_id, stamp(conn, since), stamp(conn, until)])


def _source(conn: BaseDBAsyncClient, where: MessageWhere, sort: str, total: int | None) -> tuple[str, str, list[Any]]:
    """FROM, WHERE and its values of a page or an export in the sort's order."""
    condition, values = _where(conn, where, _hidden(conn, where, sort, total))
    if not _mailings_first(conn, sort, total):
        return _FROM, condition, values
    join = _JOIN_MAILINGS
    join_values: list[Any] = [where.account_id]
    if where.mailing_window is not None:
        # SQLite: checked inside the (account_id, name, created_at) index it walks, not a range to pick another one by
        created = 'g.created_at' if _is_postgres(conn) else '+g.created_at'
        join += f' AND {created} >= ? AND {created} < ?'
        join_values += [stamp(conn, moment) for moment in where.mailing_window]
    return _FROM_MAILINGS, f'{join} AND {condition}', [*join_values, *values]


def _mailings_first(conn: BaseDBAsyncClient, sort: str | None, total: int | None) -> bool:
    """Whether the mailing sort walks the mailings in name order (always on PostgreSQL, whose planner may still start
    from the messages; on SQLite unless the selection is small enough to sort)."""
    return sort == 'mailing' and (_is_postgres(conn) or (total is not None and total >= FEW_ROWS))


def _hidden(conn: BaseDBAsyncClient, where: MessageWhere, sort: str | None, total: int | None) -> frozenset[str]:
    """Columns whose condition SQLite's planner must not use to pick an index (written `+m.column`), so that it takes
    the index that fits: without statistics it cannot weigh a created_at range against reading another index in
    ORDER BY order, nor guess how selective a number prefix or a list of mailings is. PostgreSQL's planner decides
    from its statistics. `total` is the selection's size (None: not known yet, e.g. while counting it)."""
    if _is_postgres(conn):
        return frozenset()
    if _mailings_first(conn, sort, total):
        return frozenset({'account_id', 'status'})  # each mailing's messages by (mailing_id, created_at)
    if where.mailing_ids is not None and where.mailing_messages <= FEW_ROWS:
        # the (mailing_id, status) index: only those mailings' rows
        return frozenset({'account_id', 'created_at', 'status'})
    dense = total is not None and total >= FEW_ROWS
    selective_phone = len(where.phone_prefix) >= SELECTIVE_PREFIX
    if sort == 'phone' and (where.phone_prefix or dense):
        return frozenset({'created_at', 'status'})  # (account_id, phone, created_at) in order, created_at in it
    if sort in ('sender', 'operator') and getattr(where, sort):
        return frozenset({'status'})  # the value's range of (account_id, <column>, created_at), already in order
    if sort in ('sender', 'operator') and dense:
        return frozenset({'created_at', 'status'})  # (account_id, <column>, created_at) in order, created_at in it
    if sort == 'status' and not where.status and dense:
        return frozenset({'created_at'})  # (account_id, status, created_at) in order
    if selective_phone and not dense:
        return frozenset({'created_at', 'status'})  # the prefix's range of (account_id, phone, created_at)
    return frozenset()


def _where(conn: BaseDBAsyncClient, where: MessageWhere, hidden: frozenset[str] = frozenset()) -> tuple[str, list[Any]]:
    account = '+m.account_id' if 'account_id' in hidden else 'm.account_id'
    created = '+m.created_at' if 'created_at' in hidden else 'm.created_at'
    status = '+m.status' if 'status' in hidden else 'm.status'
    parts = [f'{account} = ?', f'{created} >= ?', f'{created} < ?']
    values: list[Any] = [where.account_id, stamp(conn, where.start), stamp(conn, where.end)]
    if where.status:
        parts.append(f'{status} = ?')
        values.append(where.status)
    if where.phone_prefix:
        # a range, not LIKE: it uses the (account_id, phone, created_at) index on both databases
        parts.append('m.phone >= ? AND m.phone < ?')
        values += [where.phone_prefix, where.phone_prefix[:-1] + chr(ord(where.phone_prefix[-1]) + 1)]
    for column in ('sender', 'operator'):
        if getattr(where, column):
            parts.append(f'm.{column} = ?')
            values.append(getattr(where, column))
    if where.template_id is not None:
        parts.append('m.template_id = ?')
        values.append(where.template_id)
    if where.mailing_ids is not None:
        if _is_postgres(conn):
            parts.append('m.mailing_id = ANY(?::bigint[])')
            values.append(list(where.mailing_ids))
        else:
            parts.append('m.mailing_id IN (SELECT value FROM json_each(?))')
            values.append(json.dumps(list(where.mailing_ids)))
    return ' AND '.join(parts), values


def _by_segment(segments: Segments, expression: Any, column: str = 'm.created_at') -> str:
    """One expression per stretch of constant offset: CASE on the stretch's start when the zone changed offset."""
    if len(segments) == 1:
        return str(expression(f'{segments[0][1]:+d} minutes'))
    cases = ' '.join(
        f"WHEN {column} < '{until.isoformat(' ')}' THEN {expression(f'{offset:+d} minutes')}"
        for (_, offset), (until, _) in pairwise(segments)
    )
    return f'CASE {cases} ELSE {expression(f"{segments[-1][1]:+d} minutes")} END'


def _key(key: str, value: Any) -> Any:
    if key in TIME_KEYS:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if key in ('template_id', 'mailing_id'):
        return None if value is None else int(value)
    return value or ''


def _money(conn: BaseDBAsyncClient, value: Any) -> Decimal:
    if value is None:
        return Decimal('0.00')
    if _is_postgres(conn):
        return Decimal(value).quantize(Decimal('0.01'))
    return (Decimal(int(value)) / 100).quantize(Decimal('0.01'))


def _param(conn: BaseDBAsyncClient, column: str, value: Any) -> Any:
    """A keyset value as a parameter (SQLite hands timestamps back as the text it compares)."""
    if column.endswith('_at') and isinstance(value, datetime):
        return stamp(conn, value)
    return value
