"""Dialogs of the subscriber list: «Добавление нового абонента в базу», «Редактирование абонента», moving."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

import ui_text as t
from domain.base_fields import enabled_fields
from domain.errors import DomainError
from domain.services import subscribers
from domain.services.bases import BaseInfo
from domain.services.subscriber_input import SubscriberInput, parse_birth_date
from domain.services.subscribers import ListQuery

Done = Callable[[], Awaitable[None]]
_NAMES = ('last_name', 'first_name', 'middle_name')


async def open_subscriber_dialog(account_id: int, base: BaseInfo, subscriber_id: int | None, on_done: Done) -> None:
    """Add a subscriber (subscriber_id None) or edit one, with the fields the base uses."""
    current = (
        await subscribers.get_subscriber(account_id=account_id, base_id=base.id, subscriber_id=subscriber_id)
        if subscriber_id is not None
        else None
    )
    keys = [str(k) for k in enabled_fields(base.settings) if str(k) not in ('region', 'operator')]
    with ui.dialog() as dialog, ui.card().classes('w-[32rem] max-w-full').mark('subscriber-dialog'):
        ui.label(t.EDIT_TITLE if current else t.ADD_ONE_TITLE).classes('text-h6')
        inputs: dict[str, ui.input | ui.select] = {}
        for key in keys:
            label = base.settings[key].label or t.FIELD_LABELS[key]
            if key == 'gender':
                value = current.gender if current else ''
                inputs[key] = ui.select(t.GENDER_OPTIONS, label=label, value=value).classes('w-full')
            else:
                inputs[key] = ui.input(label, value=_initial(current, key)).props('outlined dense').classes('w-full')
            inputs[key].mark(f'subscriber-{key}')
        if current:
            ui.label(f'{t.FIELD_LABELS["region"]}: {current.region or t.UNKNOWN}').classes('text-grey-7')
            ui.label(f'{t.FIELD_LABELS["operator"]}: {current.operator or t.UNKNOWN}').classes('text-grey-7')
        error = ui.label('').classes('text-negative').mark('subscriber-error')

        async def save() -> None:
            for element in inputs.values():
                element.error = None
            try:
                data = _input(inputs)
                if current is None:
                    await subscribers.add_subscriber(account_id=account_id, base_id=base.id, data=data)
                else:
                    await subscribers.update_subscriber(
                        account_id=account_id, base_id=base.id, subscriber_id=current.id, data=data
                    )
            except DomainError as problem:
                _show_error(problem, inputs, error)
                return
            dialog.close()
            ui.notify(t.SUBSCRIBER_SAVED if current else t.SUBSCRIBER_ADDED, type='positive')
            await on_done()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.SAVE if current else t.ADD, on_click=save).mark('save-subscriber')
    dialog.open()


def open_move_dialog(
    account_id: int,
    base: BaseInfo,
    targets: list[BaseInfo],
    ids: list[int] | None,
    query: ListQuery | None,
    on_done: Done,
) -> None:
    """Choose the base to move the chosen subscribers to; the result says how many moved and how many merged."""
    if not targets:
        ui.notify(t.NO_OTHER_BASES, type='warning')
        return
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('move-dialog'):
        ui.label(t.MOVE_TITLE).classes('text-h6')
        target = ui.select({b.id: b.name for b in targets}, label=t.MOVE_TARGET).classes('w-full').mark('move-target')

        async def move() -> None:
            if target.value is None:
                target.error = t.MOVE_TARGET
                return
            try:
                result = await subscribers.move_subscribers(
                    account_id=account_id, base_id=base.id, target_base_id=int(target.value), ids=ids, query=query
                )
            except DomainError as problem:
                target.error = t.error_text(problem.code)
                return
            dialog.close()
            ui.notify(t.subscribers_moved(result.moved, result.merged), type='positive', timeout=8000)
            await on_done()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.MOVE, on_click=move).mark('move-confirm')
    dialog.open()


def _initial(current: subscribers.SubscriberRow | None, key: str) -> str:
    if current is None:
        return ''
    if key == 'phone':
        return current.phone
    if key == 'birth_date':
        return current.birth_date.strftime('%d.%m.%Y') if current.birth_date else ''
    if key in _NAMES:
        return str(getattr(current, key))
    return current.notes.get(key, '')


def _input(inputs: dict[str, ui.input | ui.select]) -> SubscriberInput:
    def text(key: str) -> str:
        return str(inputs[key].value or '') if key in inputs else ''

    try:
        birth = parse_birth_date(text('birth_date'))
    except DomainError as problem:
        raise DomainError(problem.code, field='birth_date') from problem
    return SubscriberInput(
        phone=text('phone'),
        last_name=text('last_name'),
        first_name=text('first_name'),
        middle_name=text('middle_name'),
        birth_date=birth,
        gender=text('gender'),
        notes={key: text(key) for key in inputs if key.startswith('note')},
    )


def _show_error(problem: DomainError, inputs: dict[str, ui.input | ui.select], fallback: ui.label) -> None:
    """Put the message on the field it is about (a bad number on the phone field), else under the form."""
    message = t.error_text(problem.code)
    field = str(problem.details.get('field') or ('phone' if problem.code.startswith(('phone_', 'subscriber_')) else ''))
    if field in inputs:
        inputs[field].error = message
    else:
        fallback.text = message
