"""The ledger: top-ups, charges, refunds and corrections as immutable entries, and the account's cached balance.

Every movement runs in one database transaction that first locks the account (storage.ledger.lock_account), then
checks the invariants against the locked state, writes the new cached balance and appends the entry with the balance
after it. So concurrent charges are serialised per account: a charge never takes the balance below -credit_limit,
a refund never exceeds what its reference was charged minus what was already refunded, and a refusal writes nothing.
Entries are never updated or deleted (database triggers of migration 0003 refuse it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.errors import DomainError, NotFound
from domain.money import InvalidAmount, amount_problem
from domain.statuses import LedgerKind, ledger_sign_ok
from storage import ledger
from storage.models import Account, LedgerEntry


class BillingProblem(StrEnum):
    """Why a movement of money was refused."""

    insufficient_funds = 'insufficient_funds'
    refund_exceeds_charge = 'refund_exceeds_charge'
    reason_empty = 'correction_reason_empty'
    reference_empty = 'ledger_reference_empty'


@dataclass(kw_only=True, slots=True, frozen=True)
class Entry:
    """One ledger entry as the pages and the sending service see it."""

    id: int
    account_id: int
    amount: Decimal
    kind: LedgerKind
    reference: str
    comment: str
    author_id: int | None
    balance_after: Decimal
    created_at: datetime


async def top_up(*, account_id: int, amount: Decimal, reference: str, author_id: int | None = None) -> Entry:
    """Credit a positive amount (a payment, 'payment:17') to the account."""
    _check_positive(amount)
    return await post_entry(
        account_id=account_id, kind=LedgerKind.topup, amount=amount, reference=reference, author_id=author_id
    )


async def correct(*, account_id: int, amount: Decimal, reason: str, manager_id: int) -> Entry:
    """A manager's correction by a signed amount with a mandatory reason (it may go below the credit limit)."""
    if not reason.strip():
        raise DomainError(BillingProblem.reason_empty)
    _check_positive(abs(amount))
    return await post_entry(
        account_id=account_id,
        kind=LedgerKind.correction,
        amount=amount,
        reference=f'correction:{manager_id}',
        comment=reason.strip(),
        author_id=manager_id,
    )


async def reserve(
    *, account_id: int, mailing_ref: str, amount: Decimal, conn: BaseDBAsyncClient | None = None
) -> Entry:
    """Charge a mailing's cost at planning time, or raise DomainError('insufficient_funds') writing nothing."""
    _check_positive(amount)
    return await post_entry(
        account_id=account_id, kind=LedgerKind.charge, amount=-amount, reference=mailing_ref, conn=conn
    )


async def charge_awaiting(
    *, account_id: int, mailing_ref: str, amount: Decimal, conn: BaseDBAsyncClient | None = None
) -> Entry:
    """Charge messages that were awaiting payment once the account can pay for them (same rules as `reserve`)."""
    _check_positive(amount)
    return await post_entry(
        account_id=account_id,
        kind=LedgerKind.charge,
        amount=-amount,
        reference=mailing_ref,
        comment='awaiting_payment',
        conn=conn,
    )


async def refund(*, account_id: int, reference: str, amount: Decimal, conn: BaseDBAsyncClient | None = None) -> Entry:
    """Return part or all of what a reference was charged; never more than charged minus already refunded."""
    _check_positive(amount)
    return await post_entry(
        account_id=account_id, kind=LedgerKind.refund, amount=amount, reference=reference, conn=conn
    )


async def balance(account_id: int) -> Decimal:
    """The account's balance (the cached sum of its ledger)."""
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound('account')
    return Decimal(account.balance)


@dataclass(kw_only=True, slots=True, frozen=True)
class StatementRow:
    """One entry of a statement with the running balance after it."""

    entry: Entry
    running_balance: Decimal


@dataclass(kw_only=True, slots=True, frozen=True)
class Statement:
    """The entries of a period (dates in the account's time zone, inclusive) with the balances around them."""

    opening_balance: Decimal
    rows: tuple[StatementRow, ...]
    total_in: Decimal
    total_out: Decimal
    closing_balance: Decimal


@dataclass(kw_only=True, slots=True, frozen=True)
class Mismatch:
    """A ledger that disagrees with itself: `field` is 'balance' (the cached balance) or 'balance_after' (an entry)."""

    account_id: int
    field: str
    entry_id: int | None
    expected: Decimal
    actual: Decimal


