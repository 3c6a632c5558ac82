"""The shell of every page: header with account and balance, the left menu, the low-balance banner, the page title
with its help icon."""

from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from nicegui import ui

import ui_text as t
from components import theme
from components.menu import menu_badge, menu_for
from domain.roles import AccountRole
from ui_text import settings as ts


@dataclass(kw_only=True, slots=True, frozen=True)
class FrameUser:
    """What the header shows about the logged-in user."""

    login: str
    account_name: str
    balance_text: str | None
    is_manager: bool
    account_role: AccountRole | None = None  # a client's role inside the account: the menu hides what it cannot open


@contextmanager
def frame(
    title: str,
    *,
    user: FrameUser,
    path: str,
    on_top_up: Callable[[], Awaitable[None] | None] | None = None,
    banner: str | None = None,
    help_url: str | None = None,
    badge_counts: Mapping[str, int] | None = None,
) -> Iterator[None]:
    """Build header and menu, then let the caller fill the page body under a title (and a banner, if any)."""
    theme.apply()
    drawer = _drawer(user, path, badge_counts or {})
    _header(user, on_top_up, drawer)
    with ui.column().classes(theme.PAGE_CLASSES):
        if banner:
            _banner(banner, on_top_up)
        with ui.row().classes('items-center gap-1 no-wrap'):
            ui.label(title).classes('text-h5').mark('page-title')
            if help_url:
                with ui.link(target=help_url).classes('no-underline').mark('help-link'):
                    ui.icon('help_outline', color='grey-7').classes('text-2xl').tooltip(ts.HELP)
        yield


def in_development(title: str) -> None:
    """The honest body of a window that a later version fills."""
    with ui.card().classes(theme.CARD_CLASSES).mark('in-development'):
        with ui.row().classes('items-center gap-2'):
            ui.icon('construction', color='orange').classes('text-2xl')
            ui.label(t.IN_DEVELOPMENT).classes('text-subtitle1')
        ui.label(t.IN_DEVELOPMENT_NOTE).classes(theme.MUTED)


def _banner(text: str, on_top_up: Callable[[], Awaitable[None] | None] | None) -> None:
    with ui.row().classes(f'{theme.WARNING_BANNER} w-full items-center gap-3 no-wrap').mark('low-balance-banner'):
        ui.icon('account_balance_wallet').classes('text-2xl')
        ui.label(text).classes('text-body1')
        if on_top_up is not None:
            ui.button(t.TOP_UP, on_click=on_top_up).props('color=orange-9 unelevated dense no-caps')


def _header(user: FrameUser, on_top_up: Callable[[], Awaitable[None] | None] | None, drawer: ui.left_drawer) -> None:
    with ui.header(elevated=True).classes(f'{theme.HEADER_BG} items-center justify-between q-px-md'):
        with ui.row().classes('items-center gap-2'):
            ui.button(icon='menu', on_click=drawer.toggle).props('flat round color=white').mark('menu-toggle')
            ui.link(t.APP_TITLE, '/').classes('text-h6 text-white no-underline')
        with ui.row().classes('items-center gap-4'):
            if user.account_name:
                ui.label(user.account_name).classes('text-subtitle1').mark('account-name')
            if user.balance_text is not None:
                ui.label(f'{t.BALANCE}: {user.balance_text}').classes('text-subtitle1').mark('balance')
            if on_top_up is not None:
                ui.button(t.TOP_UP, on_click=on_top_up).props('color=green-7 unelevated no-caps').mark('top-up-button')
            ui.label(user.login).classes('text-caption')
            ui.link(t.SIGN_OUT, '/logout').classes('text-white').mark('logout')


def _drawer(user: FrameUser, path: str, counts: Mapping[str, int]) -> ui.left_drawer:
    with ui.left_drawer(value=True, bordered=True).classes(theme.DRAWER_BG).props('width=280') as drawer:
        ui.link(t.MANAGER_CABINET if user.is_manager else t.CABINET, '/').classes(
            'text-subtitle1 q-mb-sm no-underline'
        ).mark('menu-home')
        for section in menu_for(is_manager=user.is_manager, account_role=user.account_role):
            # all sections open: the whole menu of the manual fits on one screen and nothing hides a window
            with ui.expansion(section.label, icon=section.icon, value=True).classes('w-full').props('dense'):
                for item in section.items:
                    active = ' text-weight-bold text-primary' if item.path == path else ''
                    with ui.row().classes('items-center gap-2 q-pl-md q-py-xs no-wrap'):
                        ui.icon(item.icon).classes('text-grey-7')
                        ui.link(item.label, item.path).classes(f'no-underline text-black text-body2{active}').mark(
                            f'menu-{item.key}'
                        )
                        if (badge := menu_badge(item.key)) is not None:
                            badge.show(counts.get(item.key, 0))
    return drawer
