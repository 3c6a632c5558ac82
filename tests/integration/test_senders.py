"""The sender-name registry: the manual's rule, documents, and the manager's approval."""

from pathlib import Path

import pytest

from domain.errors import DomainError, Forbidden, NotFound
from domain.sender_names import SenderStatus
from domain.services import senders
from domain.services.senders import Upload
from storage.models import Account, AuditEvent, SenderName, User

PDF = b'%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF'


@pytest.fixture(autouse=True)
def documents_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))


async def _manager() -> User:
    return await User.create(login='boss', password_hash='x', role='manager')


async def test_a_name_goes_for_approval_and_the_manager_approves_it(db: str) -> None:
    account = await Account.create(name='ООО А')
    added = await senders.add_sender(
        account_id=account.id,
        name='INCORE',
        comment='наш бренд',
        uploads=[Upload(filename='../../Устав.pdf', data=PDF)],
    )
    assert added.status is SenderStatus.pending
    assert [d.filename for d in added.documents] == ['Устав.pdf']
    assert await senders.approved_names(account_id=account.id) == []
    assert [p.name for p in await senders.pending()] == ['INCORE']
    manager = await _manager()
    decided = await senders.decide(sender_id=added.id, manager_id=manager.id, approve=True, operators='МТС, Билайн')
    assert decided.status is SenderStatus.approved and decided.operators == 'МТС, Билайн'
    assert await senders.approved_names(account_id=account.id) == ['INCORE']
    assert await AuditEvent.filter(kind='sender_approved', user_id=manager.id).count() == 1
    with pytest.raises(DomainError) as again:
        await senders.decide(sender_id=added.id, manager_id=manager.id, approve=False, comment='передумал')
    assert again.value.code == 'sender_already_decided'


async def test_a_rejection_needs_a_comment_and_the_client_sees_it(db: str) -> None:
    account = await Account.create(name='ООО А')
    added = await senders.add_sender(account_id=account.id, name='SHOP')
    manager = await _manager()
    with pytest.raises(DomainError) as error:
        await senders.decide(sender_id=added.id, manager_id=manager.id, approve=False)
    assert error.value.code == 'sender_reject_needs_comment'
    await senders.decide(sender_id=added.id, manager_id=manager.id, approve=False, comment='Нет документов')
    (shown,) = await senders.list_senders(account_id=account.id)
    assert shown.status is SenderStatus.rejected and shown.manager_comment == 'Нет документов'
    resubmitted = await senders.add_sender(account_id=account.id, name='SHOP')
    assert resubmitted.status is SenderStatus.pending


@pytest.mark.parametrize(
    ('name', 'code'),
    [
        ('АБВ', 'sender_cyrillic'),
        ('ab', 'sender_too_short'),
        ('abcdefghijkl', 'sender_too_long'),
        ('1234567890123456', 'sender_digits_too_long'),
    ],
)
async def test_names_against_the_manuals_rule_are_refused(db: str, name: str, code: str) -> None:
    account = await Account.create(name='ООО А')
    with pytest.raises(DomainError) as error:
        await senders.add_sender(account_id=account.id, name=name)
    assert error.value.code == code
    assert await SenderName.all().count() == 0


async def test_a_duplicate_name_of_the_same_account_is_refused(db: str) -> None:
    account = await Account.create(name='ООО А')
    await senders.add_sender(account_id=account.id, name='INCORE')
    with pytest.raises(DomainError) as error:
        await senders.add_sender(account_id=account.id, name='incore')
    assert error.value.code == 'sender_duplicate'
    other = await Account.create(name='ООО Б')
    assert (await senders.add_sender(account_id=other.id, name='INCORE')).name == 'INCORE'


@pytest.mark.parametrize(
    ('upload', 'code'),
    [
        (Upload(filename='virus.pdf', data=b'MZ\x90\x00' + b'\0' * 100), 'document_type'),
        (Upload(filename='big.pdf', data=PDF + b'\0' * (50 * 1024 * 1024)), 'document_too_large'),
        (Upload(filename='empty.pdf', data=b''), 'document_empty'),
    ],
)
async def test_bad_documents_refuse_the_whole_request(db: str, upload: Upload, code: str) -> None:
    account = await Account.create(name='ООО А')
    with pytest.raises(DomainError) as error:
        await senders.add_sender(account_id=account.id, name='INCORE', uploads=[upload])
    assert error.value.code == code
    assert await SenderName.all().count() == 0


async def test_documents_are_served_only_to_their_account_and_managers(db: str) -> None:
    owner = await Account.create(name='ООО А')
    other = await Account.create(name='ООО Б')
    added = await senders.add_sender(account_id=owner.id, name='INCORE', uploads=[Upload(filename='a.pdf', data=PDF)])
    document_id = added.documents[0].id
    stored = await senders.document_for(document_id=document_id, account_id=owner.id, is_manager=False)
    assert stored.path.read_bytes() == PDF and stored.content_type == 'application/pdf'
    assert (await senders.document_for(document_id=document_id, account_id=None, is_manager=True)).filename == 'a.pdf'
    with pytest.raises(NotFound):
        await senders.document_for(document_id=document_id, account_id=other.id, is_manager=False)


async def test_a_client_user_cannot_approve_a_name(db: str) -> None:
    account = await Account.create(name='ООО А')
    client = await User.create(login='client', password_hash='x', role='client', account=account)
    added = await senders.add_sender(account_id=account.id, name='INCORE')
    with pytest.raises(Forbidden):
        await senders.decide(sender_id=added.id, manager_id=client.id, approve=True)
    assert await senders.approved_names(account_id=account.id) == []
