"""Финансы: «Тарифы на исходящие SMS» and «Поступившие средства» (the account statement)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from nicegui import ui

import ui_text as t
from components.date_input import date_input, parse_date
from domain.clock import format_local
from domain.errors import DomainError
from domain.money import format_price, format_rub
from domain.pricing import OperatorGroup, Tariff
from domain.services import billing, payments, tariffs
from domain.services.auth import SessionUser
from domain.services.billing import Statement
from domain.services.payments import PaymentsPage
from domain.services.statement_file import statement_csv, statement_xlsx
from domain.statuses import PaymentStatus
from pages.bases import client_account
from pages.session import cabinet_page, page_frame

TARIFFS_TITLE = t.WINDOW_TITLES['tariffs']
PAYMENTS_TITLE = t.WINDOW_TITLES['payments']


def create() -> None:
    """Register the finance windows of a client."""

    @cabinet_page('/tariffs', title=TARIFFS_TITLE)
    async def tariffs_page(user: SessionUser) -> None:
        today = datetime.now(ZoneInfo(user.timezone)).date()
        tariff = await tariffs.tariff_for(account_id=client_account(user), on_date=today)
        with page_frame(TARIFFS_TITLE, user=user, path='/tariffs'):
            tariff_table(tariff)

    @cabinet_page('/payments', title=PAYMENTS_TITLE)
    async def payments_page(user: SessionUser) -> None:
        account_id = client_account(user)
        today = datetime.now(ZoneInfo(user.timezone)).date()
        with page_frame(PAYMENTS_TITLE, user=user, path='/payments'):
            await StatementView(user, account_id).build(today - timedelta(days=30), today)


def tariff_table(tariff: Tariff) -> None:
    """A tariff's price per SMS part for each operator group, and its volume tiers."""
    ui.label(t.tariff_valid_from(tariff.valid_from.strftime('%d.%m.%Y'))).classes('text-grey-7').mark('tariff-date')
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.TARIFF_COLUMNS.items()]
    for tier in tariff.tiers:
        columns.append({'name': f'tier{tier.min_parts}', 'label': t.TARIFF_TIER.format(parts=tier.min_parts),
                        'field': f'tier{tier.min_parts}', 'align': 'left'})  # fmt: skip
    rows = []
    for group in OperatorGroup:
        row: dict[str, object] = {'group': t.OPERATOR_GROUPS[group.value], 'price': format_price(tariff.prices[group])}
        for tier in tariff.tiers:
            price = tier.prices.get(group)
            row[f'tier{tier.min_parts}'] = format_price(price) if price is not None else ''
        rows.append(row)
    ui.table(columns=columns, rows=rows, row_key='group').classes('w-full max-w-3xl').mark('tariff-table')
    ui.label(t.TARIFF_NOTE).classes('text-caption text-grey-7 max-w-3xl')


class StatementView:
    """The account statement of a period with running balance, totals and downloads."""

    def __init__(self, user: SessionUser, account_id: int) -> None:
        self.user = user
        self.account_id = account_id
        self.statement: Statement | None = None

    async def build(self, date_from: date, date_to: date) -> None:
        """Period inputs, then the payments and the statement of the default period."""
        with ui.row().classes('items-end gap-2'):
            self.date_from = date_input(t.PERIOD_FROM, date_from, 'period-from')
            self.date_to = date_input(t.PERIOD_TO, date_to, 'period-to')
            ui.button(t.SHOW, on_click=self.show).mark('show-statement')
            ui.button(t.DOWNLOAD_XLSX, icon='download', on_click=lambda: self.download('xlsx')).props('flat')
            ui.button(t.DOWNLOAD_CSV, icon='download', on_click=lambda: self.download('csv')).props('flat')
            self.status = ui.select({'': t.ALL, **t.PAYMENT_STATUSES}, value='', label=t.PAYMENT_STATUS_FILTER)
            self.status.classes('min-w-40').mark('payment-status')
        self.error = ui.label('').classes('text-negative')
        ui.label(t.PAYMENTS_LIST).classes('text-h6')
        self.payments = ui.column().classes('w-full')
        ui.label(t.STATEMENT_TITLE).classes('text-h6')
        self.body = ui.column().classes('w-full')
        await self.show()

    async def show(self) -> None:
        """Load and draw the statement of the chosen period."""
        start, end = parse_date(self.date_from.value), parse_date(self.date_to.value)
        if start is None or end is None or start > end:
            self.error.text = t.PERIOD_INVALID if start and end else t.error_text('period_invalid')
            return
        self.error.text = ''
        try:
            self.statement = await billing.statement(account_id=self.account_id, date_from=start, date_to=end)
        except DomainError as problem:
            self.error.text = t.error_text(problem.code)
            return
        statuses = [PaymentStatus(self.status.value)] if self.status.value else None
        found = await payments.list_payments(
            account_id=self.account_id, date_from=start, date_to=end, statuses=statuses
        )
        self.payments.clear()
        with self.payments:
            self._draw_payments(found)
        self.body.clear()
        with self.body:
            self._draw(self.statement)

    def _draw_payments(self, found: PaymentsPage) -> None:
        if not found.rows:
            ui.label(t.NO_PAYMENTS).classes('text-grey-7')
            return
        columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.PAYMENT_COLUMNS.items()]
        rows = [
            {
                'id': p.id,
                'created_at': format_local(p.created_at, self.user.timezone),
                'amount': format_rub(p.amount),
                'method': t.PAYMENT_METHODS.get(p.method, p.method),
                'status': t.PAYMENT_STATUSES[p.status.value],
                'credited_at': format_local(p.credited_at, self.user.timezone),
            }
            for p in found.rows
        ]
        ui.table(columns=columns, rows=rows, row_key='id', pagination=20).classes('w-full').mark('payments-table')
        with ui.row().classes('gap-6'):
            for status, total in found.totals.items():
                ui.label(t.payments_total(t.PAYMENT_STATUSES[status.value], format_rub(total))).mark(
                    f'payments-total-{status.value}'
                )

    def download(self, fmt: str) -> None:
        """The shown statement as a file."""
        if self.statement is None:
            return
        maker = statement_xlsx if fmt == 'xlsx' else statement_csv
        data = maker(self.statement, headers=t.STATEMENT_COLUMNS, kinds=t.LEDGER_KINDS, timezone=self.user.timezone)
        ui.download.content(data, f'выписка.{fmt}')

    def _draw(self, statement: Statement) -> None:
        with ui.row().classes('gap-6'):
            for label, value, mark in (
                (t.OPENING_BALANCE, statement.opening_balance, 'opening'),
                (t.TOTAL_IN, statement.total_in, 'total-in'),
                (t.TOTAL_OUT, statement.total_out, 'total-out'),
                (t.CLOSING_BALANCE, statement.closing_balance, 'closing'),
            ):
                ui.label(f'{label}: {format_rub(value)}').mark(f'statement-{mark}')
        if not statement.rows:
            ui.label(t.NO_ENTRIES).classes('text-grey-7')
            return
        columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.STATEMENT_COLUMNS.items()]
        rows = [
            {
                'id': row.entry.id,
                'created_at': format_local(row.entry.created_at, self.user.timezone),
                'kind': t.LEDGER_KINDS.get(row.entry.kind.value, row.entry.kind.value),
                'amount': format_rub(row.entry.amount),
                'balance': format_rub(row.running_balance),
                'reference': row.entry.reference,
                'comment': row.entry.comment,
            }
            for row in statement.rows
        ]
        ui.table(columns=columns, rows=rows, row_key='id', pagination=50).classes('w-full').mark('statement-table')
