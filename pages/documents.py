"""Дополнительно → Документы (window «Закрывающие документы»): the account's invoices and acts per month, and the
protected download route /closing-documents/{id} (the manager's card of a client shows the same table)."""

from __future__ import annotations

from fastapi import Response
from fastapi.responses import FileResponse
from nicegui import app, ui

import ui_text as t
from components import theme
from domain.access import Capability
from domain.clock import format_local
from domain.errors import NotFound
from domain.services import documents
from domain.services.auth import SessionUser
from domain.services.documents import DocumentRow
from pages.bases import client_account
from pages.session import cabinet_page, current_user, page_frame
from ui_text import settings as ts

TITLE = t.WINDOW_TITLES['documents']
PATH = '/documents'
# Inline HTML (a generated act) may not run anything, whatever it contains.
_HTML_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'"


def create() -> None:
    """Register /documents and /closing-documents/{id}."""

    @cabinet_page(PATH, title=TITLE, needs=Capability.work)
    async def documents_page(user: SessionUser) -> None:
        account_id = client_account(user)
        await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS)
        rows = await documents.list_documents(account_id=account_id)
        with page_frame(TITLE, user=user, path=PATH):
            ui.label(ts.DOCUMENTS_NOTE).classes(theme.MUTED)
            documents_table(rows, timezone=user.timezone)

    @app.get('/closing-documents/{document_id}')
    async def closing_document(document_id: int, download: int = 0) -> Response:
        user = await current_user()
        try:
            if user is None:
                raise NotFound('document')
            stored = await documents.document_for(
                document_id=document_id,
                account_id=user.account_id,
                is_manager=user.is_manager,
                role=None if user.is_manager else user.account_role,
            )
        except NotFound:
            return Response(t.OBJECT_NOT_FOUND, status_code=404, media_type='text/plain; charset=utf-8')
        headers = {'X-Content-Type-Options': 'nosniff'}
        if stored.content_type.startswith('text/html'):
            headers['Content-Security-Policy'] = _HTML_POLICY
        return FileResponse(
            stored.path,
            media_type=stored.content_type,
            filename=stored.filename,
            content_disposition_type='attachment' if download else 'inline',
            headers=headers,
        )


def documents_table(rows: list[DocumentRow], *, timezone: str, manager: bool = False) -> ui.table | None:
    """The documents with «Открыть» and «Скачать» (and «Удалить» for a manager); None when there are none."""
    if not rows:
        ui.label(ts.NO_DOCUMENTS).classes(theme.MUTED).mark('no-documents')
        return None
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in ts.DOC_COLUMNS.items()]
    table_rows = [
        {
            'id': row.id,
            'period': ts.month_label(row.period),
            'period_key': row.period,
            'kind': ts.DOC_KINDS.get(row.kind, row.kind),
            'kind_key': row.kind,
            'filename': row.filename,
            'size': ts.document_size(row.size),
            'source': ts.DOC_GENERATED if row.generated else ts.DOC_UPLOADED,
            'created_at': format_local(row.created_at, timezone),
            'url': f'/closing-documents/{row.id}',
        }
        for row in rows
    ]
    table = ui.table(columns=columns, rows=table_rows, row_key='id', pagination=24).classes('w-full')
    delete = (
        f'<q-btn flat dense icon="delete" color="negative" @click="$parent.$emit(\'delete\', props.row)">'
        f'<q-tooltip>{ts.DELETE_DOCUMENT}</q-tooltip></q-btn>'
        if manager
        else ''
    )
    table.add_slot(
        'body-cell-actions',
        '<q-td :props="props" auto-width>'
        f'<q-btn flat dense icon="open_in_new" :href="props.row.url" target="_blank">'
        f'<q-tooltip>{ts.OPEN_DOCUMENT}</q-tooltip></q-btn>'
        f'<q-btn flat dense icon="download" :href="props.row.url + \'?download=1\'">'
        f'<q-tooltip>{ts.DOWNLOAD_DOCUMENT}</q-tooltip></q-btn>'
        f'{delete}</q-td>',
    )
    return table.mark('documents-table')
