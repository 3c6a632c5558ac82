"""Accounts and users: creating them, the demo accounts of a fresh install, summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain.credentials import clean_login, generate_password, login_problem, password_problem
from domain.errors import DomainError
from domain.phones import PhoneStyle
from domain.roles import UserRole
from domain.services import audit
from domain.services.passwords import hash_password
from storage.models import Account, PhoneBase, User


@dataclass(kw_only=True, slots=True, frozen=True)
class NewCredentials:
    """A login and the password generated for it, shown once."""

    login: str
    password: str
    role: UserRole
    account_name: str


@dataclass(kw_only=True, slots=True, frozen=True)
class AccountRow:
    """One line of the manager's list of clients."""

    id: int
    name: str
    balance: Decimal
    credit_limit: Decimal
    is_active: bool
    users: int
    last_login_at: datetime | None


async def create_user(
    *, login: str, role: UserRole, password: str | None = None, account_name: str = '', full_name: str = ''
) -> NewCredentials:
    """Create a user (and for a client, its account when no account has that name); a password is generated if none."""
    login = clean_login(login)
    if problem := login_problem(login):
        raise DomainError(problem)
    password = password or generate_password()
    if problem := password_problem(password):
        raise DomainError(problem)
    if role is UserRole.client and not account_name.strip():
        raise DomainError('account_name_empty')
    password_hash = await hash_password(password)
    async with in_transaction():
        if await User.exists(login=login):
            raise DomainError('login_taken')
        account = await _client_account(account_name.strip()) if role is UserRole.client else None
        user = await User.create(
            login=login, password_hash=password_hash, role=role, account=account, full_name=full_name.strip()
        )
        await audit.record(audit.AuditKind.user_created, user_id=user.id, account_id=user.account_id, login=login)
    return NewCredentials(login=login, password=password, role=role, account_name=account.name if account else '')


async def ensure_demo_accounts(*, manager_name: str, client_account: str, client_name: str) -> list[NewCredentials]:
    """On an empty database create a demo manager and a demo client; return their one-time credentials."""
    if await User.exists():
        return []
    manager = await create_user(login='manager', role=UserRole.manager, full_name=manager_name)
    client = await create_user(login='demo', role=UserRole.client, account_name=client_account, full_name=client_name)
    return [manager, client]


async def list_accounts() -> list[AccountRow]:
    """All client accounts for the manager, newest first."""
    rows = []
    for account in await Account.all().order_by('-id').prefetch_related('users'):
        users = list(account.users)
        logins = [u.last_login_at for u in users if u.last_login_at is not None]
        rows.append(
            AccountRow(
                id=account.id,
                name=account.name,
                balance=Decimal(account.balance),
                credit_limit=Decimal(account.credit_limit),
                is_active=account.is_active,
                users=len(users),
                last_login_at=max(logins) if logins else None,
            )
        )
    return rows


async def count_bases(account_id: int) -> int:
    """How many phone bases an account has (for the start page)."""
    return await PhoneBase.filter(account_id=account_id).count()


async def _client_account(name: str) -> Account:
    existing = await Account.get_or_none(name=name)
    return existing or await Account.create(name=name)


@dataclass(kw_only=True, slots=True, frozen=True)
class MessageSettings:
    """How an account writes numbers into messages and how many SMS parts one message may take."""

    phone_style: PhoneStyle
    parts_cap: int


async def message_settings(*, account_id: int) -> MessageSettings:
    """The account's message settings (edited in «Настройки личного кабинета»)."""
    account = await Account.get(id=account_id)
    return MessageSettings(phone_style=PhoneStyle(account.phone_style), parts_cap=account.parts_cap)
