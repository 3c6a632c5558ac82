"""Accounts, users, login and sessions against a real database (SQLite file and PostgreSQL)."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import DomainError
from domain.roles import UserRole
from domain.services import accounts, auth
from storage.models import Account, AuditEvent, User

PASSWORD = 'correct-horse-1'
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


async def test_a_client_user_gets_an_account_and_a_manager_none(db: str) -> None:
    client = await accounts.create_user(login='Ivanov', role=UserRole.client, password=PASSWORD, account_name='ООО А')
    manager = await accounts.create_user(login='boss', role=UserRole.manager, password=PASSWORD)
    assert client.login == 'ivanov' and client.account_name == 'ООО А'
    assert manager.account_name == ''
    stored = await User.get(login='ivanov')
    assert stored.password_hash.startswith('$argon2id$') and PASSWORD not in stored.password_hash
    assert (await User.get(login='boss')).account_id is None


async def test_a_taken_login_is_refused_whatever_its_case(db: str) -> None:
    await accounts.create_user(login='ivanov', role=UserRole.client, password=PASSWORD, account_name='ООО А')
    with pytest.raises(DomainError) as error:
        await accounts.create_user(login=' IVANOV ', role=UserRole.client, password=PASSWORD, account_name='ООО Б')
    assert error.value.code == 'login_taken'
    assert await Account.filter(name='ООО Б').count() == 0


async def test_demo_accounts_are_created_once_with_generated_passwords(db: str) -> None:
    first = await accounts.ensure_demo_accounts(manager_name='M', client_account='ООО Демо', client_name='C')
    assert {c.role for c in first} == {UserRole.manager, UserRole.client}
    assert all(len(c.password) >= 12 for c in first)
    assert await accounts.ensure_demo_accounts(manager_name='M', client_account='ООО Демо', client_name='C') == []
    for created in first:
        user = await auth.authenticate(created.login, created.password)
        assert user.role is created.role


async def test_login_checks_the_password_and_records_the_event(db: str) -> None:
    await accounts.create_user(login='ivanov', role=UserRole.client, password=PASSWORD, account_name='ООО А')
    user = await auth.authenticate('ivanov', PASSWORD, ip='10.0.0.7')
    assert user.account_name == 'ООО А' and user.role is UserRole.client
    with pytest.raises(auth.LoginRefused) as refusal:
        await auth.authenticate('ivanov', 'wrong-password')
    assert refusal.value.code == 'bad_credentials'
    kinds = await AuditEvent.all().order_by('id').values_list('kind', flat=True)
    assert kinds == ['user_created', 'login', 'login_failed']
    assert (await AuditEvent.get(kind='login')).ip == '10.0.0.7'


async def test_five_wrong_passwords_lock_the_login_for_five_minutes(db: str) -> None:
    await accounts.create_user(login='ivanov', role=UserRole.client, password=PASSWORD, account_name='ООО А')
    for _ in range(5):
        with pytest.raises(auth.LoginRefused):
            await auth.authenticate('ivanov', 'wrong-password', now=NOW)
    with pytest.raises(auth.LoginRefused) as refusal:
        await auth.authenticate('ivanov', PASSWORD, now=NOW + timedelta(minutes=4))
    assert refusal.value.code == 'locked'
    assert refusal.value.details['seconds'] == 60
    assert await AuditEvent.filter(kind='lockout').count() == 1
    user = await auth.authenticate('ivanov', PASSWORD, now=NOW + timedelta(minutes=5, seconds=1))
    assert user.login == 'ivanov'


async def test_a_blocked_account_cannot_log_in_and_its_sessions_end(db: str) -> None:
    await accounts.create_user(login='ivanov', role=UserRole.client, password=PASSWORD, account_name='ООО А')
    user = await auth.authenticate('ivanov', PASSWORD)
    await Account.filter(name='ООО А').update(is_active=False)
    with pytest.raises(auth.LoginRefused) as refusal:
        await auth.authenticate('ivanov', PASSWORD)
    assert refusal.value.code == 'blocked'
    assert await auth.session_user(user.user_id, user.session_version) is None


async def test_a_session_of_an_older_version_is_no_longer_valid(db: str) -> None:
    await accounts.create_user(login='ivanov', role=UserRole.client, password=PASSWORD, account_name='ООО А')
    user = await auth.authenticate('ivanov', PASSWORD)
    assert await auth.session_user(user.user_id, user.session_version) is not None
    await User.filter(id=user.user_id).update(session_version=user.session_version + 1)
    assert await auth.session_user(user.user_id, user.session_version) is None


async def test_the_manager_list_shows_accounts_with_their_users(db: str) -> None:
    await accounts.create_user(login='a1', role=UserRole.client, password=PASSWORD, account_name='ООО А')
    await accounts.create_user(login='a2', role=UserRole.client, password=PASSWORD, account_name='ООО А')
    await accounts.create_user(login='b1', role=UserRole.client, password=PASSWORD, account_name='ООО Б')
    await auth.authenticate('a2', PASSWORD)
    rows = {row.name: row for row in await accounts.list_accounts()}
    assert rows['ООО А'].users == 2 and rows['ООО А'].last_login_at is not None
    assert rows['ООО Б'].users == 1 and rows['ООО Б'].last_login_at is None
