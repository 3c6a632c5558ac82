"""Logging in and finding who a session belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from tortoise.expressions import F

from domain import access, lockout
from domain.access import Capability
from domain.clock import DEFAULT_TZ
from domain.credentials import MAX_LOGIN_LENGTH, MAX_PASSWORD_LENGTH, clean_login
from domain.errors import DomainError
from domain.roles import AccountRole, UserRole
from domain.services import audit
from domain.services.passwords import verify_password
from storage.models import User


@dataclass(kw_only=True, slots=True, frozen=True)
class SessionUser:
    """What a page needs to know about the logged-in user."""

    user_id: int
    login: str
    full_name: str
    role: UserRole
    account_id: int | None
    account_name: str
    balance: Decimal
    timezone: str
    session_version: int
    # inside a client account (managers: owner, unused); the balance under which the frame shows a banner (0: never)
    account_role: AccountRole = AccountRole.owner
    low_balance_threshold: Decimal = Decimal('0')

    @property
    def is_manager(self) -> bool:
        return self.role is UserRole.manager

    def can(self, capability: Capability) -> bool:
        """Whether this client user's account role allows it (a manager is never an account's user)."""
        return not self.is_manager and access.can(self.account_role, capability)


class LoginRefused(DomainError):
    """A refused login; `code` is bad_credentials, empty, too_long, locked or blocked."""


async def authenticate(raw_login: str, password: str, *, ip: str = '', now: datetime | None = None) -> SessionUser:
    """Check a login and password; count failures and lock the login after too many."""
    now = now or datetime.now(UTC)
    login = clean_login(raw_login)
    if not login or not password:
        raise LoginRefused('empty')
    if len(login) > MAX_LOGIN_LENGTH or len(password) > MAX_PASSWORD_LENGTH:
        raise LoginRefused('too_long')
    user = await User.get_or_none(login=login).select_related('account')
    if user is None:
        await audit.record(audit.AuditKind.login_failed, login=login, ip=ip, details='unknown login')
        raise LoginRefused('bad_credentials')
    state = lockout.LockState(failures=user.failed_logins, locked_until=user.locked_until)
    if seconds := lockout.seconds_locked(state, now):
        raise LoginRefused('locked', seconds=seconds)
    if not await verify_password(user.password_hash, password):
        await _count_failure(user, ip=ip, now=now)
        raise LoginRefused('bad_credentials')
    if not user.is_active or (user.account is not None and not user.account.is_active):
        raise LoginRefused('blocked')
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    await user.save(update_fields=['failed_logins', 'locked_until', 'last_login_at'])
    await audit.record(audit.AuditKind.login, user_id=user.id, account_id=user.account_id, login=login, ip=ip)
    return _session_user(user)


async def session_user(user_id: int, session_version: int) -> SessionUser | None:
    """The user of a stored session, or None when the session is no longer valid."""
    user = await User.get_or_none(id=user_id).select_related('account')
    if user is None or not user.is_active or user.session_version != session_version:
        return None
    if user.account is not None and not user.account.is_active:
        return None
    return _session_user(user)


async def _count_failure(user: User, *, ip: str, now: datetime) -> None:
    # Count in SQL so that parallel guesses cannot overwrite each other's increments.
    await User.filter(id=user.id).update(failed_logins=F('failed_logins') + 1)
    failures = (await User.get(id=user.id)).failed_logins
    new_state = lockout.after_failure(lockout.LockState(failures=failures - 1, locked_until=None), now)
    await User.filter(id=user.id).update(failed_logins=new_state.failures, locked_until=new_state.locked_until)
    await audit.record(
        audit.AuditKind.login_failed, user_id=user.id, account_id=user.account_id, login=user.login, ip=ip
    )
    if new_state.locked_until is not None:
        await audit.record(
            audit.AuditKind.lockout, user_id=user.id, account_id=user.account_id, login=user.login, ip=ip
        )


def _session_user(user: User) -> SessionUser:
    account = user.account
    return SessionUser(
        user_id=user.id,
        login=user.login,
        full_name=user.full_name,
        role=UserRole(user.role),
        account_id=account.id if account else None,
        account_name=account.name if account else '',
        balance=Decimal(account.balance) if account else Decimal('0'),
        timezone=account.timezone if account else DEFAULT_TZ,
        session_version=user.session_version,
        account_role=AccountRole(user.account_role) if account else AccountRole.owner,
        low_balance_threshold=Decimal(account.low_balance_threshold) if account else Decimal('0'),
    )
