"""«Пополнение счета»: an amount or a number of SMS (each computed from the other by the tariff), then payment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from nicegui import ui

import ui_text as t
from domain.errors import DomainError
from domain.money import format_price, format_rub
from domain.pricing import PriceAssumption, amount_for_sms_count, assumed_price, sms_count_for_amount
from domain.services import invoices, payments, tariffs
from domain.services.auth import SessionUser
from domain.services.payments import MAX_TOP_UP, MIN_TOP_UP


async def open_top_up(user: SessionUser) -> None:
    """The dialog of the header's «+ Пополнить счет»."""
    if user.account_id is None:
        return
    account_id = user.account_id
    tariff = await tariffs.tariff_for(account_id=account_id, on_date=date.today())
    state: dict[str, Any] = {'assumption': PriceAssumption.mts.value}
    with ui.dialog() as dialog, ui.card().classes('w-[34rem] max-w-full').mark('top-up-dialog'):
        ui.label(t.TOP_UP_TITLE).classes('text-h6')
        method = ui.radio({'card': t.TOP_UP_CARD, 'invoice': t.TOP_UP_INVOICE}, value='card').props('inline')
        method.mark('top-up-method')
        with ui.row().classes('w-full items-start gap-2 no-wrap'):
            amount = ui.input(t.TOP_UP_AMOUNT).props('outlined suffix=₽').classes('flex-1').mark('top-up-amount')
            count = ui.input(t.TOP_UP_SMS).props('outlined').classes('flex-1').mark('top-up-sms')
        assumption = ui.select(
            {a.value: t.PRICE_ASSUMPTIONS[a.value] for a in PriceAssumption}, value=state['assumption']
        )
        assumption.props('dense').classes('w-full').mark('top-up-assumption')
        price_note = ui.label('').classes('text-caption text-grey-7').mark('top-up-price')
        ui.label(t.top_up_limits(format_rub(MIN_TOP_UP), format_rub(MAX_TOP_UP))).classes('text-caption text-grey-7')

        def price() -> Decimal:
            return assumed_price(tariff, PriceAssumption(assumption.value))

        def from_amount() -> None:
            value = _decimal(amount.value)
            price_note.text = t.top_up_price(format_price(price()))
            if value is not None and value > 0:
                count.set_value(str(sms_count_for_amount(value, price())))

        def from_count() -> None:
            digits = (count.value or '').replace(' ', '')
            price_note.text = t.top_up_price(format_price(price()))
            if digits.isdigit() and int(digits) > 0:
                amount.set_value(str(amount_for_sms_count(int(digits), price())))

        amount.on('blur', from_amount)
        amount.on('keyup', from_amount)
        count.on('keyup', from_count)
        assumption.on_value_change(from_amount)
        from_amount()

        with ui.column().classes('w-full gap-1').bind_visibility_from(method, 'value', value='card'):
            payer = ui.input(t.PAYER_NAME).props('outlined dense').classes('w-full').mark('payer-name')
            contact = ui.input(t.PAYER_CONTACT).props('outlined dense').classes('w-full').mark('payer-contact')
            ui.label(t.TOP_UP_NEW_TAB).classes('text-caption text-grey-7')
        with ui.column().classes('w-full gap-1').bind_visibility_from(method, 'value', value='invoice'):
            company = ui.input(t.CLIENT_COMPANY).props('outlined dense').classes('w-full').mark('invoice-company')
            inn = ui.input(t.INVOICE_INN).props('outlined dense').classes('w-full').mark('invoice-inn')
            kpp = ui.input(t.INVOICE_KPP).props('outlined dense').classes('w-full').mark('invoice-kpp')
            address = ui.input(t.INVOICE_ADDRESS).props('outlined dense').classes('w-full').mark('invoice-address')
        error = ui.label('').classes('text-negative').mark('top-up-error')

        async def pay() -> None:
            try:
                if method.value == 'card':
                    started = await payments.start_payment(
                        account_id=account_id,
                        user_id=user.user_id,
                        amount=amount.value or '',
                        method=payments.card_method(),
                        payer_name=payer.value or '',
                        payer_contact=contact.value or '',
                        return_url=_base_url() + '/payments/return',
                    )
                    target = started.redirect_url
                else:
                    invoice = await invoices.request_invoice(
                        account_id=account_id,
                        user_id=user.user_id,
                        amount=payments.parse_top_up(amount.value or ''),
                        company_name=company.value or '',
                        inn=inn.value or '',
                        kpp=kpp.value or '',
                        address=address.value or '',
                    )
                    target = f'/invoices/{invoice.id}'
            except DomainError as problem:
                error.text = t.error_text(problem.code)
                return
            dialog.close()
            ui.navigate.to(target, new_tab=True)
            ui.notify(t.TOP_UP_OPENED, type='info', timeout=8000)

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.TOP_UP_BUTTON, on_click=pay).props('color=green-7').mark('top-up-pay')
    dialog.open()


def _decimal(text: str | None) -> Decimal | None:
    cleaned = (text or '').replace(' ', '').replace('\u00a0', '').replace(',', '.')
    try:
        return Decimal(cleaned) if cleaned else None
    except ArithmeticError:
        return None


def _base_url() -> str:
    """This cabinet's address as the browser reached it (a provider sends the payer back there)."""
    request = ui.context.client.request
    return str(request.base_url).rstrip('/') if request is not None else ''
