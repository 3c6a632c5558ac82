"""Менеджер → карточка клиента: opened from the clients' list; figures, users, mailings, names, tickets, documents;
a balance correction with its reason; an uploaded document the client then sees."""

from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

import ui_text as t
from domain.roles import AccountRole
from domain.sender_names import SenderStatus
from storage.models import Account, LedgerEntry, Mailing, SenderName, Ticket
from storage.models import User as UserRow
from tests.ui.conftest import MANAGER_PASSWORD, log_in, make_client, make_manager, table_rows
from ui_text import settings as ts

PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'


async def _card(user: User) -> Account:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open(f'/manager/clients/{account.id}')
    await user.should_see(ts.card_title('ООО Ромашка'))
    await user.should_see(marker='document-upload', retries=50)  # the last tab: the whole card is drawn
    return account


async def test_the_card_shows_the_account_and_everything_it_has(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    await SenderName.create(account_id=account.id, name='INCORE', status=SenderStatus.approved)
    await Mailing.create(account_id=account.id, sender='INCORE', text='Привет', name='Акция', recipients=3)
    await Ticket.create(account_id=account.id, subject='Где отчёт?', status='answered')
    await UserRow.filter(login='client').update(full_name='Иванов Иван')
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/clients')
    await user.should_see(marker='clients-table', retries=20)
    await user.open(f'/manager/clients/{account.id}')
    await user.should_see(ts.card_title('ООО Ромашка'))
    await user.should_see(marker='document-upload', retries=50)
    assert [(r['login'], r['role']) for r in table_rows(user, 'card-users')] == [('client', 'Владелец')]
    assert [r['name'] for r in table_rows(user, 'card-mailings')] == ['Акция']
    assert [r['name'] for r in table_rows(user, 'card-senders')] == ['INCORE']
    assert [(r['subject'], r['status']) for r in table_rows(user, 'card-tickets')] == [('Где отчёт?', 'отвечен')]
    await user.should_see(marker='statement-closing')


async def test_a_correction_on_the_card_needs_a_reason_and_then_moves_the_balance(user: User) -> None:
    account = await _card(user)
    user.find(marker='card-correct').click()
    await user.should_see(marker='correction-dialog', retries=20)
    user.find(marker='correction-amount').type('250')
    user.find(marker='save-correction').click()
    await user.should_see(t.ERRORS['correction_reason_empty'], retries=20)
    user.find(marker='correction-reason').type('Компенсация за сбой')
    user.find(marker='save-correction').click()
    await user.should_see('250,00\u00a0₽', retries=50)
    entry = await LedgerEntry.get(account_id=account.id)
    assert (entry.comment, entry.kind, str(entry.amount)) == ('Компенсация за сбой', 'correction', '250.00')
    assert entry.author_id == (await UserRow.get(login='boss')).id


async def test_the_manager_uploads_an_act_that_the_owner_then_finds(user: User) -> None:
    account = await _card(user)
    user.find(marker='document-period').clear().type('2026-03')
    (upload,) = user.find(marker='document-file').elements
    await upload.handle_uploads([SmallFileUpload('акт март.pdf', 'application/pdf', PDF)])  # type: ignore[attr-defined]
    await user.should_see(ts.DOCUMENT_UPLOADED, retries=20)
    await user.should_see(marker='documents-table', retries=20)
    (row,) = table_rows(user, 'documents-table')
    assert (row['kind'], row['period'], row['source'], row['filename']) == (
        'Акт',
        'март 2026',
        ts.DOC_UPLOADED,
        'акт март.pdf',
    )
    response = await user.http_client.get(row['url'])
    assert response.status_code == 200 and response.content == PDF
    await upload.handle_uploads([SmallFileUpload('virus.pdf', 'application/pdf', b'MZ not a pdf')])  # type: ignore[attr-defined]
    await user.should_see(t.error_text('document_type'), retries=20)
    assert len(table_rows(user, 'documents-table')) == 1
    assert account.id


async def test_blocking_from_the_card_closes_the_client_s_cabinet(user: User) -> None:
    account = await _card(user)
    user.find(marker='card-block').click()
    await user.should_see(t.client_blocked('ООО Ромашка'), retries=20)
    assert not (await Account.get(id=account.id)).is_active
    assert (await UserRow.get(login='client')).account_role == AccountRole.owner