async def statement(*, account_id: int, date_from: date, date_to: date) -> Statement:
    """The account's entries from date_from to date_to with running balance and totals (in = credits, out = debits)."""
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound('account')
    zone = ZoneInfo(account.timezone)
    # in UTC: SQLite compares stored timestamps as text, so an aware bound in another zone would shift the period
    start = datetime.combine(date_from, time(), zone).astimezone(UTC)
    end = datetime.combine(date_to + timedelta(days=1), time(), zone).astimezone(UTC)
    before = await LedgerEntry.filter(account_id=account_id, created_at__lt=start).order_by('-id').first()
    opening = Decimal(before.balance_after) if before else Decimal('0.00')
    entries = await LedgerEntry.filter(account_id=account_id, created_at__gte=start, created_at__lt=end).order_by('id')
    running = opening
    rows = []
    for row in entries:
        running += Decimal(row.amount)
        rows.append(StatementRow(entry=to_entry(row), running_balance=running))
    amounts = [item.entry.amount for item in rows]
    return Statement(
        opening_balance=opening,
        rows=tuple(rows),
        total_in=sum((a for a in amounts if a > 0), start=Decimal('0.00')),
        total_out=sum((a for a in amounts if a < 0), start=Decimal('0.00')),
        closing_balance=running,
    )


async def verify_all() -> list[Mismatch]:
    """Check every account: each entry's balance_after continues the chain, and the cached balance is their sum."""
    mismatches: list[Mismatch] = []
    for account_id, cached in await Account.all().order_by('id').values_list('id', 'balance'):
        running = Decimal('0.00')
        rows = (
            await LedgerEntry.filter(account_id=account_id).order_by('id').values_list('id', 'amount', 'balance_after')
        )
        for entry_id, amount, balance_after in rows:
            running += Decimal(amount)
            if Decimal(balance_after) != running:
                mismatches.append(
                    Mismatch(
                        account_id=account_id,
                        field='balance_after',
                        entry_id=entry_id,
                        expected=running,
                        actual=Decimal(balance_after),
                    )
                )
        if Decimal(cached) != running:
            mismatches.append(
                Mismatch(
                    account_id=account_id, field='balance', entry_id=None, expected=running, actual=Decimal(cached)
                )
            )
    return mismatches


async def post_entry(
    *,
    account_id: int,
    kind: LedgerKind,
    amount: Decimal,
    reference: str,
    comment: str = '',
    author_id: int | None = None,
    conn: BaseDBAsyncClient | None = None,
) -> Entry:
    """Append one entry and move the cached balance in one transaction under the account's lock (internal).

    With `conn` (a transaction of the caller's) the entry is written in that transaction, so it commits or rolls
    back together with the caller's own writes; without it the entry gets a transaction of its own.
    """
    if not ledger_sign_ok(kind, amount):
        raise ValueError(f'a {kind} entry cannot have the amount {amount}')
    if not reference:
        raise DomainError(BillingProblem.reference_empty)
    if conn is not None:
        return await _post(conn, account_id, kind, amount, reference, comment, author_id)
    async with in_transaction() as own:
        return await _post(own, account_id, kind, amount, reference, comment, author_id)


async def _post(
    conn: BaseDBAsyncClient,
    account_id: int,
    kind: LedgerKind,
    amount: Decimal,
    reference: str,
    comment: str,
    author_id: int | None,
) -> Entry:
    account = await ledger.lock_account(conn, account_id)
    if account is None:
        raise NotFound('account')
    new_balance = Decimal(account.balance) + amount
    await _check_invariants(conn, account, kind=kind, amount=amount, reference=reference)
    await Account.filter(id=account_id).using_db(conn).update(balance=new_balance)
    row = await LedgerEntry.create(
        using_db=conn,
        account_id=account_id,
        amount=amount,
        kind=kind,
        reference=reference,
        comment=comment,
        author_id=author_id,
        balance_after=new_balance,
    )
    return to_entry(row)


def to_entry(row: LedgerEntry) -> Entry:
    """The value of a stored ledger row."""
    return Entry(
        id=row.id,
        account_id=row.account_id,
        amount=Decimal(row.amount),
        kind=LedgerKind(row.kind),
        reference=row.reference,
        comment=row.comment,
        author_id=row.author_id,
        balance_after=Decimal(row.balance_after),
        created_at=row.created_at,
    )


async def _check_invariants(
    conn: BaseDBAsyncClient, account: Account, *, kind: LedgerKind, amount: Decimal, reference: str
) -> None:
    balance_now = Decimal(account.balance)
    if kind is LedgerKind.charge and balance_now + amount < -Decimal(account.credit_limit):
        raise DomainError(
            BillingProblem.insufficient_funds,
            balance=balance_now,
            needed=-amount,
            credit_limit=Decimal(account.credit_limit),
        )
    if kind is LedgerKind.refund:
        charged, refunded = await ledger.reference_totals(conn, account.id, reference)
        if refunded + amount > charged:
            raise DomainError(BillingProblem.refund_exceeds_charge, refundable=charged - refunded, requested=amount)


def _check_positive(amount: Decimal) -> None:
    if problem := amount_problem(Decimal(amount)):
        raise InvalidAmount(problem)
