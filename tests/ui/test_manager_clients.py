"""Менеджер → Клиенты and Журнал аудита."""

from nicegui.testing import User

import ui_text as t
from tests.ui.conftest import CLIENT_PASSWORD, MANAGER_PASSWORD, log_in, make_client, make_manager, table_rows


async def _as_manager(user: User) -> None:
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/clients')


async def test_a_correction_by_the_manager_shows_in_the_clients_header(user: User) -> None:
    await make_client()
    await _as_manager(user)
    (row,) = table_rows(user, 'clients-table')
    user.find(marker='clients-table').trigger('correct', row)
    await user.should_see(marker='correction-dialog', retries=20)
    user.find(marker='correction-amount').type('1 500,00')
    user.find(marker='correction-reason').type('Оплата по счёту №7')
    user.find(marker='save-correction').click()
    await user.should_see(t.BALANCE_CORRECTED, retries=20)
    await user.open('/logout')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see(f'{t.BALANCE}: 1\u00a0500,00\u00a0₽', retries=50)


async def test_a_correction_without_a_reason_is_refused(user: User) -> None:
    await make_client()
    await _as_manager(user)
    (row,) = table_rows(user, 'clients-table')
    user.find(marker='clients-table').trigger('correct', row)
    await user.should_see(marker='correction-dialog', retries=20)
    user.find(marker='correction-amount').type('100')
    user.find(marker='save-correction').click()
    await user.should_see(t.ERRORS['correction_reason_empty'], retries=20)


async def test_the_manager_creates_a_client_and_sees_the_one_time_password(user: User) -> None:
    await _as_manager(user)
    user.find(marker='new-client').click()
    await user.should_see(marker='new-client-dialog', retries=20)
    user.find(marker='client-company').type('ООО Новый клиент')
    user.find(marker='client-login').type('newclient')
    user.find(marker='save-client').click()
    await user.should_see(t.client_created('ООО Новый клиент', 'newclient'), retries=20)
    assert [row['name'] for row in table_rows(user, 'clients-table')] == ['ООО Новый клиент']


async def test_blocking_a_client_closes_its_cabinet(user: User) -> None:
    await make_client()
    await _as_manager(user)
    (row,) = table_rows(user, 'clients-table')
    user.find(marker='clients-table').trigger('block', row)
    await user.should_see(t.client_blocked('ООО Ромашка'), retries=20)
    await user.open('/logout')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see(t.LOGIN_ERRORS['blocked'], retries=50)


async def test_the_audit_log_lists_logins(user: User) -> None:
    await _as_manager(user)
    await user.open('/manager/audit')
    await user.should_see(t.WINDOW_TITLES['audit'])
    kinds = [row['kind'] for row in table_rows(user, 'audit-table')]
    assert t.AUDIT_KINDS['login'] in kinds
