"""The built-in test checkout page, the return page, the webhook and the printable invoice, through the app's routes."""

import socket
from decimal import Decimal

import httpx
import pytest
from nicegui import app
from nicegui.testing import User

import ui_text as t
from domain.services import billing, invoices, payments
from pages.invoice_html import invoice_html
from storage.models import Account, Payment
from storage.models import User as UserRow
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client


@pytest.fixture(autouse=True)
def no_own_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checkout's HTTP notification goes to a closed port: the return page alone must credit."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        monkeypatch.setenv('PORT', str(probe.getsockname()[1]))
    monkeypatch.setenv('HOST', '127.0.0.1')


async def _client_payment(user: User) -> tuple[int, Payment]:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    account = await Account.get(name='ООО Ромашка')
    started = await payments.start_payment(
        account_id=account.id,
        user_id=(await UserRow.get(login='client')).id,
        amount='1000',
        method='card_test',
        payer_name='Иван',
        payer_contact='ivan@example.ru',
        return_url='/payments/return',
    )
    await user.open(started.redirect_url)
    await user.should_see(t.CHECKOUT_TEST_MODE)
    return account.id, await Payment.get(id=started.payment_id)


async def _pay(user: User, card: str) -> None:
    user.find(marker='card-number').type(card)
    user.find(marker='card-cvc').type('123')
    user.find(marker='pay-button').click()


async def test_the_success_card_credits_the_account_and_the_return_page_says_so(user: User) -> None:
    account_id, _ = await _client_payment(user)
    await _pay(user, '4111 1111 1111 1111')
    await user.should_see(marker='payment-credited', retries=50)
    assert await billing.balance(account_id) == Decimal('1000.00')


async def test_the_declined_card_leaves_the_balance_and_says_why(user: User) -> None:
    account_id, _ = await _client_payment(user)
    await _pay(user, '4000 0000 0000 0002')
    await user.should_see(t.PAYMENT_DECLINED, retries=50)
    assert await billing.balance(account_id) == Decimal('0.00')


async def test_the_three_ds_card_asks_for_the_code(user: User) -> None:
    account_id, _ = await _client_payment(user)
    await _pay(user, '4000 0000 0000 3220')
    await user.should_see(t.THREE_DS_TITLE)
    user.find(marker='three-ds-code').type('123456')
    user.find(marker='three-ds-confirm').click()
    await user.should_see(marker='payment-credited', retries=50)
    assert await billing.balance(account_id) == Decimal('1000.00')


async def test_a_bad_card_form_is_refused_on_the_page(user: User) -> None:
    account_id, _ = await _client_payment(user)
    await _pay(user, '4111')
    await user.should_see(t.CARD_INVALID)
    assert await billing.balance(account_id) == Decimal('0.00')


async def test_the_webhook_credits_once_and_refuses_unknown_payments(user: User) -> None:
    account_id, payment = await _client_payment(user)
    await _pay(user, '4111 1111 1111 1111')
    await user.should_see(marker='payment-credited', retries=50)
    body = {'type': 'notification', 'event': 'payment.succeeded', 'object': {'id': payment.provider_payment_id}}
    forged = {'type': 'notification', 'event': 'payment.succeeded', 'object': {'id': 'sandbox_forged'}}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://cabinet') as client:
        again = await client.post('/api/payments/card_test/notify', json=body)
        refused = await client.post('/api/payments/card_test/notify', json=forged)
        malformed = await client.post('/api/payments/card_test/notify', content=b'{not json')
    assert (again.status_code, refused.status_code, malformed.status_code) == (200, 400, 400)
    assert await billing.balance(account_id) == Decimal('1000.00')


async def test_the_invoice_page_is_hidden_from_strangers_and_prints_the_buyer(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    invoice = await invoices.request_invoice(
        account_id=account.id,
        user_id=(await UserRow.get(login='client')).id,
        amount='5000',
        company_name='ООО <Ромашка>',
        inn='7707083893',
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://cabinet') as client:
        anonymous = await client.get(f'/invoices/{invoice.id}')
    assert anonymous.status_code == 404
    view = await invoices.invoice_document(account_id=account.id, payment_id=invoice.id, is_manager=False)
    html = invoice_html(view)
    assert 'ООО &lt;Ромашка&gt;, ИНН 7707083893' in html
    assert t.INVOICE_NO_VAT in html and '5\u00a0000,00\u00a0₽' in html
