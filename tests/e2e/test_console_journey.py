"""The manager's console and the client's «Дополнительно» in two browsers at once: the manager corrects a client's
balance on the client's card and uploads an act; the client sees the new balance after a reload, sets a time zone and a
low-balance threshold and gets the banner, finds the act in «Документы» and reads the manual."""

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

import ui_text as t
from domain.money import format_rub
from tests.e2e.conftest import RunningApp, log_in, screenshot
from ui_text import settings as ts

PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'
BALANCE = re.compile(f'^{t.BALANCE}:')


@pytest.fixture
def two_pages(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """A client's and a manager's browser, each with its own cookies."""
    contexts = [browser.new_context(viewport={'width': 1366, 'height': 860}, locale='ru-RU') for _ in range(2)]
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()


def _balance(page: Page) -> Decimal:
    text = page.get_by_text(BALANCE).inner_text()
    digits = text.split(':', 1)[1].replace('₽', '').replace('\u00a0', '').replace(' ', '').replace(',', '.')
    return Decimal(digits)


def _correct(manager: Page, amount: str, reason: str, expected: Decimal) -> None:
    manager.get_by_role('button', name=t.CORRECT_BALANCE).click()
    dialog = manager.locator('.q-dialog')
    dialog.get_by_label(t.CORRECTION_AMOUNT).fill(amount)
    dialog.get_by_label(t.CORRECTION_REASON).fill(reason)
    dialog.get_by_role('button', name=t.SAVE).click()
    expect(manager.locator('.q-dialog')).to_have_count(0)
    expect(manager.get_by_text(format_rub(expected), exact=True).first).to_be_visible()  # the card, reloaded


def _save_settings(client: Page, app: RunningApp, zone: str, threshold: str) -> None:
    client.goto(f'{app.url}/settings')
    client.get_by_label(ts.FIELDS['timezone']).click()
    client.get_by_role('option', name=ts.ZONE_CITIES[zone]).click()
    client.get_by_label(ts.FIELDS['low_balance_threshold']).fill(threshold)
    client.get_by_role('button', name=t.SAVE, exact=True).click()
    expect(client.get_by_text(ts.SAVED)).to_be_visible()


def test_the_manager_corrects_a_balance_and_the_client_sets_a_threshold(
    two_pages: tuple[Page, Page], app_server: RunningApp, tmp_path: Path
) -> None:
    client, manager = two_pages
    log_in(client, app_server, *app_server.logins['client'])
    expect(client.get_by_text(t.DEMO_CLIENT_ACCOUNT).first).to_be_visible()
    start = _balance(client)
    log_in(manager, app_server, *app_server.logins['manager'])
    expect(manager.get_by_text(t.MANAGER_CABINET).first).to_be_visible()
    manager.goto(f'{app_server.url}/manager/clients')
    manager.get_by_role('link', name=t.DEMO_CLIENT_ACCOUNT).click()
    expect(manager.get_by_text(ts.card_title(t.DEMO_CLIENT_ACCOUNT))).to_be_visible()
    try:
        _correct(manager, '250', 'Компенсация за сбой 12 марта', start + 250)
        manager.get_by_role('tab', name=ts.CARD_TABS['documents']).click()
        pdf = tmp_path / 'Акт за март.pdf'
        pdf.write_bytes(PDF)
        manager.get_by_label(ts.DOC_PERIOD).fill('2026-03')
        manager.locator('.q-uploader input[type=file]').set_input_files(str(pdf))
        expect(manager.get_by_text(ts.DOCUMENT_UPLOADED)).to_be_visible()
        manager.get_by_role('tab', name=ts.CARD_TABS['ledger']).click()
        expect(manager.get_by_role('cell', name='Компенсация за сбой 12 марта')).to_be_visible()
        screenshot(manager, '70-manager-account-card')

        client.reload()
        expect(client.get_by_text(BALANCE)).to_have_text(f'{t.BALANCE}: {format_rub(start + 250)}')
        _save_settings(client, app_server, 'Asia/Yekaterinburg', '1000000')
        banner = ts.low_balance(format_rub(start + 250), format_rub(Decimal(1_000_000)), can_pay=True)
        expect(client.get_by_text(banner)).to_be_visible()
        expect(client.get_by_label(ts.FIELDS['timezone'])).to_have_value(re.compile('Екатеринбург'))
        screenshot(client, '71-client-settings')

        client.get_by_role('complementary').get_by_role('link', name=t.ITEM_DOCUMENTS, exact=True).click()
        expect(client.get_by_role('cell', name='март 2026')).to_be_visible()
        expect(client.get_by_text(banner)).to_be_visible()
        screenshot(client, '72-client-documents')

        client.goto(f'{app_server.url}/bases')
        client.get_by_role('link').filter(has=client.locator('i', has_text='help_outline')).click()
        expect(client).to_have_url(re.compile('/manual/bases$'))
        expect(client.get_by_text('Загрузить из XLS-файла').first).to_be_visible()
        screenshot(client, '73-manual')
        client.get_by_role('link', name='Введение', exact=True).click()
        expect(client.get_by_role('cell', name='Наблюдатель')).to_have_count(0)
        expect(client.get_by_text('Наблюдатель').first).to_be_visible()
        screenshot(client, '74-manual-intro')
    finally:  # the demo account is shared with the other journeys: leave it as it was
        _save_settings(client, app_server, 'Europe/Moscow', '0')
        _correct(manager, '-250', 'Возврат после проверки e2e', start)
    client.reload()
    expect(client.get_by_text(BALANCE)).to_have_text(f'{t.BALANCE}: {format_rub(start)}')
