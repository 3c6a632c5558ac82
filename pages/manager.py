"""The manager's console: Клиенты (the other manager windows come with their issues)."""

from nicegui import ui

import ui_text as t
from domain.clock import format_local
from domain.money import format_rub
from domain.services import accounts
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['clients']


def create() -> None:
    """Register the manager's pages."""

    @cabinet_page('/manager/clients', title=TITLE, manager=True)
    async def clients_page(user: SessionUser) -> None:
        rows = await accounts.list_accounts()
        with page_frame(TITLE, user=user, path='/manager/clients'):
            columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.CLIENT_COLUMNS.items()]
            table_rows = [
                {
                    'id': a.id,
                    'name': a.name,
                    'balance': format_rub(a.balance),
                    'credit_limit': format_rub(a.credit_limit),
                    'users': a.users,
                    'last_login_at': format_local(a.last_login_at, user.timezone, empty=t.NEVER),
                    'status': t.CLIENT_ACTIVE if a.is_active else t.CLIENT_BLOCKED,
                }
                for a in rows
            ]
            ui.table(columns=columns, rows=table_rows, row_key='id').classes('w-full').mark('clients-table')
