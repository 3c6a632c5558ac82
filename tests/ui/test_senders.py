"""Реестр имен отправителей and its approval by a manager in another session."""

from pathlib import Path

import pytest
from nicegui.testing import User

import ui_text as t
from domain.services import senders
from storage.models import Account
from tests.ui.conftest import CLIENT_PASSWORD, MANAGER_PASSWORD, log_in, make_client, make_manager, table_rows


@pytest.fixture(autouse=True)
def documents_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))


async def test_a_client_submits_a_name_and_sees_it_pending(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/senders')
    user.find(marker='add-sender').click()
    await user.should_see(t.NEW_SENDER_TITLE, retries=20)
    user.find(marker='sender-name').type('INCORE')
    user.find(marker='save-sender').click()
    await user.should_see(t.SENDER_ADDED, retries=20)
    (row,) = table_rows(user, 'senders-table')
    assert (row['name'], row['status']) == ('INCORE', t.SENDER_STATUS['pending'])


async def test_a_cyrillic_name_is_refused_with_the_rule(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/senders')
    user.find(marker='add-sender').click()
    await user.should_see(t.NEW_SENDER_TITLE, retries=20)
    user.find(marker='sender-name').type('АБВ')
    user.find(marker='save-sender').click()
    await user.should_see(t.ERRORS['sender_cyrillic'], retries=20)


async def test_the_manager_approves_and_the_client_sees_approved(user: User) -> None:
    await make_client()
    await make_manager()
    account = await Account.get(name='ООО Ромашка')
    await senders.add_sender(account_id=account.id, name='INCORE')
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/senders')
    (row,) = table_rows(user, 'pending-senders-table')
    user.find(marker='pending-senders-table').trigger('decide', row)
    await user.should_see(marker='decision-dialog', retries=20)
    user.find(marker='approve').click()
    await user.should_see(t.SENDER_APPROVED, retries=20)
    await user.open('/logout')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/senders')
    (row,) = table_rows(user, 'senders-table')
    assert row['status'] == t.SENDER_STATUS['approved']


async def test_a_client_cannot_open_the_approval_page(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/manager/senders')
    await user.should_see(t.FORBIDDEN_TEXT)
