"""The generated act of a month (акт об оказании услуг) as a self-contained printable HTML page, every value escaped.

The words come from the caller (ui_text.settings.ACT_TEXTS), as the statement's headers do, so that the service layer
holds no Russian text; the numbers come from the ledger's charges and refunds of the month.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from domain.money import format_rub

_STYLE = (
    'body{font-family:sans-serif;max-width:820px;margin:24px auto;color:#222}'
    'table{border-collapse:collapse;width:100%;margin:12px 0}'
    'td,th{border:1px solid #999;padding:6px;text-align:left}td.sum,th.sum{text-align:right;white-space:nowrap}'
    '.signs{display:flex;justify-content:space-between;margin-top:48px}.muted{color:#666;font-size:90%}'
)


@dataclass(kw_only=True, slots=True, frozen=True)
class ActLine:
    """One mailing (ledger reference) of the month: what it was charged and what was returned in the month."""

    day: date
    reference: str
    title: str
    charged: Decimal
    refunded: Decimal

    @property
    def net(self) -> Decimal:
        """What the mailing cost in the month."""
        return self.charged - self.refunded


@dataclass(kw_only=True, slots=True, frozen=True)
class ActView:
    """Everything a generated act shows."""

    number: str
    period: str  # YYYY-MM
    issued: date
    last_day: date
    seller_name: str
    seller_inn: str
    buyer_name: str
    vat_rate: int | None
    lines: tuple[ActLine, ...]

    @property
    def total(self) -> Decimal:
        """The sum of the act."""
        return sum((line.net for line in self.lines), start=Decimal('0.00'))

    @property
    def vat_amount(self) -> Decimal:
        """VAT included in the total (0 without VAT)."""
        if not self.vat_rate:
            return Decimal('0.00')
        return (self.total * self.vat_rate / (100 + self.vat_rate)).quantize(Decimal('0.01'))


def act_html(view: ActView, texts: Mapping[str, str]) -> bytes:
    """The whole HTML page of one act, UTF-8."""
    year, month = (int(part) for part in view.period.split('-'))
    month_name = texts[f'month_{month}']
    title = texts['title'].format(number=view.number, day=view.issued.strftime('%d.%m.%Y'))
    service = texts['service'].format(month=month_name, year=year)
    vat = texts['no_vat']
    if view.vat_rate is not None:
        vat = texts['vat'].format(rate=view.vat_rate, amount=format_rub(view.vat_amount))
    head = (
        f'<tr><th>{escape(texts["date"])}</th><th>{escape(texts["mailing"])}</th>'
        f'<th class="sum">{escape(texts["charged"])}</th><th class="sum">{escape(texts["refunded"])}</th>'
        f'<th class="sum">{escape(texts["net"])}</th></tr>'
    )
    body = ''.join(
        f'<tr><td>{line.day.strftime("%d.%m.%Y")}</td><td>{escape(line.title)}</td>'
        f'<td class="sum">{_rub(line.charged)}</td><td class="sum">{_rub(line.refunded)}</td>'
        f'<td class="sum">{_rub(line.net)}</td></tr>'
        for line in view.lines
    )
    return (
        f'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<style>{_STYLE}</style></head><body>'
        f'<h2>{escape(title)}</h2>'
        f'<p><b>{escape(texts["seller"])}:</b> {escape(view.seller_name or texts["not_set"])}, '
        f'{escape(texts["inn"])} {escape(view.seller_inn or texts["not_set"])}</p>'
        f'<p><b>{escape(texts["buyer"])}:</b> {escape(view.buyer_name)}</p>'
        f'<table><tr><th>№</th><th>{escape(texts["item"])}</th><th class="sum">{escape(texts["sum"])}</th></tr>'
        f'<tr><td>1</td><td>{escape(service)}</td><td class="sum">{_rub(view.total)}</td></tr></table>'
        f'<p><b>{escape(texts["total"])}: {_rub(view.total)}</b></p><p>{escape(vat)}</p>'
        f'<p>{escape(texts["statement"].format(last_day=view.last_day.strftime("%d.%m.%Y")))}</p>'
        f'<h3>{escape(texts["details"])}</h3><table>{head}{body}</table>'
        f'<p class="muted">{escape(texts["note"])}</p>'
        f'<div class="signs"><span>{escape(texts["seller_sign"])} ____________</span>'
        f'<span>{escape(texts["buyer_sign"])} ____________</span></div>'
        '</body></html>'
    ).encode()


def _rub(amount: Decimal) -> str:
    return escape(format_rub(amount))
