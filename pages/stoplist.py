"""Глобальный СТОП-лист: Список абонентов, которые не должны получать СМС."""

from typing import Any

from nicegui import ui

import ui_text as t
from domain.clock import format_local
from domain.errors import DomainError
from domain.phones import PhoneStyle, format_phone
from domain.services import stoplist
from domain.services.auth import SessionUser
from domain.services.stoplist import StopListPage, StopListRow
from domain.services.var_dir import var_subdir
from pages.clipboard_export import open_clipboard_import
from pages.import_dialogs import open_file_import
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['stoplist']
PATH = '/stoplist'


def create() -> None:
    """Register the stop-list window."""

    @cabinet_page(PATH, title=TITLE)
    async def stoplist_page(user: SessionUser) -> None:
        if user.account_id is None:  # the stop-list belongs to a client account; a manager has none
            raise DomainError('forbidden')
        first = await stoplist.list_entries(account_id=user.account_id)
        with page_frame(TITLE, user=user, path=PATH):
            _StopListView(account_id=user.account_id, timezone=user.timezone).build(first)


class _StopListView:
    """The table with its search, add dialog and deletion; pages are asked from the server."""

    def __init__(self, *, account_id: int, timezone: str) -> None:
        self.account_id = account_id
        self.timezone = timezone

    def build(self, first: StopListPage) -> None:
        with ui.row().classes('w-full items-center gap-2'):
            ui.button(t.STOPLIST_ADD, icon='add', on_click=self.open_add_dialog).mark('add-number')
            ui.button(t.STOPLIST_DELETE_SELECTED, icon='delete', on_click=self.confirm_delete).props('outline').mark(
                'delete-selected'
            )
            ui.button(t.LOAD_FROM_FILE, icon='upload_file', on_click=self.open_file_import).props('outline').mark(
                'stoplist-file'
            )
            ui.button(t.LOAD_FROM_CLIPBOARD, icon='content_paste', on_click=self.open_clipboard).props('outline').mark(
                'stoplist-clipboard'
            )
            ui.space()
            self.search = (
                ui.input(placeholder=t.STOPLIST_SEARCH, on_change=lambda: self.load(page=1))
                .props('outlined dense clearable debounce=400')
                .classes('w-80')
                .mark('stoplist-search')
            )
        columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.STOPLIST_COLUMNS.items()]
        pagination = {'page': 1, 'rowsPerPage': stoplist.PAGE_SIZE, 'rowsNumber': first.total}
        self.table = (
            ui.table(
                columns=columns, rows=self._rows(first.rows), row_key='id', selection='multiple', pagination=pagination
            )
            .props(f'flat bordered :rows-per-page-options="[25, 50, 100]" no-data-label="{t.STOPLIST_EMPTY}"')
            .classes('w-full')
            .mark('stoplist-table')
        )
        self.table.on('request', self.on_request)

    async def open_file_import(self) -> None:
        await open_file_import(self.account_id, None, var_subdir('uploads'), self.reload)

    def open_clipboard(self) -> None:
        open_clipboard_import(self.account_id, None, self.reload)

    async def reload(self) -> None:
        await self.load(page=1)

    async def on_request(self, event: Any) -> None:
        requested = event.args.get('pagination', {})
        self.table.pagination = {**self.table.pagination, 'rowsPerPage': requested.get('rowsPerPage') or 50}
        await self.load(page=int(requested.get('page') or 1))

    async def load(self, *, page: int) -> None:
        """Show one page of the entries that match the search."""
        size = int(self.table.pagination.get('rowsPerPage') or stoplist.PAGE_SIZE)
        search = self.search.value or ''
        result = await stoplist.list_entries(
            account_id=self.account_id, search=search, offset=(page - 1) * size, limit=size
        )
        if not result.rows and page > 1:  # the last page emptied by a deletion: show the one before
            await self.load(page=max(1, -(-result.total // size)))
            return
        self.table.rows = self._rows(result.rows)
        self.table.selected = []
        self.table.pagination = {**self.table.pagination, 'page': page, 'rowsNumber': result.total}

    def open_add_dialog(self) -> None:
        with ui.dialog() as dialog, ui.card().classes('w-96').mark('add-number-dialog'):
            ui.label(t.STOPLIST_ADD_TITLE).classes('text-h6')
            phone = ui.input(t.STOPLIST_PHONE).props('outlined autofocus').classes('w-full').mark('stoplist-phone')
            comment = ui.input(t.STOPLIST_COMMENT).props('outlined maxlength=255').classes('w-full')
            comment.mark('stoplist-comment')

            async def save() -> None:
                phone.error = comment.error = None
                try:
                    row = await stoplist.add_entry(
                        account_id=self.account_id, raw_phone=phone.value or '', comment=comment.value or ''
                    )
                except DomainError as error:
                    field = comment if error.code.startswith('stoplist_comment') else phone
                    field.error = t.error_text(error.code)
                    return
                dialog.close()
                ui.notify(t.stoplist_added(_phone_text(row.phone)), type='positive')
                await self.load(page=1)

            phone.on('keydown.enter', save)
            with ui.row().classes('w-full justify-end'):
                ui.button(t.CANCEL, on_click=dialog.close).props('flat')
                ui.button(t.STOPLIST_ADD_BUTTON, on_click=save).mark('save-number')
        dialog.open()

    def confirm_delete(self) -> None:
        ids = [row['id'] for row in self.table.selected]
        if not ids:
            ui.notify(t.STOPLIST_NOTHING_SELECTED, type='warning')
            return
        with ui.dialog() as dialog, ui.card().mark('delete-dialog'):
            ui.label(t.stoplist_delete_question(len(ids)))

            async def delete() -> None:
                deleted = await stoplist.delete_entries(account_id=self.account_id, ids=ids)
                dialog.close()
                ui.notify(t.stoplist_deleted(deleted))
                await self.load(page=int(self.table.pagination.get('page') or 1))

            with ui.row().classes('w-full justify-end'):
                ui.button(t.CANCEL, on_click=dialog.close).props('flat')
                ui.button(t.STOPLIST_DELETE, on_click=delete).props('color=negative').mark('confirm-delete')
        dialog.open()

    def _rows(self, rows: list[StopListRow]) -> list[dict[str, Any]]:
        return [
            {
                'id': row.id,
                'phone': _phone_text(row.phone),
                'comment': row.comment,
                'created_at': format_local(row.created_at, self.timezone),
            }
            for row in rows
        ]


def _phone_text(e164: str) -> str:
    return format_phone(e164, PhoneStyle.PLUS7_SPACED)
