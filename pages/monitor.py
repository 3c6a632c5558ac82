"""Монитор рассылок: a wall-screen view of today's and running mailings, delivery per operator and dispatch speed.

`?kiosk=1` shows it full screen on a dark background without header and menu, in type readable across a room.
Screens are fed by push: one app-level timer per server process drives domain.services.monitor.MonitorHub, which
reads the database once per watched scope (a client's account; every account for a manager) and pushes the same
snapshot to every screen of that scope. A screen leaves the hub when its page is gone.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from nicegui import app, context, ui

from components import theme
from domain.services.auth import SessionUser
from domain.services.monitor import MailingProgress, MonitorHub, MonitorSnapshot, OperatorRate
from pages.session import cabinet_page, page_frame
from ui_text import statistics as ts

PATH = '/monitor'
TICK_SECONDS = 1.0
HUB = MonitorHub()
# colours of the progress bar: delivered, failed, sent (awaiting a receipt), waiting
_BAR = (('delivered', '#2e7d32'), ('failed', '#c62828'), ('sent', '#42a5f5'), ('waiting', '#9e9e9e'))


def create() -> None:
    """Register the monitor window and the one timer of this process that feeds every screen."""
    app.timer(TICK_SECONDS, HUB.tick)

    @cabinet_page(PATH, title=ts.MONITOR_TITLE)
    async def monitor_page(user: SessionUser, kiosk: int = 0) -> None:
        scope = None if user.is_manager else user.account_id
        if kiosk:
            ui.query('body').classes('bg-grey-10')
            ui.colors(primary=theme.PRIMARY)
            with ui.column().classes('w-full p-6 gap-6 text-white'):
                with ui.row().classes('w-full items-center justify-between'):
                    ui.label(ts.MONITOR_TITLE).classes('text-h3 text-weight-bold')
                    ui.link(ts.MONITOR_EXIT_KIOSK, PATH).classes('text-grey-5 text-body1').mark('exit-kiosk')
                _MonitorScreen(scope=scope, tz=user.timezone, kiosk=True)
            return
        with page_frame(ts.MONITOR_TITLE, user=user, path=PATH):
            ui.link(ts.MONITOR_KIOSK, f'{PATH}?kiosk=1').mark('kiosk-link')
            _MonitorScreen(scope=scope, tz=user.timezone, kiosk=False)


class _MonitorScreen:
    """One screen: subscribes to the hub and redraws itself from each pushed snapshot."""

    def __init__(self, *, scope: int | None, tz: str, kiosk: bool) -> None:
        self.scope = scope
        self.tz = tz
        self.kiosk = kiosk
        self.body = ui.column().classes('w-full gap-6').mark('monitor')
        with self.body:
            ui.spinner(size='xl')
        unsubscribe = HUB.subscribe(scope, tz, self.draw)
        context.client.on_delete(unsubscribe)
        if scope in HUB.snapshots:
            self.draw(HUB.snapshots[scope])

    def draw(self, shot: MonitorSnapshot) -> None:
        """Show a snapshot (called by the hub for every screen of the scope)."""
        big = 'text-h2' if self.kiosk else 'text-h4'
        self.body.clear()
        with self.body:
            with ui.row().classes('w-full items-end justify-between'):
                with ui.column().classes('gap-0'):
                    ui.label(ts.MONITOR_SPEED).classes('text-h6 text-grey-6')
                    ui.label(f'{shot.per_minute} {ts.MONITOR_SPEED_UNIT}').classes(f'{big} text-weight-bold').mark(
                        'monitor-speed'
                    )
                clock = shot.at.astimezone(ZoneInfo(self.tz)).strftime('%H:%M:%S')
                ui.label(ts.monitor_updated(clock)).classes('text-h6 text-grey-6').mark('monitor-clock')
            ui.label(ts.MONITOR_MAILINGS).classes('text-h5')
            if not shot.mailings:
                ui.label(ts.MONITOR_NONE).classes('text-h5 text-grey-6').mark('monitor-none')
            for mailing in shot.mailings:
                self._mailing(mailing)
            if shot.operators:
                ui.label(ts.MONITOR_OPERATORS).classes('text-h5')
                with ui.row().classes('w-full gap-4'):
                    for rate in shot.operators:
                        self._operator(rate)

    def _mailing(self, mailing: MailingProgress) -> None:
        card = 'bg-grey-9 text-white' if self.kiosk else 'bg-white'
        title = 'text-h4' if self.kiosk else 'text-h6'
        number = 'text-h4' if self.kiosk else 'text-h6'
        with ui.card().classes(f'w-full {card}').props('flat bordered').mark(f'monitor-mailing-{mailing.id}'):
            with ui.row().classes('w-full items-baseline justify-between'):
                name = mailing.name or f'№{mailing.id}'
                ui.label(name).classes(f'{title} text-weight-bold')
                who = ' · '.join(x for x in (mailing.account_name if self.scope is None else '', mailing.sender) if x)
                ui.label(who).classes('text-h6 text-grey-6')
            ui.html(_bar(mailing), sanitize=False).classes('w-full')
            with ui.row().classes('w-full justify-between'):
                for key, label in ts.MONITOR_COUNTS.items():
                    with ui.column().classes('gap-0 items-start'):
                        ui.label(label).classes('text-subtitle1 text-grey-6')
                        ui.label(f'{getattr(mailing, key)}').classes(f'{number} text-weight-bold').mark(
                            f'monitor-{key}-{mailing.id}'
                        )

    def _operator(self, rate: OperatorRate) -> None:
        card = 'bg-grey-9 text-white' if self.kiosk else 'bg-white'
        with ui.card().classes(f'min-w-64 {card}').props('flat bordered').mark('monitor-operator'):
            ui.label(rate.operator or ts.UNKNOWN).classes('text-h5')
            ui.label(ts.monitor_rate(rate.delivered, rate.finished)).classes(
                ('text-h3' if self.kiosk else 'text-h5') + ' text-weight-bold'
            )
            ui.label(f'{ts.MONITOR_IN_FLIGHT}: {rate.in_flight}').classes('text-subtitle1 text-grey-6')


def _bar(mailing: MailingProgress) -> str:
    """A stacked progress bar of plain divs (delivered, failed, sent, waiting), thick enough to read from afar."""
    total = mailing.total or 1
    parts: list[Any] = []
    for key, colour in _BAR:
        share = 100 * getattr(mailing, key) / total
        if share > 0:
            parts.append(f'<div style="width:{share:.2f}%;background:{colour}"></div>')
    inner = ''.join(parts)
    return (
        '<div style="display:flex;height:28px;border-radius:6px;overflow:hidden;background:#e0e0e0;width:100%">'
        f'{inner}</div><div style="text-align:right;font-size:20px;margin-top:4px">'
        f'{100 * mailing.done_share:.0f}%</div>'
    )
