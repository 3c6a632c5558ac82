"""Ledger queries that are more than one ORM call: taking an account's write lock and reading what a reference holds."""

from __future__ import annotations

from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.statuses import LedgerKind
from storage.models import Account, LedgerEntry


async def lock_account(conn: BaseDBAsyncClient, account_id: int) -> Account | None:
    """Lock an account row for the rest of the caller's transaction and return it (None when there is none).

    PostgreSQL: `SELECT ... FOR UPDATE`, so concurrent writers of the same account wait for this transaction and
    then read the balance it committed. SQLite: Tortoise begins a deferred transaction, in which two connections
    could both read the old balance, so a no-op UPDATE as the first statement takes the database's write lock at once
    (what `BEGIN IMMEDIATE` would do); other writers wait up to busy_timeout and then start from the new state.
    """
    if conn.capabilities.dialect != 'postgres':
        await conn.execute_query('UPDATE account SET balance = balance WHERE id = ?', [account_id])
        return await Account.filter(id=account_id).using_db(conn).first()
    return await Account.select_for_update().using_db(conn).get_or_none(id=account_id)


async def reference_totals(conn: BaseDBAsyncClient, account_id: int, reference: str) -> tuple[Decimal, Decimal]:
    """Return (charged, refunded) for one reference of an account, both as positive exact sums."""
    rows = await (
        LedgerEntry.filter(account_id=account_id, reference=reference, kind__in=(LedgerKind.charge, LedgerKind.refund))
        .using_db(conn)
        .values_list('kind', 'amount')
    )
    charged = -sum((Decimal(amount) for kind, amount in rows if kind == LedgerKind.charge), start=Decimal('0.00'))
    refunded = sum((Decimal(amount) for kind, amount in rows if kind == LedgerKind.refund), start=Decimal('0.00'))
    return charged, refunded
