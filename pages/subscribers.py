"""Список абонентов базы: the server-side grid of one base with in-place editing, filters and bulk actions."""

from __future__ import annotations

from typing import Any

from nicegui import ui

import ui_text as t
from components.confirm import confirm
from components.server_table import PageRequest, ServerTable
from domain.base_fields import enabled_fields
from domain.errors import DomainError
from domain.phones import PhoneStyle, format_phone
from domain.services import bases, subscribers
from domain.services.auth import SessionUser
from domain.services.bases import BaseInfo
from domain.services.subscribers import ListQuery, SubscriberRow
from domain.services.var_dir import var_subdir
from pages.base_settings import open_settings
from pages.bases import client_account
from pages.clipboard_export import open_clipboard_import, open_export
from pages.import_dialogs import open_file_import
from pages.session import cabinet_page, page_frame
from pages.subscriber_dialogs import open_move_dialog, open_subscriber_dialog

READ_ONLY = frozenset({'region', 'operator'})


def create() -> None:
    """Register the subscriber list of a base."""

    @cabinet_page('/bases/{base_id}', title=t.WINDOW_TITLES['bases'])
    async def base_page(user: SessionUser, base_id: int) -> None:
        account_id = client_account(user)
        base = await bases.get_base(account_id=account_id, base_id=base_id)
        with page_frame(t.base_subscribers_title(base.name), user=user, path='/bases'):
            await SubscriberList(account_id, base).build()


