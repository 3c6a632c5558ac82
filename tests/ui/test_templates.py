"""Шаблоны СМС сообщений: the manual's example template, the counter, editing, and refusals."""

import asyncio
import re

from nicegui.testing import User

import ui_text as t
from domain.services import templates
from storage.models import Account, Template
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client, table_rows


async def _open(user: User) -> int:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/templates')
    await user.should_see(t.WINDOW_TITLES['templates'])
    return (await Account.get(name='ООО Ромашка')).id


async def test_the_manuals_template_with_the_phone_insert_is_created(user: User) -> None:
    await _open(user)
    user.find(marker='add-template').click()
    await user.should_see(t.NEW_TEMPLATE_TITLE, retries=20)
    user.find(marker='template-name').type('Номер телефона')
    user.find(marker='template-text').type('Тел. для связи ')
    # the browser answers where the caret is: at the end of the typed text
    user.javascript_rules[re.compile(r'selectionStart')] = lambda _: len('Тел. для связи ')
    user.find(marker='insert-phone').click()
    await user.should_see('частей SMS: 1', retries=20)
    for _ in range(40):
        if '[Номер телефона]' in (getattr(user.find(marker='template-text').elements.pop(), 'value', '') or ''):
            break
        await asyncio.sleep(0.05)
    user.find(marker='save-template').click()
    await user.should_see(t.TEMPLATE_SAVED, retries=20)
    (row,) = table_rows(user, 'templates-table')
    assert row['name'] == 'Номер телефона'
    assert row['display'] == 'Тел. для связи [Номер телефона]'
    assert (await Template.get(name='Номер телефона')).text == 'Тел. для связи {{phone}}'


async def test_the_counter_shows_ucs2_parts_for_cyrillic_text(user: User) -> None:
    await _open(user)
    user.find(marker='add-template').click()
    await user.should_see(t.NEW_TEMPLATE_TITLE, retries=20)
    user.find(marker='template-text').type('я' * 71)
    await user.should_see(t.segment_summary(t.ENCODING_UCS2, 71, 63, 2), retries=20)


async def test_an_empty_template_is_refused(user: User) -> None:
    await _open(user)
    user.find(marker='add-template').click()
    await user.should_see(t.NEW_TEMPLATE_TITLE, retries=20)
    user.find(marker='template-name').type('Пустой')
    user.find(marker='save-template').click()
    await user.should_see(t.ERRORS['template_text_empty'], retries=20)


async def test_a_template_is_edited_from_the_list(user: User) -> None:
    account_id = await _open(user)
    labels = await templates.insert_labels(account_id=account_id, defaults=t.FIELD_LABELS)
    created = await templates.create_template(account_id=account_id, name='Старое', display='Текст', labels=labels)
    await user.open('/templates')
    user.find(marker='templates-table').trigger('edit', {'id': created.id})
    await user.should_see(t.EDIT_TEMPLATE_TITLE, retries=20)
    user.find(marker='template-name').clear().type('Новое')
    user.find(marker='save-template').click()
    await user.should_see(t.TEMPLATE_SAVED, retries=20)
    assert [row['name'] for row in table_rows(user, 'templates-table')] == ['Новое']


async def test_an_unknown_insert_in_a_stored_template_shows_a_marker(user: User) -> None:
    account_id = await _open(user)
    await Template.create(account_id=account_id, name='Битый', text='Код {{note99}}')
    await user.open('/templates')
    (row,) = table_rows(user, 'templates-table')
    assert row['display'] == 'Код [note99]'
