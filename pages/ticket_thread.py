"""A support ticket's thread, shared by the client's Поддержка and the manager's Обращения: the status line, the
messages with their authors, times and attachments, and the reply form with its attachment picker and close button.

Ticket texts are user-provided: they are shown as text (labels), never as HTML or Markdown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import events, ui

import ui_text as t
from components import theme
from components.confirm import confirm
from domain.attachments import ACCEPT, MAX_ATTACHMENT_BYTES
from domain.clock import format_local
from domain.errors import DomainError
from domain.services import support_files
from domain.services.auth import SessionUser
from domain.services.support import Thread, TicketRow
from domain.services.support_files import Upload
from domain.tickets import TicketStatus
from domain.uploads import safe_filename
from ui_text import support as ts

STATUS_COLORS = {TicketStatus.open: 'orange-8', TicketStatus.answered: 'positive', TicketStatus.closed: 'grey-6'}
Done = Callable[[], Awaitable[None]]
Send = Callable[[str, Upload | None], Awaitable[None]]


def show_thread(
    user: SessionUser,
    thread: Thread,
    *,
    load: Callable[[], Awaitable[Thread]],
    as_manager: bool,
    reply_label: str,
    send: Send,
    close: Done,
    above: Callable[[TicketRow, Done], None] | None = None,
) -> None:
    """The ticket's thread, redrawn from `load` after every action; `above` draws a side's own controls on top."""

    @ui.refreshable
    def body() -> None:
        ticket = thread.ticket
        if above is not None:
            above(ticket, reload)
        _ticket_header(ticket, user)
        _thread_view(thread, user, as_manager=as_manager)
        if ticket.status is TicketStatus.closed:
            ui.label(ts.TICKET_CLOSED_NOTE).classes(theme.MUTED).mark('ticket-closed')
            return
        _reply_form(user, reply_label, send=send, done=reload)
        button = ui.button(ts.CLOSE_TICKET, icon='task_alt', on_click=lambda: _confirm_close(close, reload))
        button.props('outline color=grey-8').mark('close-ticket')

    async def reload() -> None:
        nonlocal thread
        thread = await load()
        body.refresh()

    body()


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


def _reply_form(user: SessionUser, label: str, *, send: Send, done: Done) -> None:
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


def _ticket_header(ticket: TicketRow, user: SessionUser) -> None:
    """Status, addressee and dates of a ticket."""
    with ui.row().classes('items-center gap-4'):
        ui.badge(ts.TICKET_STATUS[ticket.status.value], color=STATUS_COLORS[ticket.status]).mark('ticket-status')
        ui.label(ts.DEPARTMENTS[ticket.department.value]).mark('ticket-department')
        ui.label(f'{ts.CREATED}: {format_local(ticket.created_at, user.timezone)}').classes(theme.MUTED)


def _thread_view(thread: Thread, user: SessionUser, *, as_manager: bool) -> None:
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


def _confirm_close(close: Done, done: Done) -> None:
    """Ask first; then close the ticket through the side's own service call and redraw the thread."""

    async def confirmed() -> None:
        try:
            await close()
        except DomainError as problem:
            ui.notify(t.error_text(problem.code), type='warning')
        else:
            ui.notify(ts.TICKET_CLOSED, type='positive')
        await done()

    confirm(ts.CLOSE_TICKET_QUESTION, confirmed, yes=ts.CLOSE_TICKET)
