"""The payment routes: the built-in test checkout, the providers' webhooks, the return page, the printable invoice."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from nicegui import app, background_tasks, ui

import ui_text as t
from domain.errors import DomainError, NotFound
from domain.money import format_rub
from domain.services import invoices, payment_providers, payments
from domain.services.auth import SessionUser
from domain.services.payment_providers import ProviderStatus, ProviderUnavailable
from domain.services.payments import Outcome
from domain.statuses import PaymentStatus
from pages.bases import client_account
from pages.invoice_html import invoice_html
from pages.session import cabinet_page, current_user

_CARD = re.compile(r'^\d{16}$')
_EXPIRY = re.compile(r'^(0[1-9]|1[0-2])/\d{2}$')
_CVC = re.compile(r'^\d{3}$')
_FINAL = (ProviderStatus.succeeded, ProviderStatus.canceled)


def create() -> None:
    """Register /checkout/test/{id}, /api/payments/{method}/notify, /payments/return/{id} and /invoices/{id}."""

    @ui.page('/checkout/test/{provider_payment_id}', title=f'{t.CHECKOUT_TITLE} · {t.APP_TITLE}')
    async def checkout(provider_payment_id: str) -> None:
        state = await payment_providers.sandbox_status(provider_payment_id)
        with ui.column().classes('w-full max-w-md mx-auto p-6 gap-3'):
            ui.label(t.CHECKOUT_TEST_MODE).classes('text-negative text-bold').mark('test-mode')
            if state is None:
                ui.label(t.CHECKOUT_NOT_FOUND).mark('checkout-refusal')
                return
            status, amount, payment_id = state
            ui.label(f'{t.CHECKOUT_AMOUNT}: {format_rub(amount)}').classes('text-h6').mark('checkout-amount')
            if status in _FINAL:
                ui.label(t.CHECKOUT_FINISHED).mark('checkout-refusal')
                ui.link(t.PAYMENT_RETURN_TITLE, f'/payments/return/{payment_id}')
                return
            _checkout_form(provider_payment_id, payment_id, three_ds=status == ProviderStatus.waiting_3ds)

    @app.post('/api/payments/{method}/notify')
    async def notify(method: str, request: Request) -> Response:
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return Response(status_code=400)
        provider_payment_id = payment_providers.notified_payment_id(body) if isinstance(body, dict) else None
        if provider_payment_id is None:
            return Response(status_code=400)
        try:
            outcome = await payments.handle_notification(method, provider_payment_id)
        except ProviderUnavailable:
            return Response(status_code=503)  # the provider retries; the reconciliation job also will
        except DomainError:
            return Response(status_code=404)
        return Response(status_code=400 if outcome is Outcome.refused else 200)

    @cabinet_page('/payments/return/{payment_id}', title=t.PAYMENT_RETURN_TITLE)
    async def payment_return(user: SessionUser, payment_id: int) -> None:
        info = await payments.return_from_provider(account_id=client_account(user), payment_id=payment_id)
        message = {
            PaymentStatus.credited: t.PAYMENT_CREDITED,
            PaymentStatus.declined: t.PAYMENT_DECLINED,
        }.get(info.status, t.PAYMENT_PENDING)
        with ui.column().classes('w-full max-w-xl mx-auto p-6 gap-3'):
            ui.label(t.PAYMENT_RETURN_TITLE).classes('text-h5')
            ui.label(f'{format_rub(info.amount)} · {t.PAYMENT_STATUSES[info.status]}').mark('payment-status')
            ui.label(message).mark(f'payment-{info.status}')
            with ui.row():
                if info.status is PaymentStatus.pending:
                    ui.button(t.REFRESH, on_click=lambda: ui.navigate.to(f'/payments/return/{payment_id}'))
                ui.link(t.TO_PAYMENTS, '/payments').mark('to-payments')

    @app.get('/invoices/{payment_id}')
    async def invoice_page(payment_id: int) -> Response:
        user = await current_user()
        try:
            if user is None:
                raise NotFound('invoice')
            view = await invoices.invoice_document(
                account_id=user.account_id, payment_id=payment_id, is_manager=user.is_manager
            )
        except NotFound:
            return Response(t.OBJECT_NOT_FOUND, status_code=404, media_type='text/plain; charset=utf-8')
        return HTMLResponse(invoice_html(view))


def _checkout_form(provider_payment_id: str, payment_id: int, *, three_ds: bool) -> None:
    ui.label(t.CHECKOUT_TEST_CARDS).classes('text-grey-7')
    with ui.column().classes('w-full gap-2') as card_step:
        number = ui.input(t.CARD_NUMBER).props('inputmode=numeric').classes('w-full').mark('card-number')
        expiry = ui.input(t.CARD_EXPIRY, value='12/30').mark('card-expiry')
        cvc = ui.input(t.CARD_CVC).props('type=password inputmode=numeric').mark('card-cvc')
        error = ui.label('').classes('text-negative').mark('card-error')
    with ui.column().classes('w-full gap-2') as code_step:
        ui.label(t.THREE_DS_TITLE).classes('text-h6')
        ui.label(t.THREE_DS_HINT)
        code = ui.input(t.THREE_DS_CODE).mark('three-ds-code')
    card_step.set_visibility(not three_ds)
    code_step.set_visibility(three_ds)

    async def finish(status: ProviderStatus) -> None:
        if status == ProviderStatus.waiting_3ds:
            card_step.set_visibility(False)
            code_step.set_visibility(True)
            return
        background_tasks.create(payment_providers.sandbox_notify(provider_payment_id, status))
        ui.navigate.to(f'/payments/return/{payment_id}')

    async def pay() -> None:
        card = re.sub(r'\s', '', number.value or '')
        if not (_CARD.match(card) and _EXPIRY.match(expiry.value or '') and _CVC.match(cvc.value or '')):
            error.set_text(t.CARD_INVALID)
            return
        step = payment_providers.sandbox_pay(provider_payment_id=provider_payment_id, card_number=card)
        await finish(await _decide(step))

    async def confirm() -> None:
        step = payment_providers.sandbox_confirm_3ds(provider_payment_id=provider_payment_id, code=code.value or '')
        await finish(await _decide(step))

    with card_step:
        ui.button(t.PAY, on_click=pay).mark('pay-button')
    with code_step:
        ui.button(t.CONFIRM_CODE, on_click=confirm).mark('three-ds-confirm')


async def _decide(step: Awaitable[ProviderStatus]) -> ProviderStatus:
    try:
        return await step
    except DomainError as refusal:
        ui.notify(t.error_text(refusal.code), type='negative')
        return ProviderStatus.canceled
