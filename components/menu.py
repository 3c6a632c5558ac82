"""The left menu: the manual's sections and items, and the manager's section."""

from dataclasses import dataclass

import ui_text as t


@dataclass(kw_only=True, slots=True, frozen=True)
class MenuItem:
    """One window reachable from the menu."""

    key: str
    path: str
    label: str
    icon: str


@dataclass(kw_only=True, slots=True, frozen=True)
class MenuSection:
    """A group of items under one heading."""

    label: str
    icon: str
    items: tuple[MenuItem, ...]


CLIENT_MENU = (
    MenuSection(
        label=t.SECTION_BASES,
        icon='contacts',
        items=(
            MenuItem(key='bases', path='/bases', label=t.ITEM_BASES, icon='list'),
            MenuItem(key='stoplist', path='/stoplist', label=t.ITEM_STOPLIST, icon='block'),
        ),
    ),
    MenuSection(
        label=t.SECTION_SMS,
        icon='sms',
        items=(
            MenuItem(key='send', path='/send', label=t.ITEM_SEND, icon='send'),
            MenuItem(key='templates', path='/templates', label=t.ITEM_TEMPLATES, icon='description'),
            MenuItem(key='scheduled', path='/scheduled', label=t.ITEM_SCHEDULED, icon='schedule'),
            MenuItem(key='awaiting', path='/awaiting', label=t.ITEM_AWAITING, icon='hourglass_empty'),
            MenuItem(key='senders', path='/senders', label=t.ITEM_SENDERS, icon='badge'),
        ),
    ),
    MenuSection(
        label=t.SECTION_FINANCE,
        icon='account_balance_wallet',
        items=(
            MenuItem(key='payments', path='/payments', label=t.ITEM_PAYMENTS, icon='payments'),
            MenuItem(key='tariffs', path='/tariffs', label=t.ITEM_TARIFFS, icon='price_change'),
        ),
    ),
    MenuSection(
        label=t.SECTION_STATS,
        icon='bar_chart',
        items=(
            MenuItem(key='stats', path='/stats', label=t.ITEM_STATS, icon='insights'),
            MenuItem(key='detail', path='/stats/detail', label=t.ITEM_DETAIL, icon='table_view'),
            MenuItem(key='reports', path='/reports', label=t.ITEM_REPORTS, icon='download'),
        ),
    ),
    MenuSection(
        label=t.SECTION_MORE,
        icon='more_horiz',
        items=(
            MenuItem(key='news', path='/news', label=t.ITEM_NEWS, icon='feed'),
            MenuItem(key='manual', path='/manual', label=t.ITEM_MANUAL, icon='menu_book'),
            MenuItem(key='support', path='/support', label=t.ITEM_SUPPORT, icon='support_agent'),
            MenuItem(key='settings', path='/settings', label=t.ITEM_SETTINGS, icon='settings'),
        ),
    ),
)

MANAGER_MENU = (
    MenuSection(
        label=t.SECTION_MANAGER,
        icon='admin_panel_settings',
        items=(
            MenuItem(key='clients', path='/manager/clients', label=t.ITEM_CLIENTS, icon='groups'),
            MenuItem(key='manager_tariffs', path='/manager/tariffs', label=t.ITEM_MANAGER_TARIFFS, icon='sell'),
            MenuItem(key='manager_senders', path='/manager/senders', label=t.ITEM_MANAGER_SENDERS, icon='verified'),
            MenuItem(key='invoices', path='/manager/invoices', label=t.ITEM_INVOICES, icon='receipt_long'),
            MenuItem(key='manager_news', path='/manager/news', label=t.ITEM_MANAGER_NEWS, icon='campaign'),
            MenuItem(key='tickets', path='/manager/tickets', label=t.ITEM_TICKETS, icon='forum'),
            MenuItem(key='numbering', path='/manager/numbering', label=t.ITEM_NUMBERING, icon='dialpad'),
            MenuItem(key='audit', path='/manager/audit', label=t.ITEM_AUDIT, icon='policy'),
        ),
    ),
)


def menu_for(*, is_manager: bool) -> tuple[MenuSection, ...]:
    """The sections a user of this role sees."""
    return MANAGER_MENU if is_manager else CLIENT_MENU


def all_items() -> list[MenuItem]:
    """Every item of both menus."""
    return [item for section in CLIENT_MENU + MANAGER_MENU for item in section.items]
