"""Who is logged in, and the decorator that makes a page need a session, a role and an account role.

Role rules (domain.access): a client page is refused when the user's account role may not open its path
(`access.may_open`: a viewer opens statistics, reports, the monitor, news, the manual, support and settings only), or
when the page names a capability the role lacks (`needs=Capability.pay`). Pages hide the buttons a role cannot use
with `user.can(...)`, and the services that move money or manage users check again.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi.responses import RedirectResponse
from nicegui import app, ui

import ui_text as t
from components.frame import FrameUser, frame
from components.menu import show_badges
from domain.access import Capability, may_open
from domain.errors import DomainError, NotFound
from domain.money import format_rub
from domain.services import auth, badges, manual
from domain.services.auth import SessionUser
from pages.top_up import open_top_up
from ui_text import settings as ts

PageBuilder = Callable[..., Awaitable[None]]
# How often an open page checks that its session still holds (a password change or a block elsewhere ends it).
SESSION_CHECK_SECONDS = 30.0
_badge_counts: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar('badge_counts', default=None)


async def current_user() -> SessionUser | None:
    """The user of this browser's session, checked against the database on every page."""
    user_id = app.storage.user.get('user_id')
    version = app.storage.user.get('session_version')
    if not isinstance(user_id, int) or not isinstance(version, int):
        return None
    user = await auth.session_user(user_id, version)
    if user is None:
        app.storage.user.clear()
    return user


def remember(user: SessionUser) -> None:
    """Bind this browser's session to the user."""
    app.storage.user.update(user_id=user.user_id, session_version=user.session_version)


def keep_session(session_version: int) -> None:
    """Keep this browser's session after the user's session version went up (the other sessions end)."""
    app.storage.user.update(session_version=session_version)


def forget() -> None:
    """End this browser's session."""
    app.storage.user.clear()


def cabinet_page(
    path: str, *, title: str, manager: bool = False, needs: Capability | None = None
) -> Callable[[PageBuilder], PageBuilder]:
    """Register a page that needs a session; `manager=True` also needs the manager role, `needs` a capability of
    the client's account role (and every client page needs a role that may open `path`).

    The builder receives the SessionUser first, then the page's path parameters.
    """

    def decorator(build: PageBuilder) -> PageBuilder:
        params = list(inspect.signature(build).parameters.values())[1:]

        @functools.wraps(build)
        async def page(*args: Any, **kwargs: Any) -> Any:
            user = await current_user()
            if user is None:
                return RedirectResponse(f'/login?next={quote(path)}', status_code=303)
            if manager and not user.is_manager:
                _refusal(user, path, t.FORBIDDEN_TEXT)
                return None
            if not user.is_manager and not _role_allows(user, path, needs):
                _refusal(user, path, ts.role_forbidden(user.account_role.value))
                return None
            _badge_counts.set(await badges.menu_badges(user))
            try:
                await build(user, *args, **kwargs)
            except DomainError as error:
                # builders load their data before drawing the frame, so the refusal gets a clean page
                with page_frame(
                    t.NOT_FOUND_TITLE if isinstance(error, NotFound) else t.FORBIDDEN_TITLE, user=user, path=path
                ):
                    ui.label(t.error_text(error.code)).mark('refusal')
                    ui.link(t.TO_HOME, '/')
            # only once the page is built: a timer awaits the browser's connection, and NiceGUI answers a page as
            # soon as anything awaits it, so a timer made earlier would send the page before its data is drawn
            _watch_session(user)
            return None

        page.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        ui.page(path, title=f'{title} · {t.APP_TITLE}')(page)
        return build

    return decorator


def page_frame(title: str, *, user: SessionUser, path: str) -> Any:
    """The frame of the cabinet for this user: role-filtered menu, top-up for those who may pay, the low-balance
    banner, the help icon leading to the manual's section of this window."""
    can_pay = user.can(Capability.pay)
    frame_user = FrameUser(
        login=user.login,
        account_name=user.account_name,
        balance_text=None if user.is_manager else format_rub(user.balance),
        is_manager=user.is_manager,
        account_role=None if user.is_manager else user.account_role,
    )
    return frame(
        title,
        user=frame_user,
        path=path,
        on_top_up=(lambda: open_top_up(user)) if can_pay else None,
        banner=low_balance_banner(user, can_pay=can_pay),
        help_url=None if path.startswith('/manual') else f'/manual/{manual.section_for_path(path)}',
        badge_counts=_badge_counts.get(),
    )


def low_balance_banner(user: SessionUser, *, can_pay: bool) -> str | None:
    """The banner's text when the client's balance is below the account's threshold (a threshold of 0: never)."""
    threshold = user.low_balance_threshold
    if user.is_manager or threshold <= 0 or user.balance >= threshold:
        return None
    return ts.low_balance(format_rub(user.balance), format_rub(threshold), can_pay=can_pay)


def _role_allows(user: SessionUser, path: str, needs: Capability | None) -> bool:
    return may_open(user.account_role, path) and (needs is None or user.can(needs))


def _refusal(user: SessionUser, path: str, text: str) -> None:
    with page_frame(t.FORBIDDEN_TITLE, user=user, path=path):
        ui.label(text).mark('forbidden')
        ui.link(t.TO_HOME, '/')


def _watch_session(user: SessionUser) -> None:
    """Leave an open page for the login once its session ended elsewhere; keep the menu's counters fresh."""

    async def check() -> None:
        try:
            still = await current_user()
        except RuntimeError:  # no browser session in this context: nothing to check
            return
        if still is None or still.user_id != user.user_id:
            ui.navigate.to('/login')
            return
        show_badges(await badges.menu_badges(still))

    ui.timer(SESSION_CHECK_SECONDS, check)
