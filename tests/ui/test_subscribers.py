"""Список абонентов базы: the manual's path through one base, and the errors a user can meet there."""

import asyncio

from nicegui.testing import User

import ui_text as t
from domain.services import bases, subscribers
from domain.services.subscriber_input import SubscriberInput
from domain.services.subscribers import ListQuery
from storage.models import Account
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client, table_rows


async def _open_base(user: User, name: str = 'Новая база') -> tuple[int, int]:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    base = await bases.create_base(account_id=account.id, name=name)
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(f'/bases/{base.id}')
    await user.should_see(t.base_subscribers_title(name))
    return account.id, base.id


async def test_adding_one_number_fills_in_region_and_operator(user: User) -> None:
    await _open_base(user)
    user.find(marker='add-one').click()
    await user.should_see(t.ADD_ONE_TITLE, retries=20)
    user.find(marker='subscriber-phone').type('8 (916) 123-45-67')
    user.find(marker='subscriber-last_name').type('Петров')
    user.find(marker='save-subscriber').click()
    await user.should_see(t.SUBSCRIBER_ADDED, retries=20)
    (row,) = table_rows(user, 'subscribers-table')
    assert (row['phone'], row['region'], row['operator']) == ('+7 916 123-45-67', 'Город Москва', 'МТС')
    assert row['last_name'] == 'Петров'


async def test_an_invalid_number_is_refused_on_the_phone_field(user: User) -> None:
    account_id, base_id = await _open_base(user)
    user.find(marker='add-one').click()
    await user.should_see(t.ADD_ONE_TITLE, retries=20)
    user.find(marker='subscriber-phone').type('8916abc4567')
    user.find(marker='save-subscriber').click()
    await user.should_see(t.ERRORS['phone_letters'], retries=20)
    page = await subscribers.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery())
    assert page.total == 0


async def test_a_number_already_in_the_base_is_refused(user: User) -> None:
    account_id, base_id = await _open_base(user)
    await subscribers.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone='79161234567'))
    user.find(marker='add-one').click()
    await user.should_see(t.ADD_ONE_TITLE, retries=20)
    user.find(marker='subscriber-phone').type('+7 916 123 45 67')
    user.find(marker='save-subscriber').click()
    await user.should_see(t.ERRORS['subscriber_duplicate'], retries=20)


async def test_a_cell_edited_in_place_is_saved_and_a_bad_value_is_marked_on_the_cell(user: User) -> None:
    account_id, base_id = await _open_base(user)
    added = await subscribers.add_subscriber(
        account_id=account_id, base_id=base_id, data=SubscriberInput(phone='79161234567')
    )
    await user.open(f'/bases/{base_id}')
    grid = user.find(marker='subscribers-table')
    grid.trigger('cellsave', {'id': added.id, 'column': 'first_name', 'value': 'Анна'})
    grid.trigger('cellsave', {'id': added.id, 'column': 'birth_date', 'value': '31.02.1990'})
    for _ in range(50):  # the edits are handled as background tasks of the page
        if '_error_birth_date' in table_rows(user, 'subscribers-table')[0]:
            break
        await asyncio.sleep(0.05)
    stored = await subscribers.get_subscriber(account_id=account_id, base_id=base_id, subscriber_id=added.id)
    assert stored.first_name == 'Анна' and stored.birth_date is None
    (row,) = table_rows(user, 'subscribers-table')
    assert row['first_name'] == 'Анна'
    assert row['_error_birth_date'] == t.ERRORS['birth_date_invalid']


async def test_the_edit_dialog_changes_the_number_and_redetects_it(user: User) -> None:
    account_id, base_id = await _open_base(user)
    added = await subscribers.add_subscriber(
        account_id=account_id, base_id=base_id, data=SubscriberInput(phone='79161234567')
    )
    await user.open(f'/bases/{base_id}')
    user.find(marker='subscribers-table').trigger('edit', {'id': added.id})
    await user.should_see(t.EDIT_TITLE, retries=20)
    user.find(marker='subscriber-phone').clear().type('+79231234567')
    user.find(marker='save-subscriber').click()
    await user.should_see(t.SUBSCRIBER_SAVED, retries=20)
    (row,) = table_rows(user, 'subscribers-table')
    assert (row['region'], row['operator']) == ('Новосибирская область', 'МегаФон')


async def test_filters_narrow_the_list_and_the_total(user: User) -> None:
    account_id, base_id = await _open_base(user)
    for phone in ('79161234567', '79231234567', '79001234567'):
        await subscribers.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=phone))
    await user.open(f'/bases/{base_id}')
    await user.should_see(t.subscribers_total(3))
    user.find(marker='filter-phone').type('8916')
    await user.should_see(t.subscribers_total(1), retries=30)
    assert [row['phone'] for row in table_rows(user, 'subscribers-table')] == ['+7 916 123-45-67']


async def test_delete_all_asks_with_the_count_and_empties_the_base(user: User) -> None:
    account_id, base_id = await _open_base(user)
    for phone in ('79161234567', '79231234567'):
        await subscribers.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=phone))
    await user.open(f'/bases/{base_id}')
    user.find(marker='delete-all').click()
    await user.should_see(t.confirm_delete_subscribers(2), retries=20)
    user.find(marker='confirm-yes').click()
    await user.should_see(t.subscribers_deleted(2), retries=20)
    assert (await bases.get_base(account_id=account_id, base_id=base_id)).subscriber_count == 0


async def test_moving_all_matching_reports_moved_and_merged(user: User) -> None:
    account_id, base_id = await _open_base(user)
    target = await bases.create_base(account_id=account_id, name='Другая база')
    for phone in ('79161234567', '79231234567'):
        await subscribers.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=phone))
    await subscribers.add_subscriber(
        account_id=account_id, base_id=target.id, data=SubscriberInput(phone='79161234567')
    )
    await user.open(f'/bases/{base_id}')
    user.find(marker='select-all-matching').click()
    user.find(marker='move').click()
    await user.should_see(t.MOVE_TITLE, retries=20)
    user.find(marker='move-target').click()
    user.find('Другая база').click()
    user.find(marker='move-confirm').click()
    await user.should_see(t.subscribers_moved(1, 1), retries=20)
    assert (await bases.get_base(account_id=account_id, base_id=target.id)).subscriber_count == 2
    assert (await bases.get_base(account_id=account_id, base_id=base_id)).subscriber_count == 0


async def test_delete_selected_without_a_selection_explains_what_to_do(user: User) -> None:
    await _open_base(user)
    user.find(marker='delete-selected').click()
    await user.should_see(t.NOTHING_SELECTED, retries=20)
