"""Справочник нумерации: the manager sees the table's date and counts and the refresh command."""

from nicegui import ui
from nicegui.testing import User

import ui_text as t
from domain.services import numbering
from tests.ui.conftest import CLIENT_PASSWORD, MANAGER_PASSWORD, log_in, make_client, make_manager


async def test_the_manager_sees_the_snapshot_counts_and_the_refresh_command(user: User) -> None:
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.ITEM_CLIENTS, retries=30)
    await user.open('/manager/numbering')
    info = numbering.table_info()
    await user.should_see(t.WINDOW_TITLES['numbering'])
    for marker, value in (('snapshot', info.snapshot), ('ranges', str(info.ranges)), ('regions', str(info.regions))):
        (label,) = user.find(marker=f'numbering-{marker}').elements
        assert isinstance(label, ui.label) and label.text == value
    assert (info.snapshot, info.refreshed) == ('2026-08', False)
    await user.should_see(t.NUMBERING_REFRESH_COMMAND)


async def test_a_client_is_not_let_in(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=30)
    await user.open('/manager/numbering')
    await user.should_see(t.FORBIDDEN_TEXT)
    await user.should_not_see(t.NUMBERING_REFRESH_COMMAND)
