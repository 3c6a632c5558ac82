"""Who is logged in, and the decorator that makes a page need a session (and a role)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi.responses import RedirectResponse
from nicegui import app, ui

import ui_text as t
from components.frame import FrameUser, frame
from domain.errors import DomainError, NotFound
from domain.money import format_rub
from domain.services import auth
from domain.services.auth import SessionUser
from pages.top_up import open_top_up

PageBuilder = Callable[..., Awaitable[None]]


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


def forget() -> None:
    """End this browser's session."""
    app.storage.user.clear()


def cabinet_page(path: str, *, title: str, manager: bool = False) -> Callable[[PageBuilder], PageBuilder]:
    """Register a page that needs a session; `manager=True` also needs the manager role.

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
                with page_frame(t.FORBIDDEN_TITLE, user=user, path=path):
                    ui.label(t.FORBIDDEN_TEXT).mark('forbidden')
                    ui.link(t.TO_HOME, '/')
                return None
            try:
                await build(user, *args, **kwargs)
            except DomainError as error:
                # builders load their data before drawing the frame, so the refusal gets a clean page
                with page_frame(
                    t.NOT_FOUND_TITLE if isinstance(error, NotFound) else t.FORBIDDEN_TITLE, user=user, path=path
                ):
                    ui.label(t.error_text(error.code)).mark('refusal')
                    ui.link(t.TO_HOME, '/')
            return None

        page.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        ui.page(path, title=f'{title} · {t.APP_TITLE}')(page)
        return build

    return decorator


def page_frame(title: str, *, user: SessionUser, path: str) -> Any:
    """The frame of the cabinet for this user."""
    frame_user = FrameUser(
        login=user.login,
        account_name=user.account_name,
        balance_text=None if user.is_manager else format_rub(user.balance),
        is_manager=user.is_manager,
    )
    return frame(title, user=frame_user, path=path, on_top_up=None if user.is_manager else lambda: open_top_up(user))
