"""«Загрузка номера из буфера обмена» with its check window «Загрузка номеров», and the export of a base."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

import ui_text as t
from domain.errors import DomainError
from domain.phones import PhoneStyle, format_phone
from domain.services import exports, imports
from domain.services.bases import BaseInfo
from domain.services.imports import ClipboardCheck, ClipboardEntry
from domain.services.subscribers import ListQuery
from pages.import_dialogs import show_result

Done = Callable[[], Awaitable[None]]
EXPORT_LABELS = {**t.FIELD_LABELS, 'timezone': t.TIMEZONE}
CHECK_ROWS = 200  # entries listed in «Загрузка номеров»; the counts above cover all of them
_NOTE_CELL = '<q-td :props="props" :class="props.row.tone">{{ props.value }}</q-td>'


def open_clipboard_import(account_id: int, base: BaseInfo | None, on_done: Done) -> None:
    """Numbers separated by new lines, commas, semicolons, tabs or spaces, optionally with a name after each."""
    with ui.dialog() as dialog, ui.card().classes('w-[32rem] max-w-full').mark('clipboard-dialog'):
        ui.label(t.CLIPBOARD_TITLE).classes('text-h6')
        text = ui.textarea(t.CLIPBOARD_HINT).props('outlined autogrow').classes('w-full').mark('clipboard-text')
        error = ui.label('').classes('text-negative')

        def check() -> None:
            found = imports.check_clipboard(text.value or '')
            if not found.valid:
                error.text = t.CLIPBOARD_NOTHING
                return
            dialog.close()
            _check_window(account_id, base, text.value or '', found, on_done)

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.LOAD, on_click=check).mark('clipboard-check')
    dialog.open()


def _check_window(account_id: int, base: BaseInfo | None, text: str, found: ClipboardCheck, on_done: Done) -> None:
    """«Загрузка номеров»: the counts and the first entries before anything is written."""
    with ui.dialog() as dialog, ui.card().classes('w-[40rem] max-w-full').mark('clipboard-check-window'):
        ui.label(t.CLIPBOARD_CHECK_TITLE).classes('text-h6')
        ui.label(t.CLIPBOARD_CHECK_HINT).classes('text-caption text-grey-7')
        with ui.row().classes('gap-x-6 gap-y-0'):
            ui.label(f'{t.CHECK_VALID}: {found.valid}').mark('check-valid')
            ui.label(f'{t.CHECK_DUPLICATES}: {found.duplicates}').mark('check-duplicates')
            ui.label(f'{t.CHECK_INVALID}: {len(found.invalid)}').mark('check-invalid')
        _entries_table(found.entries, with_names=base is not None)

        async def load() -> None:
            try:
                result = await imports.import_clipboard(
                    account_id=account_id, base_id=base.id if base else None, text=text
                )
            except DomainError as problem:
                ui.notify(t.import_error(problem.code, problem.details), type='warning')
                return
            dialog.close()
            show_result(result)
            await on_done()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.LOAD, on_click=load).mark('clipboard-load')
    dialog.open()


def _entries_table(entries: list[ClipboardEntry], *, with_names: bool) -> None:
    """The first entries as the import reads them; the stop-list keeps no names, so then there is no name column."""
    shown = entries[:CHECK_ROWS]
    rows = [
        {
            'place': entry.place,
            'phone': format_phone(entry.phone, PhoneStyle.PLUS7_SPACED) if entry.phone else entry.raw,
            'name': entry.name,
            'note': _note(entry),
            'tone': 'text-negative' if entry.reason_code else 'text-grey-7',
        }
        for entry in shown
    ]
    columns = [
        {'name': key, 'label': label, 'field': key, 'align': 'left'}
        for key, label in t.CHECK_COLUMNS.items()
        if with_names or key != 'name'
    ]
    table = ui.table(columns=columns, rows=rows, row_key='place').props('dense flat bordered')
    table.classes('w-full max-h-72').mark('check-entries')
    table.add_slot('body-cell-note', _NOTE_CELL)
    if len(entries) > len(shown):
        ui.label(t.check_more(len(shown), len(entries))).classes('text-caption text-grey-7').mark('check-more')


def _note(entry: ClipboardEntry) -> str:
    if entry.reason_code:
        return t.error_text(entry.reason_code)
    return t.CHECK_REPEAT if entry.repeat else ''


def open_export(
    account_id: int, base: BaseInfo, ids: Sequence[int] | None = None, query: ListQuery | None = None
) -> None:
    """Export the whole base, or the ticked / filtered subscribers, to XLSX or CSV."""
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('export-dialog'):
        ui.label(t.export_title(base.name)).classes('text-h6')
        fmt = ui.radio({'xlsx': t.EXPORT_XLSX, 'csv': t.EXPORT_CSV}, value='xlsx').mark('export-format')
        encoding = ui.select({'utf-8-sig': 'UTF-8', 'cp1251': 'Windows-1251'}, value='utf-8-sig', label=t.ENCODING)
        encoding.bind_visibility_from(fmt, 'value', value='csv')
        bar = ui.linear_progress(value=0, show_value=False).classes('w-full')
        bar.set_visibility(False)
        cancel_event = threading.Event()

        def progress(done: int, total: int) -> None:
            bar.value = done / total if total else 1

        async def start() -> None:
            bar.set_visibility(True)
            go.disable()
            try:
                exported = await exports.export_base(
                    account_id=account_id,
                    base_id=base.id,
                    fmt=fmt.value,
                    labels=EXPORT_LABELS,
                    encoding=encoding.value,
                    ids=ids,
                    query=query,
                    progress=progress,
                    cancel=cancel_event,
                )
            except DomainError as problem:
                ui.notify(t.error_text(problem.code), type='warning')
                dialog.close()
                return
            dialog.close()
            ui.download.file(exported.path, exported.filename)
            note = t.export_done(exported.rows) + (
                f' {t.export_replaced(exported.replaced)}' if exported.replaced else ''
            )
            ui.notify(note, type='positive', timeout=8000)

        with ui.row().classes('w-full justify-end'):

            def cancel() -> None:
                cancel_event.set()
                dialog.close()

            ui.button(t.CANCEL, on_click=cancel).props('flat')
            go = ui.button(t.EXPORT, icon='download', on_click=start).mark('export-start')
    dialog.open()
