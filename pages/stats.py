"""Статистика СМС → Общая статистика: period, grouping and template, «Пересчитать»; a chart stacked by status and
a table with the same numbers and totals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nicegui import context, ui

import ui_text as t
from domain.clock import format_local_date
from domain.errors import DomainError
from domain.money import format_rub
from domain.services import statistics
from domain.services.auth import SessionUser
from domain.services.statistics import StatsQuery, StatsResult, StatsRow
from domain.stats import TIME_GROUPINGS, Grouping, Period, QuickPeriod, StatusGroup, Tally
from pages.bases import client_account
from pages.session import cabinet_page, page_frame
from pages.stats_chart import fold_bars, stacked_bars
from pages.stats_period import PeriodPicker
from ui_text import statistics as ts

TITLE = t.WINDOW_TITLES['stats']
PATH = '/stats'


def create() -> None:
    """Register the general statistics window."""

    @cabinet_page(PATH, title=TITLE)
    async def stats_page(user: SessionUser) -> None:
        account_id = client_account(user)
        templates = await statistics.template_choices(account_id=account_id)
        with page_frame(TITLE, user=user, path=PATH):
            await StatsView(account_id=account_id, tz=user.timezone, templates=templates).build()


class StatsView:
    """The window's inputs, chart and table."""

    def __init__(self, *, account_id: int, tz: str, templates: list[tuple[int, str]]) -> None:
        self.account_id = account_id
        self.tz = tz
        self.templates = templates

    async def build(self) -> None:
        """Draw the inputs, then the statistics of the current month."""
        self.picker = PeriodPicker(tz=self.tz, initial=QuickPeriod.month, on_pick=self.recalculate)
        with ui.row().classes('items-end gap-2'):
            grouping = {g.value: ts.GROUPINGS[g.value] for g in Grouping}
            self.grouping = ui.select(grouping, value=Grouping.day.value, label=ts.GROUPING).classes('min-w-48')
            self.grouping.props('dense').mark('grouping')
            self.grouping.on_value_change(self.recalculate)
            choices: dict[int | None, str] = {None: ts.ALL_TEMPLATES, **dict(self.templates)}
            self.template = ui.select(choices, value=None, label=ts.TEMPLATE).classes('min-w-48')
            self.template.props('dense').mark('template')
            ui.button(ts.RECALCULATE, icon='refresh', on_click=self.recalculate).mark('recalculate')
            self.spinner = ui.spinner(size='md')
            self.spinner.set_visibility(False)
        self.error = ui.label('').classes('text-negative').mark('stats-error')
        self.body = ui.column().classes('w-full gap-2')
        ui.label(ts.NOTE).classes('text-body2 text-weight-medium').mark('stats-note')
        ui.label(ts.COUNTING_NOTE).classes('text-caption text-grey-7')
        await context.client.connected()  # a long period may take seconds: the page is sent first
        await self.recalculate()

    async def recalculate(self) -> None:
        """Count again with the entered period, grouping and template («Пересчитать»)."""
        try:
            period = self.picker.period()
        except DomainError as problem:
            self.error.text = t.error_text(problem.code)
            return
        self.error.text = ''
        query = StatsQuery(period=period, grouping=Grouping(self.grouping.value), template_id=self.template.value)
        self.spinner.set_visibility(True)
        try:
            result = await statistics.general_stats(account_id=self.account_id, tz=self.tz, query=query)
        finally:
            self.spinner.set_visibility(False)
        self.body.clear()
        with self.body:
            self._draw(result)

    def _draw(self, result: StatsResult) -> None:
        grouping = result.query.grouping
        if not result.total.messages and not result.total.stopped + result.total.cancelled:
            ui.label(ts.NO_MESSAGES).classes('text-grey-7').mark('no-messages')
        labels = [self._label(grouping, row, chart=True) for row in result.rows]
        series = {group.value: [row.tally.groups[group] for row in result.rows] for group in StatusGroup}
        if grouping not in TIME_GROUPINGS:
            labels, series = fold_bars(labels, series)
        figure = stacked_bars(labels=labels, series=series, x_title=ts.GROUP_COLUMN[grouping.value])
        ui.plotly(figure).classes('w-full h-[26rem]').mark('stats-chart')
        columns = [{'name': 'label', 'label': ts.GROUP_COLUMN[grouping.value], 'field': 'label', 'align': 'left'}]
        columns += [
            {'name': k, 'label': v, 'field': k, 'align': 'right', 'headerStyle': 'white-space: normal'}
            for k, v in ts.STATS_COLUMNS.items()
        ]
        rows = [
            {'id': n, 'label': self._label(grouping, row), **_cells(row.tally)} for n, row in enumerate(result.rows)
        ]
        rows.append({'id': 'total', 'label': ts.TOTAL, 'total': True, **_cells(result.total)})
        table = ui.table(columns=columns, rows=rows, row_key='id', pagination=0).classes('w-full')
        table.props('flat bordered dense hide-pagination').mark('stats-table')
        table.add_slot(
            'body-cell',
            '<q-td :props="props" :class="props.row.total ? \'text-weight-bold bg-grey-2\' : \'\'">'
            '{{ props.value }}</q-td>',
        )

    def _label(self, grouping: Grouping, row: StatsRow, *, chart: bool = False) -> str:
        if row.others:
            return ts.others(row.others)
        key = row.key
        if isinstance(key, date):
            return _time_label(grouping, key, chart=chart, period=self._period())
        if grouping is Grouping.template:
            if key is None:
                return ts.NO_TEMPLATE
            return row.name or ts.DELETED_TEMPLATE.format(id=key)
        if grouping is Grouping.mailing and isinstance(key, int):
            return ts.mailing_name(row.name, key, format_local_date(row.created_at, self.tz))
        return str(key) if key else ts.UNKNOWN

    def _period(self) -> Period | None:
        try:
            return self.picker.period()
        except DomainError:
            return None


def _time_label(grouping: Grouping, key: date, *, chart: bool, period: Period | None) -> str:
    """A bucket's name; a week cut by the period's ends is named by the days it holds."""
    if grouping is Grouping.week:
        first, last = key, key + timedelta(days=6)
        if period is not None:
            first, last = max(first, period.date_from), min(last, period.date_to)
        return ts.week_label(first, last)
    if grouping is Grouping.month:
        return ts.month_label(key)
    many_years = period is not None and period.date_from.year != period.date_to.year
    return ts.day_label(key, with_year=many_years) if chart else ts.table_day(key)


def _cells(tally: Tally) -> dict[str, Any]:
    share = tally.delivered_share
    return {
        'messages': tally.messages,
        'parts': tally.parts,
        **{group.value: tally.groups[group] for group in StatusGroup},
        'share': f'{share}'.replace('.', ',') if share is not None else '—',
        'cost': format_rub(tally.cost),
        'stopped': tally.stopped,
        'cancelled': tally.cancelled,
    }
