"""The dialog «Настройка базы получателей СМС»: name, description, which fields the base uses and their labels."""

from collections.abc import Awaitable, Callable

from nicegui import ui

import ui_text as t
from domain.base_fields import FieldSetting
from domain.errors import DomainError
from domain.fields import ALWAYS_ENABLED, SubscriberField
from domain.services import bases
from domain.services.bases import BaseInfo


def open_settings(account_id: int, base: BaseInfo, on_saved: Callable[[BaseInfo], Awaitable[None]]) -> None:
    """Open the settings dialog of one base; `on_saved` gets the saved base."""
    with ui.dialog() as dialog, ui.card().classes('w-[36rem] max-w-full').mark('base-settings-dialog'):
        ui.label(t.BASE_SETTINGS_TITLE).classes('text-h6')
        name = ui.input(t.BASE_NAME, value=base.name).props('outlined maxlength=200').classes('w-full')
        name.mark('settings-name')
        description = ui.textarea(t.BASE_DESCRIPTION, value=base.description).props('outlined autogrow maxlength=2000')
        description.classes('w-full').mark('settings-description')
        ui.label(t.BASE_FIELDS).classes('text-subtitle1')
        switches: dict[str, ui.checkbox] = {}
        labels: dict[str, ui.input] = {}
        with ui.grid(columns='auto 1fr').classes('w-full items-center gap-x-4 gap-y-1'):
            for key, setting in base.settings.items():
                switch = ui.checkbox(t.FIELD_LABELS[key], value=setting.enabled).mark(f'field-on-{key}')
                if setting.key in ALWAYS_ENABLED:
                    switch.disable()
                switches[key] = switch
                labels[key] = (
                    ui.input(placeholder=t.FIELD_LABELS[key], value=setting.label)
                    .props('dense outlined maxlength=40')
                    .mark(f'field-label-{key}')
                )
        error = ui.label('').classes('text-negative').mark('settings-error')

        async def save() -> None:
            settings = {
                key: FieldSetting(key=SubscriberField(key), enabled=bool(switches[key].value), label=labels[key].value)
                for key in base.settings
            }
            try:
                saved = await bases.update_base(
                    account_id=account_id,
                    base_id=base.id,
                    name=name.value or '',
                    description=description.value or '',
                    settings=settings,
                )
            except DomainError as problem:
                field = problem.details.get('field')
                where = f'{t.FIELD_LABELS[str(field)]}: ' if field else ''
                error.text = where + t.error_text(problem.code)
                return
            dialog.close()
            ui.notify(t.BASE_SAVED, type='positive')
            await on_saved(saved)

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.SAVE_BASE, on_click=save).mark('save-base-settings')
    dialog.open()
