"""СМС → СМС ожидающие оплату: «Список СМС ожидающих оплату», paid and released by «Отправить все / выделенные»."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from nicegui import ui

import ui_text as t
from components.confirm import confirm
from components.server_table import PageRequest
from domain.access import Capability
from domain.errors import DomainError
from domain.money import format_rub
from domain.services import mailings, senders
from domain.services.auth import SessionUser
from pages.bases import client_account
from pages.send_common import columns, message_row, refresh_balance, refusal, server_table
from pages.session import cabinet_page, page_frame
from pages.top_up import open_top_up
from ui_text import sending as ts

TITLE = t.WINDOW_TITLES['awaiting']
PATH = '/awaiting'


def create() -> None:
    """Register the list of messages waiting for payment."""

    @cabinet_page(PATH, title=TITLE)
    async def awaiting_page(user: SessionUser) -> None:
        account_id = client_account(user)
        names = await senders.approved_names(account_id=account_id)
        with page_frame(TITLE, user=user, path=PATH):
            await AwaitingList(user, account_id, names).build()


class AwaitingList:
    """Search and sender filters, the selectable table, and the pay / delete actions."""

    def __init__(self, user: SessionUser, account_id: int, sender_names: list[str]) -> None:
        self.user = user
        self.account_id = account_id
        self.sender_names = sender_names
        self.mailing_of: dict[int, int] = {}  # message id -> mailing id, of the shown page

    async def build(self) -> None:
        """Draw the toolbar, the refusal line and the table."""
        with ui.row().classes('items-end gap-2 w-full'):
            self.search = ui.input(ts.SEARCH, on_change=self._refilter).props('dense clearable debounce=400')
            self.search.classes('w-64').mark('awaiting-search')
            options = {'': ts.ALL, **{n: n for n in self.sender_names}}
            self.sender = ui.select(options, value='', label=ts.SENDER, on_change=self._refilter).classes('min-w-40')
            self.sender.mark('awaiting-sender')
            ui.space()
            ui.button(ts.SEND_ALL, icon='send', on_click=self._pay_all).mark('awaiting-send-all')
            ui.button(ts.SEND_SELECTED, icon='send', on_click=self._pay_selected).props('outline').mark(
                'awaiting-send-selected'
            )
            ui.button(ts.DELETE_SELECTED, icon='delete', on_click=self._delete_selected).props(
                'outline color=negative'
            ).mark('awaiting-delete-selected')
        with ui.row().classes('items-center gap-2') as self.problem_row:
            self.problem = ui.label('').classes('text-negative').mark('awaiting-error')
            if self.user.can(Capability.pay):
                ui.button(t.TOP_UP, on_click=lambda: open_top_up(self.user)).props('flat color=green-8').mark(
                    'awaiting-top-up'
                )
        self.problem_row.set_visibility(False)
        self.total = ui.label('').classes('text-subtitle2').mark('awaiting-total')
        self.table = server_table(columns=columns(ts.AWAITING_COLUMNS), fetch=self._fetch, marker='awaiting-table')
        await self.table.reload()

    async def _fetch(self, request: PageRequest) -> tuple[list[dict[str, Any]], int]:
        search, sender = (self.search.value or '').strip(), self.sender.value or ''
        page = await mailings.awaiting_messages(
            account_id=self.account_id,
            search=search,
            sender=sender,
            offset=request.offset,
            limit=request.limit,
        )
        self.mailing_of = {row.id: row.mailing_id for row in page.rows}
        if page.total:
            _, cost = await mailings.awaiting_summary(account_id=self.account_id, search=search, sender=sender)
            self.total.text = ts.awaiting_total(page.total, format_rub(cost))
        else:
            self.total.text = ts.AWAITING_EMPTY
        return [message_row(row, self.user.timezone) for row in page.rows], page.total

    async def _refilter(self) -> None:
        await self.table.reload(first_page=True)

    def _pay_selected(self) -> None:
        ids = tuple(self.table.selected_ids)
        if not ids:
            ui.notify(ts.NOTHING_SELECTED, type='warning')
            return
        self._pay(ids, ts.confirm_pay(len(ids)))

    async def _pay_all(self) -> None:
        count, cost = await mailings.awaiting_summary(account_id=self.account_id)  # «все»: whatever the filter
        if not count:
            ui.notify(ts.AWAITING_EMPTY, type='info')
            return
        self._pay(None, ts.confirm_pay_all(count, format_rub(cost)))

    def _pay(self, ids: tuple[int, ...] | None, question: str) -> None:
        async def pay() -> None:
            self.problem_row.set_visibility(False)
            try:
                result = await mailings.pay_awaiting(
                    account_id=self.account_id, message_ids=ids, user_id=self.user.user_id
                )
            except DomainError as problem:
                self.problem.text = refusal(problem)
                self.problem_row.set_visibility(True)
                return
            ui.notify(ts.paid(result.released, format_rub(result.charged)), type='positive')
            await refresh_balance(self.account_id)
            await self.table.reload(first_page=True)

        confirm(question, pay, yes=ts.SEND)

    def _delete_selected(self) -> None:
        ids = self.table.selected_ids
        if not ids:
            ui.notify(ts.NOTHING_SELECTED, type='warning')
            return
        by_mailing: dict[int, list[int]] = defaultdict(list)
        for message_id in ids:
            by_mailing[self.mailing_of[message_id]].append(message_id)

        async def delete() -> None:
            cancelled, refunded, stuck = 0, Decimal(0), 0
            try:
                for mailing_id, message_ids in by_mailing.items():
                    result = await mailings.cancel_messages(
                        account_id=self.account_id,
                        mailing_id=mailing_id,
                        message_ids=tuple(message_ids),
                        user_id=self.user.user_id,
                    )
                    cancelled, refunded = cancelled + result.cancelled, refunded + result.refunded
                    stuck += result.not_cancellable
            except DomainError as problem:
                ui.notify(t.error_text(problem.code), type='warning')
            ui.notify(ts.cancelled(cancelled, format_rub(refunded), stuck), type='positive')
            await refresh_balance(self.account_id)
            await self.table.reload()

        confirm(ts.confirm_delete_messages(len(ids)), delete)
