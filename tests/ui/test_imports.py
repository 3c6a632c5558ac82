"""Loading a base from a LibreOffice file and from the clipboard, and exporting it, through the windows."""

from pathlib import Path

import pytest
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

import ui_text as t
from domain.services import bases, subscribers
from domain.services.subscriber_input import SubscriberInput
from domain.services.subscribers import ListQuery
from storage.models import Account
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client

FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures' / 'import'
XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


@pytest.fixture(autouse=True)
def files_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))


async def _open_base(user: User) -> tuple[int, int]:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    base = await bases.create_base(account_id=account.id, name='Новая база')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(f'/bases/{base.id}')
    await user.should_see(t.base_subscribers_title('Новая база'))
    return account.id, base.id


async def test_an_xlsx_made_by_libreoffice_loads_with_one_column_switched_off(user: User) -> None:
    account_id, base_id = await _open_base(user)
    user.find(marker='load-file').click()
    await user.should_see(t.FILE_IMPORT_TITLE, retries=20)
    upload = user.find(ui.upload).elements.pop()
    data = (FIXTURES / 'subscribers.xlsx').read_bytes()
    await upload.handle_uploads([SmallFileUpload('subscribers.xlsx', XLSX, data)])
    await user.should_see(t.MAPPING_TITLE, retries=50)
    gender_column = user.find(marker='map-3').elements.pop()
    assert gender_column.value == 'gender'  # type: ignore[attr-defined]
    gender_column.value = '__skip__'  # type: ignore[attr-defined]
    user.find(marker='load').click()
    await user.should_see(t.IMPORT_DONE, retries=200)
    await user.should_see(marker='result-imported')
    page = await subscribers.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery())
    assert page.total >= 4
    by_phone = {row.phone: row for row in page.rows}
    assert by_phone['+79161234567'].region == 'Город Москва'
    assert by_phone['+79161234567'].last_name == 'Иванов'
    assert all(row.gender == '' for row in page.rows)


async def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message(user: User) -> None:
    await _open_base(user)
    user.find(marker='load-file').click()
    await user.should_see(t.FILE_IMPORT_TITLE, retries=20)
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([SmallFileUpload('base.xlsx', XLSX, b'\x00\x01 not a zip')])
    await user.should_see(t.IMPORT_ERRORS['import_wrong_content'].format(extension='xlsx'), retries=50)


async def test_numbers_from_the_clipboard_are_checked_then_loaded(user: User) -> None:
    account_id, base_id = await _open_base(user)
    user.find(marker='load-clipboard').click()
    await user.should_see(t.CLIPBOARD_TITLE, retries=20)
    user.find(marker='clipboard-text').type('89161234567 Иван\n+7 923 123-45-67, 8916123456x\n89161234567')
    user.find(marker='clipboard-check').click()
    await user.should_see(t.CLIPBOARD_CHECK_TITLE, retries=20)
    await user.should_see(t.CLIPBOARD_CHECK_HINT)
    await user.should_see(f'{t.CHECK_VALID}: 2')
    await user.should_see(f'{t.CHECK_DUPLICATES}: 1')
    await user.should_see(f'{t.CHECK_INVALID}: 1')
    (table,) = user.find(marker='check-entries').elements
    assert isinstance(table, ui.table)
    assert [(row['phone'], row['name'], row['note']) for row in table.rows] == [
        ('+7 916 123-45-67', 'Иван', ''),
        ('+7 923 123-45-67', '', ''),
        ('8916123456', 'x', t.error_text('phone_too_short')),
        ('+7 916 123-45-67', '', t.CHECK_REPEAT),
    ]
    await user.should_not_see(marker='check-more')
    user.find(marker='clipboard-load').click()
    await user.should_see(t.IMPORT_DONE, retries=50)
    page = await subscribers.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery())
    assert sorted(row.phone for row in page.rows) == ['+79161234567', '+79231234567']


async def test_the_clipboard_check_lists_the_first_200_entries_and_says_how_many_more(user: User) -> None:
    await _open_base(user)
    user.find(marker='load-clipboard').click()
    await user.should_see(t.CLIPBOARD_TITLE, retries=20)
    numbers = [f'8916{n:07d}' for n in range(203)] + ['12345']
    user.find(marker='clipboard-text').type('\n'.join(numbers))
    user.find(marker='clipboard-check').click()
    await user.should_see(t.CLIPBOARD_CHECK_TITLE, retries=20)
    await user.should_see(f'{t.CHECK_VALID}: 203')
    await user.should_see(f'{t.CHECK_INVALID}: 1')
    (table,) = user.find(marker='check-entries').elements
    assert isinstance(table, ui.table)
    assert len(table.rows) == 200
    assert table.rows[0]['phone'] == '+7 916 000-00-00'
    await user.should_see(t.check_more(200, 204))


async def test_the_base_is_exported_to_an_xlsx_file(user: User, tmp_path: Path) -> None:
    account_id, base_id = await _open_base(user)
    await subscribers.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone='79161234567'))
    await user.open(f'/bases/{base_id}')
    user.find(marker='export').click()
    await user.should_see(t.export_title('Новая база'), retries=20)
    user.find(marker='export-start').click()
    await user.should_see(t.export_done(1), retries=100)
    assert len(list((tmp_path / 'var' / 'exports').glob('*.xlsx'))) == 1
