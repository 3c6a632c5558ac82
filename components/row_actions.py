"""Buttons inside a table row (Quasar slot templates) that send an event with the row to the server."""


def row_button(event: str, icon: str, tooltip: str, extra: str = '') -> str:
    """A flat icon button for a `body-cell-*` slot; the page listens with `table.on(event, ...)`."""
    click = f"$parent.$emit('{event}', props.row)"
    return f'<q-btn flat dense icon="{icon}" {extra} @click="{click}"><q-tooltip>{tooltip}</q-tooltip></q-btn>'


def actions_cell(*buttons: str) -> str:
    """The `body-cell-actions` slot holding the given buttons."""
    return f'<q-td :props="props" auto-width>{"".join(buttons)}</q-td>'
