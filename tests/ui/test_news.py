"""Новости for a client (unread marks, the menu badge, reading) and Публикация новостей for a manager."""

from nicegui import ui
from nicegui.testing import User

import ui_text as t
from domain.services import news
from storage.models import News
from storage.models import User as UserRow
from tests.ui.conftest import (
    CLIENT_PASSWORD,
    MANAGER_PASSWORD,
    eventually,
    log_in,
    make_client,
    make_manager,
    menu_badge,
    table_rows,
)
from ui_text import support as ts

XSS_TITLE = '<img src=x onerror="window.hacked=1">'
XSS_BODY = '<script>window.hacked=1</script>\n**не жирный** [ссылка](http://evil)'


async def _publish(title: str, body: str) -> int:
    manager = await UserRow.get(login='boss')
    return (await news.publish(manager_id=manager.id, title=title, body=body)).id


async def test_news_are_newest_first_unread_marked_and_reading_clears_mark_andmenu_badge(user: User) -> None:
    await make_client()
    await make_manager()
    await _publish('Старая новость', 'Текст старой')
    fresh = await _publish('Новые тарифы', 'С 1 мая цены\nменяются')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    assert menu_badge(user, 'news') == '2'
    await user.open('/news')
    await user.should_see(t.WINDOW_TITLES['news'])
    labels = sorted(user.find(marker='news-title').elements, key=lambda element: element.id)  # page order
    titles = [label.text for label in labels]  # type: ignore[attr-defined]
    assert titles == ['Новые тарифы', 'Старая новость']
    assert len(user.find(marker='news-unread').elements) == 2

    user.find(marker=f'read-news-{fresh}').click()
    await user.should_see(marker='news-dialog', retries=20)
    (body,) = user.find(marker='news-body').elements
    assert body.text == 'С 1 мая цены\nменяются'  # type: ignore[attr-defined]
    await eventually(lambda: menu_badge(user, 'news') == '1')
    assert len(user.find(marker='news-unread').elements) == 1
    await user.open('/news')
    assert len(user.find(marker='news-unread').elements) == 1
    assert menu_badge(user, 'news') == '1'


async def test_news_text_is_shown_as_text_never_as_html_or_markdown(user: User) -> None:
    await make_client()
    await make_manager()
    item = await _publish(XSS_TITLE, XSS_BODY)
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/news')
    await user.should_see(XSS_TITLE)
    user.find(marker=f'read-news-{item}').click()
    await user.should_see(marker='news-dialog', retries=20)
    (body,) = user.find(marker='news-body').elements
    assert body.text == XSS_BODY  # type: ignore[attr-defined]
    await user.should_not_see(kind=ui.html, content='hacked')
    await user.should_not_see(kind=ui.markdown, content='hacked')


async def test_the_manager_publishes_edits_hides_and_deletes_news(user: User) -> None:
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/news')
    await user.should_see(ts.MANAGER_NO_NEWS)
    user.find(marker='add-news').click()
    await user.should_see(marker='news-editor', retries=20)
    user.find(marker='save-news').click()
    await user.should_see(t.ERRORS['news_title_empty'], retries=20)
    assert await News.all().count() == 0

    user.find(marker='news-title-input').type('Плановые работы')
    user.find(marker='news-body-input').type('Ночью 10 мая отправка СМС приостановится.')
    user.find(marker='save-news').click()
    await user.should_see(ts.NEWS_SAVED, retries=20)
    (row,) = table_rows(user, 'news-table')
    assert (row['title'], row['status'], row['readers']) == ('Плановые работы', ts.NEWS_STATUS[True], 0)

    user.find(marker='news-table').trigger('edit', row)
    await user.should_see(ts.NEWS_EDIT_TITLE, retries=20)
    user.find(marker='news-title-input').clear().type('Плановые работы 10 мая')
    user.find(marker='save-news').click()
    await eventually(lambda: table_rows(user, 'news-table')[0]['title'] == 'Плановые работы 10 мая')

    user.find(marker='news-table').trigger('hide', row)
    await user.should_see(ts.NEWS_HIDDEN, retries=20)
    await eventually(lambda: table_rows(user, 'news-table')[0]['status'] == ts.NEWS_STATUS[False])
    assert not (await News.get(id=row['id'])).published

    user.find(marker='news-table').trigger('delete', row)
    await user.should_see(marker='confirm-dialog', retries=20)
    user.find(marker='confirm-yes').click()
    await user.should_see(ts.NEWS_DELETED, retries=20)
    assert await News.all().count() == 0


async def test_a_client_cannot_open_the_news_publishing_page(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/manager/news')
    await user.should_see(t.FORBIDDEN_TEXT)
    await user.should_not_see(ts.NEWS_ADD)
    await user.should_not_see(marker='add-news')
