"""The left menu: the manual's sections and items, and the manager's section."""

from collections.abc import Mapping
from dataclasses import dataclass

from nicegui import ElementFilter, ui

import ui_text as t
from domain.access import may_open
from domain.roles import AccountRole


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
            MenuItem(key='monitor', path='/monitor', label=t.statistics.ITEM_MONITOR, icon='monitor_heart'),
        ),
    ),
    MenuSection(
        label=t.SECTION_MORE,
        icon='more_horiz',
        items=(
            MenuItem(key='news', path='/news', label=t.ITEM_NEWS, icon='feed'),
            MenuItem(key='documents', path='/documents', label=t.ITEM_DOCUMENTS, icon='folder_open'),
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


def menu_for(*, is_manager: bool, account_role: AccountRole | None = None) -> tuple[MenuSection, ...]:
    """The sections a user of this role sees; a client's account role hides the windows it may not open."""
    if is_manager:
        return MANAGER_MENU
    if account_role is None:
        return CLIENT_MENU
    sections = []
    for section in CLIENT_MENU:
        items = tuple(item for item in section.items if may_open(account_role, item.path))
        if items:
            sections.append(MenuSection(label=section.label, icon=section.icon, items=items))
    return tuple(sections)


def all_items() -> list[MenuItem]:
    """Every item of both menus."""
    return [item for section in CLIENT_MENU + MANAGER_MENU for item in section.items]


# Items that carry a counter: unread news, answered questions (client); tickets waiting for a manager.
BADGE_KEYS = frozenset({'news', 'support', 'tickets'})


class MenuBadge(ui.badge):
    """The red counter next to a menu item; hidden while the count is zero."""

    def __init__(self, key: str) -> None:
        super().__init__('', color='red')
        self.key = key
        self.props('rounded').classes('q-ml-xs').mark(f'menu-badge-{key}')
        self.set_visibility(False)

    def show(self, count: int) -> None:
        """Put a fresh count on the badge."""
        self.text = str(count) if count < 100 else '99+'
        self.set_visibility(count > 0)


def menu_badge(key: str) -> MenuBadge | None:
    """A badge for the item with this key, if it has one (the frame calls it after each item's link)."""
    return MenuBadge(key) if key in BADGE_KEYS else None


def show_badges(counts: Mapping[str, int]) -> None:
    """Put counts (by menu key) on the menu badges of the current page; keys without a count go to zero."""
    for badge in ElementFilter(kind=MenuBadge):
        badge.show(counts.get(badge.key, 0))
