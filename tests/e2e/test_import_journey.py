"""Loading a LibreOffice workbook and the clipboard into a base, then exporting it, in a real browser."""

from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

import ui_text as t
from tests.e2e.conftest import RunningApp, log_in, screenshot

FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures' / 'import'


def _new_base(page: Page, name: str) -> None:
    page.get_by_role('complementary').get_by_role('link', name=t.ITEM_BASES, exact=True).click()
    page.get_by_role('button', name=t.CREATE_BASE).click()
    page.get_by_label(t.BASE_NAME).fill(name)
    page.get_by_role('button', name=t.SAVE).click()
    expect(page.get_by_text(t.base_subscribers_title(name)).first).to_be_visible()


def test_a_libreoffice_xlsx_loads_then_the_clipboard_then_the_base_exports(
    page: Page, app_server: RunningApp, tmp_path: Path
) -> None:
    login, password = app_server.logins['client']
    log_in(page, app_server, login, password)
    expect(page.get_by_text(t.DEMO_CLIENT_ACCOUNT).first).to_be_visible()
    _new_base(page, 'Загрузка из файла')

    page.get_by_role('button', name=t.LOAD_FROM_FILE).click()
    expect(page.get_by_text(t.FILE_IMPORT_TITLE)).to_be_visible()
    page.locator('.q-uploader input[type=file]').set_input_files(str(FIXTURES / 'subscribers.xlsx'))
    mapping = page.locator('.q-dialog').filter(has_text=t.MAPPING_TITLE)
    expect(mapping.get_by_text(t.MAPPING_TITLE)).to_be_visible(timeout=20_000)
    mapping.locator('[data-marker="map-3"], .q-select').nth(3).click()
    page.get_by_role('option', name=t.NOT_LOADED).click()
    screenshot(page, '20-mapping-window')
    mapping.get_by_role('button', name=t.LOAD, exact=True).click()
    result = page.locator('.q-dialog').filter(has_text=t.IMPORT_DONE)
    expect(result.get_by_text(t.IMPORT_DONE)).to_be_visible(timeout=60_000)
    screenshot(page, '21-import-result')
    result.get_by_role('button', name=t.CLOSE).click()
    grid = page.locator('.q-table').first
    expect(grid.get_by_role('cell', name='Город Москва').first).to_be_visible()
    screenshot(page, '22-imported-with-regions')

    page.get_by_role('button', name=t.LOAD_FROM_CLIPBOARD).click()
    page.get_by_label(t.CLIPBOARD_HINT).fill('+7 923 555-44-33 Пётр\n89005554433\n8 923 555 44 33\n12345')
    page.get_by_role('button', name=t.LOAD, exact=True).click()
    check = page.locator('.q-dialog').filter(has_text=t.CLIPBOARD_CHECK_TITLE)
    expect(check.get_by_text(f'{t.CHECK_VALID}: 2')).to_be_visible()
    expect(check.get_by_role('cell', name=t.error_text('phone_too_short'))).to_be_visible()
    expect(check.get_by_role('cell', name=t.CHECK_REPEAT)).to_be_visible()
    expect(page.locator('.q-dialog [class*="-enter-active"]')).to_have_count(0)  # the window has faded in
    screenshot(page, '23-clipboard-check')
    check.get_by_role('button', name=t.LOAD, exact=True).click()
    expect(page.get_by_text(t.IMPORT_DONE)).to_be_visible()
    page.locator('.q-dialog').get_by_role('button', name=t.CLOSE).click()

    page.get_by_role('button', name=t.EXPORT_BASE).click()
    with page.expect_download() as download_info:
        page.get_by_role('button', name=t.EXPORT, exact=True).click()
    saved = tmp_path / 'export.xlsx'
    download_info.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == (t.FIELD_LABELS['phone'], t.FIELD_LABELS['region'], t.FIELD_LABELS['operator'])
    assert ('+7 923 555-44-33' in {row[0] for row in rows[1:]}) and len(rows) >= 6
