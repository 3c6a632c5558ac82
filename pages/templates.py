"""СМС → Шаблоны СМС сообщений: the list (Управление СМС шаблонами) and the editor (Добавление нового шаблона)."""

from __future__ import annotations

from typing import Any

from nicegui import ui

import ui_text as t
from components.caret import insert_at_caret
from components.confirm import confirm
from components.row_actions import actions_cell, row_button
from components.segment_counter import SegmentCounter
from domain.clock import format_local
from domain.errors import DomainError
from domain.phones import PhoneStyle
from domain.services import accounts, bases, subscribers, templates
from domain.services.accounts import MessageSettings
from domain.services.auth import SessionUser
from domain.services.subscribers import ListQuery, SubscriberRow
from domain.services.templates import TemplateInfo
from domain.templates import to_stored
from pages.bases import client_account
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['templates']


def create() -> None:
    """Register the templates window."""

    @cabinet_page('/templates', title=TITLE)
    async def templates_page(user: SessionUser) -> None:
        account_id = client_account(user)
        labels = await templates.insert_labels(account_id=account_id, defaults=t.FIELD_LABELS)
        settings = await accounts.message_settings(account_id=account_id)
        with page_frame(TITLE, user=user, path='/templates'):
            ui.button(t.ADD_TEMPLATE, icon='add', on_click=lambda: _editor(account_id, labels, settings, None)).mark(
                'add-template'
            )
            await _templates_table(user, account_id, labels, settings)


@ui.refreshable
async def _templates_table(
    user: SessionUser, account_id: int, labels: dict[str, str], settings: MessageSettings
) -> None:
    rows = await templates.list_templates(account_id=account_id, labels=labels)
    if not rows:
        ui.label(t.NO_TEMPLATES).classes('text-grey-7').mark('no-templates')
        return
    by_id = {row.id: row for row in rows}
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.TEMPLATE_COLUMNS.items()]
    table_rows = [
        {
            'id': row.id,
            'name': row.name,
            'display': row.display,
            'parts': f'{row.segments.parts} {t.WITH_INSERTS}' if row.has_inserts else row.segments.parts,
            'updated_at': format_local(row.updated_at, user.timezone),
        }
        for row in rows
    ]
    table = ui.table(columns=columns, rows=table_rows, row_key='id').classes('w-full').mark('templates-table')
    table.add_slot(
        'body-cell-actions',
        actions_cell(
            row_button('edit', 'edit', t.EDIT),
            row_button('remove', 'delete', t.DELETE_TEMPLATE, 'color="negative"'),
        ),
    )
    table.on('edit', lambda e: _editor(account_id, labels, settings, by_id[e.args['id']]))
    table.on('remove', lambda e: _confirm_delete(account_id, by_id[e.args['id']]))


def _confirm_delete(account_id: int, template: TemplateInfo) -> None:
    async def delete() -> None:
        await templates.delete_template(account_id=account_id, template_id=template.id)
        ui.notify(t.TEMPLATE_DELETED, type='positive')
        _templates_table.refresh()

    confirm(t.confirm_delete_template(template.name), delete)


async def _editor(
    account_id: int, labels: dict[str, str], settings: MessageSettings, template: TemplateInfo | None
) -> None:
    base_options = {b.id: b.name for b in await bases.list_bases(account_id=account_id) if b.subscriber_count}
    state: dict[str, Any] = {'fields': None}
    with ui.dialog() as dialog, ui.card().classes('w-[40rem] max-w-full').mark('template-dialog'):
        ui.label(t.EDIT_TEMPLATE_TITLE if template else t.NEW_TEMPLATE_TITLE).classes('text-h6')
        name = ui.input(t.TEMPLATE_NAME, value=template.name if template else '').props('outlined maxlength=100')
        name.classes('w-full').mark('template-name')
        insert_row = ui.row().classes('w-full items-center')
        text = ui.textarea(t.TEMPLATE_TEXT, value=template.display if template else '').props('outlined autogrow')
        text.classes('w-full').mark('template-text')
        with insert_row:
            ui.space()
            with ui.button(t.INSERT, icon='playlist_add').props('flat').mark('insert-menu'), ui.menu():
                for key, label in labels.items():
                    ui.menu_item(label, lambda _, lb=label: insert_at_caret(text, f'[{lb}]')).mark(f'insert-{key}')
        counter = SegmentCounter(settings.parts_cap)
        preview = ui.label('').classes('text-body2 whitespace-pre-wrap').mark('template-preview')
        note = ui.label('').classes('text-caption text-grey-7').mark('preview-note')

        def refresh() -> None:
            _refresh_preview(text.value or '', labels, state['fields'], settings.phone_style, counter, preview, note)

        async def choose_base(event: Any) -> None:
            state['fields'] = await _first_subscriber(account_id, event.value) if event.value else None
            refresh()

        if base_options:
            ui.select(base_options, label=t.PREVIEW_BASE, clearable=True, on_change=choose_base).classes('w-full')
        else:
            note.text = t.PREVIEW_NO_SUBSCRIBER
        text.on_value_change(refresh)
        error = ui.label('').classes('text-negative').mark('template-error')

        async def save() -> None:
            try:
                if template is None:
                    await templates.create_template(
                        account_id=account_id,
                        name=name.value or '',
                        display=text.value or '',
                        labels=labels,
                        parts_cap=settings.parts_cap,
                    )
                else:
                    await templates.update_template(
                        account_id=account_id,
                        template_id=template.id,
                        name=name.value or '',
                        display=text.value or '',
                        labels=labels,
                        parts_cap=settings.parts_cap,
                    )
            except DomainError as problem:
                error.text = t.error_text(problem.code)
                return
            dialog.close()
            ui.notify(t.TEMPLATE_SAVED, type='positive')
            _templates_table.refresh()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.SAVE if template else t.CREATE_TEMPLATE, on_click=save).mark('save-template')
    refresh()
    dialog.open()


def _refresh_preview(
    display: str,
    labels: dict[str, str],
    fields: dict[str, object] | None,
    phone_style: PhoneStyle,
    counter: SegmentCounter,
    preview: ui.label,
    note: ui.label,
) -> None:
    try:
        stored = to_stored(display, labels)
    except DomainError as problem:
        preview.text, note.text = '', t.error_text(problem.code)
        return
    result = templates.preview(stored, fields, labels=labels, phone_style=phone_style)
    counter.show(result.segments)
    preview.text = f'{t.PREVIEW}: {result.text}' if result.text else ''
    if fields is None:
        note.text = ''
    elif result.missing:
        note.text = t.preview_missing(', '.join(result.missing))
    else:
        note.text = t.INSERTS_NOT_COUNTED


async def _first_subscriber(account_id: int, base_id: int) -> dict[str, object] | None:
    page = await subscribers.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery(limit=1))
    return _fields(page.rows[0]) if page.rows else None


def _fields(row: SubscriberRow) -> dict[str, object]:
    return {
        'phone': row.phone,
        'last_name': row.last_name,
        'first_name': row.first_name,
        'middle_name': row.middle_name,
        'birth_date': row.birth_date,
        'gender': row.gender,
        'region': row.region,
        'operator': row.operator,
        **row.notes,
    }
