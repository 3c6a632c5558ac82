"""«Настройки личного кабинета»: the user's profile, the account's settings, and the password change.

Saving checks every field first and writes nothing when any is wrong (SettingsInvalid lists them all); the profile
and the account's part are written in one transaction. A viewer saves the profile only; the account's part needs
Capability.account_settings (owner, operator). A password change ends the user's other sessions: the session version
goes up and the caller keeps its own session by storing the new version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.access import Capability
from domain.credentials import password_problem
from domain.errors import DomainError, Forbidden, NotFound
from domain.phones import PhoneStyle
from domain.roles import AccountRole, UserRole
from domain.services import audit, senders
from domain.services.account_users import require_capability
from domain.services.passwords import hash_password, verify_password
from domain.settings_rules import (
    Problem,
    clean_contact_phone,
    clean_email,
    clean_name,
    clean_parts_cap,
    clean_threshold,
    clean_validity,
    clean_zone,
)
from storage.models import Account, User


class SettingsInvalid(DomainError):
    """Fields that were refused: `problems` pairs a field key with a problem code; nothing was saved."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__('settings_invalid', problems=tuple(problems))
        self.problems = tuple(problems)


@dataclass(kw_only=True, slots=True, frozen=True)
class Profile:
    """The logged-in person."""

    login: str
    full_name: str
    email: str
    phone: str


@dataclass(kw_only=True, slots=True, frozen=True)
class AccountSettings:
    """The account-wide settings every user of the account shares."""

    timezone: str
    default_sender: str
    phone_style: PhoneStyle
    parts_cap: int
    validity_hours: int
    low_balance_threshold: Decimal


@dataclass(kw_only=True, slots=True, frozen=True)
class SettingsView:
    """What the settings window shows."""

    profile: Profile
    account: AccountSettings | None  # None for a manager, who has no account
    approved_senders: tuple[str, ...]
    account_role: AccountRole


@dataclass(kw_only=True, slots=True, frozen=True)
class ProfileInput:
    """The profile as typed."""

    full_name: str
    email: str
    phone: str


@dataclass(kw_only=True, slots=True, frozen=True)
class AccountInput:
    """The account's settings as typed or chosen."""

    timezone: str
    default_sender: str
    phone_style: str
    parts_cap: object
    validity_hours: object
    low_balance_threshold: object


async def load(*, user_id: int) -> SettingsView:
    """The user's profile and the settings of the user's account."""
    user = await _active(user_id)
    profile = Profile(login=user.login, full_name=user.full_name, email=user.email, phone=user.phone)
    if user.account_id is None:
        return SettingsView(profile=profile, account=None, approved_senders=(), account_role=AccountRole.owner)
    account = await Account.get(id=user.account_id)
    return SettingsView(
        profile=profile,
        account=AccountSettings(
            timezone=account.timezone,
            default_sender=account.default_sender,
            phone_style=PhoneStyle(account.phone_style),
            parts_cap=account.parts_cap,
            validity_hours=account.validity_hours,
            low_balance_threshold=Decimal(account.low_balance_threshold),
        ),
        approved_senders=tuple(await senders.approved_names(account_id=account.id)),
        account_role=AccountRole(user.account_role),
    )


async def save(*, user_id: int, profile: ProfileInput, account: AccountInput | None, ip: str = '') -> SettingsView:
    """«Сохранить»: the profile, and (account given) the account's settings; all fields valid or nothing saved."""
    user = await _active(user_id)
    account_id = user.account_id
    if account is not None:
        if account_id is None or user.role != UserRole.client:
            raise Forbidden
        await require_capability(user_id=user_id, account_id=account_id, capability=Capability.account_settings)
    problems: list[tuple[str, str]] = []
    profile_values = _check_profile(profile, problems)
    account_values = None
    if account is not None and account_id is not None:
        account_values = await _check_account(account_id, account, problems)
    if problems:
        raise SettingsInvalid(problems)
    async with in_transaction() as conn:
        await User.filter(id=user_id).using_db(conn).update(**profile_values)
        if account_values is not None:
            await Account.filter(id=account_id).using_db(conn).update(**account_values)
    if account_values is not None:
        details = ', '.join(f'{key}={value}' for key, value in account_values.items())
        await audit.record(
            'settings_changed', user_id=user_id, account_id=user.account_id, login=user.login, ip=ip, details=details
        )
    return await load(user_id=user_id)


async def change_password(*, user_id: int, old_password: str, new_password: str, repeat: str, ip: str = '') -> int:
    """Change the password after checking the old one; the user's other sessions end. Returns the new session
    version for the caller's own session."""
    user = await _active(user_id)
    problems: list[tuple[str, str]] = []
    if not old_password:
        problems.append(('old_password', 'password_old_empty'))
    elif not await verify_password(user.password_hash, old_password):
        problems.append(('old_password', 'password_old_wrong'))
    if problem := password_problem(new_password):
        problems.append(('new_password', problem))
    elif new_password == old_password:
        problems.append(('new_password', 'password_same'))
    if new_password != repeat:
        problems.append(('repeat_password', 'password_repeat_mismatch'))
    if problems:
        if ('old_password', 'password_old_wrong') in problems:
            await audit.record(
                'password_change_failed', user_id=user.id, account_id=user.account_id, login=user.login, ip=ip
            )
        raise SettingsInvalid(problems)
    password_hash = await hash_password(new_password)
    async with in_transaction() as conn:
        await (
            User.filter(id=user_id)
            .using_db(conn)
            .update(password_hash=password_hash, session_version=F('session_version') + 1)
        )
        version = (await User.filter(id=user_id).using_db(conn).get()).session_version
    await audit.record('password_changed', user_id=user.id, account_id=user.account_id, login=user.login, ip=ip)
    return version


def _check_profile(profile: ProfileInput, problems: list[tuple[str, str]]) -> dict[str, object]:
    checked: dict[str, object] = {
        'full_name': clean_name(profile.full_name),
        'email': clean_email(profile.email),
        'phone': clean_contact_phone(profile.phone),
    }
    return _collect(checked, problems)


async def _check_account(account_id: int, account: AccountInput, problems: list[tuple[str, str]]) -> dict[str, object]:
    checked: dict[str, object] = {
        'timezone': clean_zone(account.timezone),
        'default_sender': await _sender(account_id, account.default_sender),
        'phone_style': _style(account.phone_style),
        'parts_cap': clean_parts_cap(account.parts_cap),
        'validity_hours': clean_validity(account.validity_hours),
        'low_balance_threshold': clean_threshold(account.low_balance_threshold),
    }
    return _collect(checked, problems)


def _collect(checked: Mapping[str, object], problems: list[tuple[str, str]]) -> dict[str, object]:
    problems.extend((key, value.code) for key, value in checked.items() if isinstance(value, Problem))
    return {key: value for key, value in checked.items() if not isinstance(value, Problem)}


async def _sender(account_id: int, name: str) -> str | Problem:
    if not name:
        return ''
    return name if name in await senders.approved_names(account_id=account_id) else Problem('sender_not_approved')


def _style(raw: str) -> str | Problem:
    try:
        return PhoneStyle(raw).value
    except ValueError:
        return Problem('phone_style_unknown')


async def _active(user_id: int) -> User:
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None:
        raise NotFound('user')
    return user
