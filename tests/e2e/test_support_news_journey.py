"""Section 9 of the manual in a real browser, with a client and a manager in two browser sessions at once: the client
asks a question with an attachment and the manager answers it; the manager publishes news and the client reads it."""

import re
import struct
import zlib

from playwright.sync_api import Browser, FilePayload, Locator, Page, expect

import ui_text as t
from tests.e2e.conftest import RunningApp, log_in, screenshot
from ui_text import support as ts

XSS_TITLE = 'Плановые работы <img src=x onerror="window.hacked=1">'
XSS_BODY = 'Ночью 10 мая отправка приостановится.\n<script>window.hacked=2</script> **не жирный**'


def _png() -> bytes:
    """A real 2x2 PNG picture (a screenshot the client attaches)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))

    rows = b''.join(b'\x00' + b'\xff\x00\x00' * 2 for _ in range(2))
    header = struct.pack('>IIBBBBB', 2, 2, 8, 2, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')


def _badge(page: Page, item: str) -> Locator:
    """The counter next to a menu item."""
    row = page.locator('.q-drawer .row').filter(has=page.get_by_role('link', name=item, exact=True))
    return row.locator('.q-badge')


def _menu(page: Page, item: str) -> None:
    page.get_by_role('complementary').get_by_role('link', name=item, exact=True).click()


def test_a_question_is_answered_and_news_are_read_across_two_sessions(browser: Browser, app_server: RunningApp) -> None:
    client = browser.new_context(viewport={'width': 1366, 'height': 860}, locale='ru-RU').new_page()
    manager = browser.new_context(viewport={'width': 1366, 'height': 860}, locale='ru-RU').new_page()
    log_in(client, app_server, *app_server.logins['client'])
    log_in(manager, app_server, *app_server.logins['manager'])
    expect(manager.get_by_text(t.MANAGER_CABINET).first).to_be_visible()

    # the client asks a question with a screenshot attached
    _menu(client, t.ITEM_SUPPORT)
    expect(client.get_by_text(t.WINDOW_TITLES['support']).first).to_be_visible()
    form = client.locator('.q-card').filter(has_text=ts.ASK_TITLE)
    form.get_by_text(ts.DEPARTMENT_CHOICES['administration']).click()
    form.get_by_label(ts.SUBJECT).fill('Не приходят СМС на МТС')
    form.get_by_label(ts.QUESTION_TEXT).fill('С утра абоненты МТС не получают сообщения.\nСкриншот приложен.')
    screenshot_file: FilePayload = {'name': '../../etc/скрин.png', 'mimeType': 'image/png', 'buffer': _png()}
    form.locator('input[type=file]').set_input_files(files=[screenshot_file])
    expect(form.get_by_text(re.compile('^Прикреплён файл: скрин.png'))).to_be_visible()
    screenshot(client, '90-support-question')
    form.get_by_role('button', name=ts.SEND).click()
    expect(client.get_by_text(re.compile(r'^Обращение №\d+: Не приходят СМС на МТС$'))).to_be_visible()
    expect(client.get_by_text(ts.TICKET_STATUS['open'], exact=True)).to_be_visible()
    attachment = client.get_by_role('link', name=re.compile('^скрин.png'))
    expect(attachment).to_be_visible()
    screenshot(client, '91-support-thread')
    href = attachment.get_attribute('href') or ''
    assert client.request.get(f'{app_server.url}{href}').body() == _png()
    stranger = browser.new_context()
    assert stranger.request.get(f'{app_server.url}{href}').status == 404  # no session: «не найдено», no file
    stranger.close()

    # the manager sees it in Обращения (with the badge), answers it
    manager.reload()
    expect(_badge(manager, t.ITEM_TICKETS)).to_have_text('1')
    _menu(manager, t.ITEM_TICKETS)
    row = manager.get_by_role('row').filter(has_text='Не приходят СМС на МТС')
    expect(row).to_contain_text(t.DEMO_CLIENT_ACCOUNT)
    expect(row).to_contain_text(ts.NEW_MESSAGE)
    screenshot(manager, '92-manager-inbox')
    row.get_by_role('link', name='Не приходят СМС на МТС').click()
    expect(manager.get_by_text('Скриншот приложен.', exact=False)).to_be_visible()
    assert manager.request.get(f'{app_server.url}{href}').body() == _png()
    expect(_badge(manager, t.ITEM_TICKETS)).to_be_hidden()
    manager.get_by_label(ts.MESSAGE_TEXT).fill('Проверили: задержка у оператора устранена.')
    manager.get_by_role('button', name=ts.ANSWER).click()
    expect(manager.get_by_text(ts.TICKET_STATUS['answered'], exact=True)).to_be_visible()
    screenshot(manager, '93-manager-answered')

    # the client, back on the start page, sees the badge and the answer
    client.goto(f'{app_server.url}/')
    expect(_badge(client, t.ITEM_SUPPORT)).to_have_text('1')
    _menu(client, t.ITEM_SUPPORT)
    expect(client.get_by_role('row').filter(has_text='Не приходят СМС на МТС')).to_contain_text(ts.NEW_ANSWER)
    screenshot(client, '94-client-ticket-answered')
    client.get_by_role('link', name='Не приходят СМС на МТС').click()
    expect(client.get_by_text('Проверили: задержка у оператора устранена.')).to_be_visible()
    expect(client.get_by_text(ts.FROM_SUPPORT)).to_be_visible()
    expect(_badge(client, t.ITEM_SUPPORT)).to_be_hidden()
    screenshot(client, '95-client-reads-answer')

    # the manager publishes news; the client sees it unread with the badge, opens it, and it becomes read
    _menu(manager, t.ITEM_MANAGER_NEWS)
    manager.get_by_role('button', name=ts.NEWS_ADD).click()
    editor = manager.locator('.q-dialog')
    editor.get_by_label(ts.NEWS_TITLE).fill(XSS_TITLE)
    editor.get_by_label(ts.NEWS_BODY).fill(XSS_BODY)
    manager.wait_for_timeout(300)  # the dialog's opening animation
    screenshot(manager, '96-manager-news-editor')
    editor.get_by_role('button', name=ts.NEWS_ADD).click()
    expect(manager.get_by_role('cell', name=XSS_TITLE)).to_be_visible()
    expect(manager.locator('.q-dialog')).to_have_count(0)
    screenshot(manager, '97-manager-news-list')

    client.reload()
    expect(_badge(client, t.ITEM_NEWS)).to_have_text('1')
    _menu(client, t.ITEM_NEWS)
    card = client.locator('.q-card').filter(has_text=XSS_TITLE)
    expect(card.get_by_text(ts.NEWS_UNREAD, exact=True)).to_be_visible()
    screenshot(client, '98-client-news-unread')
    card.get_by_role('button', name=ts.NEWS_READ).click()
    dialog = client.locator('.q-dialog')
    expect(dialog.get_by_text('<script>window.hacked=2</script> **не жирный**', exact=False)).to_be_visible()
    client.wait_for_timeout(500)  # the dialog's opening animation
    screenshot(client, '99-client-news-opened')
    dialog.get_by_role('button', name=t.CLOSE).click()
    expect(_badge(client, t.ITEM_NEWS)).to_be_hidden()
    expect(card.get_by_text(ts.NEWS_UNREAD, exact=True)).to_have_count(0)
    assert client.evaluate('window.hacked') is None
    assert client.locator('img[src="x"]').count() == 0
    client.reload()
    expect(client.locator('.q-card').filter(has_text=XSS_TITLE)).to_be_visible()
    expect(client.get_by_text(ts.NEWS_UNREAD, exact=True)).to_have_count(0)
    expect(_badge(client, t.ITEM_NEWS)).to_be_hidden()
    client.context.close()
    manager.context.close()
