"""Дополнительно → Руководство пользователя: the in-app manual (docs/manual/*.md), section by section, with contents
and a search; every window's help icon leads to its section here."""

from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

import ui_text as t
from components import theme
from domain.services import manual
from domain.services.auth import SessionUser
from domain.services.manual import Section
from pages.session import cabinet_page, page_frame
from ui_text import settings as ts

TITLE = t.WINDOW_TITLES['manual']
PATH = '/manual'


def create() -> None:
    """Register /manual and /manual/{slug}."""

    @cabinet_page(PATH, title=TITLE)
    async def manual_page(user: SessionUser, q: str = '') -> None:
        first = manual.sections()[0]
        _draw(user, first, query=q)

    @cabinet_page('/manual/{slug}', title=TITLE)
    async def manual_section(user: SessionUser, slug: str) -> None:
        _draw(user, manual.section(slug))


def _draw(user: SessionUser, current: Section, *, query: str = '') -> None:
    items = manual.sections()
    with page_frame(TITLE, user=user, path=PATH), ui.row().classes('w-full items-start gap-6 no-wrap'):
        with ui.column().classes('w-72 shrink-0 gap-1').mark('manual-contents'):
            _search_box(query)
            ui.label(ts.MANUAL_CONTENTS).classes('text-subtitle1 text-bold q-mt-sm')
            for item in items:
                style = 'text-weight-bold text-primary' if item.slug == current.slug else 'text-black'
                ui.link(item.title, f'/manual/{item.slug}').classes(f'no-underline text-body2 {style}').mark(
                    f'manual-link-{item.slug}'
                )
        with ui.column().classes('grow gap-2 min-w-0'):
            if query.strip():
                _results(query)
                return
            ui.label(current.title).classes('text-h5').mark('manual-title')
            ui.add_css(theme.MANUAL_CSS)
            ui.markdown(current.text).classes('w-full manual-text').mark('manual-text')
            _neighbours(items, current)


def _search_box(query: str) -> None:
    box = ui.input(ts.MANUAL_SEARCH, value=query).props('outlined dense clearable').classes('w-full')
    box.mark('manual-search')

    def go() -> None:
        ui.navigate.to(f'{PATH}?q={quote(box.value or "")}')

    box.on('keydown.enter', go)


def _results(query: str) -> None:
    found = manual.search(query)
    ui.label(f'{ts.MANUAL_SEARCH}: «{query}»').classes('text-h6')
    if not found:
        ui.label(ts.MANUAL_NOTHING_FOUND).classes(theme.MUTED).mark('manual-nothing')
        return
    for item in found:
        with ui.card().classes('w-full gap-1').mark('manual-result'):
            ui.link(item.title, f'/manual/{item.slug}').classes('text-subtitle1')
            ui.label(item.snippet).classes(theme.MUTED)


def _neighbours(items: tuple[Section, ...], current: Section) -> None:
    index = next(i for i, item in enumerate(items) if item.slug == current.slug)
    with ui.row().classes('w-full justify-between q-mt-md'):
        if index > 0:
            ui.link(f'← {ts.MANUAL_PREVIOUS}: {items[index - 1].title}', f'/manual/{items[index - 1].slug}')
        else:
            ui.label('')
        if index + 1 < len(items):
            ui.link(f'{ts.MANUAL_NEXT}: {items[index + 1].title} →', f'/manual/{items[index + 1].slug}')
