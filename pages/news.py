"""Дополнительно → Новости: the managers' news, newest first; unread ones are marked until the user opens them.

News texts are user-provided: they are shown as text (labels), never as HTML or Markdown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from nicegui import ui

import ui_text as t
from components import theme
from components.menu import show_badges
from domain.clock import format_local
from domain.errors import DomainError
from domain.services import news
from domain.services.auth import SessionUser
from domain.services.badges import menu_badges
from domain.services.news import NewsItem
from domain.texts import preview
from pages.session import cabinet_page, page_frame
from ui_text import support as ts

TITLE = t.WINDOW_TITLES['news']
Reload = Callable[[], Awaitable[None]]


def create() -> None:
    """Register the news window."""

    @cabinet_page('/news', title=TITLE)
    async def news_page(user: SessionUser) -> None:
        items = await news.list_news(user_id=user.user_id)
        with page_frame(TITLE, user=user, path='/news'):
            ui.label(ts.NEWS_READ_HINT).classes(theme.MUTED)
            holder = ui.element()  # dialogs live outside the feed, which is rebuilt when a news item becomes read

            @ui.refreshable
            def feed() -> None:
                if not items:
                    ui.label(ts.NO_NEWS).classes(theme.MUTED).mark('no-news')
                for item in items:
                    _card(user, item, partial(_open, user, item, holder, reload))

            async def reload() -> None:
                items[:] = await news.list_news(user_id=user.user_id)
                show_badges(await menu_badges(user))  # before the refresh deletes the button this runs under
                feed.refresh()

            feed()


def _card(user: SessionUser, item: NewsItem, on_read: Reload) -> None:
    border = 'border-l-4 border-orange-7' if item.unread else ''
    with ui.card().classes(f'{theme.CARD_CLASSES} {border}').mark(f'news-{item.id}'):
        with ui.row().classes('w-full items-center gap-2 no-wrap'):
            if item.unread:
                ui.badge(ts.NEWS_UNREAD, color='orange-7').mark('news-unread')
            weight = 'text-weight-bold' if item.unread else ''
            ui.label(item.title).classes(f'text-subtitle1 {weight}').mark('news-title')
            ui.space()
            ui.label(format_local(item.created_at, user.timezone)).classes(f'text-caption {theme.MUTED} shrink-0')
        ui.label(preview(item.body)).classes('whitespace-pre-wrap text-body2').mark('news-preview')
        read = ui.button(ts.NEWS_READ, icon='article', on_click=on_read)
        read.props('flat dense').mark(f'read-news-{item.id}')


async def _open(user: SessionUser, item: NewsItem, holder: ui.element, reload: Reload) -> None:
    try:
        opened = await news.read_news(user_id=user.user_id, news_id=item.id)
    except DomainError as problem:  # hidden or deleted by a manager since the page was drawn
        ui.notify(t.error_text(problem.code), type='warning')
        await reload()
        return
    holder.clear()
    with holder, ui.dialog() as dialog, ui.card().classes('w-[44rem] max-w-full').mark('news-dialog'):
        ui.label(opened.title).classes('text-h6').mark('news-dialog-title')
        ui.label(format_local(opened.created_at, user.timezone)).classes(f'text-caption {theme.MUTED}')
        ui.label(opened.body).classes('whitespace-pre-wrap text-body1').mark('news-body')
        with ui.row().classes('w-full justify-end'):
            ui.button(t.CLOSE, on_click=dialog.close).props('flat').mark('news-close')
    dialog.open()
    if item.unread:
        await reload()
