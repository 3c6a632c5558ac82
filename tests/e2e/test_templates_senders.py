"""Sections 3 and 8 of the manual in a real browser: a template with an insert, and a sender name approved by a
manager in a second browser session."""

from playwright.sync_api import Browser, Page, expect

import ui_text as t
from tests.e2e.conftest import RunningApp, log_in, screenshot


def test_the_manuals_template_is_created_and_edited_with_the_live_counter(page: Page, app_server: RunningApp) -> None:
    login, password = app_server.logins['client']
    log_in(page, app_server, login, password)
    page.get_by_role('complementary').get_by_role('link', name=t.ITEM_TEMPLATES, exact=True).click()
    page.get_by_role('button', name=t.ADD_TEMPLATE).click()
    dialog = page.locator('.q-dialog')
    dialog.get_by_label(t.TEMPLATE_NAME).fill('Номер телефона')
    text = dialog.get_by_label(t.TEMPLATE_TEXT)
    text.fill('Тел. для связи ')
    text.press('End')
    dialog.get_by_role('button', name=t.INSERT).click()
    page.locator('.q-menu').get_by_text(t.FIELD_LABELS['phone'], exact=True).click()
    expect(text).to_have_value('Тел. для связи [Номер телефона]')
    expect(dialog.get_by_text('частей SMS: 1')).to_be_visible()
    screenshot(page, '30-template-editor-counter')
    dialog.get_by_role('button', name=t.CREATE_TEMPLATE).click()
    expect(page.get_by_role('cell', name='Тел. для связи [Номер телефона]')).to_be_visible()

    page.get_by_role('row', name='Номер телефона').get_by_role('button').first.click()
    edit = page.locator('.q-dialog')
    edit.get_by_label(t.TEMPLATE_TEXT).fill('Звоните: [Номер телефона]. ' + 'Ждём вас ' * 8)
    expect(edit.get_by_text('частей SMS: 2')).to_be_visible()
    screenshot(page, '31-template-edit-two-parts')
    edit.get_by_role('button', name=t.SAVE).click()
    expect(page.get_by_role('cell', name='2 + вставки')).to_be_visible()


def test_a_sender_name_is_approved_by_the_manager_in_another_session(browser: Browser, app_server: RunningApp) -> None:
    client = browser.new_context(viewport={'width': 1366, 'height': 860}).new_page()
    manager = browser.new_context(viewport={'width': 1366, 'height': 860}).new_page()
    log_in(client, app_server, *app_server.logins['client'])
    client.get_by_role('complementary').get_by_role('link', name=t.ITEM_SENDERS, exact=True).click()
    client.get_by_role('button', name=t.ADD_SENDER).click()
    client.locator('.q-dialog').get_by_label(t.SENDER_NAME).fill('INCORE')
    client.locator('.q-dialog').get_by_role('button', name=t.ADD, exact=True).click()
    expect(client.get_by_role('cell', name=t.SENDER_STATUS['pending'])).to_be_visible()
    screenshot(client, '32-sender-pending')

    log_in(manager, app_server, *app_server.logins['manager'])
    manager.get_by_role('complementary').get_by_role('link', name=t.ITEM_MANAGER_SENDERS, exact=True).click()
    manager.get_by_role('row', name='INCORE').get_by_role('button', name=t.APPROVE).click()
    manager.locator('.q-dialog').get_by_label(t.DECISION_OPERATORS).fill('МТС, Билайн')
    screenshot(manager, '33-manager-approves')
    manager.locator('.q-dialog').get_by_role('button', name=t.APPROVE).click()
    expect(manager.get_by_text(t.NO_PENDING_SENDERS)).to_be_visible()

    client.reload()
    expect(client.get_by_role('cell', name=t.SENDER_STATUS['approved'])).to_be_visible()
    screenshot(client, '34-sender-approved')
    client.context.close()
    manager.context.close()
