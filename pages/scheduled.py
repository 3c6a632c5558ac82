"""СМС → Запланированные рассылки: «Список запланированных SMS» and the messages of one mailing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

import ui_text as t
from components.confirm import confirm
from components.date_input import date_input, parse_optional_date
from components.row_actions import actions_cell, row_button
from components.server_table import PageRequest
from domain.clock import format_local
from domain.errors import DomainError
from domain.money import format_rub
from domain.services import mailings, senders, templates
from domain.services.auth import SessionUser
from domain.services.mailings import MailingRow
from domain.statuses import MailingStatus, MessageStatus, is_final
from domain.templates import to_display
from pages.bases import client_account
from pages.send_common import columns, message_row, refresh_balance, server_table
from pages.session import cabinet_page, page_frame
from ui_text import sending as ts

TITLE = t.WINDOW_TITLES['scheduled']
PATH = '/scheduled'
DEFAULT_DAYS = 30
LIVE_SECONDS = 3.0


def create() -> None:
    """Register the list of mailings and the messages of one mailing."""

    @cabinet_page(PATH, title=TITLE)
    async def scheduled_page(user: SessionUser) -> None:
        account_id = client_account(user)
        names = await senders.approved_names(account_id=account_id)
        labels = await templates.insert_labels(account_id=account_id, defaults=t.FIELD_LABELS)
        with page_frame(TITLE, user=user, path=PATH):
            await MailingList(user, account_id, names, labels).build()

    @cabinet_page('/scheduled/{mailing_id}', title=TITLE)
    async def mailing_page(user: SessionUser, mailing_id: int) -> None:
        account_id = client_account(user)
        await mailings.mailing_messages(account_id=account_id, mailing_id=mailing_id, limit=1)  # not found -> refusal
        with page_frame(ts.mailing_title(mailing_id), user=user, path=PATH):
            await MessageList(user, account_id, mailing_id).build()


class MailingList:
    """Filters (period, sender, status) over a server-side table of the account's mailings."""

    def __init__(self, user: SessionUser, account_id: int, sender_names: list[str], labels: dict[str, str]) -> None:
        self.user = user
        self.account_id = account_id
        self.sender_names = sender_names
        self.labels = labels
        self.by_id: dict[int, MailingRow] = {}

    async def build(self) -> None:
        """Draw filters and table, then load the first page."""
        today = datetime.now(ZoneInfo(self.user.timezone)).date()
        with ui.row().classes('items-end gap-2 w-full'):
            self.date_from = date_input(t.PERIOD_FROM, today, 'scheduled-from', props='stack-label')
            until = today + timedelta(days=DEFAULT_DAYS)
            self.date_to = date_input(t.PERIOD_TO, until, 'scheduled-to', props='stack-label')
            self.sender = ui.select({'': ts.ALL, **{n: n for n in self.sender_names}}, value='', label=ts.SENDER)
            self.sender.classes('min-w-40').mark('scheduled-sender')
            statuses = {'': ts.ALL, **ts.MAILING_STATUSES}
            self.status = ui.select(statuses, value='', label=ts.FILTER_STATUS).classes('min-w-40')
            self.status.mark('scheduled-status')
            ui.button(ts.SHOW, icon='search', on_click=self.show).mark('scheduled-show')
        ui.label(ts.PERIOD_HINT).classes('text-caption text-grey-7')
        self.error = ui.label('').classes('text-negative').mark('scheduled-error')
        self.table = server_table(
            columns=columns(ts.MAILING_COLUMNS), fetch=self._fetch, selection=False, marker='mailings-table'
        )
        self.table.table.add_slot(
            'body-cell-actions',
            actions_cell(
                row_button('open', 'list', ts.OPEN),
                row_button('remove', 'delete', ts.DELETE_MAILING, 'color="negative" v-if="props.row.deletable"'),
            ),
        )
        self.table.table.on('open', lambda e: ui.navigate.to(f'{PATH}/{e.args["id"]}'))
        self.table.table.on('remove', lambda e: self._confirm_delete(int(e.args['id'])))
        await self.table.reload()

    async def show(self) -> None:
        """Apply the filters."""
        await self.table.reload(first_page=True)

    def _period(self) -> tuple[date | None, date | None]:
        """The chosen period; ValueError with the Russian reason for an unreadable date or a start after the end."""
        try:
            start, end = parse_optional_date(self.date_from.value), parse_optional_date(self.date_to.value)
        except ValueError as error:
            raise ValueError(t.error_text('period_invalid')) from error
        if start and end and start > end:
            raise ValueError(t.PERIOD_INVALID)
        return start, end

    async def _fetch(self, request: PageRequest) -> tuple[list[dict[str, Any]], int]:
        try:
            start, end = self._period()
        except ValueError as problem:
            self.error.text = str(problem)
            return [], 0
        self.error.text = ''
        status = MailingStatus(self.status.value) if self.status.value else None
        page = await mailings.list_mailings(
            account_id=self.account_id,
            date_from=start,
            date_to=end,
            sender=self.sender.value or '',
            status=status,
            offset=request.offset,
            limit=request.limit,
        )
        self.by_id = {row.id: row for row in page.rows}
        return [self._row(row) for row in page.rows], page.total

    def _row(self, row: MailingRow) -> dict[str, Any]:
        counts = {str(k): v for k, v in row.counts.items()}
        return {
            'id': row.id,
            'name': ts.mailing_label(row.id, row.name),
            'sender': row.sender,
            'text': to_display(row.text, self.labels),
            'first_due': format_local(row.first_due, self.user.timezone),
            'messages': sum(row.counts.values()),
            'progress': ts.status_counts(counts),
            'cost': format_rub(row.cost),
            'status': ts.MAILING_STATUSES.get(row.status.value, row.status.value),
            'deletable': row.status in (MailingStatus.scheduled, MailingStatus.awaiting_payment),
        }

    def _confirm_delete(self, mailing_id: int) -> None:
        row = self.by_id.get(mailing_id)
        name = f'«{ts.mailing_label(mailing_id, row.name if row else "")}»'

        async def delete() -> None:
            await cancel(self.account_id, mailing_id, None, self.user.user_id)
            await self.table.reload()

        confirm(ts.confirm_delete_mailing(name), delete)


