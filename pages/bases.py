"""Телефонная база: Управление базами получателей сообщений and a base's subscriber list."""

from nicegui import ui

import ui_text as t
from components.frame import in_development
from domain.clock import format_local_date
from domain.errors import DomainError
from domain.services import bases
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['bases']


def create() -> None:
    """Register the bases list and the subscriber list of one base."""

    @cabinet_page('/bases', title=TITLE)
    async def bases_page(user: SessionUser) -> None:
        account_id = _client_account(user)
        rows = await bases.list_bases(account_id=account_id)
        with page_frame(TITLE, user=user, path='/bases'):
            with ui.row().classes('gap-2'):
                ui.button(t.CREATE_BASE, icon='add', on_click=lambda: _new_base_dialog(account_id)).mark('create-base')
                ui.link(t.ITEM_STOPLIST, '/stoplist').classes('self-center')
            if not rows:
                ui.label(t.NO_BASES).classes('text-grey-7').mark('no-bases')
                return
            columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.BASE_COLUMNS.items()]
            table_rows = [
                {'id': b.id, 'name': b.name, 'created_at': format_local_date(b.created_at, user.timezone)} for b in rows
            ]
            table = ui.table(columns=columns, rows=table_rows, row_key='id').classes('w-full').mark('bases-table')
            table.on('row-click', lambda e: ui.navigate.to(f'/bases/{e.args[1]["id"]}'))
            table.props('hover')

    @cabinet_page('/bases/{base_id}', title=TITLE)
    async def base_page(user: SessionUser, base_id: int) -> None:
        base = await bases.get_base(account_id=_client_account(user), base_id=base_id)
        title = t.base_subscribers_title(base.name)
        with page_frame(title, user=user, path='/bases'):
            ui.link(f'← {t.ITEM_BASES}', '/bases')
            in_development(title)


def _client_account(user: SessionUser) -> int:
    """Phone bases belong to a client account; a manager has none of his own."""
    if user.account_id is None:
        raise DomainError('forbidden')
    return user.account_id


def _new_base_dialog(account_id: int) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('new-base-dialog'):
        ui.label(t.NEW_BASE_TITLE).classes('text-h6')
        name = ui.input(t.BASE_NAME).props('outlined autofocus maxlength=200').classes('w-full').mark('base-name')

        async def save() -> None:
            try:
                base = await bases.create_base(account_id=account_id, name=name.value or '')
            except DomainError as error:
                name.error = t.error_text(error.code)
                return
            dialog.close()
            ui.navigate.to(f'/bases/{base.id}')

        name.on('keydown.enter', save)
        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.SAVE, on_click=save).mark('save-base')
    dialog.open()
