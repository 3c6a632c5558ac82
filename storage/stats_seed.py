"""Messages written straight into the tables, for the statistics tests and demos (no sending, no ledger).

`add_mailing` and `add_messages` insert rows as the sending service would leave them after some traffic: a mailing,
its messages in any status with their times, and optionally one history row per status the message went through.
The messages go in through storage.messages.insert (one statement per chunk of rows), with the times of sending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.statuses import MessageStatus
from storage.messages import INSERT_COLUMNS, insert, money, stamp
from storage.subscriber_queries import _dialect_sql

CHUNK = 2000
# the columns storage.messages.insert writes for a new mailing, and the times of a message already sent
_COLUMNS = (*INSERT_COLUMNS, 'submitted_at', 'done_at')
_MAILING = _COLUMNS.index('mailing_id')
_FINAL = frozenset({MessageStatus.delivered, MessageStatus.undelivered, MessageStatus.expired, MessageStatus.rejected})
_PATH = {
    MessageStatus.delivered: (MessageStatus.scheduled, MessageStatus.queued, MessageStatus.submitted),
    MessageStatus.undelivered: (MessageStatus.scheduled, MessageStatus.queued, MessageStatus.submitted),
    MessageStatus.expired: (MessageStatus.scheduled, MessageStatus.queued, MessageStatus.submitted),
    MessageStatus.rejected: (MessageStatus.scheduled, MessageStatus.queued),
    MessageStatus.submitted: (MessageStatus.scheduled, MessageStatus.queued),
    MessageStatus.queued: (MessageStatus.scheduled,),
    MessageStatus.cancelled: (MessageStatus.scheduled,),
}


@dataclass(kw_only=True, slots=True)
class SeedMessage:
    """One message to insert; times default from `created_at`."""

    phone: str
    created_at: datetime
    status: MessageStatus = MessageStatus.delivered
    parts: int = 1
    cost: Decimal = Decimal('2.35')
    operator: str = 'МТС'
    region: str = 'Город Москва'
    text: str = ''
    err: str = ''
    extra: dict[str, object] = field(default_factory=dict)


async def add_mailing(
    conn: BaseDBAsyncClient,
    *,
    account_id: int,
    name: str,
    sender: str = 'TestShop',
    text: str = 'Здравствуйте! Ваш заказ готов.',
    template_id: int | None = None,
    created_at: datetime,
    recipients: int = 0,
) -> int:
    """Insert a mailing row; returns its id."""
    sql = (
        'INSERT INTO mailing (account_id, name, sender, text, template_id, template_name, local_time, validity_hours, '
        'recipients, excluded_stoplist, excluded_bases, duplicates, invalid, parts, cost, created_at) '
        "VALUES (?, ?, ?, ?, ?, '', ?, 24, ?, 0, 0, 0, 0, 0, 0, ?) RETURNING id"
    )
    rows = await conn.execute_query_dict(
        _dialect_sql(conn, sql),
        [account_id, name, sender, text, template_id, False, recipients, stamp(conn, created_at)],
    )
    return int(rows[0]['id'])


async def add_messages(
    conn: BaseDBAsyncClient,
    *,
    account_id: int,
    mailing_id: int,
    sender: str,
    messages: Sequence[SeedMessage],
    template_id: int | None = None,
    with_events: bool = False,
) -> list[int]:
    """Insert messages of one mailing (and their history rows); returns their ids in the given order."""
    rows = [_row(conn, account_id, mailing_id, sender, template_id, message) for message in messages]
    if not rows:
        return []
    found = await conn.execute_query_dict('SELECT COALESCE(MAX(id), 0) AS id FROM message')
    await insert(conn, rows, columns=_COLUMNS)
    ids = await _new_ids(conn, after=int(found[0]['id']), mailing_ids={row[_MAILING] for row in rows})
    if len(ids) != len(rows):
        raise RuntimeError(f'inserted {len(rows)} messages but found {len(ids)}: another writer added some')
    if with_events:
        await _add_events(conn, list(zip(ids, messages, strict=True)))
    return ids


async def _new_ids(conn: BaseDBAsyncClient, *, after: int, mailing_ids: set[object]) -> list[int]:
    """Ids of the mailings' messages above `after`: the bulk insert numbers rows in the order given."""
    marks = ', '.join('?' * len(mailing_ids))
    sql = f'SELECT id FROM message WHERE id > ? AND mailing_id IN ({marks}) ORDER BY id'  # noqa: S608
    found = await conn.execute_query_dict(_dialect_sql(conn, sql), [after, *mailing_ids])
    return [int(row['id']) for row in found]


def _row(
    conn: BaseDBAsyncClient, account_id: int, mailing_id: int, sender: str, template_id: int | None, m: SeedMessage
) -> list[object]:
    created = m.created_at
    submitted = created + timedelta(seconds=5) if m.status in (*_FINAL, MessageStatus.submitted) else None
    done = created + timedelta(seconds=30) if m.status in _FINAL else None
    status_at = done or submitted or created
    price = (m.cost / max(m.parts, 1)).quantize(Decimal('0.0001'))
    values: dict[str, object] = {
        'account_id': account_id,
        'mailing_id': mailing_id,
        'phone': m.phone,
        'sender': sender,
        'text': m.text or 'Здравствуйте! Ваш заказ готов.',
        'parts': m.parts,
        'ucs2': True,
        'operator': m.operator,
        'region': m.region,
        'timezone': 'Europe/Moscow',
        'template_id': template_id,
        'price': money(conn, price),
        'cost': money(conn, m.cost),
        'status': m.status.value,
        'status_at': stamp(conn, status_at),
        'due_at': stamp(conn, created),
        'expires_at': stamp(conn, created + timedelta(hours=24)),
        'submitted_at': stamp(conn, submitted) if submitted else None,
        'done_at': stamp(conn, done) if done else None,
        'attempts': 1 if submitted else 0,
        'stat': {'delivered': 'DELIVRD', 'undelivered': 'UNDELIV', 'expired': 'EXPIRED'}.get(m.status.value, ''),
        'err': m.err,
        'created_at': stamp(conn, created),
        **m.extra,
    }
    return [values[column] for column in _COLUMNS]


async def _add_events(conn: BaseDBAsyncClient, rows: list[tuple[int, SeedMessage]]) -> None:
    sql = _dialect_sql(conn, 'INSERT INTO message_event (message_id, status, at, stat, err) VALUES (?, ?, ?, ?, ?)')
    events: list[list[object]] = []
    for message_id, message in rows:
        path = (*_PATH.get(message.status, ()), message.status)
        for step, status in enumerate(path):
            last = step == len(path) - 1
            at = message.created_at + timedelta(seconds=5 * step + (25 if last and status in _FINAL else 0))
            stat = 'DELIVRD' if last and status is MessageStatus.delivered else ''
            events.append([message_id, status.value, stamp(conn, at), stat, message.err if last else ''])
    for start in range(0, len(events), CHUNK):
        await conn.execute_many(sql, events[start : start + CHUNK])
