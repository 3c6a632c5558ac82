"""Телефонная база: Управление базами получателей сообщений and a base's subscriber list."""

from nicegui import ui

import ui_text as t
from components.confirm import confirm
from components.row_actions import actions_cell, row_button
from domain.clock import format_local_date
from domain.errors import DomainError
from domain.services import bases
from domain.services.auth import SessionUser
from domain.services.bases import BaseInfo
from pages.base_settings import open_settings
from pages.clipboard_export import open_export
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['bases']


def create() -> None:
    """Register the bases list and the subscriber list of one base."""

    @cabinet_page('/bases', title=TITLE)
    async def bases_page(user: SessionUser) -> None:
        account_id = client_account(user)
        with page_frame(TITLE, user=user, path='/bases'):
            with ui.row().classes('gap-2 items-center'):
                ui.button(t.CREATE_BASE, icon='add', on_click=lambda: _new_base_dialog(account_id)).mark('create-base')
                ui.link(t.ITEM_STOPLIST, '/stoplist')
            await _bases_table(user, account_id)


def client_account(user: SessionUser) -> int:
    """Phone bases belong to a client account; a manager has none of his own."""
    if user.account_id is None:
        raise DomainError('forbidden')
    return user.account_id


@ui.refreshable
async def _bases_table(user: SessionUser, account_id: int) -> None:
    rows = await bases.list_bases(account_id=account_id)
    if not rows:
        ui.label(t.NO_BASES).classes('text-grey-7').mark('no-bases')
        return
    by_id = {b.id: b for b in rows}
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.BASE_COLUMNS.items()]
    table_rows = [
        {
            'id': b.id,
            'name': b.name,
            'subscriber_count': b.subscriber_count,
            'created_at': format_local_date(b.created_at, user.timezone),
        }
        for b in rows
    ]
    table = ui.table(columns=columns, rows=table_rows, row_key='id').classes('w-full').mark('bases-table')
    table.add_slot(
        'body-cell-actions',
        actions_cell(
            row_button('open', 'open_in_new', t.OPEN_BASE),
            row_button('settings', 'tune', t.BASE_SETTINGS),
            row_button('export', 'file_download', t.EXPORT_BASE),
            row_button('delete', 'delete', t.DELETE_BASE, 'color="negative"'),
        ),
    )
    table.on('open', lambda e: ui.navigate.to(f'/bases/{e.args["id"]}'))
    table.on('settings', lambda e: open_settings(account_id, by_id[e.args['id']], _reload))
    table.on('delete', lambda e: _confirm_delete(account_id, by_id[e.args['id']]))
    table.on('export', lambda e: open_export(account_id, by_id[e.args['id']]))


async def _reload(_: BaseInfo | None = None) -> None:
    _bases_table.refresh()


def _confirm_delete(account_id: int, base: BaseInfo) -> None:
    async def delete() -> None:
        removed = await bases.delete_base(account_id=account_id, base_id=base.id)
        ui.notify(t.base_deleted(base.name, removed), type='positive')
        _bases_table.refresh()

    confirm(t.confirm_delete_base(base.name, base.subscriber_count), delete)


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
