"""The manual's path through a phone base in a real browser (sections 1, 2 and 3.1), with a screenshot per step."""

from playwright.sync_api import Page, expect

import ui_text as t
from tests.e2e.conftest import RunningApp, log_in, screenshot


def _menu(page: Page, label: str) -> None:
    page.get_by_role('complementary').get_by_role('link', name=label, exact=True).click()


def _create_base(page: Page, name: str) -> None:
    _menu(page, t.ITEM_BASES)
    page.get_by_role('button', name=t.CREATE_BASE).click()
    page.get_by_label(t.BASE_NAME).fill(name)
    page.get_by_role('button', name=t.SAVE).click()
    expect(page.get_by_text(t.base_subscribers_title(name)).first).to_be_visible()


def test_a_base_from_creation_to_moving_and_deleting_its_subscriber(page: Page, app_server: RunningApp) -> None:
    login, password = app_server.logins['client']
    log_in(page, app_server, login, password)
    expect(page.get_by_text(t.DEMO_CLIENT_ACCOUNT).first).to_be_visible()
    _create_base(page, 'Архив')
    _create_base(page, 'Новая база')
    screenshot(page, '10-new-base-empty')

    page.get_by_role('button', name=t.ADD_ONE).click()
    dialog = page.locator('.q-dialog')
    dialog.get_by_label(t.FIELD_LABELS['phone']).fill('8 916 123-45-67')
    dialog.get_by_label(t.FIELD_LABELS['last_name']).fill('Петров')
    screenshot(page, '11-add-one-dialog')
    dialog.get_by_role('button', name=t.ADD).click()
    grid = page.locator('.q-table')
    expect(grid.get_by_role('cell', name='+7 916 123-45-67')).to_be_visible()
    expect(grid.get_by_role('cell', name='Город Москва')).to_be_visible()
    expect(grid.get_by_role('cell', name='МТС', exact=True)).to_be_visible()
    screenshot(page, '12-number-added-with-region-and-operator')

    grid.get_by_role('cell', name='Петров').click()
    editor = page.locator('.q-popup-edit input')
    editor.fill('Петрова')
    editor.press('Enter')
    expect(grid.get_by_role('cell', name='Петрова')).to_be_visible()
    screenshot(page, '13-edited-in-place')

    page.get_by_role('button', name=t.BASE_SETTINGS).click()
    settings = page.locator('.q-dialog')
    settings.get_by_text(t.FIELD_LABELS['note1'], exact=True).click()
    settings.locator('[data-marker="field-label-note1"] input, input[placeholder="Примечание 1"]').first.fill(
        'Номер заказа'
    )
    screenshot(page, '14-base-settings-note1')
    settings.get_by_role('button', name=t.SAVE_BASE).click()
    expect(page.get_by_role('columnheader', name='Номер заказа')).to_be_visible()

    page.locator('.q-table tbody .q-checkbox').first.click()
    page.get_by_role('button', name=t.MOVE_SELECTED).click()
    page.get_by_label(t.MOVE_TARGET).click()
    page.get_by_role('option', name='Архив').click()
    page.get_by_role('button', name=t.MOVE, exact=True).click()
    expect(page.get_by_text(t.subscribers_moved(1, 0))).to_be_visible()
    screenshot(page, '15-moved')

    _menu(page, t.ITEM_BASES)
    page.get_by_role('cell', name='Архив').click()
    page.get_by_role('row', name='Архив').get_by_role('button').first.click()
    expect(page.get_by_role('cell', name='Петрова')).to_be_visible()
    page.get_by_role('button', name=t.DELETE_ALL).click()
    page.get_by_role('button', name=t.YES_DELETE, exact=True).click()
    expect(page.get_by_text(t.subscribers_deleted(1))).to_be_visible()
    expect(page.get_by_text(t.subscribers_total(0))).to_be_visible()
    screenshot(page, '16-deleted')
