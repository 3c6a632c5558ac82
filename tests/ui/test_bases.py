"""Телефонная база: creating a base, and another account's base typed into the address bar."""

from nicegui.testing import User

import ui_text as t
from domain.services import bases
from storage.models import Account
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client, table_rows


async def test_creating_a_base_opens_its_subscriber_list(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/bases')
    await user.should_see(t.NO_BASES)
    user.find(marker='create-base').click()
    await user.should_see(t.NEW_BASE_TITLE)
    user.find(marker='base-name').type('Новая база')
    user.find(marker='save-base').click()
    await user.should_see(t.base_subscribers_title('Новая база'), retries=20)
    await user.open('/bases')
    assert [row['name'] for row in table_rows(user, 'bases-table')] == ['Новая база']


async def test_an_empty_base_name_is_refused_on_the_field(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/bases')
    user.find(marker='create-base').click()
    user.find(marker='save-base').click()
    await user.should_see(t.ERRORS['base_name_empty'], retries=20)


async def test_html_in_a_base_name_is_shown_as_text(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    account = await Account.get(name='ООО Ромашка')
    await bases.create_base(account_id=account.id, name='<b>bold</b><script>alert(1)</script>')
    await user.open('/bases')
    assert [row['name'] for row in table_rows(user, 'bases-table')] == ['<b>bold</b><script>alert(1)</script>']


async def test_another_accounts_base_is_not_found_even_by_its_id(user: User) -> None:
    await make_client(login='client', account='ООО Ромашка')
    other = await Account.create(name='ООО Чужая')
    foreign = await bases.create_base(account_id=other.id, name='Секретная база')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(f'/bases/{foreign.id}')
    await user.should_see(t.OBJECT_NOT_FOUND)
    await user.should_not_see('Секретная база')


async def test_base_settings_rename_and_enable_a_renamed_note(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    base = await bases.create_base(account_id=account.id, name='Новая база')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(f'/bases/{base.id}')
    user.find(marker='base-settings').click()
    await user.should_see(t.BASE_SETTINGS_TITLE, retries=20)
    user.find(marker='settings-name').clear().type('Клиенты')
    user.find(marker='field-on-note1').click()
    user.find(marker='field-label-note1').type('Номер заказа')
    user.find(marker='save-base-settings').click()
    await user.should_see(t.BASE_SAVED, retries=20)
    saved = await bases.get_base(account_id=account.id, base_id=base.id)
    assert saved.name == 'Клиенты'
    assert saved.settings['note1'].enabled and saved.settings['note1'].label == 'Номер заказа'


async def test_a_label_with_brackets_is_refused_naming_the_field(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    base = await bases.create_base(account_id=account.id, name='Новая база')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(f'/bases/{base.id}')
    user.find(marker='base-settings').click()
    await user.should_see(t.BASE_SETTINGS_TITLE, retries=20)
    user.find(marker='field-label-note2').type('[Заказ]')
    user.find(marker='save-base-settings').click()
    await user.should_see(f'{t.FIELD_LABELS["note2"]}: {t.ERRORS["field_label_brackets"]}', retries=20)
    assert (await bases.get_base(account_id=account.id, base_id=base.id)).settings['note2'].label == ''


async def test_deleting_a_base_asks_first_and_then_removes_it(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    await bases.create_base(account_id=account.id, name='Ненужная база')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/bases')
    # the row's delete button (a slot template) emits 'delete' with the row
    user.find(marker='bases-table').trigger('delete', table_rows(user, 'bases-table')[0])
    await user.should_see(t.confirm_delete_base('Ненужная база', 0))
    user.find(marker='confirm-yes').click()
    await user.should_see(t.base_deleted('Ненужная база', 0), retries=20)
    assert await bases.list_bases(account_id=account.id) == []
