"""The column mapping of an uploaded file (the manual's «Редактирование загруженного списка»).

Shared by loading a phone base (pages/import_dialogs.py) and by the composer's «Из файла» (pages/send_file.py):
reading settings of a text file, the header switch, sheets on/off and a select above each column.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from nicegui import events, run, ui

import ui_text as t
from domain.errors import DomainError
from domain.import_rules import DELIMITERS, ENCODINGS, FIO
from domain.services import import_files
from domain.services.import_files import FilePreview, SheetPreview
from domain.uploads import safe_filename

NOT_LOADED = '__skip__'


class FilePreviewAt(NamedTuple):
    """A saved upload and its preview."""

    path: Path
    preview: FilePreview


# drawn under the columns with the data rows and the current mapping (the import's «Как будет загружено»)
Below = Callable[[list[list[str]], list[str | None]], None]


async def receive(event: events.UploadEventArguments, uploads_dir: Path, fields: dict[str, str]) -> FilePreviewAt:
    """Save an upload under a unique name and read its preview; a refused file is deleted and its error raised."""
    uploads_dir.mkdir(parents=True, exist_ok=True)
    path = uploads_dir / f'{uuid.uuid4().hex}-{safe_filename(event.file.name)}'
    await event.file.save(path)
    try:
        return FilePreviewAt(path, await inspect(path, event.file.name, fields))
    except DomainError:
        path.unlink(missing_ok=True)
        raise


async def inspect(path: Path, filename: str, fields: dict[str, str], **settings: Any) -> FilePreview:
    """Read the first rows of every sheet off the event loop, guessing a mapping onto `fields` (key -> label)."""
    found = await run.io_bound(
        import_files.inspect_file,
        path,
        filename=filename,
        enabled_fields=[key for key in fields if key != FIO],
        labels=fields,
        **settings,
    )
    if found is None:  # the app is shutting down
        raise DomainError('import_failed')
    return found


class MappingEditor:
    """One file's mapping state and the widgets that change it; build() draws them inside the caller's dialog."""

    def __init__(
        self, path: Path, filename: str, preview: FilePreview, fields: dict[str, str], *, error: ui.label
    ) -> None:
        self.path = path
        self.filename = filename
        self.fields = fields
        self.options = {NOT_LOADED: t.NOT_LOADED, **fields}
        self.error = error
        self.preview = preview
        self.selected: list[str] = []
        self.sheets: dict[str, bool] = {}
        self._below: Below | None = None
        self._reset_from(preview)

    def build(self, *, header_mark: str, below: Below | None = None) -> None:
        """Reading settings (text files), the header switch and the refreshable sheets + columns grid."""
        self._below = below
        if self.preview.kind in ('csv', 'txt'):
            self._reading_settings()
        has_header = ui.checkbox(t.HAS_HEADER, value=self.preview.has_header)
        has_header.on_value_change(lambda e: self._reread(has_header=e.value))
        has_header.mark(header_mark)
        self._body()

    def mapping(self) -> list[str | None]:
        """The chosen field of each column; None where «Не загружать»."""
        return [None if value == NOT_LOADED else value for value in self.selected]

    def chosen_sheets(self) -> list[str]:
        """The names of the sheets left switched on."""
        return [name for name, on in self.sheets.items() if on]

    def _reset_from(self, found: FilePreview) -> None:
        self.preview = found
        first = _first_sheet(found)
        self.selected = [m if m in self.fields else NOT_LOADED for m in first.mapping]
        self.sheets = {s.name: bool(s.rows) for s in found.sheets}

    async def _reread(self, **settings: Any) -> None:
        found = self.preview
        current = {'encoding': found.encoding, 'delimiter': found.delimiter, 'has_header': found.has_header}
        try:
            self._reset_from(await inspect(self.path, self.filename, self.fields, **{**current, **settings}))
        except DomainError as problem:
            self.error.text = t.import_error(problem.code, problem.details)
            return
        self.error.text = ''
        self._body.refresh()

    def _remap(self, index: int, value: str) -> None:
        self.selected[index] = value
        if self._below is not None:
            self._body.refresh()

    @ui.refreshable_method
    def _body(self) -> None:
        found = self.preview
        if len(found.sheets) > 1:
            self._sheet_switches()
        sheet = _first_sheet(found)
        self._columns_grid(sheet.rows, sheet.column_count)
        if self._below is not None:
            self._below(sheet.rows[1:] if found.has_header else sheet.rows, self.mapping())

    def _reading_settings(self) -> None:
        """Encoding and delimiter of a text file, guessed and changeable."""
        with ui.row().classes('gap-4 items-end'):
            encoding = ui.select(list(ENCODINGS), label=t.ENCODING, value=self.preview.encoding).classes('min-w-40')
            encoding.on_value_change(lambda e: self._reread(encoding=e.value))
            encoding.mark('encoding')
            choices = {d: t.DELIMITER_NAMES[d] for d in (*DELIMITERS, '')}
            delimiter = ui.select(choices, label=t.DELIMITER, value=self.preview.delimiter).classes('min-w-40')
            delimiter.on_value_change(lambda e: self._reread(delimiter=e.value))
            delimiter.mark('delimiter')

    def _sheet_switches(self) -> None:
        """Whole sheets can be switched off."""
        with ui.row().classes('gap-4'):
            for sheet in self.preview.sheets:
                switch = ui.checkbox(t.sheet_label(sheet.name, len(sheet.rows)), value=self.sheets[sheet.name])
                switch.on_value_change(lambda e, name=sheet.name: self.sheets.update({name: e.value}))
                switch.mark(f'sheet-{sheet.name}')

    def _columns_grid(self, rows: list[list[str]], width: int) -> None:
        """A select above each column of the file's first rows."""
        with ui.scroll_area().classes('w-full h-72 border'), ui.grid(columns=max(width, 1)).classes('gap-1 min-w-max'):
            for index in range(width):
                select = ui.select(self.options, value=self.selected[index])
                select.props('dense outlined options-dense').classes('min-w-40')
                select.on_value_change(lambda e, i=index: self._remap(i, e.value))
                select.mark(f'map-{index}')
            for row in rows:
                for index in range(width):
                    ui.label(row[index] if index < len(row) else '').classes('text-body2 ellipsis')


def _first_sheet(found: FilePreview) -> SheetPreview:
    return next((s for s in found.sheets if s.rows), found.sheets[0])
