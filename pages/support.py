"""Дополнительно → Поддержка (Отправить вопрос): a new question, the account's tickets, a ticket's thread, and the
protected attachment downloads. The thread and the attachment picker are shared with the manager's Обращения.

Ticket texts are user-provided: they are shown as text (labels), never as HTML or Markdown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Response
from fastapi.responses import FileResponse
from nicegui import app, events, ui

import ui_text as t
from components import theme
from components.confirm import confirm
from components.menu import show_badges
from domain.attachments import ACCEPT, MAX_ATTACHMENT_BYTES
from domain.clock import format_local
from domain.errors import DomainError, NotFound
from domain.services import support, support_files
from domain.services.auth import SessionUser
from domain.services.badges import menu_badges
from domain.services.support import Thread, TicketRow
from domain.services.support_files import Upload
from domain.tickets import Department, TicketStatus
from domain.uploads import safe_filename
from pages.session import cabinet_page, current_user, page_frame
from ui_text import support as ts

TITLE = t.WINDOW_TITLES['support']
STATUS_COLORS = {TicketStatus.open: 'orange-8', TicketStatus.answered: 'positive', TicketStatus.closed: 'grey-6'}
Done = Callable[[], Awaitable[None]]
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

            @ui.refreshable
            def body() -> None:
                ticket_header(thread.ticket, user)
                thread_view(thread, user, as_manager=False)
                if thread.ticket.status is TicketStatus.closed:
                    ui.label(ts.TICKET_CLOSED_NOTE).classes(theme.MUTED).mark('ticket-closed')
                    return
                reply_form(user, ts.REPLY, send=_client_reply(user, ticket_id), done=reload)
                close = ui.button(ts.CLOSE_TICKET, icon='task_alt', on_click=lambda: _close(user, ticket_id, reload))
                close.props('outline color=grey-8').mark('close-ticket')

            async def reload() -> None:
                nonlocal thread
                thread = await support.client_thread(user_id=user.user_id, ticket_id=ticket_id)
                body.refresh()

            body()
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


class AttachmentPicker:
    """The optional file of a message: read when picked, checked at once, handed to the service on send."""

    def __init__(self) -> None:
        self.file: Upload | None = None
        self.problem = ''
        self.upload = ui.upload(
            label=ts.ATTACHMENT_HINT,
            auto_upload=True,
            max_files=1,
            max_file_size=MAX_ATTACHMENT_BYTES,
            on_upload=self._received,
            on_rejected=lambda: self._refuse('attachment_too_large'),
        )
        self.upload.props(f'accept="{ACCEPT}" flat bordered color=grey-2 text-color=grey-9').classes('w-full').mark(
            'attachment'
        )
        self.upload.on('removed', self.clear)
        self.note = ui.label('').classes('text-caption').mark('attachment-note')

    def clear(self) -> None:
        """Forget the picked file."""
        self.file, self.problem, self.note.text = None, '', ''

    def reset(self) -> None:
        """Empty the picker after the message was sent."""
        self.clear()
        self.upload.reset()

    async def _received(self, event: events.UploadEventArguments) -> None:
        if event.file.size() > MAX_ATTACHMENT_BYTES:  # the browser's limit can be bypassed: never read such a file
            self._refuse('attachment_too_large')
            return
        upload = Upload(filename=event.file.name, data=await event.file.read())
        try:
            support_files.check(upload)
        except DomainError as problem:
            self._refuse(problem.code)
            return
        self.file, self.problem = upload, ''
        self.note.text = ts.chosen_file(safe_filename(event.file.name), len(upload.data))
        self.note.classes(replace='text-caption')

    def _refuse(self, code: str) -> None:
        self.file, self.problem = None, code
        self.note.text = t.error_text(code)
        self.note.classes(replace='text-caption text-negative')


def reply_form(
    user: SessionUser, label: str, *, send: Callable[[str, Upload | None], Awaitable[None]], done: Done
) -> None:
    """A message box with an attachment and a send button; errors are shown under it and nothing is sent."""
    with ui.card().classes(theme.CARD_CLASSES).mark('reply-form'):
        text = ui.textarea(ts.MESSAGE_TEXT).props('outlined autogrow').classes('w-full').mark('reply-text')
        picker = AttachmentPicker()
        error = ui.label('').classes('text-negative').mark('reply-error')

        async def submit() -> None:
            if picker.problem:
                error.text = t.error_text(picker.problem)
                return
            try:
                await send(text.value or '', picker.file)
            except DomainError as problem:
                error.text = t.error_text(problem.code)
                return
            ui.notify(ts.ANSWER_SENT if user.is_manager else ts.REPLY_SENT, type='positive')
            await done()

        ui.button(label, icon='send', on_click=submit).mark('send-reply')


def ticket_header(ticket: TicketRow, user: SessionUser) -> None:
    """Status, addressee and dates of a ticket."""
    with ui.row().classes('items-center gap-4'):
        status_badge(ticket.status)
        ui.label(ts.DEPARTMENTS[ticket.department.value]).mark('ticket-department')
        ui.label(f'{ts.CREATED}: {format_local(ticket.created_at, user.timezone)}').classes(theme.MUTED)


def status_badge(status: TicketStatus) -> None:
    """открыт / отвечен / закрыт in its colour."""
    ui.badge(ts.TICKET_STATUS[status.value], color=STATUS_COLORS[status]).mark('ticket-status')


def thread_view(thread: Thread, user: SessionUser, *, as_manager: bool) -> None:
    """The messages oldest first; the client sees the managers as «Служба поддержки»."""
    with ui.column().classes('w-full gap-2').mark('thread'):
        for message in thread.messages:
            mine = message.from_manager == as_manager
            author = message.author_name if as_manager or not message.from_manager else ts.FROM_SUPPORT
            colour = 'bg-blue-1' if message.from_manager else 'bg-grey-2'
            with ui.card().classes(f'w-full {colour} {"" if mine else "q-pl-lg"}').props('flat').mark('message'):
                with ui.row().classes('w-full items-center gap-2'):
                    ui.label(author).classes('text-weight-bold').mark('message-author')
                    ui.label(format_local(message.created_at, user.timezone)).classes(f'text-caption {theme.MUTED}')
                ui.label(message.text).classes('whitespace-pre-wrap').mark('message-text')
                if message.attachment_name:
                    with ui.row().classes('items-center gap-1'):
                        ui.icon('attach_file').classes(theme.MUTED)
                        ui.link(
                            f'{message.attachment_name} ({ts.file_size(message.attachment_size)})',
                            f'/support/attachments/{message.id}',
                            new_tab=True,
                        ).mark('attachment-link')


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


def _client_reply(user: SessionUser, ticket_id: int) -> Callable[[str, Upload | None], Awaitable[None]]:
    async def send(text: str, upload: Upload | None) -> None:
        await support.client_reply(user_id=user.user_id, ticket_id=ticket_id, text=text, upload=upload)

    return send


def _close(user: SessionUser, ticket_id: int, done: Done) -> None:
    async def close() -> None:
        try:
            await support.client_close(user_id=user.user_id, ticket_id=ticket_id)
        except DomainError as problem:
            ui.notify(t.error_text(problem.code), type='warning')
        else:
            ui.notify(ts.TICKET_CLOSED, type='positive')
        await done()

    confirm(ts.CLOSE_TICKET_QUESTION, close, yes=ts.CLOSE_TICKET)
