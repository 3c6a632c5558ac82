"""Roles inside a client account as the windows enforce them: a viewer sees statistics only, an operator cannot pay or
manage users, and no client reaches a manager's window by typing its address."""

import pytest
from nicegui.testing import User

import ui_text as t
from components.menu import MANAGER_MENU
from domain.roles import AccountRole, UserRole
from domain.services import accounts
from storage.models import Account
from storage.models import User as UserRow
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client
from ui_text import settings as ts

CLIENT_ONLY = ['/send', '/bases', '/bases/1', '/templates', '/stoplist', '/senders', '/scheduled', '/awaiting']
MONEY = ['/payments', '/tariffs', '/documents']
MANAGER_PATHS = [item.path for section in MANAGER_MENU for item in section.items]


async def _as(user: User, role: AccountRole) -> None:
    await make_client()
    await accounts.create_user(
        login=role.value, role=UserRole.client, password=CLIENT_PASSWORD, account_name='ООО Ромашка'
    )
    await UserRow.filter(login=role.value).update(account_role=role)
    await log_in(user, role.value, CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)


async def test_a_viewer_opens_statistics_but_no_window_that_works_or_pays(user: User) -> None:
    await _as(user, AccountRole.viewer)
    await user.should_not_see(marker='top-up-button')
    for key in ('stats', 'detail', 'reports', 'news', 'manual', 'support', 'settings'):
        await user.should_see(marker=f'menu-{key}')
    for key in ('bases', 'send', 'templates', 'payments', 'tariffs', 'documents', 'senders'):
        await user.should_not_see(marker=f'menu-{key}')
    await user.should_not_see(t.SECTION_FINANCE)
    for path in CLIENT_ONLY + MONEY:
        await user.open(path)
        await user.should_see(ts.role_forbidden('viewer'))
    for path in ('/stats', '/reports', '/manual', '/settings'):
        await user.open(path)
        await user.should_not_see(marker='forbidden')


async def test_an_operator_works_but_cannot_top_up_or_manage_users(user: User) -> None:
    await _as(user, AccountRole.operator)
    await user.should_not_see(marker='top-up-button')
    for path, key in (('/bases', 'bases'), ('/templates', 'templates'), ('/documents', 'documents')):
        await user.open(path)
        await user.should_see(t.WINDOW_TITLES[key])
    await user.open('/settings')
    await user.should_see(marker='settings-timezone')
    await user.should_not_see(marker='users-card')


async def test_the_banner_asks_an_operator_to_tell_the_owner(user: User) -> None:
    await Account.create(name='ООО Ромашка', low_balance_threshold=100)
    await _as(user, AccountRole.operator)
    await user.should_see(ts.low_balance('0,00\u00a0₽', '100,00\u00a0₽', can_pay=False))
    await user.should_not_see(t.TOP_UP)


async def test_the_banner_stays_away_above_the_threshold_and_at_zero(user: User) -> None:
    await Account.create(name='ООО Ромашка', low_balance_threshold=0, balance=-5)
    await _as(user, AccountRole.owner)
    await user.should_not_see(marker='low-balance-banner')
    await Account.filter(name='ООО Ромашка').update(low_balance_threshold=50, balance=50)
    await user.open('/bases')
    await user.should_not_see(marker='low-balance-banner')
    await Account.filter(name='ООО Ромашка').update(balance='49.99')
    await user.open('/bases')
    await user.should_see(marker='low-balance-banner')


@pytest.mark.parametrize('role', list(AccountRole))
async def test_no_client_role_reaches_a_manager_page_by_its_address(user: User, role: AccountRole) -> None:
    await _as(user, role)
    account = await Account.get(name='ООО Ромашка')
    for path in [*MANAGER_PATHS, f'/manager/clients/{account.id}']:
        await user.open(path)
        await user.should_see(t.FORBIDDEN_TEXT)
        await user.should_not_see(marker='card-summary')
        await user.should_not_see(marker='clients-table')
