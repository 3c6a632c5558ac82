"""Дополнительно → Документы: the generated act of a past month, opening it, and who may download it."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from nicegui.testing import User

import ui_text as t
from domain.roles import AccountRole, UserRole
from domain.services import accounts
from domain.statuses import LedgerKind
from storage.models import Account, LedgerEntry
from storage.models import User as UserRow
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client, table_rows
from ui_text import settings as ts


async def _charge_last_month(account_id: int) -> str:
    first_of_month = datetime.now(UTC).replace(day=1, hour=12)
    moment = first_of_month - timedelta(days=10)
    await LedgerEntry.create(
        account_id=account_id,
        kind=LedgerKind.charge,
        amount=Decimal('-42.00'),
        reference='mailing:1',
        balance_after=0,
        created_at=moment,
    )
    return f'{moment.year:04d}-{moment.month:02d}'


async def test_the_client_sees_the_act_of_last_month_and_opens_it(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    period = await _charge_last_month(account.id)
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)
    await user.open('/documents')
    await user.should_see(t.WINDOW_TITLES['documents'])
    await user.should_see(marker='documents-table', retries=20)
    (row,) = table_rows(user, 'documents-table')
    assert (row['kind'], row['period'], row['source']) == ('Акт', ts.month_label(period), ts.DOC_GENERATED)
    response = await user.http_client.get(row['url'])
    assert response.status_code == 200
    assert 'ООО Ромашка' in response.text and '42,00' in response.text
    assert 'sandbox' in response.headers['content-security-policy']
    download = await user.http_client.get(row['url'] + '?download=1')
    assert download.headers['content-disposition'].startswith('attachment')


async def test_an_empty_list_explains_when_acts_appear(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)
    await user.open('/documents')
    await user.should_see(ts.NO_DOCUMENTS)


async def test_a_viewer_another_account_and_a_stranger_cannot_download(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    await _charge_last_month(account.id)
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)
    await user.open('/documents')
    await user.should_see(marker='documents-table', retries=20)
    (row,) = table_rows(user, 'documents-table')
    url = row['url']
    await user.open('/logout')
    assert (await user.http_client.get(url)).status_code == 404  # nobody logged in
    await accounts.create_user(
        login='viewer', role=UserRole.client, password=CLIENT_PASSWORD, account_name='ООО Ромашка'
    )
    await UserRow.filter(login='viewer').update(account_role=AccountRole.viewer)
    await log_in(user, 'viewer', CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)
    assert (await user.http_client.get(url)).status_code == 404
    await user.open('/logout')
    await make_client(login='other', account='ООО Другая')
    await log_in(user, 'other', CLIENT_PASSWORD)
    await user.should_see(marker='page-title', retries=50)
    response = await user.http_client.get(url)
    assert response.status_code == 404 and 'ООО Ромашка' not in response.text
