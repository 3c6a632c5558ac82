"""The start page (Личный кабинет): balance and recent activity."""

from nicegui import ui

import ui_text as t
from components import theme
from domain.clock import format_local
from domain.money import format_rub
from domain.services import accounts, audit
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame


def create() -> None:
    """Register the start page."""

    @cabinet_page('/', title=t.CABINET)
    async def home(user: SessionUser) -> None:
        events = await audit.recent(account_id=None if user.is_manager else user.account_id, limit=10)
        if user.is_manager:
            figures = [(t.HOME_MANAGER_CLIENTS, str(len(await accounts.list_accounts())), 'clients')]
        else:
            assert user.account_id is not None
            bases = await accounts.count_bases(user.account_id)
            figures = [(t.HOME_BALANCE, format_rub(user.balance), 'balance'), (t.HOME_BASES, str(bases), 'bases')]
        with page_frame(t.MANAGER_CABINET if user.is_manager else t.CABINET, user=user, path='/'):
            with ui.row().classes('gap-4'):
                for label, value, mark in figures:
                    with ui.card().classes('min-w-48'):
                        ui.label(label).classes(theme.MUTED)
                        ui.label(value).classes('text-h5').mark(f'home-{mark}')
            ui.label(t.HOME_ACTIVITY).classes('text-h6')
            if not events:
                ui.label(t.HOME_NO_ACTIVITY).classes(theme.MUTED)
            rows = [
                {
                    'id': e.id,
                    'at': format_local(e.at, user.timezone),
                    'kind': t.AUDIT_KINDS.get(e.kind, e.kind),
                    'login': e.login,
                    'ip': e.ip,
                }
                for e in events
            ]
            if rows:
                columns = [
                    {'name': key, 'label': label, 'field': key, 'align': 'left'}
                    for key, label in t.ACTIVITY_COLUMNS.items()
                ]
                ui.table(columns=columns, rows=rows, row_key='id').classes('w-full').mark('activity')
