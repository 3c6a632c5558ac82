"""Менеджер → Публикация новостей: publish, edit, hide/show and delete the news the clients read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

import ui_text as t
from components import theme
from components.confirm import confirm
from components.row_actions import actions_cell, row_button
from domain.clock import format_local
from domain.errors import DomainError
from domain.services import news
from domain.services.auth import SessionUser
from domain.services.news import NewsItem
from pages.session import cabinet_page, page_frame
from ui_text import support as ts

TITLE = t.WINDOW_TITLES['manager_news']
Done = Callable[[], Awaitable[None]]


def create() -> None:
    """Register the manager's news page."""

    @cabinet_page('/manager/news', title=TITLE, manager=True)
    async def manager_news_page(user: SessionUser) -> None:
        items = await news.all_news(manager_id=user.user_id)
        with page_frame(TITLE, user=user, path='/manager/news'):
            holder = ui.element()  # one editor at a time, outside the table that is rebuilt after each change
            add = ui.button(ts.NEWS_ADD, icon='campaign', on_click=lambda: _editor(user, None, holder, reload))
            add.mark('add-news')
            ui.label(ts.NEWS_PLAIN_TEXT).classes(theme.MUTED)

            @ui.refreshable
            def table() -> None:
                _table(user, items, holder, reload)

            async def reload() -> None:
                items[:] = await news.all_news(manager_id=user.user_id)
                table.refresh()

            table()


def _table(user: SessionUser, items: list[NewsItem], holder: ui.element, reload: Done) -> None:
    if not items:
        ui.label(ts.MANAGER_NO_NEWS).classes(theme.MUTED).mark('no-news')
        return
    by_id = {item.id: item for item in items}
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in ts.NEWS_COLUMNS.items()]
    rows = [
        {
            'id': item.id,
            'title': item.title,
            'status': ts.NEWS_STATUS[item.published],
            'published': item.published,
            'created_at': format_local(item.created_at, user.timezone),
            'updated_at': format_local(item.updated_at, user.timezone),
            'readers': item.readers,
        }
        for item in items
    ]
    table = ui.table(columns=columns, rows=rows, row_key='id', pagination=20).classes('w-full').mark('news-table')
    table.add_slot(
        'body-cell-actions',
        actions_cell(
            row_button('edit', 'edit', ts.NEWS_EDIT),
            row_button('hide', 'visibility_off', ts.NEWS_HIDE, 'v-if="props.row.published"'),
            row_button('show', 'visibility', ts.NEWS_SHOW, 'v-if="!props.row.published" color="positive"'),
            row_button('delete', 'delete', ts.NEWS_DELETE, 'color="negative"'),
        ),
    )
    table.on('edit', lambda e: _editor(user, by_id[e.args['id']], holder, reload))
    table.on('hide', lambda e: _set_published(user, e.args['id'], False, reload))
    table.on('show', lambda e: _set_published(user, e.args['id'], True, reload))
    table.on('delete', lambda e: _delete(user, by_id[e.args['id']], reload))


def _editor(user: SessionUser, item: NewsItem | None, holder: ui.element, done: Done) -> None:
    holder.clear()
    with holder, ui.dialog() as dialog, ui.card().classes('w-[44rem] max-w-full').mark('news-editor'):
        ui.label(ts.NEWS_EDIT_TITLE if item else ts.NEWS_NEW_TITLE).classes('text-h6')
        title = ui.input(ts.NEWS_TITLE, value=item.title if item else '').props('outlined').classes('w-full')
        title.mark('news-title-input')
        body = ui.textarea(ts.NEWS_BODY, value=item.body if item else '').props('outlined autogrow')
        body.classes('w-full').mark('news-body-input')
        ui.label(ts.NEWS_PLAIN_TEXT).classes(f'text-caption {theme.MUTED}')
        publish = ui.checkbox(ts.NEWS_PUBLISH_NOW, value=True).mark('news-publish-now')
        publish.set_visibility(item is None)
        error = ui.label('').classes('text-negative').mark('news-error')

        async def save() -> None:
            try:
                if item is None:
                    await news.publish(
                        manager_id=user.user_id, title=title.value or '', body=body.value or '', published=publish.value
                    )
                else:
                    await news.edit(
                        manager_id=user.user_id, news_id=item.id, title=title.value or '', body=body.value or ''
                    )
            except DomainError as problem:
                error.text = t.error_text(problem.code)
                return
            dialog.close()
            ui.notify(ts.NEWS_SAVED, type='positive')
            await done()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.SAVE if item else ts.NEWS_ADD, on_click=save).mark('save-news')
    dialog.open()


async def _set_published(user: SessionUser, news_id: int, published: bool, done: Done) -> None:
    try:
        await news.set_published(manager_id=user.user_id, news_id=news_id, published=published)
    except DomainError as problem:
        ui.notify(t.error_text(problem.code), type='warning')
    else:
        ui.notify(ts.NEWS_SHOWN if published else ts.NEWS_HIDDEN, type='positive')
    await done()


def _delete(user: SessionUser, item: NewsItem, done: Done) -> None:
    async def delete() -> None:
        try:
            await news.delete(manager_id=user.user_id, news_id=item.id)
        except DomainError as problem:
            ui.notify(t.error_text(problem.code), type='warning')
        else:
            ui.notify(ts.NEWS_DELETED, type='positive')
        await done()

    confirm(ts.confirm_delete_news(item.title), delete)
