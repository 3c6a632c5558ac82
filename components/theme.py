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
WARNING_BANNER = 'bg-orange-1 text-orange-10 rounded-borders q-pa-sm'
# The in-app manual: headings of a section stay below the section's title; tables get rules
MANUAL_CSS = (
    '.manual-text h2{font-size:1.35rem;line-height:1.8rem;font-weight:500;margin:1.2rem 0 .4rem}'
    '.manual-text h3{font-size:1.1rem;line-height:1.5rem;font-weight:500;margin:1rem 0 .3rem}'
    '.manual-text table{border-collapse:collapse;margin:.5rem 0}'
    '.manual-text th,.manual-text td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}'
    '.manual-text blockquote{border-left:4px solid #90a4ae;margin:.6rem 0;padding:.2rem .8rem;color:#455a64}'
)


def apply() -> None:
    """Set the colour scheme of the current page."""
    ui.colors(primary=PRIMARY, secondary=SECONDARY, accent=ACCENT)
    # buttons keep the manual's capitalisation («Создать базу», not «СОЗДАТЬ БАЗУ»)
    ui.button.default_props('no-caps')
