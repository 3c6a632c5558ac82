"""Статистика СМС → Детальная статистика: the account's messages of a period, filtered, sorted and paged on the
server; a click on a row shows the message's history; «Выгрузить в Excel» starts a report."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import background_tasks, context, ui
from nicegui.events import GenericEventArguments

import ui_text as t
from domain.clock import format_local
from domain.errors import DomainError
from domain.money import format_rub
from domain.phones import PhoneStyle, format_phone
from domain.services import bases, detail_stats, reports
from domain.services.auth import SessionUser
from domain.services.detail_stats import DetailFilter, DetailRow
from domain.stats import QuickPeriod
from domain.statuses import MessageStatus
from pages.bases import client_account
from pages.session import cabinet_page, page_frame
from pages.stats_period import PeriodPicker
from ui_text import statistics as ts

TITLE = t.WINDOW_TITLES['detail']
PATH = '/stats/detail'
SORTABLE = frozenset(detail_stats.SORTS)
_STYLES = {'text': 'min-width: 10rem; max-width: 16rem', 'phone': 'white-space: nowrap', 'cost': 'white-space: nowrap'}


def create() -> None:
    """Register the detailed statistics window."""

    @cabinet_page(PATH, title=TITLE)
    async def detail_page(user: SessionUser) -> None:
        account_id = client_account(user)
        senders = await detail_stats.sender_choices(account_id=account_id)
        with page_frame(TITLE, user=user, path=PATH):
            await DetailView(user=user, account_id=account_id, senders=senders).build()


class DetailView:
    """Filters, the server-side table and its paging state (total and the keysets of the shown page)."""

    def __init__(self, *, user: SessionUser, account_id: int, senders: list[str]) -> None:
        self.user = user
        self.account_id = account_id
        self.tz = user.timezone
        self.senders = senders
        self.where: DetailFilter | None = None
        self.total = 0
        self.page_no = 1
        self.keys: tuple[Any, Any] = (None, None)
        self.rows: dict[int, DetailRow] = {}

    async def build(self) -> None:
        """Draw filters and table, then show the last week."""
        self.picker = PeriodPicker(tz=self.tz, initial=QuickPeriod.week, on_pick=self.apply)
        _, operators = bases.filter_choices()
        with ui.row().classes('items-end gap-2 w-full'):
            self.sender = _select(self.senders, ts.FILTER_SENDER, 'filter-sender')
            self.phone = ui.input(ts.FILTER_PHONE).props('dense clearable').classes('w-52').mark('filter-phone')
            self.operator = _select(list(operators), ts.FILTER_OPERATOR, 'filter-operator')
            self.mailing = ui.input(ts.FILTER_MAILING).props('dense clearable').classes('w-52').mark('filter-mailing')
            statuses = {status.value: ts.STATUS_LABELS[status.value] for status in MessageStatus}
            self.status = _select(statuses, ts.FILTER_STATUS, 'filter-status')
            for field in (self.phone, self.mailing):
                field.on('keydown.enter', self.apply)
        with ui.row().classes('items-center gap-2'):
            ui.button(ts.SHOW, icon='search', on_click=self.apply).mark('apply-filters')
            ui.button(ts.RESET, on_click=self.reset).props('flat').mark('reset-filters')
            ui.button(ts.EXPORT, icon='file_download', on_click=self.export).props('outline').mark('export-report')
        with ui.row().classes('items-center gap-2') as self.export_row:
            self.export_note = ui.label('').classes('text-positive').mark('export-note')
            ui.link(t.ITEM_REPORTS, '/reports').mark('to-reports')
        self.export_row.set_visibility(False)
        self.error = ui.label('').classes('text-negative').mark('detail-error')
        self.table = self._table()
        self.total_label = ui.label('').classes('text-grey-7').mark('detail-total')
        ui.label(ts.SORT_HINT).classes('text-caption text-grey-7')
        await context.client.connected()  # counting a long period may take seconds: the page is sent first
        await self.apply()

    def _table(self) -> ui.table:
        columns = [
            {
                'name': key,
                'label': label,
                'field': key,
                'align': 'right' if key in ('parts', 'cost') else 'left',
                'sortable': key in SORTABLE,
                **({'style': _STYLES[key]} if key in _STYLES else {}),
            }
            for key, label in ts.DETAIL_COLUMNS.items()
        ]
        pagination = {'page': 1, 'rowsPerPage': 50, 'rowsNumber': 0, 'sortBy': 'created_at', 'descending': True}
        table = ui.table(columns=columns, rows=[], row_key='id', pagination=pagination).classes('w-full')
        table.props(
            'flat bordered dense wrap-cells :rows-per-page-options="[25,50,100,200]" '
            f'no-data-label="{t.TABLE_NO_DATA}" rows-per-page-label="{t.TABLE_ROWS_PER_PAGE}"'
        ).mark('detail-table')
        table.on('request', self._on_request)
        table.on('rowClick', self._on_row_click)
        return table

    def _filter(self) -> DetailFilter:
        status = self.status.value
        return DetailFilter(
            period=self.picker.period(),
            sender=self.sender.value or '',
            phone=self.phone.value or '',
            operator=self.operator.value or '',
            mailing=self.mailing.value or '',
            status=MessageStatus(status) if status else None,
        )

    async def apply(self) -> None:
        """Count the matches of the entered filters and show their first page («Показать»)."""
        try:
            where = self._filter()
        except DomainError as problem:
            self.error.text = t.error_text(problem.code)
            return
        self.error.text = ''
        self.where = where
        self.total = await detail_stats.count_messages(account_id=self.account_id, tz=self.tz, where=where)
        await self._load({**self.table.pagination, 'page': 1}, fresh=True)

    async def reset(self) -> None:
        """Clear the filters (the period stays)."""
        for field in (self.sender, self.phone, self.operator, self.mailing, self.status):
            field.value = None
        await self.apply()

    async def _on_request(self, event: GenericEventArguments) -> None:
        wanted = event.args['pagination']
        current = self.table.pagination
        changed = any(wanted.get(k) != current.get(k) for k in ('sortBy', 'descending', 'rowsPerPage'))
        await self._load({**wanted, 'page': 1} if changed else wanted, fresh=changed)

    async def _load(self, pagination: dict[str, Any], *, fresh: bool) -> None:
        if self.where is None:
            return
        size = int(pagination.get('rowsPerPage') or 50)
        page = max(1, int(pagination.get('page') or 1))
        sort = pagination.get('sortBy') or 'created_at'
        if sort not in SORTABLE:
            sort = 'created_at'
        descending = bool(pagination.get('descending'))
        after = self.keys[1] if not fresh and page == self.page_no + 1 else None
        before = self.keys[0] if not fresh and page == self.page_no - 1 else None
        found = await detail_stats.detail_page(
            account_id=self.account_id,
            tz=self.tz,
            where=self.where,
            sort=sort,
            descending=descending,
            offset=(page - 1) * size,
            limit=size,
            total=self.total,
            after=after,
            before=before,
        )
        self.page_no, self.keys = page, (found.first_key, found.last_key)
        self.rows = {row.id: row for row in found.rows}
        self.table.rows = [self._cells(row) for row in found.rows]
        self.table.pagination = {
            **pagination,
            'page': page,
            'rowsPerPage': size,
            'sortBy': sort,
            'descending': descending,
            'rowsNumber': found.total,
        }
        self.total_label.text = ts.detail_total(found.total)

    def _cells(self, row: DetailRow) -> dict[str, Any]:
        return {
            'id': row.id,
            'created_at': format_local(row.created_at, self.tz),
            'sent_at': format_local(row.submitted_at, self.tz),
            'sender': row.sender,
            'phone': _phone(row.phone),
            'operator': row.operator or ts.UNKNOWN,
            'region': row.region or ts.UNKNOWN,
            'mailing': row.mailing_name or f'№{row.mailing_id}',
            'text': row.text,
            'parts': row.parts,
            'cost': format_rub(row.cost),
            'status': ts.STATUS_LABELS[row.status.value],
            'status_at': format_local(row.status_at, self.tz),
            'err': row.err,
        }

    async def _on_row_click(self, event: GenericEventArguments) -> None:
        clicked = event.args[1] if isinstance(event.args, list) and len(event.args) > 1 else {}
        row = self.rows.get(int(clicked.get('id', 0))) if isinstance(clicked, dict) else None
        if row is not None:
            await self.show_history(row)

    async def show_history(self, row: DetailRow) -> None:
        """The dialog with the message's status changes."""
        events = await detail_stats.message_history(account_id=self.account_id, message_id=row.id)
        with ui.dialog() as dialog, ui.card().classes('w-[40rem] max-w-full').mark('history-dialog'):
            ui.label(ts.HISTORY_TITLE).classes('text-h6')
            ui.label(f'{_phone(row.phone)} · {row.sender} · {format_local(row.created_at, self.tz)}')
            ui.label(row.text).classes('text-body2 text-grey-8')
            if not events:
                ui.label(ts.NO_HISTORY).classes('text-grey-7')
            columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in ts.HISTORY_COLUMNS.items()]
            created = {
                'id': 0,
                'at': _seconds(row.created_at, self.tz),
                'status': ts.CREATED,
                'stat': '',
                'err': '',
            }
            history = [created] + [
                {
                    'id': n,
                    'at': _seconds(event.at, self.tz),
                    'status': ts.STATUS_LABELS[event.status.value],
                    'stat': event.stat,
                    'err': event.err,
                }
                for n, event in enumerate(events, start=1)
            ]
            ui.table(columns=columns, rows=history, row_key='id').props('flat dense').classes('w-full').mark(
                'history-table'
            )
            with ui.row().classes('w-full justify-end'):
                ui.button(t.CLOSE, on_click=dialog.close).props('flat')
        dialog.open()

    async def export(self) -> None:
        """«Выгрузить в Excel»: a report of the shown selection, made in the background."""
        try:
            where = self._filter()
        except DomainError as problem:
            self.error.text = t.error_text(problem.code)
            return
        pagination = self.table.pagination
        report_id = await reports.start_report(
            account_id=self.account_id,
            user_id=self.user.user_id,
            tz=self.tz,
            where=where,
            sort=pagination.get('sortBy') or 'created_at',
            descending=bool(pagination.get('descending')),
        )
        background_tasks.create(
            reports.run_report(report_id, headers=list(ts.DETAIL_COLUMNS.values()), status_labels=ts.STATUS_LABELS),
            name=f'report {report_id}',
        )
        ui.notify(ts.export_started(report_id), type='positive', timeout=6000)
        self.export_note.text = ts.export_started(report_id)
        self.export_row.set_visibility(True)


def _select(options: list[str] | dict[str, str], label: str, marker: str) -> ui.select:
    select = ui.select(options, label=label, with_input=True, clearable=True).props('dense').classes('min-w-44')
    return select.mark(marker)


def _seconds(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime('%d.%m.%Y %H:%M:%S')


def _phone(e164: str) -> str:
    try:
        return format_phone(e164, PhoneStyle.PLUS7_SPACED)
    except ValueError:
        return e164
