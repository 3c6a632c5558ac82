"""Subscriber reads for mailings: a base filtered by the window «Выбор абонентов из базы по признакам».

Statements use '?' placeholders (numbered for asyncpg by `_dialect_sql`) and are assembled from whitelisted column
names only; every value is a bound parameter (hence the `noqa: S608`).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from storage.subscriber_queries import BATCH, DATA_COLUMNS, ID_BATCH, _dialect_sql, _escape_like, _is_postgres

TEXT_FILTER_COLUMNS = frozenset(
    {
        'phone',
        'last_name',
        'first_name',
        'middle_name',
        'gender',
        'region',
        'operator',
        *(f'note{n}' for n in range(1, 11)),
    }
)
FACET_COLUMNS = frozenset({'region', 'operator'})
FIELD_OPS = frozenset({'equals', 'contains', 'empty'})
READ_COLUMNS = frozenset(DATA_COLUMNS) - {'search_name'}


@dataclass(kw_only=True, slots=True, frozen=True)
class Criteria:
    """Conditions on one base's subscribers; empty values mean no condition. `birthdays` are 'MM-DD' strings."""

    base_id: int
    regions: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    gender: str = ''
    birth_from: date | None = None
    birth_to: date | None = None
    birthdays: tuple[str, ...] = ()
    field_key: str = ''
    field_op: str = ''
    field_value: str = ''


async def count(conn: BaseDBAsyncClient, criteria: Criteria) -> int:
    """How many subscribers of the base match."""
    condition, values = where(conn, criteria)
    rows = await conn.execute_query_dict(
        _dialect_sql(conn, f'SELECT COUNT(*) AS n FROM subscriber WHERE {condition}'),  # noqa: S608
        values,
    )
    return int(rows[0]['n'])


async def iter_rows(
    conn: BaseDBAsyncClient, criteria: Criteria, *, columns: Sequence[str], batch: int = BATCH
) -> AsyncGenerator[Sequence[Any], None]:
    """The matching subscribers in id order, a batch at a time: rows of (id, *columns) as the driver returns them."""
    unknown = set(columns) - READ_COLUMNS
    if unknown:
        raise ValueError(f'not subscriber columns: {sorted(unknown)}')
    condition, values = where(conn, criteria)
    select = ', '.join(('id', *columns))
    sql = _dialect_sql(conn, f'SELECT {select} FROM subscriber WHERE {condition} AND id > ? ORDER BY id LIMIT ?')  # noqa: S608
    last = 0
    while True:
        _, rows = await conn.execute_query(sql, [*values, last, max(batch, 1)])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


async def facet(conn: BaseDBAsyncClient, *, base_id: int, column: str) -> list[tuple[str, int]]:
    """The values of a column ('region' or 'operator') in a base with how many subscribers have each."""
    if column not in FACET_COLUMNS:
        raise ValueError(f'cannot group by {column!r}')
    sql = f'SELECT {column} AS v, COUNT(*) AS n FROM subscriber WHERE base_id = ? GROUP BY {column} ORDER BY {column}'  # noqa: S608
    rows = await conn.execute_query_dict(_dialect_sql(conn, sql), [base_id])
    return [(str(row['v'] or ''), int(row['n'])) for row in rows]


async def distinct_phones(conn: BaseDBAsyncClient, criteria: Sequence[Criteria]) -> int:
    """How many different numbers the filtered bases hold together."""
    if not criteria:
        return 0
    condition, values = _any_of(conn, criteria)
    sql = f'SELECT COUNT(DISTINCT phone) AS n FROM subscriber WHERE {condition}'  # noqa: S608
    rows = await conn.execute_query_dict(_dialect_sql(conn, sql), values)
    return int(rows[0]['n'])


async def present(conn: BaseDBAsyncClient, criteria: Sequence[Criteria], phones: Sequence[str]) -> set[str]:
    """Which of these numbers the filtered bases hold."""
    if not criteria or not phones:
        return set()
    condition, values = _any_of(conn, criteria)
    found: set[str] = set()
    ordered = sorted(set(phones))
    for start in range(0, len(ordered), ID_BATCH):
        chunk = ordered[start : start + ID_BATCH]
        marks = ', '.join('?' * len(chunk))
        sql = f'SELECT phone FROM subscriber WHERE ({condition}) AND phone IN ({marks})'  # noqa: S608
        _, rows = await conn.execute_query(_dialect_sql(conn, sql), [*values, *chunk])
        found.update(str(row[0]) for row in rows)
    return found


async def phones_of_bases(conn: BaseDBAsyncClient, base_ids: Sequence[int]) -> set[str]:
    """Every number of these bases (the bases «для исключения из рассылки»)."""
    found: set[str] = set()
    for base_id in sorted(set(base_ids)):
        _, rows = await conn.execute_query(
            _dialect_sql(conn, 'SELECT phone FROM subscriber WHERE base_id = ?'), [base_id]
        )
        found.update(str(row[0]) for row in rows)
    return found


def where(conn: BaseDBAsyncClient, criteria: Criteria) -> tuple[str, list[Any]]:
    """The SQL condition and its values for one base's criteria."""
    parts = ['base_id = ?']
    values: list[Any] = [criteria.base_id]
    for column, wanted in (('region', criteria.regions), ('operator', criteria.operators)):
        if wanted:
            parts.append(f'{column} IN ({", ".join("?" * len(wanted))})')
            values.extend(wanted)
    if criteria.gender:
        parts.append('gender = ?')
        values.append(criteria.gender)
    if criteria.birth_from is not None:
        parts.append('birth_date >= ?')
        values.append(criteria.birth_from)
    if criteria.birth_to is not None:
        parts.append('birth_date <= ?')
        values.append(criteria.birth_to)
    if criteria.birthdays:
        day = "to_char(birth_date, 'MM-DD')" if _is_postgres(conn) else 'substr(birth_date, 6, 5)'
        parts.append(f'birth_date IS NOT NULL AND {day} IN ({", ".join("?" * len(criteria.birthdays))})')
        values.extend(criteria.birthdays)
    if criteria.field_key:
        condition, value = _field_condition(conn, criteria)
        parts.append(condition)
        values.extend(value)
    return ' AND '.join(parts), values


def _field_condition(conn: BaseDBAsyncClient, criteria: Criteria) -> tuple[str, list[Any]]:
    key, op, value = criteria.field_key, criteria.field_op, criteria.field_value.strip()
    if op not in FIELD_OPS:
        raise ValueError(f'unknown field condition {op!r}')
    if key == 'birth_date' and op == 'empty':
        return 'birth_date IS NULL', []
    if key not in TEXT_FILTER_COLUMNS:
        raise ValueError(f'cannot filter by {key!r}')
    if op == 'empty':
        return f"{key} = ''", []
    if op == 'equals':
        return f'{key} = ?', [value]
    like = 'ILIKE' if _is_postgres(conn) else 'LIKE'
    return f"{key} {like} ? ESCAPE '\\'", [f'%{_escape_like(value)}%']


def _any_of(conn: BaseDBAsyncClient, criteria: Sequence[Criteria]) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    values: list[Any] = []
    for item in criteria:
        condition, item_values = where(conn, item)
        conditions.append(f'({condition})')
        values.extend(item_values)
    return ' OR '.join(conditions), values
