"""Users of a client account (owner, operator, viewer): the owner invites them, changes roles, blocks them.

`require_capability` is the check every service that moves money or manages users makes on the caller, whatever the
page showed (domain.access holds the rules). An account always keeps at least one active owner: the last one cannot
be demoted or blocked. Changes run under the account's lock, so two owners demoting each other cannot both succeed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain import access
from domain.access import Capability
from domain.credentials import clean_login, generate_password, login_problem
from domain.errors import DomainError, Forbidden, NotFound
from domain.roles import AccountRole, UserRole
from domain.services import audit
from domain.services.passwords import hash_password
from domain.settings_rules import Problem, clean_name
from storage import ledger
from storage.models import User

MAX_USERS = 50


@dataclass(kw_only=True, slots=True, frozen=True)
class AccountUser:
    """One user of an account as the settings window and the manager's card list them."""

    id: int
    login: str
    full_name: str
    email: str
    phone: str
    role: AccountRole
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime


@dataclass(kw_only=True, slots=True, frozen=True)
class Invitation:
    """A new user's login and the password generated for it, shown once."""

    login: str
    password: str
    role: AccountRole


async def require_capability(*, user_id: int, account_id: int, capability: Capability) -> User:
    """The active client user of this account whose role allows the capability; anybody else gets Forbidden."""
    user = await User.get_or_none(id=user_id, account_id=account_id, role=UserRole.client, is_active=True)
    if user is None or not access.can(AccountRole(user.account_role), capability):
        raise Forbidden
    return user


async def list_users(*, actor_id: int, account_id: int) -> list[AccountUser]:
    """The account's users, owners first: for its owner or a manager."""
    await _require_owner_or_manager(actor_id, account_id)
    return await users_of(account_id)


async def users_of(account_id: int) -> list[AccountUser]:
    """The account's users, owners first (callers check who asks)."""
    order = {AccountRole.owner: 0, AccountRole.operator: 1, AccountRole.viewer: 2}
    rows = await User.filter(account_id=account_id, role=UserRole.client).order_by('id')
    users = [_user(row) for row in rows]
    return sorted(users, key=lambda u: (order[u.role], u.id))


async def invite_user(
    *, actor_id: int, account_id: int, login: str, full_name: str, role: AccountRole, ip: str = ''
) -> Invitation:
    """Create a user of the account with a generated password (shown once); only an owner may."""
    actor = await require_capability(user_id=actor_id, account_id=account_id, capability=Capability.manage_users)
    login = clean_login(login)
    if problem := login_problem(login):
        raise DomainError(problem)
    name = clean_name(full_name)
    if isinstance(name, Problem):
        raise DomainError(name.code)
    role = AccountRole(role)
    password = generate_password()
    password_hash = await hash_password(password)
    async with in_transaction() as conn:
        await ledger.lock_account(conn, account_id)
        if await User.filter(login=login).using_db(conn).exists():
            raise DomainError('login_taken')
        if await User.filter(account_id=account_id).using_db(conn).count() >= MAX_USERS:
            raise DomainError('too_many_users', limit=MAX_USERS)
        user = await User.create(
            using_db=conn,
            login=login,
            password_hash=password_hash,
            role=UserRole.client,
            account_id=account_id,
            account_role=role,
            full_name=name,
        )
    await audit.record(
        audit.AuditKind.user_created,
        user_id=actor.id,
        account_id=account_id,
        login=actor.login,
        ip=ip,
        details=f'{user.login}: {role.value}',
    )
    return Invitation(login=login, password=password, role=role)


async def set_role(*, actor_id: int, account_id: int, user_id: int, role: AccountRole, ip: str = '') -> None:
    """Change a user's role inside the account; the last active owner keeps the role."""
    actor = await require_capability(user_id=actor_id, account_id=account_id, capability=Capability.manage_users)
    role = AccountRole(role)
    async with in_transaction() as conn:
        await ledger.lock_account(conn, account_id)
        target = await User.filter(id=user_id, account_id=account_id, role=UserRole.client).using_db(conn).first()
        if target is None:
            raise NotFound('user')
        if target.account_role == role:
            return
        if target.account_role == AccountRole.owner and target.is_active:
            await _keep_an_owner(account_id, leaving=target.id, conn=conn)
        old = target.account_role
        # the role is read from the database on every page, so the user's open sessions simply follow it
        await User.filter(id=target.id).using_db(conn).update(account_role=role)
    await audit.record(
        'role_changed',
        user_id=actor.id,
        account_id=account_id,
        login=actor.login,
        ip=ip,
        details=f'{target.login}: {AccountRole(old).value} -> {role.value}',
    )


async def set_blocked(*, actor_id: int, account_id: int, user_id: int, blocked: bool, ip: str = '') -> None:
    """Block a user (their sessions end at once and stay ended after an unblock) or unblock them; nobody blocks
    themselves or the last owner."""
    actor = await require_capability(user_id=actor_id, account_id=account_id, capability=Capability.manage_users)
    if blocked and user_id == actor.id:
        raise DomainError('cannot_block_self')
    async with in_transaction() as conn:
        await ledger.lock_account(conn, account_id)
        target = await User.filter(id=user_id, account_id=account_id, role=UserRole.client).using_db(conn).first()
        if target is None:
            raise NotFound('user')
        if target.is_active != blocked:
            return
        if blocked and target.account_role == AccountRole.owner:
            await _keep_an_owner(account_id, leaving=target.id, conn=conn)
        await (
            User.filter(id=target.id)
            .using_db(conn)
            .update(is_active=not blocked, session_version=F('session_version') + 1)
        )
    await audit.record(
        'user_blocked' if blocked else 'user_unblocked',
        user_id=actor.id,
        account_id=account_id,
        login=actor.login,
        ip=ip,
        details=target.login,
    )


async def _keep_an_owner(account_id: int, *, leaving: int, conn: BaseDBAsyncClient) -> None:
    others = (
        await User.filter(account_id=account_id, account_role=AccountRole.owner, is_active=True, role=UserRole.client)
        .exclude(id=leaving)
        .using_db(conn)
        .count()
    )
    if not others:
        raise DomainError('last_owner')


async def _require_owner_or_manager(actor_id: int, account_id: int) -> None:
    if await User.exists(id=actor_id, role=UserRole.manager, is_active=True):
        return
    await require_capability(user_id=actor_id, account_id=account_id, capability=Capability.manage_users)


def _user(row: User) -> AccountUser:
    return AccountUser(
        id=row.id,
        login=row.login,
        full_name=row.full_name,
        email=row.email,
        phone=row.phone,
        role=AccountRole(row.account_role),
        is_active=row.is_active,
        last_login_at=row.last_login_at,
        created_at=row.created_at,
    )
