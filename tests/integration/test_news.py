"""Новости: managers publish, every user reads; unread is per user; only managers may publish (audit-logged)."""

from decimal import Decimal

import pytest

from domain.errors import DomainError, Forbidden, NotFound
from domain.roles import UserRole
from domain.services import news
from domain.services.auth import SessionUser
from domain.services.badges import menu_badges
from storage.models import Account, AuditEvent, News, NewsRead, User


async def _people() -> tuple[User, User, User]:
    account = await Account.create(name='ООО А')
    first = await User.create(login='anna', password_hash='x', role='client', account=account)
    second = await User.create(login='boris', password_hash='x', role='client', account=account)
    manager = await User.create(login='boss', password_hash='x', role='manager')
    return first, second, manager


def _session(user: User) -> SessionUser:
    return SessionUser(
        user_id=user.id,
        login=user.login,
        full_name='',
        role=UserRole(user.role),
        account_id=user.account_id,
        account_name='',
        balance=Decimal('0'),
        timezone='Europe/Moscow',
        session_version=1,
    )


async def test_news_are_newest_first_and_reading_marks_them_read_for_that_user_only(db: str) -> None:
    anna, boris, manager = await _people()
    old = await news.publish(manager_id=manager.id, title='Старая', body='Первая новость')
    new = await news.publish(manager_id=manager.id, title='Свежая', body='Вторая\nс переносом')
    listed = await news.list_news(user_id=anna.id)
    assert [(n.title, n.unread) for n in listed] == [('Свежая', True), ('Старая', True)]
    assert await news.unread_count(user_id=anna.id) == 2

    opened = await news.read_news(user_id=anna.id, news_id=new.id)
    await news.read_news(user_id=anna.id, news_id=new.id)  # a second opening is no second mark
    assert opened.body == 'Вторая\nс переносом'
    assert [(n.title, n.unread) for n in await news.list_news(user_id=anna.id)] == [
        ('Свежая', False),
        ('Старая', True),
    ]
    assert await news.unread_count(user_id=anna.id) == 1
    assert await news.unread_count(user_id=boris.id) == 2
    assert await NewsRead.filter(user_id=anna.id).count() == 1
    assert old.id != new.id


async def test_hidden_news_are_neither_listed_nor_counted_nor_readable(db: str) -> None:
    anna, _, manager = await _people()
    draft = await news.publish(manager_id=manager.id, title='Черновик', body='Пока не видно', published=False)
    shown = await news.publish(manager_id=manager.id, title='Видно', body='Текст')
    assert [n.title for n in await news.list_news(user_id=anna.id)] == ['Видно']
    assert await news.unread_count(user_id=anna.id) == 1
    with pytest.raises(NotFound):
        await news.read_news(user_id=anna.id, news_id=draft.id)

    await news.set_published(manager_id=manager.id, news_id=shown.id, published=False)
    await news.set_published(manager_id=manager.id, news_id=draft.id, published=True)
    assert [n.title for n in await news.list_news(user_id=anna.id)] == ['Черновик']
    assert [(n.title, n.published) for n in await news.all_news(manager_id=manager.id)] == [
        ('Видно', False),
        ('Черновик', True),
    ]


async def test_the_manager_edits_and_deletes_news_and_every_action_is_audited(db: str) -> None:
    anna, _, manager = await _people()
    item = await news.publish(manager_id=manager.id, title='Тариф', body='Цены меняются')
    await news.read_news(user_id=anna.id, news_id=item.id)
    edited = await news.edit(manager_id=manager.id, news_id=item.id, title='Тарифы с 1 мая', body='Новые цены')
    assert (edited.title, edited.body) == ('Тарифы с 1 мая', 'Новые цены')
    assert edited.updated_at >= item.updated_at
    (listed,) = await news.all_news(manager_id=manager.id)
    assert listed.readers == 1
    assert not (await news.list_news(user_id=anna.id))[0].unread  # an edit does not make it unread again

    await news.set_published(manager_id=manager.id, news_id=item.id, published=False)
    await news.delete(manager_id=manager.id, news_id=item.id)
    assert await News.all().count() == 0
    assert await NewsRead.all().count() == 0
    kinds = await AuditEvent.filter(user_id=manager.id).order_by('id').values_list('kind', flat=True)
    assert kinds == ['news_published', 'news_edited', 'news_unpublished', 'news_deleted']
    with pytest.raises(NotFound):
        await news.edit(manager_id=manager.id, news_id=item.id, title='x', body='y')


async def test_a_client_cannot_publish_edit_hide_delete_or_list_drafts(db: str) -> None:
    anna, _, manager = await _people()
    item = await news.publish(manager_id=manager.id, title='Новость', body='Текст')
    attempts = [
        news.publish(manager_id=anna.id, title='Моя', body='новость'),
        news.edit(manager_id=anna.id, news_id=item.id, title='Взлом', body='x'),
        news.set_published(manager_id=anna.id, news_id=item.id, published=False),
        news.delete(manager_id=anna.id, news_id=item.id),
        news.all_news(manager_id=anna.id),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            await attempt
    assert [(n.title, n.published) for n in await news.all_news(manager_id=manager.id)] == [('Новость', True)]


BAD_NEWS = [
    ('   ', 'текст', 'news_title_empty'),
    ('Заголовок', '\n \t', 'news_body_empty'),
    ('З' * 201, 'текст', 'news_title_too_long'),
    ('Заголовок', 'т' * 20_001, 'news_body_too_long'),
]


async def test_bad_news_is_refused_and_nothing_is_written(db: str) -> None:
    _, _, manager = await _people()
    item = await news.publish(manager_id=manager.id, title='Было', body='Было')
    for title, body, code in BAD_NEWS:
        with pytest.raises(DomainError) as refused:
            await news.publish(manager_id=manager.id, title=title, body=body)
        assert refused.value.code == code
        with pytest.raises(DomainError):
            await news.edit(manager_id=manager.id, news_id=item.id, title=title, body=body)
    assert [(n.title, n.body) for n in await news.all_news(manager_id=manager.id)] == [('Было', 'Было')]
    assert await AuditEvent.all().count() == 1


async def test_markup_and_control_characters_are_kept_as_plain_text(db: str) -> None:
    anna, _, manager = await _people()
    body = '<script>alert(1)</script>\x00<img src=x onerror=alert(2)> **не жирный**'
    item = await news.publish(manager_id=manager.id, title='  <b>Заголовок</b>\n второй ', body=body)
    opened = await news.read_news(user_id=anna.id, news_id=item.id)
    assert opened.title == '<b>Заголовок</b> второй'
    assert opened.body == '<script>alert(1)</script><img src=x onerror=alert(2)> **не жирный**'


async def test_menu_badges_count_unread_news_for_a_client(db: str) -> None:
    anna, boris, manager = await _people()
    item = await news.publish(manager_id=manager.id, title='Новость', body='Текст')
    await news.read_news(user_id=anna.id, news_id=item.id)
    assert await menu_badges(_session(anna)) == {'news': 0, 'support': 0}
    assert await menu_badges(_session(boris)) == {'news': 1, 'support': 0}
    assert await menu_badges(_session(manager)) == {'tickets': 0}
