"""Справочник нумерации: the numbering table in use, its date and counts, and how to refresh it."""

from nicegui import ui

import ui_text as t
from domain.services import numbering
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['numbering']
PATH = '/manager/numbering'


def create() -> None:
    """Register the manager's numbering page."""

    @cabinet_page(PATH, title=TITLE, manager=True)
    async def numbering_page(user: SessionUser) -> None:
        info = numbering.table_info()
        with page_frame(TITLE, user=user, path=PATH):
            with ui.grid(columns=2).classes('gap-x-6 gap-y-1').mark('numbering-info'):
                for key, label, value in (
                    ('snapshot', t.NUMBERING_SNAPSHOT, info.snapshot),
                    ('ranges', t.NUMBERING_RANGES, str(info.ranges)),
                    ('operators', t.NUMBERING_OPERATORS, str(info.operators)),
                    ('regions', t.NUMBERING_REGIONS, str(info.regions)),
                    ('path', t.NUMBERING_SOURCE, info.path),
                ):
                    ui.label(label).classes('text-grey-7')
                    ui.label(value).mark(f'numbering-{key}')
            ui.label(t.NUMBERING_REFRESH_HINT).classes('mt-4')
            ui.code(t.NUMBERING_REFRESH_COMMAND, language='bash').mark('numbering-command')
            ui.label(t.NUMBERING_RESTART_NOTE).classes('text-grey-7')
