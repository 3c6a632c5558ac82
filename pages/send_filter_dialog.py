"""«Выбор абонентов из базы по признакам»: region, operator, gender, birth date, a field; the matching count live."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

import ui_text as t
from components.date_input import date_input, parse_optional_date
from domain.errors import DomainError
from domain.services import mailings
from domain.services.mailings import BaseFilter, FilterOptions
from ui_text import sending as ts

Chosen = Callable[[BaseFilter], Awaitable[None]]


async def open_filter_dialog(account_id: int, base_id: int, current: BaseFilter | None, on_apply: Chosen) -> None:
    """Open the window for one base; «Применить и закрыть» hands the filter back (the base becomes chosen).

    The manual says to enter the criteria and close the window, so the window closes only by its buttons: Esc or a
    click outside would otherwise drop the criteria silently and send to the whole base.
    """
    options = await mailings.filter_options(account_id=account_id, base_id=base_id, defaults=t.FIELD_LABELS)
    dialog = _FilterDialog(account_id, base_id, options, current or BaseFilter(base_id=base_id), on_apply)
    dialog.open()
    await dialog.recount()


class _FilterDialog:
    def __init__(
        self, account_id: int, base_id: int, options: FilterOptions, start: BaseFilter, on_apply: Chosen
    ) -> None:
        self.account_id = account_id
        self.base_id = base_id
        self.options = options
        self.on_apply = on_apply
        self.generation = 0
        self.state: dict[str, Any] = {
            'regions': list(start.regions),
            'operators': list(start.operators),
            'gender': start.gender,
            'birth_from': f'{start.birth_from:%d.%m.%Y}' if start.birth_from else '',
            'birth_to': f'{start.birth_to:%d.%m.%Y}' if start.birth_to else '',
            'birthday_today': start.birthday_today,
            'field_key': start.field_key,
            'field_op': start.field_op or 'equals',
            'field_value': start.field_value,
        }

    def open(self) -> None:
        with (
            ui.dialog().props('persistent').mark('filter-window') as self.dialog,
            ui.card().classes('w-[40rem] max-w-full').mark('filter-dialog'),
        ):
            ui.label(ts.FILTER_TITLE).classes('text-h6')
            ui.label(self.options.base_name).classes('text-subtitle1 text-grey-8')
            self._inputs()
            self.count = ui.label('').classes('text-subtitle2').mark('filter-count')
            self.error = ui.label('').classes('text-negative').mark('filter-error')
            with ui.row().classes('w-full justify-end'):
                ui.button(ts.FILTER_RESET, on_click=self._reset).props('flat').mark('filter-reset')
                ui.button(t.CANCEL, on_click=self.dialog.close).props('flat').mark('filter-cancel')
                ui.button(ts.FILTER_APPLY, on_click=self._apply).mark('filter-apply')
        self.dialog.open()

    def _inputs(self) -> None:
        regions = {name: ts.option_with_count(name, n) for name, n in self.options.regions}
        operators = {name: ts.option_with_count(name, n) for name, n in self.options.operators}
        with ui.row().classes('w-full gap-2 no-wrap'):
            self._select(regions, ts.FILTER_REGIONS, 'regions', 'filter-regions', multiple=True)
            self._select(operators, ts.FILTER_OPERATORS, 'operators', 'filter-operators', multiple=True)
        with ui.row().classes('w-full gap-2 items-center no-wrap'):
            self._select(ts.GENDERS, ts.FILTER_GENDER, 'gender', 'filter-gender').classes('w-32 flex-none')
            self._date(ts.BIRTH_FROM, 'birth_from', 'filter-birth-from')
            self._date(ts.BIRTH_TO, 'birth_to', 'filter-birth-to')
        ui.checkbox(ts.BIRTHDAY_TODAY, on_change=self.recount).bind_value(self.state, 'birthday_today').mark(
            'filter-birthday-today'
        )
        fields = {'': ts.FILTER_NO_FIELD, **dict(self.options.fields)}
        with ui.row().classes('w-full gap-2 no-wrap'):
            self._select(fields, ts.FILTER_FIELD, 'field_key', 'filter-field')
            self._select(ts.FILTER_OPS, ts.FILTER_OP, 'field_op', 'filter-op').classes('w-36 flex-none')
            value = ui.input(ts.FILTER_VALUE, on_change=self.recount).bind_value(self.state, 'field_value')
            value.props('dense outlined debounce=400').classes('flex-1').mark('filter-value')

    def _select(self, options: dict[str, str], label: str, key: str, marker: str, *, multiple: bool = False) -> Any:
        select = ui.select(options, label=label, multiple=multiple, on_change=self.recount)
        select.bind_value(self.state, key).props('dense outlined' + (' use-chips' if multiple else ''))
        return select.classes('flex-1 min-w-0').mark(marker)

    def _date(self, label: str, key: str, marker: str) -> None:
        field = date_input(label, None, marker, props='outlined stack-label debounce=500', classes='flex-1')
        field.bind_value(self.state, key).on_value_change(self.recount)

    def current(self) -> BaseFilter:
        """The filter the inputs describe; a date that cannot be read raises ValueError."""
        key = self.state['field_key'] or ''
        return BaseFilter(
            base_id=self.base_id,
            regions=tuple(self.state['regions'] or ()),
            operators=tuple(self.state['operators'] or ()),
            gender=self.state['gender'] or '',
            birth_from=parse_optional_date(self.state['birth_from']),
            birth_to=parse_optional_date(self.state['birth_to']),
            birthday_today=bool(self.state['birthday_today']),
            field_key=key,
            field_op=(self.state['field_op'] or 'equals') if key else '',
            field_value=(self.state['field_value'] or '') if key else '',
        )

    async def recount(self) -> None:
        """Ask how many subscribers match; a slower older answer never overwrites a newer one."""
        self.generation += 1
        generation = self.generation
        try:
            chosen = self.current()
        except ValueError:
            self.error.text = ts.BAD_BIRTH_DATE
            return
        try:
            count = await mailings.count_filtered(account_id=self.account_id, base_filter=chosen)
        except DomainError as problem:
            if generation == self.generation:
                self.error.text = t.error_text(problem.code)
            return
        if generation == self.generation:
            self.error.text = ''
            self.count.text = ts.filter_matching(count, self.options.total)

    async def _reset(self) -> None:
        self.state.update(
            regions=[], operators=[], gender='', birth_from='', birth_to='', birthday_today=False, field_key=''
        )
        self.state.update(field_op='equals', field_value='')
        await self.recount()

    async def _apply(self) -> None:
        try:
            chosen = self.current()
        except ValueError:
            self.error.text = ts.BAD_BIRTH_DATE
            return
        self.dialog.close()
        await self.on_apply(chosen)
