"""The manual's first steps in a real browser: log in, open every window, log out; and the refusals."""

import re

from playwright.sync_api import Page, expect

import ui_text as t
from components.menu import CLIENT_MENU, MANAGER_MENU
from tests.e2e.conftest import RunningApp, log_in, screenshot


def test_demo_client_opens_every_menu_item_and_logs_out(page: Page, app_server: RunningApp) -> None:
    login, password = app_server.logins['client']
    log_in(page, app_server, login, password)
    expect(page.get_by_text(t.DEMO_CLIENT_ACCOUNT).first).to_be_visible()
    expect(page.get_by_text(f'{t.BALANCE}: 0,00')).to_be_visible()
    screenshot(page, '01-client-home')
    for section in CLIENT_MENU:
        for item in section.items:
            page.get_by_role('complementary').get_by_role('link', name=item.label, exact=True).click()
            expect(page).to_have_url(re.compile(re.escape(item.path) + '$'))
            expect(page.get_by_text(t.WINDOW_TITLES[item.key], exact=True).first).to_be_visible()
            screenshot(page, f'02-client-{item.key}')
    page.get_by_role('link', name=t.SIGN_OUT).click()
    expect(page.get_by_text(t.LOGIN_TITLE)).to_be_visible()
    page.goto(f'{app_server.url}/bases')
    expect(page.get_by_text(t.LOGIN_TITLE)).to_be_visible()


def test_a_wrong_password_shows_the_message(page: Page, app_server: RunningApp) -> None:
    login, _ = app_server.logins['client']
    log_in(page, app_server, login, 'definitely-wrong')
    expect(page.get_by_text(t.LOGIN_ERRORS['bad_credentials'])).to_be_visible()
    screenshot(page, '03-wrong-password')


def test_a_client_cannot_open_a_manager_page(page: Page, app_server: RunningApp) -> None:
    login, password = app_server.logins['client']
    log_in(page, app_server, login, password)
    expect(page.get_by_text(t.DEMO_CLIENT_ACCOUNT).first).to_be_visible()
    for item in MANAGER_MENU[0].items:
        page.goto(f'{app_server.url}{item.path}')
        expect(page.get_by_text(t.FORBIDDEN_TEXT)).to_be_visible()
    screenshot(page, '04-client-forbidden')


def test_the_manager_sees_the_clients(page: Page, app_server: RunningApp) -> None:
    login, password = app_server.logins['manager']
    log_in(page, app_server, login, password)
    expect(page.get_by_text(t.MANAGER_CABINET).first).to_be_visible()
    page.get_by_role('link', name=t.ITEM_CLIENTS).click()
    expect(page.get_by_role('cell', name=t.DEMO_CLIENT_ACCOUNT)).to_be_visible()
    screenshot(page, '05-manager-clients')


def test_a_base_named_with_html_is_shown_as_text(page: Page, app_server: RunningApp) -> None:
    login, password = app_server.logins['client']
    log_in(page, app_server, login, password)
    page.get_by_role('complementary').get_by_role('link', name=t.ITEM_BASES, exact=True).click()
    page.get_by_role('button', name=t.CREATE_BASE).click()
    expect(page.get_by_text(t.NEW_BASE_TITLE)).to_be_visible()
    screenshot(page, '06-new-base-dialog')
    name = '<img src=x onerror="document.title=1">Новая база'
    page.get_by_label(t.BASE_NAME).fill(name)
    page.get_by_role('button', name=t.SAVE).click()
    expect(page.get_by_text(t.base_subscribers_title(name)).first).to_be_visible()
    page.goto(f'{app_server.url}/bases')
    expect(page.get_by_role('cell', name=name)).to_be_visible()
    assert page.locator('img[src="x"]').count() == 0
    screenshot(page, '07-bases-list')


def test_an_unknown_address_shows_the_404_page(page: Page, app_server: RunningApp) -> None:
    response = page.goto(f'{app_server.url}/no-such-window')
    assert response is not None and response.status == 404
    expect(page.get_by_text(t.NOT_FOUND_TITLE)).to_be_visible()
