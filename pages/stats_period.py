"""The period inputs of the statistics windows: «С» and «По» dates and the quick choices (сегодня ... прошлый месяц)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

from nicegui import ui

from components.date_input import date_input, parse_date
from domain.stats import Period, QuickPeriod, local_today, make_period, quick_period
from ui_text import statistics as ts


class PeriodPicker:
    """Two date inputs and the quick-choice buttons; a quick choice fills the dates and calls `on_pick`."""

    def __init__(self, *, tz: str, initial: QuickPeriod, on_pick: Callable[[], Awaitable[None]]) -> None:
        self.tz = tz
        self._on_pick = on_pick
        start = quick_period(initial, self.today())
        with ui.row().classes('items-end gap-2'):
            self.date_from = date_input(ts.PERIOD_FROM, start.date_from, 'period-from')
            self.date_to = date_input(ts.PERIOD_TO, start.date_to, 'period-to')
            with ui.button_group().props('flat'):
                for choice in QuickPeriod:
                    ui.button(ts.QUICK_PERIODS[choice.value], on_click=lambda c=choice: self.pick(c)).props(
                        'flat dense no-caps'
                    ).mark(f'quick-{choice.value}')

    def today(self) -> date:
        """Today in the account's zone."""
        return local_today(datetime.now(UTC), self.tz)

    async def pick(self, choice: QuickPeriod) -> None:
        """Fill the dates with a quick choice and recalculate."""
        period = quick_period(choice, self.today())
        self.date_from.value = f'{period.date_from:%d.%m.%Y}'
        self.date_to.value = f'{period.date_to:%d.%m.%Y}'
        await self._on_pick()

    def period(self) -> Period:
        """The entered period (DomainError with the reason when it is not a usable one)."""
        return make_period(parse_date(self.date_from.value), parse_date(self.date_to.value))
