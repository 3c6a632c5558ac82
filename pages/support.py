"""Дополнительно → Поддержка (Отправить вопрос): a new question, the account's tickets, a ticket's thread, and the
protected attachment downloads. The thread and the attachment picker live in pages.ticket_thread, shared with the
manager's Обращения.

Ticket texts are user-provided: they are shown as text (labels), never as HTML or Markdown.
"""

from __future__ import annotations

from fastapi import Response
from fastapi.responses import FileResponse
from nicegui import app, ui

import ui_text as t
from components import theme
from components.menu import show_badges
from domain.clock import format_local
from domain.errors import DomainError, NotFound
from domain.services import support, support_files
from domain.services.auth import SessionUser
from domain.services.badges import menu_badges
from domain.services.support import TicketRow
from domain.services.support_files import Upload
from domain.tickets import Department
from pages.session import cabinet_page, current_user, page_frame
from pages.ticket_thread import STATUS_COLORS, AttachmentPicker, Send, show_thread
from ui_text import support as ts

TITLE = t.WINDOW_TITLES['support']
# the downloaded file can never run as a page of the cabinet, whatever it contains
ATTACHMENT_HEADERS = {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'",
    'Cache-Control': 'private, no-store',
}


def create() -> None:
    """Register /support, /support/{ticket_id} and /support/attachments/{message_id}."""

    @cabinet_page('/support', title=TITLE)
    async def support_page(user: SessionUser) -> None:
        tickets = [] if user.is_manager else await support.my_tickets(user_id=user.user_id)
        with page_frame(TITLE, user=user, path='/support'):
            if user.is_manager:
                ui.link(t.WINDOW_TITLES['tickets'], '/manager/tickets')
                return
            _question_form(user)
            ui.label(ts.MY_TICKETS).classes('text-h6 q-mt-md')
            _tickets_table(user, tickets)

    @cabinet_page('/support/{ticket_id}', title=TITLE)
    async def ticket_page(user: SessionUser, ticket_id: int) -> None:
        thread = await support.client_thread(user_id=user.user_id, ticket_id=ticket_id)
        with page_frame(ts.ticket_title(ticket_id, thread.ticket.subject), user=user, path='/support'):
            ui.link(ts.TO_TICKETS, '/support').mark('to-tickets')

            show_thread(
                user,
                thread,
                load=lambda: support.client_thread(user_id=user.user_id, ticket_id=ticket_id),
                as_manager=False,
                reply_label=ts.REPLY,
                send=_client_reply(user, ticket_id),
                close=lambda: support.client_close(user_id=user.user_id, ticket_id=ticket_id),
            )
            show_badges(await menu_badges(user))  # the menu was drawn before this ticket's answer was marked seen

    @app.get('/support/attachments/{message_id}')
    async def attachment(message_id: int) -> Response:
        user = await current_user()
        try:
            if user is None:
                raise NotFound('attachment')
            served = await support_files.attachment_for(message_id=message_id, user_id=user.user_id)
        except NotFound:
            return Response(t.OBJECT_NOT_FOUND, status_code=404, media_type='text/plain; charset=utf-8')
        return FileResponse(
            served.path,
            media_type=served.content_type,
            filename=served.filename,
            headers=ATTACHMENT_HEADERS,
            content_disposition_type='inline' if served.inline else 'attachment',
        )


def _question_form(user: SessionUser) -> None:
    with ui.card().classes(theme.CARD_CLASSES).mark('question-form'):
        ui.label(ts.ASK_TITLE).classes('text-h6')
        ui.label(ts.ASK_HINT).classes(theme.MUTED)
        with ui.row().classes('items-center gap-2'):
            ui.label(f'{ts.DEPARTMENT_CHOICE}:')
            department = ui.radio(ts.DEPARTMENT_CHOICES, value=Department.support.value).props('inline')
            department.mark('department')
        subject = ui.input(ts.SUBJECT).props('outlined').classes('w-full').mark('subject')
        text = ui.textarea(ts.QUESTION_TEXT).props('outlined autogrow').classes('w-full').mark('question-text')
        picker = AttachmentPicker()
        error = ui.label('').classes('text-negative').mark('question-error')

        async def send() -> None:
            if picker.problem:
                error.text = t.error_text(picker.problem)
                return
            try:
                ticket = await support.ask(
                    user_id=user.user_id,
                    department=department.value or '',
                    subject=subject.value or '',
                    text=text.value or '',
                    upload=picker.file,
                )
            except DomainError as problem:
                error.text = t.error_text(problem.code)
                return
            ui.notify(ts.QUESTION_SENT, type='positive')
            ui.navigate.to(f'/support/{ticket.id}')

        ui.button(ts.SEND, icon='send', on_click=send).mark('send-question')


def _tickets_table(user: SessionUser, tickets: list[TicketRow]) -> None:
    if not tickets:
        ui.label(ts.NO_TICKETS).classes(theme.MUTED).mark('no-tickets')
        return
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in ts.TICKET_COLUMNS.items()]
    rows = [
        {
            'id': ticket.id,
            'subject': ticket.subject,
            'department': ts.DEPARTMENTS[ticket.department.value],
            'status': ts.TICKET_STATUS[ticket.status.value],
            'color': STATUS_COLORS[ticket.status],
            'unread': ticket.client_unread,
            'updated_at': format_local(ticket.updated_at, user.timezone),
        }
        for ticket in tickets
    ]
    table = ui.table(columns=columns, rows=rows, row_key='id', pagination=20).classes('w-full').mark('tickets-table')
    link_cells(table, '/support/', unread=ts.NEW_ANSWER)


def link_cells(table: ui.table, prefix: str, *, unread: str) -> None:
    """The subject opens the thread; the status is a coloured badge with a «new» mark (values are text, not HTML)."""
    table.add_slot(
        'body-cell-subject',
        f'<q-td :props="props"><a :href="\'{prefix}\' + props.row.id" class="text-primary">{{{{ props.value }}}}</a>'
        '</q-td>',
    )
    table.add_slot(
        'body-cell-status',
        '<q-td :props="props"><q-badge :color="props.row.color" :label="props.value"/>'
        f'<q-badge v-if="props.row.unread" color="red" class="q-ml-xs" label="{unread}"/></q-td>',
    )


def _client_reply(user: SessionUser, ticket_id: int) -> Send:
    async def send(text: str, upload: Upload | None) -> None:
        await support.client_reply(user_id=user.user_id, ticket_id=ticket_id, text=text, upload=upload)

    return send
