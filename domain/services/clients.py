"""The manager's work with client accounts: create, block, credit limit, balance correction; all audit-logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from domain.errors import DomainError, Forbidden, NotFound
from domain.money import MAX_AMOUNT, quantize_rub
from domain.roles import UserRole
from domain.services import accounts, audit, billing
from domain.services.accounts import NewCredentials
from storage.models import Account, AuditEvent, User

AUDIT_PAGE = 200


@dataclass(kw_only=True, slots=True, frozen=True)
class AuditRow:
    """One line of the audit log as the manager's page shows it."""

    id: int
    at: datetime
    kind: str
    login: str
    account_name: str
    ip: str
    details: str


async def require_manager(user_id: int) -> None:
    """Refuse anybody who is not an active manager (checked in the service, not only by hiding pages)."""
    if not await User.exists(id=user_id, role=UserRole.manager, is_active=True):
        raise Forbidden


async def create_client(
    *, manager_id: int, account_name: str, login: str, password: str | None = None, full_name: str = ''
) -> NewCredentials:
    """A new client account with its owner user; a password is generated when none is given."""
    await require_manager(manager_id)
    if await Account.exists(name=' '.join(account_name.split())):
        raise DomainError('account_name_taken')
    created = await accounts.create_user(
        login=login, role=UserRole.client, password=password, account_name=account_name, full_name=full_name
    )
    await audit.record('account_created', user_id=manager_id, details=f'{created.account_name}: {created.login}')
    return created


async def set_blocked(*, manager_id: int, account_id: int, blocked: bool) -> None:
    """Block (its users cannot log in, their sessions end) or unblock an account."""
    await require_manager(manager_id)
    async with in_transaction():
        if not await Account.filter(id=account_id).update(is_active=not blocked):
            raise NotFound('account')
        if blocked:
            await User.filter(account_id=account_id).update(session_version=F('session_version') + 1)
        kind = 'account_blocked' if blocked else 'account_unblocked'
        await audit.record(kind, user_id=manager_id, account_id=account_id)


async def set_credit_limit(*, manager_id: int, account_id: int, limit: Decimal) -> None:
    """How far below zero charges may take the balance (0: prepaid only)."""
    await require_manager(manager_id)
    if limit < 0 or limit > MAX_AMOUNT or limit != quantize_rub(limit):
        raise DomainError('credit_limit_invalid')
    if not await Account.filter(id=account_id).update(credit_limit=limit):
        raise NotFound('account')
    await audit.record('credit_limit_set', user_id=manager_id, account_id=account_id, details=str(limit))


async def correct_balance(*, manager_id: int, account_id: int, amount: Decimal, reason: str) -> billing.Entry:
    """A manual correction: a ledger entry authored by the manager, with the reason."""
    await require_manager(manager_id)
    entry = await billing.correct(account_id=account_id, amount=amount, reason=reason, manager_id=manager_id)
    await audit.record('balance_corrected', user_id=manager_id, account_id=account_id, details=f'{amount}: {reason}')
    return entry


async def search_audit(*, manager_id: int, text: str = '', kind: str = '', offset: int = 0) -> list[AuditRow]:
    """The newest audit events matching a login/IP/details substring and a kind."""
    await require_manager(manager_id)
    query = AuditEvent.all().order_by('-id').offset(offset).limit(AUDIT_PAGE).select_related('account')
    if text.strip():
        needle = text.strip()
        query = query.filter(Q(login__icontains=needle) | Q(ip__icontains=needle) | Q(details__icontains=needle))
    if kind:
        query = query.filter(kind=kind)
    return [
        AuditRow(
            id=event.id,
            at=event.at,
            kind=event.kind,
            login=event.login,
            account_name=event.account.name if event.account else '',
            ip=event.ip,
            details=event.details,
        )
        for event in await query
    ]
