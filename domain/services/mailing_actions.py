"""What the client does with planned messages: delete them (refunded exactly once) and pay for those awaiting payment.

Each action is one transaction that first takes the account's ledger lock (storage.ledger.lock_account), so the
actions of one account never interleave with each other or with a mailing being created. The dispatcher takes no
account lock: it claims `scheduled` rows with an UPDATE guarded by the status, and so does a delete, so a message is
either claimed or cancelled, never both, and the refund is the sum of the costs of exactly the rows the delete moved
(read back with RETURNING). Messages awaiting payment are never touched by the dispatcher.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain.errors import DomainError, NotFound
from domain.services import audit, billing
from domain.services.mailing_types import CancelResult, PayResult
from domain.statuses import MessageStatus
from storage import ledger, messages
from storage.models import Mailing

_ZERO = Decimal('0.00')


async def cancel_messages(
    *, account_id: int, mailing_id: int, message_ids: tuple[int, ...] | None, user_id: int | None
) -> CancelResult:
    """Delete a planned mailing (message_ids None) or some of its messages: `cancelled`, refunded in full, once."""
    async with in_transaction() as conn:
        await ledger.lock_account(conn, account_id)
        if not await Mailing.filter(id=mailing_id, account_id=account_id).using_db(conn).exists():
            raise NotFound('mailing')
        now = datetime.now(UTC)
        charged, unpaid = await messages.cancel(
            conn, account_id=account_id, mailing_id=mailing_id, ids=message_ids, at=now
        )
        refunded = sum((cost for _, cost in charged), start=_ZERO)
        if refunded > 0:
            await billing.refund(account_id=account_id, reference=f'mailing:{mailing_id}', amount=refunded, conn=conn)
        cancelled = [message_id for message_id, _ in charged] + unpaid
        await messages.add_events(conn, cancelled, status=MessageStatus.cancelled, at=now)
        taken = await messages.count_past_cancelling(
            conn, account_id=account_id, mailing_id=mailing_id, ids=message_ids
        )
        if cancelled:
            await audit.record(
                'mailing_cancelled',
                user_id=user_id,
                account_id=account_id,
                details=f'mailing:{mailing_id} messages={len(cancelled)} refunded={refunded}',
            )
    return CancelResult(cancelled=len(cancelled), refunded=refunded, not_cancellable=taken)


async def pay_awaiting(*, account_id: int, message_ids: tuple[int, ...] | None, user_id: int | None) -> PayResult:
    """«Отправить все» (None) / «Отправить выделенные»: charge and release; DomainError('insufficient_funds', ...)
    when the balance does not cover them, writing nothing."""
    async with in_transaction() as conn:
        account = await ledger.lock_account(conn, account_id)
        if account is None:
            raise NotFound('account')
        if not account.is_active:
            raise DomainError('account_blocked')
        rows = await messages.awaiting(conn, account_id=account_id, ids=message_ids)
        if not rows:
            return PayResult(released=0, charged=_ZERO)
        total = sum((row['cost'] for row in rows), start=_ZERO)
        balance, credit = Decimal(account.balance), Decimal(account.credit_limit)
        if balance + credit < total:
            raise DomainError('insufficient_funds', balance=balance, needed=total, credit_limit=credit)
        now = datetime.now(UTC)
        by_mailing: dict[int, list[dict]] = defaultdict(list)
        for row in rows:
            by_mailing[row['mailing_id']].append(row)
        validity = dict(
            await Mailing.filter(id__in=sorted(by_mailing)).using_db(conn).values_list('id', 'validity_hours')
        )
        released = 0
        for mailing_id, items in sorted(by_mailing.items()):
            cost = sum((row['cost'] for row in items), start=_ZERO)
            if cost > 0:
                reference = f'mailing:{mailing_id}'
                await billing.charge_awaiting(account_id=account_id, mailing_ref=reference, amount=cost, conn=conn)
            later = [row['id'] for row in items if row['due_at'] > now]
            overdue = [row['id'] for row in items if row['due_at'] <= now]
            expires = now + timedelta(hours=int(validity[mailing_id]))
            released += await messages.release(conn, later, at=now, due_at=None, expires_at=None)
            released += await messages.release(conn, overdue, at=now, due_at=now, expires_at=expires)
        await messages.add_events(conn, [row['id'] for row in rows], status=MessageStatus.scheduled, at=now)
        await audit.record(
            'mailing_paid',
            user_id=user_id,
            account_id=account_id,
            details=f'mailings={",".join(map(str, sorted(by_mailing)))} messages={released} charged={total}',
        )
    return PayResult(released=released, charged=total)
