"""The composer's «Настройки планировщика рассылки» and «Дополнительные настройки», read into the draft's values."""

from __future__ import annotations

from datetime import datetime, time

from nicegui import ui

from components.date_input import date_input, parse_date, time_input
from domain.send_time import MAX_VALIDITY_HOURS, MIN_VALIDITY_HOURS
from domain.services.mailings import Schedule
from ui_text import sending as ts


class Refusal(ValueError):
    """Input the page itself cannot read (a date, a number); the message is shown as is."""


class SendSettings:
    """When to send (now or at a time, local time, allowed hours, speed), how long a message lives, the name."""

    def __init__(self, *, validity_hours: int) -> None:
        with ui.expansion(ts.SCHEDULER, icon='schedule').classes('w-full').mark('send-scheduler'):
            self.when = ui.radio({'now': ts.SEND_NOW, 'later': ts.SEND_LATER}, value='now').props('inline')
            self.when.mark('send-when')
            with ui.row().classes('items-center gap-2').bind_visibility_from(self.when, 'value', value='later'):
                self.send_date = date_input(ts.SEND_DATE, None, 'send-date', props='outlined stack-label')
                self.send_time = time_input(ts.SEND_TIME, '', 'send-time', props='outlined stack-label')
            self.local_time = ui.checkbox(ts.LOCAL_TIME).mark('send-local-time')
            ui.label(ts.LOCAL_TIME_HINT).classes('text-caption text-grey-7').mark('local-time-hint')
            self.use_window = ui.checkbox(ts.USE_WINDOW).mark('send-use-window')
            with ui.row().classes('items-center gap-2').bind_visibility_from(self.use_window, 'value'):
                self.window_from = time_input(ts.WINDOW_FROM, '09:00', 'send-window-from', props='outlined')
                self.window_to = time_input(ts.WINDOW_TO, '21:00', 'send-window-to', props='outlined')
                ui.label(ts.WINDOW_HINT).classes('text-caption text-grey-7')
            self.rate = ui.input(ts.RATE).props(f'outlined dense type=number min=1 hint="{ts.RATE_HINT}"')
            self.rate.classes('w-80').mark('send-rate')
        extra = ui.expansion(ts.EXTRA, icon='tune').classes('w-full').mark('send-extra')
        with extra, ui.row().classes('items-start gap-4'):
            self.validity = ui.input(ts.VALIDITY, value=str(validity_hours))
            self.validity.props(f'outlined dense type=number min={MIN_VALIDITY_HOURS} max={MAX_VALIDITY_HOURS}')
            self.validity.props(f'hint="{ts.VALIDITY_HINT}"').classes('w-72').mark('send-validity')
            self.mailing_name = ui.input(ts.MAILING_NAME).props('outlined dense maxlength=200').classes('w-80')
            self.mailing_name.mark('send-name')

    def schedule(self) -> Schedule:
        """The schedule the inputs describe; Refusal for a date, time or number that cannot be read."""
        send_at = None
        if self.when.value == 'later':
            day = parse_date(self.send_date.value)
            if day is None:
                raise Refusal(ts.BAD_DATE)
            try:
                send_at = datetime.combine(day, _time(self.send_time.value))
            except (TypeError, ValueError) as error:
                raise Refusal(ts.BAD_DATE) from error
        window_start = window_end = None
        if self.use_window.value:
            try:
                window_start, window_end = _time(self.window_from.value), _time(self.window_to.value)
            except (TypeError, ValueError) as error:
                raise Refusal(ts.BAD_WINDOW) from error
            if window_start == window_end:
                raise Refusal(ts.BAD_WINDOW)
        rate = _whole(self.rate.value, ts.BAD_RATE) if str(self.rate.value or '').strip() else None
        if rate is not None and rate < 1:
            raise Refusal(ts.BAD_RATE)
        return Schedule(
            send_at=send_at,
            local_time=bool(self.local_time.value),
            window_start=window_start,
            window_end=window_end,
            rate_per_minute=rate,
        )

    def validity_hours(self) -> int:
        """The validity typed (its range is the service's to check); Refusal for anything but a whole number."""
        return _whole(self.validity.value, ts.BAD_VALIDITY)

    def name(self) -> str:
        """The mailing's name."""
        return (self.mailing_name.value or '').strip()


def _time(text: object) -> time:
    return time.fromisoformat(str(text))


def _whole(value: object, message: str) -> int:
    text = str(value if value is not None else '').strip()
    try:
        number = float(text)
    except ValueError as error:
        raise Refusal(message) from error
    if not number.is_integer():
        raise Refusal(message)
    return int(number)
