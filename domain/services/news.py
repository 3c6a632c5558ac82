"""Новости: news that managers publish; every user reads them and the unread ones are marked, per user.

Texts are plain text (never HTML or Markdown). Every manager action is recorded in the audit log.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from domain.errors import NotFound
from domain.services import audit
from domain.services.clients import require_manager
from domain.texts import clean_text
from storage.models import News, NewsRead

MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 20_000


@dataclass(kw_only=True, slots=True, frozen=True)
class NewsItem:
    """A news item as a reader or the manager sees it."""

    id: int
    title: str
    body: str
    published: bool
    created_at: datetime
    updated_at: datetime
    unread: bool = False
    readers: int = 0


async def list_news(*, user_id: int) -> list[NewsItem]:
    """The published news, newest first, each marked unread if this user has not opened it."""
    read = set(await NewsRead.filter(user_id=user_id).values_list('news_id', flat=True))
    rows = await News.filter(published=True).order_by('-created_at', '-id')
    return [_item(row, unread=row.id not in read) for row in rows]


async def unread_count(*, user_id: int) -> int:
    """How many published news this user has not read (the menu badge)."""
    read = NewsRead.filter(user_id=user_id).values('news_id')
    return await News.filter(published=True).exclude(id__in=Subquery(read)).count()


async def read_news(*, user_id: int, news_id: int) -> NewsItem:
    """Open a published news item: it becomes read for this user."""
    row = await News.get_or_none(id=news_id, published=True)
    if row is None:
        raise NotFound('news')
    if not await NewsRead.exists(news_id=news_id, user_id=user_id):
        with suppress(IntegrityError):  # the same user opened it in another tab at the same moment
            await NewsRead.create(news_id=news_id, user_id=user_id)
    return _item(row, unread=False)


async def all_news(*, manager_id: int) -> list[NewsItem]:
    """Every news item, hidden ones too, newest first, with how many users have read it (the manager's list)."""
    await require_manager(manager_id)
    rows = await News.all().order_by('-created_at', '-id')
    counts = dict(
        await NewsRead.filter(news_id__in=[r.id for r in rows])
        .annotate(readers=Count('id'))
        .group_by('news_id')
        .values_list('news_id', 'readers')
    )
    return [_item(row, readers=int(counts.get(row.id, 0))) for row in rows]


async def publish(*, manager_id: int, title: str, body: str, published: bool = True) -> NewsItem:
    """A new news item (published at once, or kept hidden as a draft)."""
    await require_manager(manager_id)
    title, body = _clean(title, body)
    async with in_transaction():
        row = await News.create(title=title, body=body, published=published, author_id=manager_id)
        await audit.record('news_published' if published else 'news_drafted', user_id=manager_id, details=title)
    return _item(row)


async def edit(*, manager_id: int, news_id: int, title: str, body: str) -> NewsItem:
    """Change the title and text (readers keep it read)."""
    await require_manager(manager_id)
    title, body = _clean(title, body)
    async with in_transaction():
        row = await News.get_or_none(id=news_id)
        if row is None:
            raise NotFound('news')
        row.title, row.body = title, body
        await row.save(update_fields=['title', 'body', 'updated_at'])
        await audit.record('news_edited', user_id=manager_id, details=f'#{news_id} {title}')
    return _item(row)


async def set_published(*, manager_id: int, news_id: int, published: bool) -> None:
    """Show the item to the clients again, or hide it from them."""
    await require_manager(manager_id)
    async with in_transaction():
        row = await News.get_or_none(id=news_id)
        if row is None:
            raise NotFound('news')
        row.published = published
        await row.save(update_fields=['published', 'updated_at'])
        kind = 'news_published' if published else 'news_unpublished'
        await audit.record(kind, user_id=manager_id, details=f'#{news_id} {row.title}')


async def delete(*, manager_id: int, news_id: int) -> None:
    """Delete a news item with the marks of who read it."""
    await require_manager(manager_id)
    async with in_transaction():
        row = await News.get_or_none(id=news_id)
        if row is None:
            raise NotFound('news')
        await NewsRead.filter(news_id=news_id).delete()
        await row.delete()
        await audit.record('news_deleted', user_id=manager_id, details=f'#{news_id} {row.title}')


def _clean(title: str, body: str) -> tuple[str, str]:
    return (
        clean_text(title, field='news_title', limit=MAX_TITLE_LENGTH, multiline=False),
        clean_text(body, field='news_body', limit=MAX_BODY_LENGTH),
    )


def _item(row: News, *, unread: bool = False, readers: int = 0) -> NewsItem:
    return NewsItem(
        id=row.id,
        title=row.title,
        body=row.body,
        published=row.published,
        created_at=row.created_at,
        updated_at=row.updated_at,
        unread=unread,
        readers=readers,
    )
