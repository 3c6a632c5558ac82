"""Sections 5 and 6 of the manual in a real browser: the example of §5.3 (base «Новая база», sender INCORE,
template «Номер телефона» + insert «Примечание 1», «Локальное время») sent and delivered by the built-in SMS-center
simulator, then a planned mailing listed in «Запланированные рассылки» and deleted with its money returned.

The cabinet runs in its own process with its own database, seeded through the services before it starts (a client
with money, an approved sender name, a base and a template), so this journey shares nothing with the other e2e tests.
"""

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

import ui_text as t
from tests.e2e.conftest import ROOT, RunningApp, _free_port, _wait_until_ready, log_in, screenshot
from ui_text import sending as ts

PASSWORD = 'journey-password-1'
SEED = f"""
import asyncio
from decimal import Decimal

from tortoise import Tortoise

import ui_text as t
from config import load_settings
from domain.roles import UserRole
from domain.services import accounts, bases, billing, senders, subscribers, templates
from domain.services.subscriber_input import SubscriberInput
from storage import db
from storage.models import Account, User


async def seed() -> None:
    await Tortoise.init(config=db.tortoise_config(load_settings().database_url))
    await db.migrate()
    await accounts.create_user(login='incore', role=UserRole.client, password='{PASSWORD}', account_name='ООО Инкор')
    await accounts.create_user(login='boss', role=UserRole.manager, password='{PASSWORD}')
    account = await Account.get(name='ООО Инкор')
    manager = await User.get(login='boss')
    name = await senders.add_sender(account_id=account.id, name='INCORE')
    await senders.decide(sender_id=name.id, manager_id=manager.id, approve=True, operators='МТС')
    base = await bases.create_base(account_id=account.id, name='Новая база')
    await subscribers.add_subscriber(
        account_id=account.id,
        base_id=base.id,
        data=SubscriberInput(phone='+79161234567', first_name='Иван', notes={{'note1': 'заказ 123 готов'}}),
    )
    labels = await templates.insert_labels(account_id=account.id, defaults=t.FIELD_LABELS)
    await templates.create_template(
        account_id=account.id, name='Номер телефона', display='Ваш номер [Номер телефона], ', labels=labels
    )
    await billing.top_up(account_id=account.id, amount=Decimal('100'), reference='e2e:seed')
    await Tortoise.close_connections()


asyncio.run(seed())
"""


@pytest.fixture(scope='module')
def sending_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """A cabinet of its own: seeded database, the scheduler on, the simulator delivering every message."""
    var_dir = tmp_path_factory.mktemp('e2e-sending-var')
    port = _free_port()
    env = {
        **os.environ,
        'VAR_DIR': str(var_dir),
        'PORT': str(port),
        'HOST': '127.0.0.1',
        'DEMO_ACCOUNTS': 'false',
        'SCHEDULER_ENABLED': 'true',
        'GATEWAY': 'simulator',
        'SIMULATOR_FAIL_SHARE': '0',
        'SIMULATOR_DELAY_S': '0.5',
    }
    for name in ('DATABASE_URL', 'PYTEST_CURRENT_TEST', 'NICEGUI_USER_SIMULATION'):
        env.pop(name, None)
    subprocess.run([sys.executable, '-c', SEED], cwd=ROOT, env=env, check=True, timeout=120)
    process = subprocess.Popen(
        [sys.executable, 'main.py'], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, '')), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        _wait_until_ready(port, process, output)
        yield RunningApp(url=f'http://127.0.0.1:{port}', logins={}, output=output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _shot(page: Page, name: str) -> None:
    """A screenshot from the top of the page once dialogs have finished fading in."""
    page.wait_for_timeout(400)
    page.evaluate('window.scrollTo(0, 0)')
    screenshot(page, name)


def _balance(page: Page) -> str:
    return page.get_by_text(re.compile(f'^{t.BALANCE}:')).inner_text()


def _compose_the_manuals_example(page: Page) -> None:
    page.get_by_role('complementary').get_by_role('link', name=t.ITEM_SEND, exact=True).click()
    expect(page.get_by_text(ts.SIMULATOR)).to_be_visible()
    expect(page.locator('.q-field', has_text=ts.SENDER).get_by_text('INCORE', exact=True)).to_be_visible()
    text = page.get_by_label(ts.MESSAGE_TEXT)
    text.fill('Здравствуйте! ')
    text.press('End')
    page.get_by_label(ts.CHOOSE_TEMPLATE).click()
    page.locator('.q-menu').get_by_text('Номер телефона', exact=True).click()
    expect(text).to_have_value('Здравствуйте! Ваш номер [Номер телефона], ')
    text.press('End')
    page.get_by_role('button', name=t.INSERT).click()
    page.locator('.q-menu').get_by_text(t.FIELD_LABELS['note1'], exact=True).click()
    expect(text).to_have_value('Здравствуйте! Ваш номер [Номер телефона], [Примечание 1]')
    expect(page.get_by_text(re.compile('частей SMS: 1'))).to_be_visible()
    page.get_by_text('Новая база (1)').click()  # the base's name opens «Выбор абонентов из базы по признакам»
    dialog = page.locator('.q-dialog')
    expect(dialog.get_by_text(ts.filter_matching(1, 1))).to_be_visible()
    _shot(page, '50-send-filter-by-attributes')
    page.keyboard.press('Escape')  # the window keeps the criteria until «Применить и закрыть» or «Отмена»
    expect(dialog.get_by_text(ts.FILTER_TITLE)).to_be_visible()
    dialog.get_by_role('button', name=ts.FILTER_APPLY).click()
    expect(page.get_by_text(ts.source_counts_line(1, 0, 0, 1))).to_be_visible()
    page.get_by_text(ts.SCHEDULER).click()
    page.get_by_text(ts.LOCAL_TIME, exact=True).click()


def test_the_manuals_example_is_sent_and_delivered(page: Page, sending_app: RunningApp) -> None:
    log_in(page, sending_app, 'incore', PASSWORD)
    expect(page.get_by_text('ООО Инкор').first).to_be_visible()
    before = _balance(page)
    _compose_the_manuals_example(page)
    _shot(page, '51-send-composer')
    page.get_by_role('button', name=ts.SEND, exact=True).click()
    confirmation = page.locator('.q-dialog')
    expect(confirmation.get_by_text(ts.CONFIRM_TITLE)).to_be_visible(timeout=20_000)
    expect(confirmation.get_by_text('Здравствуйте! Ваш номер +7 916 123-45-67, заказ 123 готов')).to_be_visible()
    _shot(page, '52-send-confirmation')
    confirmation.get_by_role('button', name=ts.CONFIRM_SEND).click()
    result = page.locator('.q-dialog')
    expect(result.get_by_text(ts.CREATED_TITLE)).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(f'^{t.BALANCE}:'))).not_to_have_text(before)
    _shot(page, '53-send-result')
    result.get_by_text(ts.OPEN_MAILING).click()
    grid = page.locator('.q-table')
    expect(grid.get_by_role('cell', name='+7 916 123-45-67', exact=True)).to_be_visible()
    expect(grid.get_by_role('cell', name=ts.MESSAGE_STATUSES['delivered'], exact=True)).to_be_visible(timeout=30_000)
    _shot(page, '54-mailing-delivered')


