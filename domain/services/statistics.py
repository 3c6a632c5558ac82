"""Общая статистика: an account's messages of a period counted per day / week / month or per operator, region,
sender, template or mailing, by status group, with parts and cost.

Served by SQL aggregation over the message table (one GROUP BY on the (account_id, created_at) index range), so the
figures always equal the detailed rows; bench/statistics.py measures it on 10 million messages. Periods are local
dates of the account's time zone (domain.stats).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from domain.stats import (
    TIME_GROUPINGS,
    Grouping,
    Period,
    Tally,
    offset_segments,
    time_buckets,
    total_of,
    utc_bounds,
)
from domain.statuses import MessageStatus
from storage import stats_queries as queries
from storage.models import Mailing, Template
from storage.subscriber_queries import connection

# Attribute groupings (operators, regions, mailings...) show at most this many rows; the rest become one row.
MAX_ROWS = 500
ID_CHUNK = 900
Key = date | str | int | None
_KEYS = {Grouping.template: 'template_id', Grouping.mailing: 'mailing_id'}


@dataclass(kw_only=True, slots=True, frozen=True)
class StatsQuery:
    """What «Пересчитать» asks for."""

    period: Period
    grouping: Grouping = Grouping.day
    template_id: int | None = None


@dataclass(kw_only=True, slots=True, frozen=True)
class StatsRow:
    """One row of the table and one bar of the chart.

    `key`: the bucket's first day for time groupings, else the operator / region / sender text ('' unknown), the
    template or mailing id (None: without a template). `name`: the template's or mailing's name. `others`: the row
    that folds the groups beyond MAX_ROWS.
    """

    key: date | str | int | None
    name: str
    tally: Tally
    created_at: datetime | None = None
    others: int = 0


@dataclass(kw_only=True, slots=True, frozen=True)
class StatsResult:
    """The rows in display order and their totals."""

    query: StatsQuery
    rows: list[StatsRow]
    total: Tally


async def general_stats(*, account_id: int, tz: str, query: StatsQuery) -> StatsResult:
    """Count the account's messages of the period by the query's grouping."""
    start, end = utc_bounds(query.period, tz)
    where = queries.MessageWhere(account_id=account_id, start=start, end=end, template_id=query.template_id)
    key = _KEYS.get(query.grouping, query.grouping.value)
    found = await queries.aggregate(connection(), where=where, key=key, segments=offset_segments(start, end, tz), tz=tz)
    tallies: dict[Key, Tally] = {}
    for group_key, status, count, parts, cost in found:
        tallies.setdefault(group_key, Tally()).add(MessageStatus(status), count, parts, cost)
    if query.grouping in TIME_GROUPINGS:
        rows = [
            StatsRow(key=b, name='', tally=tallies.get(b, Tally())) for b in time_buckets(query.grouping, query.period)
        ]
    else:
        rows = await _named_rows(account_id, query.grouping, tallies)
    return StatsResult(query=query, rows=rows, total=total_of(row.tally for row in rows))


async def template_choices(*, account_id: int) -> list[tuple[int, str]]:
    """(id, name) of the account's templates for the template filter, by name."""
    rows = await Template.filter(account_id=account_id).order_by('name', 'id').values_list('id', 'name')
    return [(int(template_id), str(name)) for template_id, name in rows]


async def _named_rows(account_id: int, grouping: Grouping, tallies: dict[Key, Tally]) -> list[StatsRow]:
    ordered = sorted(tallies.items(), key=lambda item: (-item[1].messages - item[1].stopped, str(item[0])))
    shown, rest = ordered[:MAX_ROWS], ordered[MAX_ROWS:]
    names: dict[Key, tuple[str, datetime | None]] = {}
    ids = [key for key, _ in shown if isinstance(key, int)]
    if grouping is Grouping.template:
        names = {i: (n, None) for i, n in await _template_names(account_id, ids)}
    elif grouping is Grouping.mailing:
        names = {i: (n, at) for i, n, at in await _mailing_names(account_id, ids)}
    rows = []
    for key, tally in shown:
        name, created_at = names.get(key, ('', None))
        rows.append(StatsRow(key=key, name=name, tally=tally, created_at=created_at))
    if rest:
        rows.append(StatsRow(key=None, name='', tally=total_of(t for _, t in rest), others=len(rest)))
    return rows


async def _template_names(account_id: int, ids: list[int]) -> Iterable[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for chunk in _chunks(ids):
        found += await Template.filter(account_id=account_id, id__in=chunk).values_list('id', 'name')
    return found


async def _mailing_names(account_id: int, ids: list[int]) -> Iterable[tuple[int, str, datetime]]:
    found: list[tuple[int, str, datetime]] = []
    for chunk in _chunks(ids):
        found += await Mailing.filter(account_id=account_id, id__in=chunk).values_list('id', 'name', 'created_at')
    return found


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), ID_CHUNK):
        yield ids[start : start + ID_CHUNK]
