"""A confirmation dialog for destructive actions."""

from collections.abc import Awaitable, Callable

from nicegui import ui

import ui_text as t


def confirm(question: str, on_yes: Callable[[], Awaitable[None]], *, yes: str = t.YES_DELETE) -> None:
    """Ask before doing something that cannot be undone; `on_yes` runs only after the click."""
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('confirm-dialog'):
        ui.label(t.CONFIRM).classes('text-h6')
        ui.label(question)

        async def accept() -> None:
            dialog.close()
            await on_yes()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat').mark('confirm-no')
            ui.button(yes, on_click=accept).props('color=negative').mark('confirm-yes')
    dialog.open()
