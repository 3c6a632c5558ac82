"""Менеджер → Обращения: the support inbox of every account (filters by status, client, «назначенные мне»), and a
ticket's thread where a manager answers, closes and assigns it. Every action goes to the audit log (in the service).
"""

from __future__ import annotations

from nicegui import ui

import ui_text as t
from components import theme
from components.menu import show_badges
from domain.clock import format_local
from domain.errors import DomainError
from domain.services import support_inbox
from domain.services.auth import SessionUser
from domain.services.badges import menu_badges
from domain.services.support import TicketRow
from domain.services.support_files import Upload
from domain.services.support_inbox import ManagerChoice
from domain.tickets import TicketStatus
from pages.session import cabinet_page, page_frame
from pages.support import link_cells
from pages.ticket_thread import STATUS_COLORS, Done, Send, show_thread
from ui_text import support as ts

TITLE = t.WINDOW_TITLES['tickets']


def create() -> None:
    """Register the inbox and the ticket page of the manager."""

    @cabinet_page('/manager/tickets', title=TITLE, manager=True)
    async def inbox_page(user: SessionUser) -> None:
        accounts = await support_inbox.ticket_accounts(manager_id=user.user_id)
        rows = await support_inbox.inbox(manager_id=user.user_id)  # before the frame: nothing awaits once it is drawn
        with page_frame(TITLE, user=user, path='/manager/tickets'):
            with ui.row().classes('items-end gap-4'):
                status = ui.select({'': ts.ALL_STATUSES, **ts.TICKET_STATUS}, value='', label=ts.FILTER_STATUS)
                status.classes('min-w-40').mark('filter-status')
                account = ui.select({0: ts.ALL_ACCOUNTS, **accounts}, value=0, label=ts.FILTER_ACCOUNT, with_input=True)
                account.classes('min-w-64').mark('filter-account')
                mine = ui.checkbox(ts.ASSIGNED_TO_ME).mark('filter-mine')

            @ui.refreshable
            def table() -> None:
                _inbox_table(user, rows)

            async def reload() -> None:
                rows[:] = await support_inbox.inbox(
                    manager_id=user.user_id,
                    status=status.value or '',
                    account_id=account.value or None,
                    assigned_to_me=bool(mine.value),
                )
                table.refresh()

            for control in (status, account, mine):
                control.on_value_change(reload)
            table()

    @cabinet_page('/manager/tickets/{ticket_id}', title=TITLE, manager=True)
    async def ticket_page(user: SessionUser, ticket_id: int) -> None:
        thread = await support_inbox.manager_thread(manager_id=user.user_id, ticket_id=ticket_id)
        managers = await support_inbox.managers(manager_id=user.user_id)
        with page_frame(ts.ticket_title(ticket_id, thread.ticket.subject), user=user, path='/manager/tickets'):
            ui.link(ts.TO_TICKETS, '/manager/tickets').mark('to-tickets')

            show_thread(
                user,
                thread,
                load=lambda: support_inbox.manager_thread(manager_id=user.user_id, ticket_id=ticket_id),
                as_manager=True,
                reply_label=ts.ANSWER,
                send=_answer(user, ticket_id),
                close=lambda: support_inbox.manager_close(manager_id=user.user_id, ticket_id=ticket_id),
                above=lambda ticket, done: _account_row(user, ticket, managers, done),
            )
            show_badges(await menu_badges(user))  # the menu was drawn before this ticket was marked seen


def _inbox_table(user: SessionUser, tickets: list[TicketRow]) -> None:
    if not tickets:
        ui.label(ts.NO_INBOX).classes(theme.MUTED).mark('no-inbox')
        return
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in ts.INBOX_COLUMNS.items()]
    rows = [
        {
            'id': ticket.id,
            'account': ticket.account_name,
            'subject': ticket.subject,
            'department': ts.DEPARTMENTS[ticket.department.value],
            'status': ts.TICKET_STATUS[ticket.status.value],
            'color': STATUS_COLORS[ticket.status],
            'unread': ticket.manager_unread and ticket.status is not TicketStatus.closed,
            'assignee': ticket.assignee_name or ts.NOBODY,
            'updated_at': format_local(ticket.updated_at, user.timezone),
        }
        for ticket in tickets
    ]
    table = ui.table(columns=columns, rows=rows, row_key='id', pagination=50).classes('w-full').mark('inbox-table')
    link_cells(table, '/manager/tickets/', unread=ts.NEW_MESSAGE)


def _account_row(user: SessionUser, ticket: TicketRow, managers: list[ManagerChoice], done: Done) -> None:
    with ui.row().classes('items-center gap-4'):
        ui.label(f'{ts.CLIENT}: {ticket.account_name}').classes('text-subtitle1').mark('ticket-account')
        _assignee(user, ticket, managers, done)


def _assignee(user: SessionUser, ticket: TicketRow, managers: list[ManagerChoice], done: Done) -> None:
    options = {0: ts.NOBODY, **{m.id: m.name for m in managers}}
    select = ui.select(options, value=ticket.assignee_id or 0, label=ts.ASSIGNEE).classes('min-w-56')
    select.mark('assignee')

    async def assign() -> None:
        try:
            await support_inbox.assign(manager_id=user.user_id, ticket_id=ticket.id, assignee_id=select.value or None)
        except DomainError as problem:
            ui.notify(t.error_text(problem.code), type='warning')
            return
        ui.notify(ts.ASSIGNED, type='positive')
        await done()

    select.on_value_change(assign)


def _answer(user: SessionUser, ticket_id: int) -> Send:
    async def send(text: str, upload: Upload | None) -> None:
        await support_inbox.answer(manager_id=user.user_id, ticket_id=ticket_id, text=text, upload=upload)

    return send
