"""Text put at the caret of a textarea (the «Вставка» menus of templates and of the composer)."""

from __future__ import annotations

from nicegui import ui


async def insert_at_caret(area: ui.textarea, insert: str) -> None:
    """Put an insert at the caret (the browser tells where it is); without an answer, at the end."""
    value = area.value or ''
    try:
        caret = await ui.run_javascript(
            f'const el = getElement({area.id}).$el.querySelector("textarea"); return el ? el.selectionStart : null;',
            timeout=2,
        )
    except (TimeoutError, RuntimeError):
        caret = None
    position = caret if isinstance(caret, int) and 0 <= caret <= len(value) else len(value)
    area.value = value[:position] + insert + value[position:]
