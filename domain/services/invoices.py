"""Bank-transfer invoices (счёт): a client requests one, prints it, pays by bank; a manager marks it paid.

The seller's details come from the environment (INVOICE_SELLER_NAME, _INN, _KPP, _ADDRESS, _BANK, _BIK, _ACCOUNT,
_CORR_ACCOUNT); the page shows a placeholder for what is unset. VAT: «Без НДС» by default (an aggregator on the
simplified tax system); INVOICE_VAT_RATE=20 prints 20 % included in the amount instead.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain.access import Capability
from domain.errors import DomainError, Forbidden, NotFound
from domain.inn import inn_problem
from domain.money import quantize_rub
from domain.roles import UserRole
from domain.services import audit
from domain.services.account_users import require_capability
from domain.services.payments import PaymentInfo, credit, parse_top_up, to_info
from domain.statuses import PaymentStatus
from storage.models import Account, InvoiceDetails, Payment, User

INVOICE_METHOD = 'invoice'


@dataclass(kw_only=True, slots=True, frozen=True)
class Party:
    """A seller or buyer as an invoice prints it (empty strings for what is unknown)."""

    name: str
    inn: str
    kpp: str = ''
    address: str = ''


@dataclass(kw_only=True, slots=True, frozen=True)
class InvoiceView:
    """Everything a printable invoice shows."""

    number: str
    created_at: datetime
    timezone: str
    seller: Party
    bank: str
    bik: str
    account: str
    corr_account: str
    buyer: Party
    amount: Decimal
    vat_rate: int | None  # None: «Без НДС»
    vat_amount: Decimal
    status: PaymentStatus
    payment_id: int


async def request_invoice(
    *,
    account_id: int,
    user_id: int,
    amount: str | int | Decimal,
    company_name: str,
    inn: str,
    kpp: str = '',
    address: str = '',
) -> PaymentInfo:
    """Create a pending invoice payment for the buyer's company; ИНН must pass its checksum."""
    await require_capability(user_id=user_id, account_id=account_id, capability=Capability.pay)
    value = parse_top_up(amount)
    if not company_name.strip():
        raise DomainError('company_name_empty')
    if problem := inn_problem(inn):
        raise DomainError(problem)
    kpp = kpp.strip()
    if kpp and not (len(kpp) == 9 and kpp.isascii() and kpp.isalnum()):
        raise DomainError('kpp_invalid')
    async with in_transaction() as conn:
        payment = await Payment.create(
            using_db=conn,
            account_id=account_id,
            amount=value,
            method=INVOICE_METHOD,
            idempotence_key=uuid.uuid4().hex,
            payer_name=company_name.strip()[:200],
            payer_contact=inn.strip(),
        )
        await InvoiceDetails.create(
            using_db=conn,
            payment_id=payment.id,
            company_name=company_name.strip()[:200],
            inn=inn.strip(),
            kpp=kpp,
            address=address.strip()[:500],
        )
    await audit.record('invoice_requested', user_id=user_id, account_id=account_id, details=f'payment:{payment.id}')
    return to_info(payment)


async def invoice_document(*, account_id: int | None, payment_id: int, is_manager: bool) -> InvoiceView:
    """The printable invoice; a client sees only their own account's invoices, a manager any."""
    payment = await Payment.get_or_none(id=payment_id, method=INVOICE_METHOD)
    if payment is None or (not is_manager and payment.account_id != account_id):
        raise NotFound('invoice')
    details = await InvoiceDetails.get(payment_id=payment.id)
    account = await Account.get(id=payment.account_id)
    vat_rate = _vat_rate()
    amount = Decimal(payment.amount)
    return InvoiceView(
        number=str(payment.id),
        created_at=payment.created_at,
        timezone=account.timezone,
        seller=Party(name=_env('NAME'), inn=_env('INN'), kpp=_env('KPP'), address=_env('ADDRESS')),
        bank=_env('BANK'),
        bik=_env('BIK'),
        account=_env('ACCOUNT'),
        corr_account=_env('CORR_ACCOUNT'),
        buyer=Party(name=details.company_name, inn=details.inn, kpp=details.kpp, address=details.address),
        amount=amount,
        vat_rate=vat_rate,
        vat_amount=quantize_rub(amount * vat_rate / (100 + vat_rate)) if vat_rate else Decimal('0.00'),
        status=PaymentStatus(payment.status),
        payment_id=payment.id,
    )


async def mark_invoice_paid(*, payment_id: int, manager_id: int) -> PaymentInfo:
    """A manager records the bank transfer: the invoice is credited once (again: nothing more happens)."""
    manager = await User.get_or_none(id=manager_id)
    if manager is None or manager.role != UserRole.manager:
        raise Forbidden()
    payment = await Payment.get_or_none(id=payment_id, method=INVOICE_METHOD)
    if payment is None:
        raise NotFound('invoice')
    if await credit(payment, author_id=manager_id):
        await audit.record(
            'invoice_paid', user_id=manager_id, account_id=payment.account_id, details=f'payment:{payment.id}'
        )
    await payment.refresh_from_db()
    return to_info(payment)


@dataclass(kw_only=True, slots=True, frozen=True)
class InvoiceRow:
    """An invoice in the manager's list."""

    payment: PaymentInfo
    account_name: str
    company_name: str
    inn: str


async def list_invoices(*, manager_id: int, pending_only: bool = True) -> list[InvoiceRow]:
    """Invoices of every account, newest first (only those waiting for money by default)."""
    if not await User.exists(id=manager_id, role=UserRole.manager, is_active=True):
        raise Forbidden
    query = Payment.filter(method='invoice').order_by('-id').select_related('account').limit(500)
    if pending_only:
        query = query.filter(status=PaymentStatus.pending)
    rows = await query
    details = {d.payment_id: d for d in await InvoiceDetails.filter(payment_id__in=[p.id for p in rows])}
    return [
        InvoiceRow(
            payment=to_info(p),
            account_name=p.account.name,
            company_name=details[p.id].company_name if p.id in details else '',
            inn=details[p.id].inn if p.id in details else '',
        )
        for p in rows
    ]


def _env(name: str) -> str:
    return os.environ.get(f'INVOICE_SELLER_{name}', '').strip()


def _vat_rate() -> int | None:
    raw = os.environ.get('INVOICE_VAT_RATE', '').strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None
