"""Date and time fields typed as 'дд.мм.гггг' and 'чч:мм' with a calendar or a clock, whatever the browser's locale
(native date and time inputs follow it: an English browser would show 11/27/2026 and 10:00 AM)."""

from __future__ import annotations

from datetime import date, datetime

from nicegui import ui

FORMAT = '%d.%m.%Y'


def date_input(
    label: str, value: date | None = None, marker: str | None = None, *, props: str = '', classes: str = 'w-36'
) -> ui.input:
    """A 'дд.мм.гггг' field with a calendar (Quasar's, in Russian: the app runs with language='ru')."""
    text = f'{value:{FORMAT}}' if value else ''
    with ui.input(label, value=text).props(f'dense mask="##.##.####" {props}').classes(classes) as field:
        with ui.menu().props('no-parent-event') as menu:
            calendar = ui.date(mask='DD.MM.YYYY').bind_value(field)
            calendar.on_value_change(menu.close)
        with field.add_slot('append'):
            ui.icon('edit_calendar').on('click', menu.open).classes('cursor-pointer')
    return field.mark(marker) if marker else field


def time_input(
    label: str, value: str = '', marker: str | None = None, *, props: str = '', classes: str = 'w-28'
) -> ui.input:
    """A 24-hour 'чч:мм' field with a clock; its value is the typed text ('' or 'чч:мм')."""
    with ui.input(label, value=value).props(f'dense mask="##:##" {props}').classes(classes) as field:
        with ui.menu().props('no-parent-event') as menu:
            ui.time(mask='HH:mm').props('format24h').bind_value(field)
        with field.add_slot('append'):
            ui.icon('schedule').on('click', menu.open).classes('cursor-pointer')
    return field.mark(marker) if marker else field


def parse_date(value: object) -> date | None:
    """A typed 'дд.мм.гггг' (or ISO) date; None when it is not a whole valid date."""
    text = str(value or '').strip()
    for pattern in (FORMAT, '%Y-%m-%d'):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_optional_date(value: object) -> date | None:
    """None for a blank field (no bound); ValueError for a date that cannot be read."""
    if not str(value or '').strip():
        return None
    day = parse_date(value)
    if day is None:
        raise ValueError(f'unreadable date: {value!r}')
    return day
