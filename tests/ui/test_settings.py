"""Дополнительно → Настройки: save, the fields' errors, the password change, the low-balance banner, the users."""

import asyncio
from decimal import Decimal

import pytest
from nicegui.testing import User

import ui_text as t
from domain.roles import AccountRole, UserRole
from domain.sender_names import SenderStatus
from domain.services import account_settings, accounts, auth
from pages import session
from storage.models import Account, SenderName
from storage.models import User as UserRow
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client, table_rows
from ui_text import settings as ts


async def _open_settings(user: User, login: str = 'client') -> None:
    await log_in(user, login, CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)
    await user.open('/settings')
    await user.should_see(t.WINDOW_TITLES['settings'])


async def _colleague(login: str, role: AccountRole) -> None:
    await accounts.create_user(login=login, role=UserRole.client, password=CLIENT_PASSWORD, account_name='ООО Ромашка')
    await UserRow.filter(login=login).update(account_role=role)


async def _users_become(user: User, expected: list[tuple[str, str]]) -> bool:
    """Wait for the users' table to be redrawn with these (login, role) rows."""
    for _ in range(100):
        try:
            if [(row['login'], row['role']) for row in table_rows(user, 'users-table')] == expected:
                return True
        except AssertionError:  # the table is being redrawn
            pass
        await asyncio.sleep(0.1)
    return False


def _set(user: User, marker: str, value: str) -> None:
    (element,) = user.find(marker=marker).elements
    element.value = value  # type: ignore[attr-defined]


async def test_the_owner_saves_the_zone_and_threshold_and_sees_the_banner(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    await SenderName.create(account_id=account.id, name='INCORE', status=SenderStatus.approved)
    await _open_settings(user)
    await user.should_not_see(marker='low-balance-banner')
    _set(user, 'settings-timezone', 'Asia/Yekaterinburg')
    _set(user, 'settings-default_sender', 'INCORE')
    _set(user, 'settings-low_balance_threshold', '250')
    _set(user, 'settings-email', 'buh@romashka.ru')
    user.find(marker='save-settings').click()
    await user.should_see(marker='settings-saved', retries=50)
    await user.should_see(ts.low_balance('0,00\u00a0₽', '250,00\u00a0₽', can_pay=True), retries=20)
    account = await Account.get(id=account.id)
    assert (account.timezone, account.default_sender, account.low_balance_threshold) == (
        'Asia/Yekaterinburg',
        'INCORE',
        Decimal('250.00'),
    )
    assert (await UserRow.get(login='client')).email == 'buh@romashka.ru'


async def test_wrong_fields_are_named_and_nothing_is_saved(user: User) -> None:
    await make_client()
    await _open_settings(user)
    _set(user, 'settings-email', 'buh@')
    _set(user, 'settings-parts_cap', '50')
    _set(user, 'settings-full_name', 'Иванов Иван')
    user.find(marker='save-settings').click()
    await user.should_see(ts.field_problem('email', t.error_text('email_invalid')), retries=20)
    await user.should_see(ts.field_problem('parts_cap', t.error_text('parts_cap_invalid')))
    await user.should_see(t.error_text('settings_invalid'))
    row = await UserRow.get(login='client')
    assert (row.full_name, row.email) == ('', '')
    assert (await Account.get(name='ООО Ромашка')).parts_cap == 8


async def test_a_password_change_keeps_this_session_and_refuses_a_wrong_old_password(user: User) -> None:
    await make_client()
    other = await auth.authenticate('client', CLIENT_PASSWORD)
    await _open_settings(user)
    _set(user, 'settings-old_password', 'not-my-password')
    _set(user, 'settings-new_password', 'new-password-2')
    _set(user, 'settings-repeat_password', 'new-password-2')
    user.find(marker='change-password').click()
    await user.should_see(ts.field_problem('old_password', t.error_text('password_old_wrong')), retries=50)
    _set(user, 'settings-old_password', CLIENT_PASSWORD)
    user.find(marker='change-password').click()
    await user.should_see(ts.PASSWORD_CHANGED, retries=50)
    assert await auth.session_user(other.user_id, other.session_version) is None  # the other browser is out
    await user.open('/settings')  # this browser is not
    await user.should_see(t.WINDOW_TITLES['settings'])
    await user.should_not_see(marker='login-card')


async def test_the_owner_invites_an_operator_and_sees_the_password_once(user: User) -> None:
    await make_client()
    await _open_settings(user)
    await user.should_see(marker='users-table', retries=50)
    assert [row['login'] for row in table_rows(user, 'users-table')] == [f'client {ts.YOU}']
    user.find(marker='invite-user').click()
    await user.should_see(marker='invite-dialog', retries=20)
    _set(user, 'invite-login', 'petrova')
    _set(user, 'invite-name', 'Петрова Анна')
    _set(user, 'invite-role', 'viewer')
    user.find(marker='save-invite').click()
    await user.should_see(ts.user_invited('petrova'), retries=50)
    (label,) = user.find(marker='invited-password').elements
    password = label.text.rsplit(' ', 1)[-1]  # type: ignore[attr-defined]
    expected = [(f'client {ts.YOU}', 'Владелец'), ('petrova', 'Наблюдатель')]
    assert await _users_become(user, expected)
    assert (await auth.authenticate('petrova', password)).account_role is AccountRole.viewer


async def test_the_last_owner_cannot_block_or_demote_themselves(user: User) -> None:
    await make_client()
    await _open_settings(user)
    await user.should_see(marker='users-table', retries=50)
    (row,) = table_rows(user, 'users-table')
    user.find(marker='users-table').trigger('block', row)
    await user.should_see(t.error_text('cannot_block_self'), retries=20)
    user.find(marker='users-table').trigger('role', row)
    await user.should_see(marker='role-dialog', retries=20)
    _set(user, 'role-select', 'operator')
    user.find(marker='save-role').click()
    await user.should_see(t.error_text('last_owner'), retries=20)
    assert (await UserRow.get(login='client')).account_role == AccountRole.owner


async def test_a_viewer_edits_only_the_profile_and_an_operator_sees_no_users(user: User) -> None:
    await make_client()
    await _colleague('viewer', AccountRole.viewer)
    await _open_settings(user, 'viewer')
    await user.should_see(marker='settings-full_name')
    await user.should_see(ts.VIEWER_NOTE)
    await user.should_not_see(marker='settings-timezone')
    await user.should_not_see(marker='users-card')
    _set(user, 'settings-phone', '+7 916 000-11-22')
    user.find(marker='save-settings').click()
    await user.should_see(marker='settings-saved', retries=50)
    assert (await UserRow.get(login='viewer')).phone == '+79160001122'
    await user.open('/logout')
    await _colleague('operator', AccountRole.operator)
    await _open_settings(user, 'operator')
    await user.should_see(marker='settings-timezone')
    await user.should_not_see(marker='users-card')


async def test_an_open_page_leaves_for_the_login_once_the_password_changed_elsewhere(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session, 'SESSION_CHECK_SECONDS', 0.3)
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)
    await user.open('/bases')
    row = await UserRow.get(login='client')
    await account_settings.change_password(
        user_id=row.id, old_password=CLIENT_PASSWORD, new_password='new-password-2', repeat='new-password-2'
    )
    await user.should_see(marker='login-card', retries=50)
