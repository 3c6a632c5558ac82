"""The «as it will load» table under the column mapping: the first rows read with the chosen mapping."""

from __future__ import annotations

from nicegui import ui

import ui_text as t
from domain.errors import DomainError
from domain.phones import PhoneError, PhoneStyle, format_phone, normalize_phone
from domain.services.import_store import row_input

SHOWN = ('phone', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender')


def mapped_preview(rows: list[list[str]], mapping: list[str | None], fields: dict[str, str]) -> None:
    """Show how the first rows become subscribers; a row that will be refused says why."""
    keys = [key for key in SHOWN if key in fields or (key.endswith('name') and 'fio' in mapping)]
    keys += [key for key in fields if key.startswith('note') and key in mapping]
    columns = [{'name': k, 'label': fields.get(k, t.FIELD_LABELS[k]), 'field': k, 'align': 'left'} for k in keys]
    columns.append({'name': 'problem', 'label': t.PROBLEM, 'field': 'problem', 'align': 'left'})
    table_rows = [_preview_row(index, cells, mapping) for index, cells in enumerate(rows)]
    ui.table(columns=columns, rows=table_rows, row_key='id').props('dense flat').classes('w-full').mark(
        'mapped-preview'
    )


def _preview_row(index: int, cells: list[str], mapping: list[str | None]) -> dict[str, object]:
    row: dict[str, object] = {'id': index, 'problem': ''}
    try:
        data = row_input(cells, mapping)
    except DomainError as problem:
        return {**row, 'problem': t.error_text(problem.code)}
    try:
        row['phone'] = format_phone(normalize_phone(data.phone), PhoneStyle.PLUS7_SPACED)
    except PhoneError as problem:
        row['phone'], row['problem'] = data.phone, t.error_text(f'phone_{problem.reason.value}')
    row.update(last_name=data.last_name, first_name=data.first_name, middle_name=data.middle_name)
    row['birth_date'] = data.birth_date.strftime('%d.%m.%Y') if data.birth_date else ''
    row['gender'] = data.gender
    row.update(data.notes)
    return row
