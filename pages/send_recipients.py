"""The recipients of the composer: tabs «Из базы», «Ввести номер», «Из файла», «Базы для исключения из рассылки»,
with the count of each source and the unique total kept live."""

from __future__ import annotations

from pathlib import Path

from nicegui import ui

import ui_text as t
from domain.errors import DomainError
from domain.services import mailings
from domain.services.bases import BaseInfo
from domain.services.mailings import BaseFilter, FileRecipient, Recipients, SourceCounts
from pages.send_file import file_fields, open_file_recipients
from pages.send_filter_dialog import open_filter_dialog
from ui_text import sending as ts


class RecipientsPanel:
    """The four tabs and the counts line; `recipients()` is what goes into the draft."""

    def __init__(self, *, account_id: int, bases: list[BaseInfo], labels: dict[str, str], uploads_dir: Path) -> None:
        self.account_id = account_id
        self.bases = [b for b in bases if b.subscriber_count]
        self.all_bases = bases
        self.labels = labels
        self.uploads_dir = uploads_dir
        self.chosen: dict[int, BaseFilter] = {}
        self.filtered: dict[int, int] = {}  # base id -> matching count, for a base chosen with a filter
        self.excluded: set[int] = set()
        self.file_rows: tuple[FileRecipient, ...] = ()
        self.file_name = ''
        self.counts: SourceCounts | None = None
        self.generation = 0

    def build(self) -> None:
        """Draw the tabs and the counts line."""
        with ui.tabs().classes('w-full').props('align=left no-caps') as tabs:
            bases_tab = ui.tab('bases', label=ts.TAB_BASES).mark('tab-bases')
            numbers_tab = ui.tab('numbers', label=ts.TAB_NUMBERS).mark('tab-numbers')
            file_tab = ui.tab('file', label=ts.TAB_FILE).mark('tab-file')
            exclude_tab = ui.tab('exclude', label=ts.TAB_EXCLUDE).mark('tab-exclude')
        with ui.tab_panels(tabs, value=bases_tab).classes('w-full'):
            with ui.tab_panel(bases_tab):
                self._bases_tab()
            with ui.tab_panel(numbers_tab):
                ui.label(ts.NUMBERS_HINT).classes('text-caption text-grey-7')
                self.numbers = ui.textarea(ts.NUMBERS_LABEL, on_change=self.recount)
                self.numbers.props('outlined debounce=500 rows=4').classes('w-full').mark('send-numbers')
            with ui.tab_panel(file_tab):
                ui.label(ts.FILE_HINT).classes('text-caption text-grey-7')
                self._file_tab()
            with ui.tab_panel(exclude_tab):
                self._exclude_tab()
        self.counts_label = ui.label(ts.source_counts_line(0, 0, 0, 0)).classes('text-subtitle2').mark('send-counts')

    def recipients(self) -> Recipients:
        """All sources as the draft needs them."""
        return Recipients(
            bases=tuple(self.chosen[base.id] for base in self.bases if base.id in self.chosen),
            numbers_text=self.numbers.value or '',
            file_rows=self.file_rows,
            file_name=self.file_name,
            exclude_base_ids=tuple(sorted(self.excluded)),
        )

    def filled_names(self) -> list[str]:
        """The tabs that hold recipients (the manual warns about filling more than one)."""
        counts = self.counts
        if counts is None:
            return []
        named = (
            (ts.TAB_BASES, counts.from_bases),
            (ts.TAB_NUMBERS, counts.from_numbers),
            (ts.TAB_FILE, counts.from_file),
        )
        return [f'«{name}»' for name, count in named if count]

    async def recount(self) -> SourceCounts | None:
        """Ask the counts of every source; a slower older answer never overwrites a newer one."""
        self.generation += 1
        generation = self.generation
        try:
            counts = await mailings.source_counts(account_id=self.account_id, recipients=self.recipients())
        except DomainError as problem:
            if generation == self.generation:
                self.counts_label.text = t.error_text(problem.code)
            return None
        if generation == self.generation:
            self.counts = counts
            self.counts_label.text = ts.source_counts_line(
                counts.from_bases, counts.from_numbers, counts.from_file, counts.unique
            )
        return counts

    # «Из базы»
    def _bases_tab(self) -> None:
        if not self.bases:
            with ui.row().classes('items-center gap-2'):
                ui.label(ts.NO_BASES_FOR_SENDING).classes('text-grey-7')
                ui.link(ts.TO_BASES, '/bases')
            return
        ui.label(ts.BASES_HINT).classes('text-caption text-grey-7')
        self._base_list()

    @ui.refreshable_method
    def _base_list(self) -> None:
        with ui.column().classes('gap-0'):
            for base in self.bases:
                with ui.row().classes('items-center gap-1 no-wrap'):
                    box = ui.checkbox(value=base.id in self.chosen).mark(f'send-base-{base.id}')
                    box.on_value_change(lambda e, b=base: self._tick(b, e.value))
                    name = ts.base_choice(base.name, self.filtered.get(base.id), base.subscriber_count)
                    link = ui.button(name, on_click=lambda b=base: self._open_filter(b)).props('flat dense no-caps')
                    link.classes('text-primary').mark(f'send-base-filter-{base.id}')

    async def _tick(self, base: BaseInfo, on: bool) -> None:
        if on and base.id not in self.chosen:
            self.chosen[base.id] = BaseFilter(base_id=base.id)
        elif not on:
            self.chosen.pop(base.id, None)
            self.filtered.pop(base.id, None)
            self._base_list.refresh()
        await self.recount()

    async def _open_filter(self, base: BaseInfo) -> None:
        async def apply(chosen: BaseFilter) -> None:
            self.chosen[base.id] = chosen
            if chosen == BaseFilter(base_id=base.id):
                self.filtered.pop(base.id, None)
            else:
                self.filtered[base.id] = await mailings.count_filtered(account_id=self.account_id, base_filter=chosen)
            self._base_list.refresh()
            await self.recount()

        try:
            await open_filter_dialog(self.account_id, base.id, self.chosen.get(base.id), apply)
        except DomainError as problem:
            ui.notify(t.error_text(problem.code), type='warning')

    # «Из файла»
    @ui.refreshable_method
    def _file_tab(self) -> None:
        with ui.row().classes('items-center gap-2'):
            ui.button(ts.FILE_CHOOSE, icon='folder_open', on_click=self._choose_file).props('outline').mark(
                'send-file-choose'
            )
            if self.file_name:
                ui.label(ts.file_loaded(self.file_name, len(self.file_rows))).mark('send-file-loaded')
                ui.button(ts.FILE_REMOVE, icon='close', on_click=self._remove_file).props('flat').mark(
                    'send-file-remove'
                )

    async def _choose_file(self) -> None:
        await open_file_recipients(file_fields(self.labels), self.uploads_dir, self._file_loaded)

    async def _file_loaded(self, rows: tuple[FileRecipient, ...], name: str) -> None:
        self.file_rows, self.file_name = rows, name
        self._file_tab.refresh()
        await self.recount()

    async def _remove_file(self) -> None:
        await self._file_loaded((), '')

    # «Базы для исключения из рассылки»
    def _exclude_tab(self) -> None:
        if not self.all_bases:
            ui.label(ts.NO_BASES_FOR_SENDING).classes('text-grey-7')
            return
        ui.label(ts.EXCLUDE_HINT).classes('text-caption text-grey-7')
        for base in self.all_bases:
            box = ui.checkbox(ts.base_choice(base.name, None, base.subscriber_count)).mark(f'send-exclude-{base.id}')
            box.on_value_change(lambda e, b=base: self._exclude(b.id, e.value))

    async def _exclude(self, base_id: int, on: bool) -> None:
        if on:
            self.excluded.add(base_id)
        else:
            self.excluded.discard(base_id)
        await self.recount()
