"""Section 4 of the manual in a real browser: top up 1000 ₽ through the built-in test checkout."""

import re

from playwright.sync_api import BrowserContext, Page, expect

import ui_text as t
from tests.e2e.conftest import RunningApp, log_in, screenshot

SUCCESS_CARD = '4111 1111 1111 1111'
DECLINED_CARD = '4000 0000 0000 0002'


def _pay(page: Page, context: BrowserContext, card: str) -> Page:
    page.get_by_role('button', name=t.TOP_UP).click()
    dialog = page.locator('.q-dialog')
    dialog.get_by_label(t.TOP_UP_AMOUNT).fill('1000')
    dialog.get_by_label(t.TOP_UP_AMOUNT).press('Tab')
    expect(dialog.get_by_label(t.TOP_UP_SMS)).to_have_value('181')
    dialog.get_by_label(t.PAYER_CONTACT).fill('buh@example.ru')
    screenshot(page, f'40-top-up-dialog-{card[-4:]}')
    with context.expect_page() as checkout_info:
        dialog.get_by_role('button', name=t.TOP_UP_BUTTON).click()
    checkout = checkout_info.value
    expect(checkout.get_by_text(t.CHECKOUT_TEST_MODE)).to_be_visible()
    checkout.get_by_label(t.CARD_NUMBER).fill(card)
    checkout.get_by_label(t.CARD_CVC).fill('123')
    screenshot(checkout, f'41-checkout-{card[-4:]}')
    checkout.get_by_role('button', name=t.PAY).click()
    return checkout


def test_a_successful_card_tops_up_and_a_declined_one_does_not(page: Page, app_server: RunningApp) -> None:
    log_in(page, app_server, *app_server.logins['client'])
    expect(page.get_by_text(t.DEMO_CLIENT_ACCOUNT).first).to_be_visible()
    start = page.get_by_text(re.compile(f'^{t.BALANCE}:')).inner_text()

    checkout = _pay(page, page.context, DECLINED_CARD)
    expect(checkout.get_by_text(t.PAYMENT_DECLINED)).to_be_visible(timeout=20_000)
    screenshot(checkout, '42-declined')
    checkout.close()
    page.reload()
    expect(page.get_by_text(re.compile(f'^{t.BALANCE}:'))).to_have_text(start)

    checkout = _pay(page, page.context, SUCCESS_CARD)
    expect(checkout.get_by_text(t.PAYMENT_CREDITED)).to_be_visible(timeout=20_000)
    screenshot(checkout, '43-credited')
    checkout.close()
    page.reload()
    expect(page.get_by_text(re.compile(f'^{t.BALANCE}:'))).not_to_have_text(start)
    page.get_by_role('complementary').get_by_role('link', name=t.ITEM_PAYMENTS, exact=True).click()
    expect(page.get_by_role('cell', name=t.PAYMENT_STATUSES['credited'])).to_be_visible()
    expect(page.get_by_role('cell', name=t.PAYMENT_STATUSES['declined'])).to_be_visible()
    screenshot(page, '44-payments')
