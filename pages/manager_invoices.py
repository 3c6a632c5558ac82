"""Менеджер → Счета: invoices waiting for a bank transfer; «Оплачен» credits the account once."""

from __future__ import annotations

from nicegui import ui

import ui_text as t
from domain.clock import format_local
from domain.errors import DomainError
from domain.money import format_rub
from domain.services import invoices
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['invoices']


def create() -> None:
    """Register the manager's invoices page."""

    @cabinet_page('/manager/invoices', title=TITLE, manager=True)
    async def invoices_page(user: SessionUser) -> None:
        with page_frame(TITLE, user=user, path='/manager/invoices'):
            await _invoices(user)


@ui.refreshable
async def _invoices(user: SessionUser) -> None:
    rows = await invoices.list_invoices(manager_id=user.user_id)
    if not rows:
        ui.label(t.NO_PENDING_INVOICES).classes('text-grey-7').mark('no-invoices')
        return
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.INVOICE_COLUMNS.items()]
    table_rows = [
        {
            'id': row.payment.id,
            'number': row.payment.id,
            'created_at': format_local(row.payment.created_at, user.timezone),
            'account': row.account_name,
            'company': f'{row.company_name} (ИНН {row.inn})' if row.inn else row.company_name,
            'amount': format_rub(row.payment.amount),
        }
        for row in rows
    ]
    table = ui.table(columns=columns, rows=table_rows, row_key='id').classes('w-full').mark('invoices-table')
    table.add_slot(
        'body-cell-actions',
        '<q-td :props="props" auto-width>'
        '<q-btn flat dense icon="print" :href="\'/invoices/\' + props.row.id" target="_blank"/>'
        f'''<q-btn flat dense color="positive" label="{t.MARK_PAID}" @click="$parent.$emit('paid', props.row)"/>'''
        '</q-td>',
    )

    async def paid(payment_id: int) -> None:
        try:
            await invoices.mark_invoice_paid(payment_id=payment_id, manager_id=user.user_id)
        except DomainError as problem:
            ui.notify(t.error_text(problem.code), type='warning')
            return
        ui.notify(t.invoice_paid(payment_id), type='positive')
        _invoices.refresh()

    table.on('paid', lambda e: paid(int(e.args['id'])))
