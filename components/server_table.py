"""A table whose rows live on the server: paging, sorting and in-place cell editing ask the page for data.

Only one page of rows ever reaches the browser, so a base of a million subscribers opens as fast as an empty one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

import ui_text as t


@dataclass(kw_only=True, slots=True, frozen=True)
class PageRequest:
    """What the user asked for: a page, a sort column and its direction."""

    offset: int
    limit: int
    sort: str | None
    descending: bool


Fetch = Callable[[PageRequest], Awaitable[tuple[list[dict[str, Any]], int]]]
# (row id, column, typed text) -> the updated row, or raises ValueError with the message to show on the cell
SaveCell = Callable[[int, str, str], Awaitable[dict[str, Any]]]


class ServerTable:
    """A QTable in server mode with optional row selection and editable columns."""

    def __init__(
        self,
        *,
        columns: list[dict[str, Any]],
        fetch: Fetch,
        editable: frozenset[str] = frozenset(),
        save_cell: SaveCell | None = None,
        rows_per_page: int = 50,
        selection: bool = True,
        marker: str = 'server-table',
    ) -> None:
        self._fetch = fetch
        self._save_cell = save_cell
        pagination = {'page': 1, 'rowsPerPage': rows_per_page, 'rowsNumber': 0, 'sortBy': None, 'descending': False}
        self.table = ui.table(
            columns=columns,
            rows=[],
            row_key='id',
            pagination=pagination,
            selection='multiple' if selection else None,
        )
        self.table.classes('w-full').props(f'flat bordered :rows-per-page-options="[25,50,100,200]" {_RU_PROPS}')
        self.table.mark(marker)
        self.table.on('request', self._on_request)
        for column in editable:
            self.table.add_slot(f'body-cell-{column}', _editable_cell(column))
        self.table.on('cellsave', self._on_cell_edit)

    @property
    def selected_ids(self) -> list[int]:
        """Ids of the rows ticked on the current page."""
        return [int(row['id']) for row in self.table.selected]

    @property
    def total(self) -> int:
        """How many rows match, over all pages."""
        return int(self.table.pagination.get('rowsNumber', 0))

    async def reload(self, *, first_page: bool = False) -> None:
        """Fetch the current (or the first) page again, e.g. after a filter changed."""
        pagination = dict(self.table.pagination)
        if first_page:
            pagination['page'] = 1
        await self._load(pagination)

    async def _on_request(self, event: GenericEventArguments) -> None:
        await self._load(event.args['pagination'])

    async def _load(self, pagination: dict[str, Any]) -> None:
        per_page = int(pagination.get('rowsPerPage') or 50)
        page = max(1, int(pagination.get('page') or 1))
        request = PageRequest(
            offset=(page - 1) * per_page,
            limit=per_page,
            sort=pagination.get('sortBy') or None,
            descending=bool(pagination.get('descending')),
        )
        rows, total = await self._fetch(request)
        self.table.rows = rows
        self.table.selected = []
        self.table.pagination = {**pagination, 'page': page, 'rowsPerPage': per_page, 'rowsNumber': total}
        self.table.update()

    async def _on_cell_edit(self, event: GenericEventArguments) -> None:
        if self._save_cell is None:
            return
        row_id, column, value = int(event.args['id']), str(event.args['column']), str(event.args['value'] or '')
        rows = self.table.rows
        index = next((i for i, row in enumerate(rows) if row['id'] == row_id), None)
        if index is None:
            return
        try:
            updated = await self._save_cell(row_id, column, value)
        except ValueError as problem:
            rows[index] = {**rows[index], f'_error_{column}': str(problem)}
        else:
            rows[index] = {key: item for key, item in updated.items() if not key.startswith('_error_')}
        self.table.update()


_RU_PROPS = f'no-data-label="{t.TABLE_NO_DATA}" rows-per-page-label="{t.TABLE_ROWS_PER_PAGE}"'


def _editable_cell(column: str) -> str:
    """A cell that opens an editor on click: Enter saves, Esc cancels; a refusal shows as a red mark with the reason."""
    emit = f"$parent.$emit('cellsave', {{id: props.row.id, column: '{column}', value: v}})"
    return f"""
        <q-td :props="props" class="cursor-pointer">
            <span :class="props.row._error_{column} ? 'text-negative' : ''">{{{{ props.value }}}}</span>
            <q-icon v-if="props.row._error_{column}" name="error" color="negative" class="q-ml-xs">
                <q-tooltip>{{{{ props.row._error_{column} }}}}</q-tooltip>
            </q-icon>
            <q-popup-edit :model-value="props.row.{column}_raw ?? props.value" v-slot="scope"
                          @save="(v) => {emit}">
                <q-input v-model="scope.value" dense autofocus @keyup.enter="scope.set" />
            </q-popup-edit>
        </q-td>
    """
