"""Deleting planned messages on SQLite and PostgreSQL: exact refunds, exactly once, and the race with the dispatcher.

The dispatcher's claim is imitated (an UPDATE of due `scheduled` rows guarded by the status, rows picked with
FOR UPDATE SKIP LOCKED on PostgreSQL), held open for a while so the delete really meets it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain.services import billing
from domain.services import mailings as m
from domain.statuses import LedgerKind, MailingStatus, MessageStatus
from storage.models import AuditEvent, LedgerEntry, Message, MessageEvent
from tests.integration.test_mailings import create, draft, make_account, make_base, messages_of

D = Decimal
SQLITE_CLAIM = (
    "UPDATE message SET status = 'queued', claim = ?, status_at = ? "
    "WHERE id IN (SELECT id FROM message WHERE status = 'scheduled' AND due_at <= ? ORDER BY id LIMIT ?) "
    "AND status = 'scheduled' RETURNING id"
)
# A materialised CTE: `WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` may be re-run per row by a nested
# loop and then claims more than n rows on PostgreSQL.
POSTGRES_CLAIM = (
    'WITH picked AS MATERIALIZED (SELECT id FROM message '
    "WHERE status = 'scheduled' AND due_at <= $3 ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) "
    "UPDATE message SET status = 'queued', claim = $1, status_at = $2 FROM picked "
    "WHERE message.id = picked.id AND message.status = 'scheduled' RETURNING message.id"
)


async def claim(run: str, limit: int, *, hold: float = 0.0) -> list[int]:
    """Claim up to `limit` due messages like the dispatcher, keeping the transaction open for `hold` seconds."""
    async with in_transaction() as conn:
        sql = POSTGRES_CLAIM if conn.capabilities.dialect == 'postgres' else SQLITE_CLAIM
        now = datetime.now(UTC)
        rows = await conn.execute_query_dict(sql, [run, now, now, limit])
        await asyncio.sleep(hold)
    return [int(row['id']) for row in rows]


async def _mailing(count: int, balance: str = '1000') -> tuple[int, int]:
    account_id = await make_account(balance)
    base_id = await make_base(account_id, [{'phone': f'+7916{n:07d}'} for n in range(count)])
    _, created = await create(draft(account_id, 'Распродажа', bases=(m.BaseFilter(base_id=base_id),)))
    return account_id, created.mailing_id


async def _refunds(mailing_id: int) -> Decimal:
    amounts = await LedgerEntry.filter(reference=f'mailing:{mailing_id}', kind=LedgerKind.refund).values_list(
        'amount', flat=True
    )
    return sum((D(a) for a in amounts), start=D('0.00'))


async def test_deleting_a_mailing_refunds_its_cost_exactly_once(db: str) -> None:
    account_id, mailing_id = await _mailing(4)
    charged = await billing.balance(account_id)

    first = await m.cancel_messages(account_id=account_id, mailing_id=mailing_id, message_ids=None, user_id=None)
    second = await m.cancel_messages(account_id=account_id, mailing_id=mailing_id, message_ids=None, user_id=None)

    assert first == m.CancelResult(cancelled=4, refunded=D('1.44'), not_cancellable=0)
    assert second == m.CancelResult(cancelled=0, refunded=D('0.00'), not_cancellable=0)
    assert await billing.balance(account_id) == charged + D('1.44') == D('1000.00')
    assert await _refunds(mailing_id) == D('1.44')
    rows = await messages_of(mailing_id)
    assert {r.status for r in rows} == {MessageStatus.cancelled}
    events = await MessageEvent.filter(message_id__in=[r.id for r in rows]).values_list('status', flat=True)
    assert sorted(events) == [MessageStatus.cancelled] * 4
    page = await m.list_mailings(account_id=account_id)
    assert page.rows[0].status is MailingStatus.cancelled
    assert await AuditEvent.filter(kind='mailing_cancelled').count() == 1
    assert await billing.verify_all() == []


async def test_deleting_selected_messages_refunds_only_them_and_names_those_already_sent(db: str) -> None:
    account_id, mailing_id = await _mailing(5)
    rows = await messages_of(mailing_id)
    await Message.filter(id=rows[0].id).update(status=MessageStatus.submitted)
    chosen = (rows[0].id, rows[1].id, rows[2].id)

    result = await m.cancel_messages(account_id=account_id, mailing_id=mailing_id, message_ids=chosen, user_id=None)

    assert result == m.CancelResult(cancelled=2, refunded=D('0.72'), not_cancellable=1)
    statuses = [r.status for r in await messages_of(mailing_id)]
    assert (
        statuses
        == [MessageStatus.submitted, MessageStatus.cancelled, MessageStatus.cancelled] + [MessageStatus.scheduled] * 2
    )
    assert await _refunds(mailing_id) == D('0.72')
    page = await m.list_mailings(account_id=account_id)
    assert page.rows[0].status is MailingStatus.sending


async def test_deleting_unpaid_messages_returns_nothing(db: str) -> None:
    account_id, mailing_id = await _mailing(3, balance='0')
    result = await m.cancel_messages(account_id=account_id, mailing_id=mailing_id, message_ids=None, user_id=None)
    assert result == m.CancelResult(cancelled=3, refunded=D('0.00'), not_cancellable=0)
    assert await LedgerEntry.filter(reference=f'mailing:{mailing_id}').count() == 0
    assert (await m.awaiting_messages(account_id=account_id)).total == 0


async def test_two_deletes_at_once_refund_once(db: str) -> None:
    account_id, mailing_id = await _mailing(50)
    results = await asyncio.gather(
        *(
            m.cancel_messages(account_id=account_id, mailing_id=mailing_id, message_ids=None, user_id=None)
            for _ in range(3)
        )
    )
    assert sum(r.cancelled for r in results) == 50
    assert sum((r.refunded for r in results), start=D('0.00')) == D('18.00') == await _refunds(mailing_id)
    assert await billing.balance(account_id) == D('1000.00')


async def test_a_delete_racing_the_dispatcher_cancels_or_leaves_each_message_never_both(db: str) -> None:
    account_id, mailing_id = await _mailing(300)
    cost = {r.id: r.cost for r in await messages_of(mailing_id)}

    async def delete_later() -> m.CancelResult:
        await asyncio.sleep(0.05)  # the first claim holds its rows by now
        return await m.cancel_messages(account_id=account_id, mailing_id=mailing_id, message_ids=None, user_id=None)

    async def claim_later() -> list[int]:
        await asyncio.sleep(0.06)
        return await claim('run-b', 60)

    first, result, second = await asyncio.gather(claim('run-a', 100, hold=0.3), delete_later(), claim_later())

    rows = await messages_of(mailing_id)
    claimed = {r.id for r in rows if r.status is MessageStatus.queued}
    cancelled = {r.id for r in rows if r.status is MessageStatus.cancelled}
    assert claimed == set(first) | set(second) and not set(first) & set(second)
    assert claimed | cancelled == set(cost) and not claimed & cancelled
    assert len(first) == 100  # the dispatcher's first batch was taken before the delete
    assert result.cancelled == len(cancelled) and result.not_cancellable == len(claimed)
    assert result.refunded == sum((cost[i] for i in cancelled), start=D('0.00')) == await _refunds(mailing_id)
    events = set(await MessageEvent.filter(status=MessageStatus.cancelled).values_list('message_id', flat=True))
    assert events == cancelled
    assert await billing.verify_all() == []
