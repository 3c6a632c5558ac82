"""The «Из файла» tab: a file read with the importer's reader and column mapping; rows become recipients in memory.

Nothing is saved into bases: the numbers and the mapped fields travel with the draft (for the inserts) and the
uploaded file is deleted as soon as it is read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from nicegui import events, run, ui

import ui_text as t
from domain.errors import DomainError
from domain.import_rules import FIO, split_fio
from domain.services import import_files
from domain.services.import_files import FilePreview
from domain.services.mailings import FileRecipient
from pages.file_mapping import MappingEditor, receive
from ui_text import sending as ts

Loaded = Callable[[tuple[FileRecipient, ...], str], Awaitable[None]]


def file_fields(labels: dict[str, str]) -> dict[str, str]:
    """What a column of the file can be: the number, the insertable fields under the account's labels, or FIO."""
    fields = {'phone': labels.get('phone', t.FIELD_LABELS['phone'])}
    fields.update({key: label for key, label in labels.items() if key not in ('phone', 'region', 'operator')})
    if {'last_name', 'first_name', 'middle_name'} & fields.keys():
        fields[FIO] = ts.FIELD_FIO
    return fields


async def open_file_recipients(fields: dict[str, str], uploads_dir: Path, on_loaded: Loaded) -> None:
    """Choose a file, then map its columns; «Использовать» reads every row and hands the recipients back."""
    with ui.dialog() as dialog, ui.card().classes('w-[36rem] max-w-full').mark('send-file-dialog'):
        ui.label(ts.FILE_TITLE).classes('text-h6')
        ui.label(t.FILE_IMPORT_HINT).classes('text-caption text-grey-7')
        error = ui.label('').classes('text-negative').mark('send-file-error')

        async def received(event: events.UploadEventArguments) -> None:
            try:
                path, preview = await receive(event, uploads_dir, fields)
            except DomainError as problem:
                error.text = t.import_error(problem.code, problem.details)
                return
            dialog.close()
            _mapping_dialog(path, event.file.name, preview, fields, on_loaded)

        ui.upload(label=t.CHOOSE_FILE, auto_upload=True, on_upload=received).props(
            'accept=".xls,.xlsx,.ods,.csv,.txt" flat bordered'
        ).classes('w-full').mark('send-file-upload')
        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
    dialog.open()


def read_recipients(
    path: Path,
    *,
    filename: str,
    sheet_names: Sequence[str],
    encoding: str,
    delimiter: str,
    has_header: bool,
    mapping: Sequence[str | None],
) -> tuple[FileRecipient, ...]:
    """Every data row of the chosen sheets as a recipient: the number column and the mapped fields (synchronous)."""
    if 'phone' not in mapping:
        raise DomainError('import_no_phone_column')
    phone_at = list(mapping).index('phone')
    found: list[FileRecipient] = []
    rows = import_files.iter_rows(
        path, filename=filename, sheet_names=sheet_names, encoding=encoding, delimiter=delimiter, has_header=has_header
    )
    for item in rows:
        cells = item.cells
        values: dict[str, str] = {}
        for index, key in enumerate(mapping):
            if key is None or key == 'phone' or index >= len(cells):
                continue
            if key == FIO:
                values.update(zip(('last_name', 'first_name', 'middle_name'), split_fio(cells[index]), strict=True))
            else:
                values[key] = cells[index]
        phone = cells[phone_at] if phone_at < len(cells) else ''
        found.append(FileRecipient(row=item.row_number, phone=phone, values=values))
    return tuple(found)


def _mapping_dialog(path: Path, filename: str, preview: FilePreview, fields: dict[str, str], on_loaded: Loaded) -> None:
    """«Редактирование загруженного списка» of the importer, ending in «Использовать» instead of loading a base."""
    with ui.dialog().props('maximized persistent') as dialog, ui.card().classes('w-full').mark('send-file-mapping'):
        ui.label(t.MAPPING_TITLE).classes('text-h6')
        ui.label(t.MAPPING_HINT).classes('text-caption text-grey-7')
        error = ui.label('').classes('text-negative').mark('send-file-mapping-error')
        editor = MappingEditor(path, filename, preview, fields, error=error)
        editor.build(header_mark='send-file-has-header')

        async def use() -> None:
            found = editor.preview
            error.text = ts.FILE_READING
            try:
                rows = await run.io_bound(
                    read_recipients,
                    path,
                    filename=filename,
                    sheet_names=editor.chosen_sheets(),
                    encoding=found.encoding,
                    delimiter=found.delimiter,
                    has_header=found.has_header,
                    mapping=editor.mapping(),
                )
            except DomainError as problem:
                error.text = t.import_error(problem.code, problem.details)
                return
            if rows is None:  # the app is shutting down
                return
            path.unlink(missing_ok=True)
            dialog.close()
            await on_loaded(rows, filename)

        def cancel() -> None:
            path.unlink(missing_ok=True)
            dialog.close()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=cancel).props('flat')
            ui.button(ts.FILE_USE, icon='check', on_click=use).mark('send-file-use')
    dialog.open()