class SubscriberList:
    """The window's state: the base, the filters and the grid."""

    def __init__(self, account_id: int, base: BaseInfo) -> None:
        self.account_id = account_id
        self.base = base
        self.filters: dict[str, Any] = {'phone': '', 'name': '', 'region': None, 'operator': None, 'unknown': False}
        self.note_filter: dict[str, Any] = {'key': None, 'text': ''}
        self.all_matching = False
        self.table: ServerTable | None = None
        self.total_label: ui.label | None = None

    async def build(self) -> None:
        """Draw the toolbar, the filters and the grid, then load the first page."""
        self._toolbar()
        self._filters()
        keys = [str(key) for key in enabled_fields(self.base.settings)]
        columns = [_column(key, self._label(key)) for key in keys] + [_column('timezone', t.TIMEZONE)]
        columns.append({'name': 'actions', 'label': '', 'field': 'actions'})
        self.table = ServerTable(
            columns=columns,
            fetch=self._fetch,
            editable=frozenset(keys) - READ_ONLY,
            save_cell=self._save_cell,
            marker='subscribers-table',
        )
        self.table.table.add_slot(
            'body-cell-actions',
            '<q-td :props="props" auto-width><q-btn flat dense icon="edit" '
            f""" @click="$parent.$emit('edit', props.row)"><q-tooltip>{t.EDIT}</q-tooltip></q-btn></q-td>""",
        )
        self.table.table.on('edit', lambda e: self._edit(int(e.args['id'])))
        self.total_label = ui.label('').classes('text-grey-7').mark('subscribers-total')
        await self.table.reload()
        self._show_total()

    def _label(self, key: str) -> str:
        return self.base.settings[key].label or t.FIELD_LABELS[key]

    def _toolbar(self) -> None:
        with ui.row().classes('gap-2 items-center'):
            ui.link(f'← {t.ITEM_BASES}', '/bases')
            ui.button(t.ADD_ONE, icon='person_add', on_click=self._add).mark('add-one')
            ui.button(t.LOAD_FROM_FILE, icon='upload_file', on_click=self._file_import).props('outline').mark(
                'load-file'
            )
            ui.button(t.LOAD_FROM_CLIPBOARD, icon='content_paste', on_click=self._clipboard).props('outline').mark(
                'load-clipboard'
            )
            ui.button(t.EXPORT_BASE, icon='file_download', on_click=self._export).props('outline').mark('export')
            ui.button(t.DELETE_SELECTED, icon='delete', on_click=self._delete_selected).props('outline').mark(
                'delete-selected'
            )
            ui.button(t.DELETE_ALL, icon='delete_forever', on_click=self._delete_all).props(
                'outline color=negative'
            ).mark('delete-all')
            ui.button(t.MOVE_SELECTED, icon='drive_file_move', on_click=self._move).props('outline').mark('move')
            ui.button(t.BASE_SETTINGS, icon='tune', on_click=self._settings).props('flat').mark('base-settings')

    def _filters(self) -> None:
        regions, operators = bases.filter_choices()
        keys = [str(key) for key in enabled_fields(self.base.settings)]
        notes = {key: self._label(key) for key in keys if key.startswith('note')}
        with ui.row().classes('gap-2 items-end w-full'):
            self._text_filter(t.FILTER_PHONE, self.filters, 'phone', 'filter-phone')
            self._text_filter(t.FILTER_NAME, self.filters, 'name', 'filter-name')
            self._select_filter(regions, t.FILTER_REGION, self.filters, 'region', 'filter-region')
            self._select_filter(operators, t.FILTER_OPERATOR, self.filters, 'operator', 'filter-operator')
            if notes:
                self._select_filter(notes, t.FILTER_NOTE_FIELD, self.note_filter, 'key', 'filter-note-field')
                self._text_filter(t.FILTER_NOTE_TEXT, self.note_filter, 'text', 'filter-note-text')
            ui.checkbox(t.ONLY_UNKNOWN, on_change=self._refilter).bind_value(self.filters, 'unknown').mark(
                'filter-unknown'
            )
            ui.checkbox(t.SELECT_ALL_MATCHING).bind_value(self, 'all_matching').mark('select-all-matching')

    def _text_filter(self, label: str, target: dict[str, Any], key: str, marker: str) -> None:
        field = ui.input(label, on_change=self._refilter).bind_value(target, key)
        field.props('dense clearable debounce=400').mark(marker)

    def _select_filter(
        self, options: list[str] | dict[str, str], label: str, target: dict[str, Any], key: str, marker: str
    ) -> None:
        select = ui.select(options, label=label, with_input=True, clearable=True, on_change=self._refilter)
        select.bind_value(target, key).props('dense').classes('min-w-48').mark(marker)

    def _query(self, request: PageRequest | None = None) -> ListQuery:
        notes = {}
        if self.note_filter['key'] and (self.note_filter['text'] or '').strip():
            notes[self.note_filter['key']] = self.note_filter['text'].strip()
        return ListQuery(
            sort=(request.sort if request and request.sort else 'id') if request else 'id',
            descending=request.descending if request else False,
            phone=(self.filters['phone'] or '').strip(),
            name=(self.filters['name'] or '').strip(),
            region=self.filters['region'] or '',
            operator=self.filters['operator'] or '',
            unknown_only=bool(self.filters['unknown']),
            notes=notes,
            offset=request.offset if request else 0,
            limit=request.limit if request else 50,
        )

    async def _fetch(self, request: PageRequest) -> tuple[list[dict[str, Any]], int]:
        if request.sort not in SORTABLE:
            request = PageRequest(offset=request.offset, limit=request.limit, sort=None, descending=False)
        page = await subscribers.list_subscribers(
            account_id=self.account_id, base_id=self.base.id, query=self._query(request)
        )
        return [_row(r) for r in page.rows], page.total

    async def _refilter(self) -> None:
        if self.table is not None:
            await self.table.reload(first_page=True)
            self._show_total()

    def _show_total(self) -> None:
        if self.total_label is not None and self.table is not None:
            self.total_label.text = t.subscribers_total(self.table.total)

    async def _save_cell(self, subscriber_id: int, key: str, raw: str) -> dict[str, Any]:
        try:
            row = await subscribers.update_field(
                account_id=self.account_id, base_id=self.base.id, subscriber_id=subscriber_id, key=key, raw=raw
            )
        except DomainError as problem:
            raise ValueError(t.error_text(problem.code)) from problem
        return _row(row)

    def _selection(self) -> tuple[list[int] | None, ListQuery | None] | None:
        """The ids ticked, or the whole filter when «Выбрать все по фильтру» is on; None when nothing is chosen."""
        assert self.table is not None
        if self.all_matching:
            return None, self._query()
        ids = self.table.selected_ids
        if not ids:
            ui.notify(t.NOTHING_SELECTED, type='warning')
            return None
        return ids, None

    async def _after_change(self) -> None:
        self.base = await bases.get_base(account_id=self.account_id, base_id=self.base.id)
        await self._refilter()

    async def _add(self) -> None:
        await open_subscriber_dialog(self.account_id, self.base, None, self._after_change)

    async def _edit(self, subscriber_id: int) -> None:
        await open_subscriber_dialog(self.account_id, self.base, subscriber_id, self._after_change)

    async def _delete_selected(self) -> None:
        chosen = self._selection()
        if chosen is None or self.table is None:
            return
        ids, query = chosen
        count = len(ids) if ids is not None else self.table.total

        async def delete() -> None:
            removed = await subscribers.delete_subscribers(
                account_id=self.account_id, base_id=self.base.id, ids=ids, query=query
            )
            ui.notify(t.subscribers_deleted(removed), type='positive')
            await self._after_change()

        confirm(t.confirm_delete_subscribers(count), delete)

    async def _delete_all(self) -> None:
        async def delete() -> None:
            removed = await subscribers.delete_subscribers(account_id=self.account_id, base_id=self.base.id)
            ui.notify(t.subscribers_deleted(removed), type='positive')
            await self._after_change()

        confirm(t.confirm_delete_subscribers(self.base.subscriber_count), delete)

    async def _move(self) -> None:
        chosen = self._selection()
        if chosen is None:
            return
        ids, query = chosen
        targets = [b for b in await bases.list_bases(account_id=self.account_id) if b.id != self.base.id]
        open_move_dialog(self.account_id, self.base, targets, ids, query, self._after_change)

    async def _file_import(self) -> None:
        await open_file_import(self.account_id, self.base, var_subdir('uploads'), self._after_change)

    def _clipboard(self) -> None:
        open_clipboard_import(self.account_id, self.base, self._after_change)

    def _export(self) -> None:
        """Ticked rows, or everything matching the filter (the whole base when no filter is set)."""
        assert self.table is not None
        ids = None if self.all_matching else (self.table.selected_ids or None)
        open_export(self.account_id, self.base, ids=ids, query=None if ids else self._query())

    async def _settings(self) -> None:
        async def saved(_: BaseInfo) -> None:
            ui.navigate.reload()

        open_settings(self.account_id, self.base, saved)


# Every data column sorts. Phone, surname, region and operator have indexes and answer in milliseconds on a
# million-row base; the others sort after filtering (up to ~2 s for a note column over a whole million-row base).
SORTABLE = frozenset(
    {'phone', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'region', 'operator'}
    | {f'note{n}' for n in range(1, 11)}
)


def _column(key: str, label: str) -> dict[str, Any]:
    return {'name': key, 'label': label, 'field': key, 'align': 'left', 'sortable': key in SORTABLE}


def _row(row: SubscriberRow) -> dict[str, Any]:
    return {
        'id': row.id,
        'phone': format_phone(row.phone, PhoneStyle.PLUS7_SPACED),
        'phone_raw': row.phone,
        'last_name': row.last_name,
        'first_name': row.first_name,
        'middle_name': row.middle_name,
        'birth_date': row.birth_date.strftime('%d.%m.%Y') if row.birth_date else '',
        'gender': t.GENDER_OPTIONS.get(row.gender, ''),
        'region': row.region or t.UNKNOWN,
        'operator': row.operator or t.UNKNOWN,
        'timezone': row.timezone,
        **row.notes,
    }
