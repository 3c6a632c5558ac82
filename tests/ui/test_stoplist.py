"""Глобальный СТОП-лист: the window, adding a number, its errors, and deleting the selected numbers."""

import asyncio

from nicegui.testing import User

import ui_text as t
from domain.services import stoplist
from storage.models import Account
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client, table_rows


async def open_stoplist(user: User) -> int:
    """Log the client in, open the stop-list; returns the client's account id."""
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=30)
    await user.open('/stoplist')
    await user.should_see(t.WINDOW_TITLES['stoplist'])
    return (await Account.get(name='ООО Ромашка')).id


async def add_number(user: User, phone: str, comment: str = '') -> None:
    """Fill and submit the add dialog."""
    user.find(marker='add-number').click()
    await user.should_see(t.STOPLIST_ADD_TITLE)
    user.find(marker='stoplist-phone').type(phone)
    if comment:
        user.find(marker='stoplist-comment').type(comment)
    user.find(marker='save-number').click()


async def phones_shown(user: User, expected: list[str]) -> list[str]:
    """The table's phones once they equal `expected` (the table is refreshed in the background), or after 2 s."""
    for _ in range(20):
        phones = [r['phone'] for r in table_rows(user, 'stoplist-table')]
        if phones == expected:
            break
        await asyncio.sleep(0.1)
    return phones


async def test_the_window_opens_empty_and_offers_loading_from_a_file(user: User) -> None:
    await open_stoplist(user)
    await user.should_see(t.LOAD_FROM_FILE)
    assert table_rows(user, 'stoplist-table') == []


async def test_an_added_number_appears_formatted_with_its_comment(user: User) -> None:
    await open_stoplist(user)
    await add_number(user, '8 916 123 45 67', 'жалоба')
    await user.should_see(t.stoplist_added('+7 916 123-45-67'), retries=20)
    rows = table_rows(user, 'stoplist-table')
    assert [(r['phone'], r['comment']) for r in rows] == [('+7 916 123-45-67', 'жалоба')]


async def test_an_invalid_number_is_refused_on_the_field_in_russian(user: User) -> None:
    await open_stoplist(user)
    await add_number(user, '12345')
    await user.should_see(t.ERRORS['phone_too_short'], retries=20)
    assert table_rows(user, 'stoplist-table') == []


async def test_a_number_already_listed_is_refused_as_a_duplicate(user: User) -> None:
    account_id = await open_stoplist(user)
    await stoplist.add_entry(account_id=account_id, raw_phone='+79161234567')
    await add_number(user, '+7 (916) 123-45-67')
    await user.should_see(t.ERRORS['stoplist_duplicate'], retries=20)


async def test_search_narrows_the_table(user: User) -> None:
    account_id = await open_stoplist(user)
    await stoplist.add_many(account_id=account_id, raw_phones=['+79161234567', '+79031112233'])
    await user.open('/stoplist')
    assert len(table_rows(user, 'stoplist-table')) == 2
    user.find(marker='stoplist-search').type('903')
    assert await phones_shown(user, ['+7 903 111-22-33']) == ['+7 903 111-22-33']


async def test_deleting_the_selected_numbers_asks_first_and_keeps_the_others(user: User) -> None:
    account_id = await open_stoplist(user)
    await stoplist.add_many(account_id=account_id, raw_phones=['+79161234567', '+79031112233', '+79261112233'])
    await user.open('/stoplist')
    (table,) = user.find(marker='stoplist-table').elements
    table.selected = [r for r in table.rows if r['phone'] != '+7 903 111-22-33']  # type: ignore[attr-defined]
    user.find(marker='delete-selected').click()
    await user.should_see(t.stoplist_delete_question(2))
    user.find(marker='confirm-delete').click()
    await user.should_see(t.stoplist_deleted(2), retries=20)
    assert [r['phone'] for r in table_rows(user, 'stoplist-table')] == ['+7 903 111-22-33']
    assert (await stoplist.list_entries(account_id=account_id)).total == 1


async def test_delete_with_nothing_selected_only_explains(user: User) -> None:
    await open_stoplist(user)
    user.find(marker='delete-selected').click()
    await user.should_see(t.STOPLIST_NOTHING_SELECTED)


async def test_the_next_page_is_asked_from_the_server(user: User) -> None:
    account_id = await open_stoplist(user)
    await stoplist.add_many(account_id=account_id, raw_phones=[f'+7916000{n:04d}' for n in range(60)])
    await user.open('/stoplist')
    (table,) = user.find(marker='stoplist-table').elements
    assert (len(table.rows), table.pagination['rowsNumber']) == (50, 60)  # type: ignore[attr-defined]
    (listener,) = [x for x in table._event_listeners.values() if x.type == 'request']
    # what QTable sends in server mode when the user clicks "next page"
    table._handle_event({'listener_id': listener.id, 'args': {'pagination': {'page': 2, 'rowsPerPage': 50}}})
    assert await phones_shown(user, [f'+7 916 000-00-{n:02d}' for n in range(9, -1, -1)]) == [
        f'+7 916 000-00-{n:02d}' for n in range(9, -1, -1)
    ]
    assert table.pagination['page'] == 2  # type: ignore[attr-defined]
