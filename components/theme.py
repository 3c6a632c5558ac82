"""Colours and CSS fragments of the cabinet, in one place."""

from nicegui import ui

PRIMARY = '#1565c0'
SECONDARY = '#455a64'
ACCENT = '#00897b'
HEADER_BG = 'bg-blue-9'
DRAWER_BG = 'bg-grey-1'
PAGE_CLASSES = 'w-full max-w-6xl mx-auto p-4 gap-4'
CARD_CLASSES = 'w-full'
MUTED = 'text-grey-7'


def apply() -> None:
    """Set the colour scheme of the current page."""
    ui.colors(primary=PRIMARY, secondary=SECONDARY, accent=ACCENT)
    # buttons keep the manual's capitalisation («Создать базу», not «СОЗДАТЬ БАЗУ»)
    ui.button.default_props('no-caps')
