"""Top-up payments: start one at a provider, credit it exactly once, reconcile what was left pending, list them.

Money enters only through `billing.top_up` (reference 'payment:{id}'), called inside the transaction whose first
statement is the conditional `UPDATE payment SET status='credited' ... WHERE id=? AND status='pending'`: the row lock
(PostgreSQL) or the write lock (SQLite) serialises a second notification, the user's return and the reconciliation
job, and only the one that moved the row (1 affected row) writes the ledger entry. A failed ledger write rolls the
status back with it.

Decisions: a provider that cannot be reached while creating the payment marks it `declined` (it has no provider id,
so nothing could ever be reconciled; the user simply tries again). A notification that does not match our payment
(unknown id, other amount, currency, shop, metadata of another payment or account) is refused, logged to the audit
log as 'payment_forged' and changes nothing.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from domain.access import Capability
from domain.errors import DomainError, NotFound
from domain.money import parse_amount
from domain.services import audit, billing
from domain.services.account_users import require_capability
from domain.services.payment_providers import ProviderState, ProviderStatus, ProviderUnavailable, provider_for
from domain.statuses import PaymentStatus
from storage.models import Account, Payment

log = logging.getLogger(__name__)

MIN_TOP_UP = Decimal('100')
MAX_TOP_UP = Decimal('1000000')
PROVIDER_METHODS = ('card_test', 'yookassa')
FORGED = 'payment_forged'


class PaymentProblem(StrEnum):
    """Why a payment request was refused."""

    too_small = 'top_up_too_small'
    too_large = 'top_up_too_large'
    contact_empty = 'payer_contact_empty'


class Outcome(StrEnum):
    """What one notification (or look at the provider) did: `duplicate` = the payment was already final."""

    credited = 'credited'
    declined = 'declined'
    pending = 'pending'
    duplicate = 'duplicate'
    refused = 'refused'


@dataclass(kw_only=True, slots=True, frozen=True)
class PaymentStart:
    """A started payment and where to send the payer."""

    payment_id: int
    redirect_url: str


@dataclass(kw_only=True, slots=True, frozen=True)
class PaymentInfo:
    """One payment as the pages show it."""

    id: int
    account_id: int
    amount: Decimal
    method: str
    status: PaymentStatus
    payer_name: str
    payer_contact: str
    created_at: datetime
    credited_at: datetime | None


@dataclass(kw_only=True, slots=True, frozen=True)
class PaymentsPage:
    """The payments of a period and the sum of each status among them."""

    rows: tuple[PaymentInfo, ...]
    totals: Mapping[PaymentStatus, Decimal]


def parse_top_up(value: str | int | Decimal | None) -> Decimal:
    """Parse a top-up amount (domain.money codes) and keep it within MIN_TOP_UP..MAX_TOP_UP."""
    amount = parse_amount(value)
    if amount < MIN_TOP_UP:
        raise DomainError(PaymentProblem.too_small, minimum=MIN_TOP_UP)
    if amount > MAX_TOP_UP:
        raise DomainError(PaymentProblem.too_large, maximum=MAX_TOP_UP)
    return amount


async def start_payment(
    *,
    account_id: int,
    user_id: int,
    amount: str | int | Decimal,
    method: str,
    payer_name: str,
    payer_contact: str,
    return_url: str,
) -> PaymentStart:
    """Create a pending payment and ask its provider where to pay; `return_url` gets '/{payment_id}' appended."""
    await require_capability(user_id=user_id, account_id=account_id, capability=Capability.pay)
    value = parse_top_up(amount)
    provider = provider_for(method)
    if not payer_contact.strip():
        raise DomainError(PaymentProblem.contact_empty)
    payment = await Payment.create(
        account_id=account_id,
        amount=value,
        method=method,
        idempotence_key=uuid.uuid4().hex,
        payer_name=payer_name.strip()[:200],
        payer_contact=payer_contact.strip()[:200],
    )
    await audit.record('payment_started', user_id=user_id, account_id=account_id, details=f'payment:{payment.id}')
    try:
        provider_id, url = await provider.create(payment, return_url=f'{return_url.rstrip("/")}/{payment.id}')
    except ProviderUnavailable:
        await Payment.filter(id=payment.id, status=PaymentStatus.pending).update(status=PaymentStatus.declined)
        raise
    await Payment.filter(id=payment.id).update(provider_payment_id=provider_id)
    return PaymentStart(payment_id=payment.id, redirect_url=url)


async def handle_notification(method: str, provider_payment_id: str) -> Outcome:
    """Ask the provider about one of our payments and credit or decline it once; never trust the notification."""
    payment = await Payment.get_or_none(provider_payment_id=provider_payment_id, method=method)
    if payment is None or method not in PROVIDER_METHODS:
        await _forged(None, f'unknown {method} payment {provider_payment_id!r}')
        return Outcome.refused
    if payment.status != PaymentStatus.pending:
        return Outcome.duplicate
    provider = provider_for(method)
    state = await provider.fetch(provider_payment_id)
    if problem := _mismatch(payment, state, shop_id=provider.shop_id):
        await _forged(payment, problem)
        return Outcome.refused
    assert state is not None  # _mismatch refuses a missing state
    if state.status == ProviderStatus.succeeded:
        return Outcome.credited if await credit(payment) else Outcome.duplicate
    if state.status == ProviderStatus.canceled:
        return Outcome.declined if await _decline(payment.id) else Outcome.duplicate
    return Outcome.pending


async def credit(payment: Payment, *, author_id: int | None = None) -> bool:
    """Move a pending payment to credited and write its top-up in one transaction; False if it was not pending."""
    async with in_transaction() as conn:
        moved = (
            await Payment.filter(id=payment.id, status=PaymentStatus.pending)
            .using_db(conn)
            .update(status=PaymentStatus.credited, credited_at=datetime.now(UTC))
        )
        if moved != 1:
            return False
        await billing.top_up(
            account_id=payment.account_id,
            amount=Decimal(payment.amount),
            reference=f'payment:{payment.id}',
            author_id=author_id,
        )
    return True


async def reconcile_pending(older_than: timedelta = timedelta(minutes=2), *, now: datetime | None = None) -> int:
    """Ask the providers about payments pending longer than `older_than`; return how many became final."""
    cutoff = (now or datetime.now(UTC)) - older_than
    pending = await Payment.filter(
        status=PaymentStatus.pending,
        method__in=PROVIDER_METHODS,
        provider_payment_id__isnull=False,
        created_at__lt=cutoff,
    ).order_by('id')
    settled = 0
    for payment in pending:
        try:
            outcome = await handle_notification(payment.method, payment.provider_payment_id or '')
        except DomainError as error:
            log.warning('reconciling payment %s failed: %s', payment.id, error.code)
            continue
        settled += outcome in (Outcome.credited, Outcome.declined)
    return settled


async def return_from_provider(*, account_id: int, payment_id: int) -> PaymentInfo:
    """The payer came back: look at the provider once (same idempotent path) and tell the payment's status."""
    payment = await Payment.get_or_none(id=payment_id, account_id=account_id)
    if payment is None:
        raise NotFound('payment')
    if payment.status == PaymentStatus.pending and payment.method in PROVIDER_METHODS and payment.provider_payment_id:
        try:
            await handle_notification(payment.method, payment.provider_payment_id)
        except ProviderUnavailable:
            log.warning('provider unavailable on the return of payment %s', payment.id)
        await payment.refresh_from_db()
    return to_info(payment)


