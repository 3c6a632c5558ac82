"""Детальная статистика: an account's messages of a period, filtered, sorted and paged on the server; the history
of one message's status changes.

Sorts offered are those an index serves (storage.stats_queries.SORTS): by time, sender, recipient, operator, mailing
name and status, each in both directions; ties are broken by time, then id (for the mailing name, by the mailing's
creation and id first, so messages of equally named mailings stay together), so a keyset names exactly one row.
Pages are cheap at both ends of any selection: the next or previous page continues from a keyset of the shown page,
and a page nearer the end than the start is read in the opposite order (so «last page» is as quick as the first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from domain.errors import DomainError, NotFound
from domain.stats import Period, phone_prefix, utc_bounds
from domain.statuses import MessageStatus
from storage import stats_queries as queries
from storage.models import Mailing, Message, MessageEvent
from storage.subscriber_queries import connection

SORTS = tuple(queries.SORTS)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# a message is created with (or right after) its mailing; the name filter looks at mailings this much earlier too, and
# the sort by mailing name at those created this much before or after the period
_MAILING_LEAD = timedelta(days=2)


@dataclass(kw_only=True, slots=True, frozen=True)
class DetailFilter:
    """The filters of the window; empty values mean no condition. `phone` is the typed start of a number."""

    period: Period
    sender: str = ''
    phone: str = ''
    operator: str = ''
    mailing: str = ''
    status: MessageStatus | None = None


@dataclass(kw_only=True, slots=True, frozen=True)
class DetailRow:
    """One message as the table shows it (times UTC-aware; the page shows them in the account's zone)."""

    id: int
    created_at: datetime
    submitted_at: datetime | None
    sender: str
    phone: str
    operator: str
    region: str
    mailing_id: int
    mailing_name: str
    text: str
    parts: int
    cost: Decimal
    status: MessageStatus
    status_at: datetime
    err: str
    stat: str


@dataclass(kw_only=True, slots=True, frozen=True)
class DetailPage:
    """A page of rows, the selection's size and the keysets of its first and last row (to page on from them)."""

    rows: list[DetailRow]
    total: int
    first_key: tuple[Any, ...] | None = None
    last_key: tuple[Any, ...] | None = None


@dataclass(kw_only=True, slots=True, frozen=True)
class HistoryEvent:
    """One status change of a message."""

    status: MessageStatus
    at: datetime
    stat: str
    err: str


async def selection(*, account_id: int, tz: str, where: DetailFilter) -> queries.MessageWhere:
    """The storage selection of a filter (the mailing name is matched case-insensitively here, Cyrillic too)."""
    start, end = utc_bounds(where.period, tz)
    prefix = phone_prefix(where.phone)
    mailing_ids, mailing_messages = (None, 0)
    if where.mailing.strip():
        mailing_ids, mailing_messages = await _mailings(account_id, where.mailing, start, end)
    return queries.MessageWhere(
        account_id=account_id,
        start=start,
        end=end,
        sender=where.sender.strip(),
        phone_prefix=prefix,
        operator=where.operator.strip(),
        status=where.status.value if where.status else '',
        mailing_ids=mailing_ids,
        mailing_messages=mailing_messages,
        mailing_window=(start - _MAILING_LEAD, end + _MAILING_LEAD),
    )


async def count_messages(*, account_id: int, tz: str, where: DetailFilter) -> int:
    """How many messages match (the page asks once per filter change and keeps it while paging)."""
    return await queries.count(connection(), await selection(account_id=account_id, tz=tz, where=where))


async def detail_page(
    *,
    account_id: int,
    tz: str,
    where: DetailFilter,
    sort: str = 'created_at',
    descending: bool = True,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    total: int | None = None,
    after: Sequence[Any] | None = None,
    before: Sequence[Any] | None = None,
) -> DetailPage:
    """Rows [offset, offset + limit) of the selection in the sort's order; `after`/`before` (the keyset of the row
    just before / after the wanted page) make the neighbouring pages independent of the offset."""
    if sort not in SORTS:
        raise DomainError('sort_unknown', sort=sort)
    limit = min(max(limit, 1), MAX_PAGE_SIZE)
    conn = connection()
    chosen = await selection(account_id=account_id, tz=tz, where=where)
    if total is None:
        total = await queries.count(conn, chosen)
    offset = max(0, min(offset, max(total - 1, 0)))
    fetch = partial(queries.page, conn, chosen, sort=sort, total=total)
    if after is not None:
        raw = await fetch(descending=descending, limit=limit, after=after)
    elif before is not None:
        raw = await fetch(descending=not descending, limit=limit, after=before)
        raw.reverse()
    elif offset > total // 2:
        # nearer the end: read backwards, so the deepest OFFSET is half the selection
        rows_here = min(limit, total - offset)
        raw = await fetch(descending=not descending, limit=rows_here, offset=max(0, total - offset - rows_here))
        raw.reverse()
    else:
        raw = await fetch(descending=descending, limit=limit, offset=offset)
    return DetailPage(
        rows=[_row(row) for row in raw],
        total=total,
        first_key=queries.sort_values(sort, raw[0]) if raw else None,
        last_key=queries.sort_values(sort, raw[-1]) if raw else None,
    )


async def sender_choices(*, account_id: int) -> list[str]:
    """The sender names the account's mailings used, for the sender filter."""
    names = await Mailing.filter(account_id=account_id).distinct().values_list('sender', flat=True)
    return sorted({str(name) for name in names if name})


async def message_history(*, account_id: int, message_id: int) -> list[HistoryEvent]:
    """The status changes of one of the account's messages, oldest first (another account's: NotFound)."""
    if not await Message.filter(id=message_id, account_id=account_id).exists():
        raise NotFound('message')
    events = await MessageEvent.filter(message_id=message_id).order_by('at', 'id')
    return [HistoryEvent(status=e.status, at=e.at, stat=e.stat, err=e.err) for e in events]


async def _mailings(account_id: int, text: str, start: datetime, end: datetime) -> tuple[tuple[int, ...], int]:
    """Ids of the account's mailings of the period whose name contains the text, and their recipients in all."""
    needle = text.strip().casefold()
    found = await queries.mailing_names(connection(), account_id=account_id, since=start - _MAILING_LEAD, until=end)
    matched = [row for row in found if needle in str(row['name'] or '').casefold()]
    return tuple(sorted(int(row['id']) for row in matched)), sum(int(row['recipients'] or 0) for row in matched)


def _row(raw: dict[str, Any]) -> DetailRow:
    return DetailRow(
        id=int(raw['id']),
        created_at=_moment(raw['created_at']),
        submitted_at=_moment(raw['submitted_at']) if raw['submitted_at'] else None,
        sender=raw['sender'],
        phone=raw['phone'],
        operator=raw['operator'] or '',
        region=raw['region'] or '',
        mailing_id=int(raw['mailing_id']),
        mailing_name=raw['mailing_name'] or '',
        text=raw['text'],
        parts=int(raw['parts']),
        cost=Decimal(str(raw['cost'])).quantize(Decimal('0.01')),
        status=MessageStatus(raw['status']),
        status_at=_moment(raw['status_at']),
        err=raw['err'] or '',
        stat=raw['stat'] or '',
    )


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
