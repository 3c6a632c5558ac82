"""Менеджер → Журнал аудита: security events and manager actions, newest first, searchable."""

from __future__ import annotations

from nicegui import ui

import ui_text as t
from domain.clock import format_local
from domain.services import clients
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['audit']


def create() -> None:
    """Register the audit log page."""

    @cabinet_page('/manager/audit', title=TITLE, manager=True)
    async def audit_page(user: SessionUser) -> None:
        with page_frame(TITLE, user=user, path='/manager/audit'):
            with ui.row().classes('items-end gap-2'):
                text = ui.input(t.AUDIT_SEARCH).props('dense clearable debounce=400').classes('w-80')
                text.mark('audit-search')
                kind = ui.select({'': t.AUDIT_ALL_KINDS, **t.AUDIT_KINDS}, value='', label=t.AUDIT_KIND)
                kind.classes('min-w-56').mark('audit-kind')

            @ui.refreshable
            async def events() -> None:
                rows = await clients.search_audit(manager_id=user.user_id, text=text.value or '', kind=kind.value or '')
                columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.AUDIT_COLUMNS.items()]
                table_rows = [
                    {
                        'id': r.id,
                        'at': format_local(r.at, user.timezone),
                        'kind': t.AUDIT_KINDS.get(r.kind, r.kind),
                        'login': r.login,
                        'account': r.account_name,
                        'ip': r.ip,
                        'details': r.details,
                    }
                    for r in rows
                ]
                ui.table(columns=columns, rows=table_rows, row_key='id', pagination=50).classes('w-full').mark(
                    'audit-table'
                )

            text.on_value_change(events.refresh)
            kind.on_value_change(events.refresh)
            await events()
