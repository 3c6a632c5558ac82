"""Windows of the menu that later versions fill: each shows its title and an honest notice."""

import ui_text as t
from components.frame import in_development
from components.menu import MenuItem, all_items
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame

BUILT = {
    'bases',
    'clients',
    'stoplist',
    'numbering',
    'templates',
    'senders',
    'manager_senders',
    'tariffs',
    'payments',
    'manager_tariffs',
    'audit',
    'invoices',
    'stats',
    'detail',
    'reports',
    'monitor',
    'settings',
    'manual',
    'documents',
    'news',
    'support',
    'manager_news',
    'tickets',
    'send',
    'scheduled',
    'awaiting',
}


def create() -> None:
    """Register a page for every menu item that has no window of its own yet."""
    for item in all_items():
        if item.key not in BUILT:
            _register(item)


def _register(item: MenuItem) -> None:
    title = t.WINDOW_TITLES[item.key]

    @cabinet_page(item.path, title=title, manager=item.path.startswith('/manager'))
    async def placeholder(user: SessionUser) -> None:
        with page_frame(title, user=user, path=item.path):
            in_development(title)
