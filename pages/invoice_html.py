"""The printable invoice (счёт на оплату) as a self-contained HTML document, every value escaped."""

from __future__ import annotations

from html import escape

import ui_text as t
from domain.clock import format_local_date
from domain.money import format_rub
from domain.services.invoices import InvoiceView, Party

_STYLE = (
    'body{font-family:sans-serif;max-width:800px;margin:24px auto;color:#222}'
    'table{border-collapse:collapse;width:100%;margin:12px 0}td,th{border:1px solid #999;padding:6px;text-align:left}'
    '.paid{color:#2e7d32;font-weight:bold}@media print{button{display:none}}'
)


def invoice_html(view: InvoiceView) -> str:
    """The whole HTML page of one invoice."""
    title = f'{t.INVOICE_TITLE} {view.number} {t.INVOICE_FROM} {format_local_date(view.created_at, view.timezone)}'
    vat = (
        t.INVOICE_NO_VAT
        if view.vat_rate is None
        else f'{t.INVOICE_VAT} {view.vat_rate}%: {format_rub(view.vat_amount)}'
    )
    bank_rows = (
        (t.INVOICE_BANK, view.bank),
        (t.INVOICE_BIK, view.bik),
        (t.INVOICE_ACCOUNT, view.account),
        (t.INVOICE_CORR_ACCOUNT, view.corr_account),
    )
    paid = f'<p class="paid">{escape(t.INVOICE_PAID)}</p>' if view.status == 'credited' else ''
    return (
        f'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<style>{_STYLE}</style></head><body>'
        f'<button onclick="window.print()">{escape(t.INVOICE_PRINT)}</button>'
        f'<table>{"".join(_row(label, value) for label, value in bank_rows)}</table>'
        f'<h2>{escape(title)}</h2>{paid}'
        f'{_party(t.INVOICE_SELLER, view.seller)}{_party(t.INVOICE_BUYER, view.buyer)}'
        f'<table><tr><th>1</th><td>{escape(t.INVOICE_ITEM)}</td><td>{escape(format_rub(view.amount))}</td></tr></table>'
        f'<p><b>{escape(t.INVOICE_TOTAL)}: {escape(format_rub(view.amount))}</b></p><p>{escape(vat)}</p>'
        '</body></html>'
    )


def _party(label: str, party: Party) -> str:
    parts = [party.name or t.INVOICE_NOT_SET, f'{t.INVOICE_INN} {party.inn or t.INVOICE_NOT_SET}']
    if party.kpp:
        parts.append(f'{t.INVOICE_KPP} {party.kpp}')
    if party.address:
        parts.append(party.address)
    return f'<p><b>{escape(label)}:</b> {escape(", ".join(parts))}</p>'


def _row(label: str, value: str) -> str:
    return f'<tr><th>{escape(label)}</th><td>{escape(value or t.INVOICE_NOT_SET)}</td></tr>'
