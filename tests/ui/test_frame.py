"""The frame and the menu: every window of the manual opens, roles see their own sections."""

import pytest
from nicegui.testing import User

import ui_text as t
from components.menu import CLIENT_MENU, MANAGER_MENU
from tests.ui.conftest import CLIENT_PASSWORD, MANAGER_PASSWORD, log_in, make_client, make_manager, table_rows

CLIENT_ITEMS = [item for section in CLIENT_MENU for item in section.items]
MANAGER_ITEMS = [item for section in MANAGER_MENU for item in section.items]


async def test_the_client_menu_has_every_section_and_item_of_the_manual(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    for section in CLIENT_MENU:
        await user.should_see(section.label)
        for item in section.items:
            await user.should_see(marker=f'menu-{item.key}')
    await user.should_not_see(t.SECTION_MANAGER)


@pytest.mark.parametrize('item', CLIENT_ITEMS, ids=[i.key for i in CLIENT_ITEMS])
async def test_every_client_window_opens_with_its_title(user: User, item: object) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(item.path)  # type: ignore[attr-defined]
    await user.should_see(t.WINDOW_TITLES[item.key])  # type: ignore[attr-defined]


@pytest.mark.parametrize('item', MANAGER_ITEMS, ids=[i.key for i in MANAGER_ITEMS])
async def test_a_client_cannot_open_a_manager_window(user: User, item: object) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(item.path)  # type: ignore[attr-defined]
    await user.should_see(t.FORBIDDEN_TEXT)
    await user.should_not_see(t.WINDOW_TITLES[item.key])  # type: ignore[attr-defined]


async def test_a_manager_sees_the_manager_section_and_the_clients(user: User) -> None:
    await make_client(login='client', account='ООО Ромашка')
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.should_see(t.SECTION_MANAGER)
    await user.should_not_see(t.SECTION_BASES)
    await user.should_not_see(t.TOP_UP)
    await user.open('/manager/clients')
    await user.should_see(t.WINDOW_TITLES['clients'])
    assert [row['name'] for row in table_rows(user, 'clients-table')] == ['ООО Ромашка']


@pytest.mark.parametrize('item', MANAGER_ITEMS, ids=[i.key for i in MANAGER_ITEMS])
async def test_every_manager_window_opens_for_a_manager(user: User, item: object) -> None:
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open(item.path)  # type: ignore[attr-defined]
    await user.should_see(t.WINDOW_TITLES[item.key])  # type: ignore[attr-defined]


async def test_the_top_up_button_opens_the_top_up_dialog(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    user.find(marker='top-up-button').click()
    await user.should_see(t.TOP_UP_TITLE, retries=20)
    await user.should_see(marker='top-up-amount')


async def test_an_unknown_address_shows_the_russian_404_page(user: User) -> None:
    response = await user.http_client.get('/no/such/page')
    assert response.status_code == 404
    assert t.NOT_FOUND_TITLE in response.text


async def test_the_start_page_shows_balance_and_recent_activity(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see(t.HOME_ACTIVITY)
    await user.should_see(marker='home-balance')
    kinds = [row['kind'] for row in table_rows(user, 'activity')]
    assert kinds[0] == t.AUDIT_KINDS['login']
