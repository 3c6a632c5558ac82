"""СМС → Реестр имен отправителей, the manager's approval page, and the protected document downloads."""

from __future__ import annotations

from fastapi import Response
from fastapi.responses import FileResponse
from nicegui import app, events, ui

import ui_text as t
from domain.clock import format_local
from domain.errors import DomainError, NotFound
from domain.services import senders
from domain.services.auth import SessionUser
from domain.services.senders import SenderInfo, Upload
from domain.uploads import MAX_DOCUMENT_BYTES
from pages.bases import client_account
from pages.session import cabinet_page, current_user, page_frame

TITLE = t.WINDOW_TITLES['senders']
MANAGER_TITLE = t.WINDOW_TITLES['manager_senders']


def create() -> None:
    """Register the registry, the manager's approval page and /documents/{id}."""

    @cabinet_page('/senders', title=TITLE)
    async def senders_page(user: SessionUser) -> None:
        account_id = client_account(user)
        with page_frame(TITLE, user=user, path='/senders'):
            ui.button(t.ADD_SENDER, icon='add', on_click=lambda: _add_dialog(account_id)).mark('add-sender')
            await _senders_table(user, account_id)

    @cabinet_page('/manager/senders', title=MANAGER_TITLE, manager=True)
    async def manager_senders_page(user: SessionUser) -> None:
        with page_frame(MANAGER_TITLE, user=user, path='/manager/senders'):
            await _pending_table(user)

    @app.get('/documents/{document_id}')
    async def document(document_id: int) -> Response:
        user = await current_user()
        try:
            if user is None:
                raise NotFound('document')
            stored = await senders.document_for(
                document_id=document_id, account_id=user.account_id, is_manager=user.is_manager
            )
        except NotFound:
            return Response(t.OBJECT_NOT_FOUND, status_code=404, media_type='text/plain; charset=utf-8')
        return FileResponse(stored.path, media_type=stored.content_type, filename=stored.filename)


@ui.refreshable
async def _senders_table(user: SessionUser, account_id: int) -> None:
    rows = await senders.list_senders(account_id=account_id)
    if not rows:
        ui.label(t.NO_SENDERS).classes('text-grey-7').mark('no-senders')
        return
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.SENDER_COLUMNS.items()]
    table = ui.table(columns=columns, rows=[_row(s, user) for s in rows], row_key='id').classes('w-full')
    table.mark('senders-table')
    _documents_slot(table)


@ui.refreshable
async def _pending_table(user: SessionUser) -> None:
    rows = await senders.pending()
    if not rows:
        ui.label(t.NO_PENDING_SENDERS).classes('text-grey-7').mark('no-pending')
        return
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.MANAGER_SENDER_COLUMNS.items()]
    table = ui.table(columns=columns, rows=[_row(s, user) for s in rows], row_key='id').classes('w-full')
    table.mark('pending-senders-table')
    _documents_slot(table)
    table.add_slot(
        'body-cell-actions',
        '<q-td :props="props" auto-width>'
        f'''<q-btn flat dense color="positive" label="{t.APPROVE}" @click="$parent.$emit('decide', props.row)"/>'''
        '</q-td>',
    )
    by_id = {s.id: s for s in rows}
    table.on('decide', lambda e: _decision_dialog(user, by_id[e.args['id']]))


def _documents_slot(table: ui.table) -> None:
    table.add_slot(
        'body-cell-documents',
        '<q-td :props="props"><div v-for="d in props.row.documents" :key="d.id">'
        '<a :href="\'/documents/\' + d.id" target="_blank">{{ d.filename }}</a></div></q-td>',
    )


def _row(sender: SenderInfo, user: SessionUser) -> dict[str, object]:
    return {
        'id': sender.id,
        'account_name': sender.account_name,
        'name': sender.name,
        'comment': sender.comment,
        'status': t.SENDER_STATUS[sender.status.value],
        'manager_comment': sender.manager_comment,
        'operators': sender.operators,
        'created_at': format_local(sender.created_at, user.timezone),
        'decided_at': format_local(sender.decided_at, user.timezone),
        'documents': [{'id': d.id, 'filename': d.filename} for d in sender.documents],
    }


def _add_dialog(account_id: int) -> None:
    uploads: list[Upload] = []
    with ui.dialog() as dialog, ui.card().classes('w-[32rem] max-w-full').mark('sender-dialog'):
        ui.label(t.NEW_SENDER_TITLE).classes('text-h6')
        name = ui.input(t.SENDER_NAME).props('outlined maxlength=30').classes('w-full').mark('sender-name')
        ui.label(t.SENDER_RULE_HINT).classes('text-caption text-grey-7')
        comment = ui.textarea(t.SENDER_COMMENT).props('outlined autogrow maxlength=1000').classes('w-full')
        comment.mark('sender-comment')

        async def received(event: events.UploadEventArguments) -> None:
            uploads.append(Upload(filename=event.file.name, data=await event.file.read()))

        ui.upload(
            label=t.SENDER_DOCUMENTS,
            multiple=True,
            auto_upload=True,
            max_file_size=MAX_DOCUMENT_BYTES,
            on_upload=received,
        ).props('accept=".pdf,.jpg,.jpeg,.png"').classes('w-full').mark('sender-documents')
        error = ui.label('').classes('text-negative').mark('sender-error')

        async def save() -> None:
            try:
                await senders.add_sender(
                    account_id=account_id, name=name.value or '', comment=comment.value or '', uploads=uploads
                )
            except DomainError as problem:
                error.text = _sender_error(problem)
                return
            dialog.close()
            ui.notify(t.SENDER_ADDED, type='positive')
            _senders_table.refresh()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.ADD, on_click=save).mark('save-sender')
    dialog.open()


def _sender_error(problem: DomainError) -> str:
    """Every broken rule of a name, or the one problem of a document (with the file it is about)."""
    rules = problem.details.get('rules')
    if isinstance(rules, list) and rules:
        return ' '.join(t.error_text(f'sender_{rule.rule.value}') for rule in rules)
    filename = problem.details.get('filename')
    return f'{filename}: {t.error_text(problem.code)}' if filename else t.error_text(problem.code)


def _decision_dialog(user: SessionUser, sender: SenderInfo) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('decision-dialog'):
        ui.label(f'{sender.account_name}: {sender.name}').classes('text-h6')
        comment = ui.textarea(t.DECISION_COMMENT).props('outlined autogrow').classes('w-full').mark('decision-comment')
        operators = ui.input(t.DECISION_OPERATORS).props('outlined').classes('w-full').mark('decision-operators')
        error = ui.label('').classes('text-negative')

        async def decide(approve: bool) -> None:
            try:
                await senders.decide(
                    sender_id=sender.id,
                    manager_id=user.user_id,
                    approve=approve,
                    comment=comment.value or '',
                    operators=operators.value or '',
                )
            except DomainError as problem:
                error.text = t.error_text(problem.code)
                return
            dialog.close()
            ui.notify(t.SENDER_APPROVED if approve else t.SENDER_REJECTED, type='positive')
            _pending_table.refresh()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.REJECT, on_click=lambda: decide(False)).props('color=negative outline').mark('reject')
            ui.button(t.APPROVE, on_click=lambda: decide(True)).props('color=positive').mark('approve')
    dialog.open()
