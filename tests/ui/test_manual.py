"""Дополнительно → Руководство пользователя: sections, contents, search, and every window's help icon."""

from nicegui.testing import User

import ui_text as t
from components.menu import all_items
from domain.services import manual
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client
from ui_text import settings as ts


async def _client(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)


def test_every_window_of_the_menu_has_a_section_and_every_section_a_file() -> None:
    slugs = {section.slug for section in manual.sections()}
    assert len(slugs) >= 14
    for item in all_items():
        assert manual.section_for_path(item.path) in slugs, item.path
    assert set(manual.SECTION_FOR_PATH.values()) <= slugs
    assert manual.section_for_path('/stats/detail') == 'statistics'
    assert manual.section_for_path('/bases/17') == 'bases'
    assert manual.section_for_path('/sendings') == 'intro'  # a prefix only counts up to a '/'
    assert all(section.title and section.text for section in manual.sections())


async def test_the_manual_opens_with_its_contents_and_goes_to_a_section(user: User) -> None:
    await _client(user)
    await user.open('/manual')
    await user.should_see(t.WINDOW_TITLES['manual'])
    for section in manual.sections():
        await user.should_see(marker=f'manual-link-{section.slug}')
    await user.should_see('Введение')
    await user.open('/manual/send')
    await user.should_see('5. Отправка СМС')
    await user.should_see('Локальное время')


async def test_a_window_s_help_icon_leads_to_its_section(user: User) -> None:
    await _client(user)
    await user.open('/bases')
    (link,) = user.find(marker='help-link').elements
    assert link.props['href'] == '/manual/bases'
    await user.open('/settings')
    (link,) = user.find(marker='help-link').elements
    assert link.props['href'] == '/manual/settings'
    user.find(marker='help-link').click()
    await user.should_see('Настройки личного кабинета', retries=20)
    await user.should_see(marker='manual-text')


async def test_the_search_finds_sections_and_says_when_nothing_is_found(user: User) -> None:
    await _client(user)
    await user.open('/manual?q=СТОП-лист')
    await user.should_see(marker='manual-result')
    assert any(result.slug == 'stoplist' for result in manual.search('стоп-лист'))
    await user.open('/manual?q=ксилофон')
    await user.should_see(ts.MANUAL_NOTHING_FOUND)


async def test_an_unknown_section_is_not_found(user: User) -> None:
    await _client(user)
    await user.open('/manual/no-such-section')
    await user.should_see(t.OBJECT_NOT_FOUND)
    response = await user.http_client.get('/manual/..%2F..%2Fetc%2Fpasswd')
    assert response.status_code == 404 and 'root:' not in response.text