async def list_payments(
    *, account_id: int, date_from: date, date_to: date, statuses: Iterable[PaymentStatus] | None = None
) -> PaymentsPage:
    """The account's payments created from date_from to date_to (its time zone, inclusive), newest first."""
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound('account')
    zone = ZoneInfo(account.timezone)
    query = Payment.filter(
        account_id=account_id,
        created_at__gte=datetime.combine(date_from, time(), zone),
        created_at__lt=datetime.combine(date_to + timedelta(days=1), time(), zone),
    )
    if statuses is not None:
        query = query.filter(status__in=list(statuses))
    rows = tuple(to_info(row) for row in await query.order_by('-id'))
    totals = {status: Decimal('0.00') for status in PaymentStatus}
    for row in rows:
        totals[row.status] += row.amount
    return PaymentsPage(rows=rows, totals=totals)


def to_info(payment: Payment) -> PaymentInfo:
    """The value of a stored payment."""
    return PaymentInfo(
        id=payment.id,
        account_id=payment.account_id,
        amount=Decimal(payment.amount),
        method=payment.method,
        status=PaymentStatus(payment.status),
        payer_name=payment.payer_name,
        payer_contact=payment.payer_contact,
        created_at=payment.created_at,
        credited_at=payment.credited_at,
    )


def _mismatch(payment: Payment, state: ProviderState | None, *, shop_id: str) -> str:
    if state is None:
        return 'the provider does not know the payment'
    if state.shop_id != shop_id:
        return f'shop {state.shop_id!r} is not ours'
    if state.amount != Decimal(payment.amount) or state.currency != 'RUB':
        return f'amount {state.amount} {state.currency} differs from {payment.amount} RUB'
    if state.metadata.get('payment_id') != str(payment.id):
        return f'metadata names payment {state.metadata.get("payment_id")!r}'
    if state.metadata.get('account_id') != str(payment.account_id):
        return f'metadata names account {state.metadata.get("account_id")!r}'
    return ''


async def _decline(payment_id: int) -> bool:
    moved = await Payment.filter(id=payment_id, status=PaymentStatus.pending).update(status=PaymentStatus.declined)
    return moved == 1


async def _forged(payment: Payment | None, problem: str) -> None:
    details = f'payment:{payment.id} {problem}' if payment else problem
    log.warning('refused a payment notification: %s', details)
    await audit.record(FORGED, account_id=payment.account_id if payment else None, details=details)


def card_method() -> str:
    """The card provider this installation uses: YooKassa when it is configured, else the built-in test checkout."""
    return 'yookassa' if os.environ.get('YOOKASSA_SHOP_ID', '').strip() else 'card_test'