def test_a_planned_mailing_is_listed_and_its_deletion_returns_the_money(page: Page, sending_app: RunningApp) -> None:
    log_in(page, sending_app, 'incore', PASSWORD)
    expect(page.get_by_text('ООО Инкор').first).to_be_visible()
    before = _balance(page)
    _compose_the_manuals_example(page)
    page.get_by_text(ts.SEND_LATER).click()
    planned = f'{date.today() + timedelta(days=3):%d.%m.%Y}'
    page.get_by_label(ts.SEND_DATE, exact=True).fill(planned)
    expect(page.get_by_label(ts.SEND_DATE, exact=True)).to_have_value(planned)
    page.get_by_label(ts.SEND_TIME, exact=True).fill('10:00')
    page.get_by_text(ts.EXTRA).click()
    page.get_by_label(ts.MAILING_NAME).fill('Суббота')
    _shot(page, '55-send-planned')
    page.get_by_role('button', name=ts.SEND, exact=True).click()
    confirmation = page.locator('.q-dialog')
    expect(confirmation.get_by_text(ts.CONFIRM_TITLE)).to_be_visible(timeout=20_000)
    confirmation.get_by_role('button', name=ts.CONFIRM_SEND).click()
    expect(page.locator('.q-dialog').get_by_text(ts.CREATED_TITLE)).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(f'^{t.BALANCE}:'))).not_to_have_text(before)
    page.locator('.q-dialog').get_by_role('button', name=t.CLOSE).click()

    page.get_by_role('complementary').get_by_role('link', name=t.ITEM_SCHEDULED, exact=True).click()
    row = page.get_by_role('row', name=re.compile('Суббота'))
    expect(row.get_by_role('cell', name=ts.MAILING_STATUSES['scheduled'], exact=True)).to_be_visible()
    # the pager counts the rows it shows (once it said «1-0 из 0» over loaded rows)
    expect(page.locator('.q-table__bottom')).to_have_text(re.compile(r'1-(\d+) из \1\b'))
    expect(page.get_by_label(t.PERIOD_FROM, exact=True)).to_have_value(re.compile(r'^\d\d\.\d\d\.\d{4}$'))
    _shot(page, '56-scheduled-list')
    row.get_by_role('button').last.click()
    page.locator('.q-dialog').get_by_role('button', name=t.YES_DELETE).click()
    expect(page.get_by_text(re.compile('Отменено сообщений: 1'))).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(f'^{t.BALANCE}:'))).to_have_text(before)
    expect(row.get_by_role('cell', name=ts.MAILING_STATUSES['cancelled'], exact=True)).to_be_visible()
    _shot(page, '57-scheduled-deleted')
