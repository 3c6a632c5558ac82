"""Финансы: the client's tariff, the account statement, and the manager setting a client's tariff."""

from decimal import Decimal

from nicegui.testing import User

import ui_text as t
from domain.services import billing
from storage.models import Account
from tests.ui.conftest import CLIENT_PASSWORD, MANAGER_PASSWORD, log_in, make_client, make_manager, table_rows


async def test_the_client_sees_the_default_tariff_prices(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/tariffs')
    await user.should_see(t.WINDOW_TITLES['tariffs'])
    prices = {row['group']: row['price'] for row in table_rows(user, 'tariff-table')}
    assert prices[t.OPERATOR_GROUPS['mts']] == '5,50\u00a0₽'
    assert set(prices) == set(t.OPERATOR_GROUPS.values())


async def test_the_statement_shows_entries_with_running_balance_and_totals(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    await billing.top_up(account_id=account.id, amount=Decimal('1000.00'), reference='payment:1')
    await billing.reserve(account_id=account.id, mailing_ref='mailing:7', amount=Decimal('55.50'))
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/payments')
    await user.should_see(f'{t.CLOSING_BALANCE}: 944,50\u00a0₽')
    await user.should_see(f'{t.TOTAL_IN}: 1\u00a0000,00\u00a0₽')
    rows = table_rows(user, 'statement-table')
    assert [row['kind'] for row in rows] == [t.LEDGER_KINDS['topup'], t.LEDGER_KINDS['charge']]
    assert rows[-1]['balance'] == '944,50\u00a0₽'
    await user.should_see(f'{t.BALANCE}: 944,50')


async def test_the_manager_sets_a_clients_own_tariff_and_the_client_sees_it(user: User) -> None:
    await make_client()
    await make_manager()
    account = await Account.get(name='ООО Ромашка')
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/tariffs')
    user.find(marker='tariff-owner').elements.pop().value = account.id  # type: ignore[attr-defined]
    await user.should_see(marker='tariff-history', retries=20)
    user.find(marker='tariff-valid-from').elements.pop().value = '2026-01-02'  # type: ignore[attr-defined]
    for group in t.OPERATOR_GROUPS:
        user.find(marker=f'price-{group}').clear().type('3.2500')
    user.find(marker='save-tariff').click()
    await user.should_see(t.TARIFF_SAVED, retries=20)
    await user.open('/logout')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/tariffs')
    prices = {row['group']: row['price'] for row in table_rows(user, 'tariff-table')}
    assert prices[t.OPERATOR_GROUPS['beeline']] == '3,25\u00a0₽'


async def test_a_bad_price_is_refused(user: User) -> None:
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/tariffs')
    user.find(marker='price-mts').clear().type('-1')
    user.find(marker='save-tariff').click()
    await user.should_see(t.ERRORS['amount_negative'], retries=20)


async def test_a_volume_tier_set_by_the_manager_shows_on_the_clients_tariff(user: User) -> None:
    await make_client()
    await make_manager()
    account = await Account.get(name='ООО Ромашка')
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/tariffs')
    user.find(marker='tariff-owner').elements.pop().value = account.id  # type: ignore[attr-defined]
    await user.should_see(marker='tariff-history', retries=20)
    user.find(marker='tier-from').type('10000')
    user.find(marker='tier-mts').type('4.90')
    user.find(marker='save-tariff').click()
    await user.should_see(t.TARIFF_SAVED, retries=20)
    await user.open('/logout')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/tariffs')
    rows = {row['group']: row for row in table_rows(user, 'tariff-table')}
    assert rows[t.OPERATOR_GROUPS['mts']]['tier10000'] == '4,90\u00a0₽'
