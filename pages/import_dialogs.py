"""Loading subscribers (from a file or the clipboard) and exporting a base: the dialogs of the manual's section 1."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from nicegui import events, run, ui

import ui_text as t
from domain.base_fields import enabled_fields
from domain.errors import DomainError
from domain.import_rules import FIO
from domain.services import imports
from domain.services.bases import BaseInfo
from domain.services.import_files import FilePreview
from domain.services.imports import ImportJob, ImportRequest, ImportResult
from pages.file_mapping import MappingEditor, receive
from pages.import_preview import mapped_preview

Done = Callable[[], Awaitable[None]]
READ_ONLY = ('region', 'operator')


def target_fields(base: BaseInfo | None) -> dict[str, str]:
    """Field key -> label of what a column can be loaded into (the stop-list takes only the number)."""
    if base is None:
        return {'phone': t.FIELD_LABELS['phone']}
    fields = {str(k): base.settings[str(k)].label or t.FIELD_LABELS[str(k)] for k in enabled_fields(base.settings)}
    for key in READ_ONLY:
        fields.pop(key, None)
    if {'last_name', 'first_name', 'middle_name'} & fields.keys():
        fields[FIO] = t.FIO_SPLIT
    return fields


async def open_file_import(account_id: int, base: BaseInfo | None, uploads_dir: Path, on_done: Done) -> None:
    """«Загрузка абонентов из XLS, XLSX, CSV, TXT-файла»: choose or drop a file, then map its columns."""
    with ui.dialog() as dialog, ui.card().classes('w-[36rem] max-w-full').mark('file-import-dialog'):
        ui.label(t.FILE_IMPORT_TITLE).classes('text-h6')
        ui.label(t.FILE_IMPORT_HINT).classes('text-caption text-grey-7')
        error = ui.label('').classes('text-negative').mark('file-import-error')

        async def received(event: events.UploadEventArguments) -> None:
            try:
                path, preview = await receive(event, uploads_dir, target_fields(base))
            except DomainError as problem:
                error.text = t.import_error(problem.code, problem.details)
                return
            dialog.close()
            await _mapping_dialog(account_id, base, path, event.file.name, preview, on_done)

        ui.upload(label=t.CHOOSE_FILE, auto_upload=True, on_upload=received).props(
            'accept=".xls,.xlsx,.ods,.csv,.txt" flat bordered'
        ).classes('w-full').mark('file-upload')
        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
    dialog.open()


async def _mapping_dialog(
    account_id: int, base: BaseInfo | None, path: Path, filename: str, preview: FilePreview, on_done: Done
) -> None:
    """«Редактирование загруженного списка»: a select above each column, sheets on/off, reading settings."""
    fields = target_fields(base)
    with ui.dialog().props('maximized') as dialog, ui.card().classes('w-full').mark('mapping-dialog'):
        ui.label(t.MAPPING_TITLE).classes('text-h6')
        ui.label(t.MAPPING_HINT).classes('text-caption text-grey-7')
        error = ui.label('').classes('text-negative').mark('mapping-error')
        editor = MappingEditor(path, filename, preview, fields, error=error)

        def below(rows: list[list[str]], mapping: list[str | None]) -> None:
            ui.label(t.AS_LOADED).classes('text-subtitle2')
            mapped_preview(rows, mapping, fields)

        editor.build(header_mark='has-header', below=below)

        async def load() -> None:
            found = editor.preview
            request = ImportRequest(
                account_id=account_id,
                base_id=base.id if base else None,
                path=path,
                filename=filename,
                sheet_names=editor.chosen_sheets(),
                encoding=found.encoding,
                delimiter=found.delimiter,
                has_header=found.has_header,
                mapping=editor.mapping(),
            )
            try:
                job = await run.io_bound(imports.start_import, request)
            except DomainError as problem:
                error.text = t.import_error(problem.code, problem.details)
                return
            if job is None:  # the app is shutting down
                return
            dialog.close()
            await _progress_dialog(job, path, on_done)

        with ui.row().classes('w-full justify-end'):

            def cancel() -> None:
                path.unlink(missing_ok=True)
                dialog.close()

            ui.button(t.CANCEL, on_click=cancel).props('flat')
            ui.button(t.LOAD, icon='upload', on_click=load).mark('load')
    dialog.open()


async def _progress_dialog(job: ImportJob, path: Path, on_done: Done) -> None:
    """Rows read / total with a Cancel button; the page stays usable meanwhile."""
    with ui.dialog().props('persistent') as dialog, ui.card().classes('w-96').mark('import-progress'):
        ui.label(t.IMPORT_RUNNING).classes('text-h6')
        bar = ui.linear_progress(value=0, show_value=False).classes('w-full')
        counter = ui.label('').classes('text-grey-8').mark('import-counter')
        cancel = ui.button(t.CANCEL, on_click=job.cancel).props('flat color=negative').mark('import-cancel')

    def tick() -> None:
        read, total, phase = job.progress()
        bar.value = min(1.0, read / total) if total else 0
        counter.text = t.import_progress(read, total, phase)

    timer = ui.timer(0.3, tick)
    dialog.open()
    try:
        result = await job.result()
    except DomainError as problem:
        timer.cancel()
        dialog.close()
        ui.notify(t.import_error(problem.code, problem.details), type='warning', timeout=10000)
        return
    finally:
        path.unlink(missing_ok=True)
        cancel.disable()
    timer.cancel()
    dialog.close()
    show_result(result)
    await on_done()


def show_result(result: ImportResult) -> None:
    """The result window: imported, updated, repeats, refused rows (downloadable), numbers in the stop-list."""
    with ui.dialog() as dialog, ui.card().classes('w-[40rem] max-w-full').mark('import-result'):
        ui.label(t.IMPORT_DONE).classes('text-h6')
        for label, value, mark in (
            (t.RESULT_IMPORTED, result.imported, 'result-imported'),
            (t.RESULT_UPDATED, result.updated, 'result-updated'),
            (t.RESULT_DUPLICATES, result.duplicates_in_file, 'result-duplicates'),
            (t.RESULT_INVALID, len(result.invalid), 'result-invalid'),
            (t.RESULT_STOPPED, result.in_stop_list, 'result-stopped'),
        ):
            ui.label(f'{label}: {value}').mark(mark)
        if result.invalid:
            rows = [
                {
                    'id': i,
                    'where': t.row_place(r.sheet, r.row_number),
                    'raw': r.raw,
                    'reason': t.error_text(r.reason_code),
                }
                for i, r in enumerate(result.invalid[:200])
            ]
            columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.INVALID_COLUMNS.items()]
            ui.table(columns=columns, rows=rows, row_key='id').props('dense flat').classes('w-full max-h-72')
            ui.button(
                t.DOWNLOAD_INVALID,
                icon='download',
                on_click=lambda: ui.download.content(imports.invalid_rows_csv(result), t.INVALID_FILENAME),
            ).props('flat').mark('download-invalid')
        with ui.row().classes('w-full justify-end'):
            ui.button(t.CLOSE, on_click=dialog.close)
    dialog.open()