class MessageList:
    """The messages of one mailing: status filter, deletion of selected ones or the whole mailing, live refresh."""

    def __init__(self, user: SessionUser, account_id: int, mailing_id: int) -> None:
        self.user = user
        self.account_id = account_id
        self.mailing_id = mailing_id
        self.live = False

    async def build(self) -> None:
        """Draw the toolbar and the table; while messages are on their way the table refreshes itself."""
        with ui.row().classes('items-center gap-2 w-full'):
            ui.link(f'← {ts.TO_SCHEDULED}', PATH).mark('to-scheduled')
            statuses = {'': ts.ALL, **ts.MESSAGE_STATUSES}
            self.status = ui.select(statuses, value='', label=ts.FILTER_STATUS, on_change=self._refilter)
            self.status.classes('min-w-40').mark('messages-status')
            ui.button(ts.REFRESH, icon='refresh', on_click=self._reload).props('flat').mark('messages-refresh')
            ui.space()
            ui.button(ts.DELETE_SELECTED, icon='delete', on_click=self._delete_selected).props('outline').mark(
                'messages-delete-selected'
            )
            ui.button(ts.DELETE_MAILING, icon='delete_forever', on_click=self._delete_all).props(
                'outline color=negative'
            ).mark('messages-delete-all')
        self.table = server_table(columns=columns(ts.MESSAGE_COLUMNS), fetch=self._fetch, marker='messages-table')
        await self.table.reload()
        ui.timer(LIVE_SECONDS, self._tick)

    async def _fetch(self, request: PageRequest) -> tuple[list[dict[str, Any]], int]:
        status = MessageStatus(self.status.value) if self.status.value else None
        page = await mailings.mailing_messages(
            account_id=self.account_id,
            mailing_id=self.mailing_id,
            status=status,
            offset=request.offset,
            limit=request.limit,
        )
        self.live = any(
            not is_final(row.status) and row.status is not MessageStatus.awaiting_payment for row in page.rows
        )
        return [message_row(row, self.user.timezone) for row in page.rows], page.total

    async def _tick(self) -> None:
        # a refresh clears the ticks, so it waits while the user is selecting
        if self.live and not self.table.table.selected:
            await self.table.reload()

    async def _reload(self) -> None:
        await self.table.reload()

    async def _refilter(self) -> None:
        await self.table.reload(first_page=True)

    def _delete_selected(self) -> None:
        ids = tuple(self.table.selected_ids)
        if not ids:
            ui.notify(ts.NOTHING_SELECTED, type='warning')
            return

        async def delete() -> None:
            await cancel(self.account_id, self.mailing_id, ids, self.user.user_id)
            await self.table.reload()

        confirm(ts.confirm_delete_messages(len(ids)), delete)

    def _delete_all(self) -> None:
        async def delete() -> None:
            await cancel(self.account_id, self.mailing_id, None, self.user.user_id)
            await self.table.reload()

        confirm(ts.confirm_delete_mailing(f'№{self.mailing_id}'), delete)


async def cancel(account_id: int, mailing_id: int, message_ids: tuple[int, ...] | None, user_id: int) -> None:
    """Cancel a mailing or some of its messages, tell what happened and show the returned money in the header."""
    try:
        result = await mailings.cancel_messages(
            account_id=account_id, mailing_id=mailing_id, message_ids=message_ids, user_id=user_id
        )
    except DomainError as problem:
        ui.notify(t.error_text(problem.code), type='warning')
        return
    ui.notify(
        ts.cancelled(result.cancelled, format_rub(result.refunded), result.not_cancellable),
        type='positive' if result.cancelled else 'warning',
        timeout=10000,
    )
    await refresh_balance(account_id)
