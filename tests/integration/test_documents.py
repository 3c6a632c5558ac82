"""Закрывающие документы: acts generated from the ledger per month of the account's zone, manager uploads, who may
download."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from domain.errors import DomainError, Forbidden, NotFound
from domain.roles import AccountRole, UserRole
from domain.services import accounts, documents
from domain.statuses import LedgerKind
from storage.models import Account, AuditEvent, ClosingDocument, LedgerEntry, Mailing, User
from ui_text import settings as ts

PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'


@pytest.fixture(autouse=True)
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))
    return tmp_path / 'var'


async def _entry(account_id: int, kind: LedgerKind, amount: str, reference: str, at: datetime) -> None:
    # rows with chosen times (the ledger itself only appends now; acts only read it)
    await LedgerEntry.create(
        account_id=account_id, kind=kind, amount=Decimal(amount), reference=reference, balance_after=0, created_at=at
    )


async def _account(name: str = 'ООО Ромашка', timezone: str = 'Europe/Moscow') -> int:
    account = await Account.create(name=name, timezone=timezone)
    return account.id


async def _manager() -> int:
    await accounts.create_user(login='boss', role=UserRole.manager, password='manager-password-1')
    return (await User.get(login='boss')).id


async def test_an_act_per_finished_month_counts_charges_less_refunds_by_the_accounts_clock(db: str) -> None:
    account_id = await _account()
    mailing = await Mailing.create(account_id=account_id, sender='INCORE', text='Привет', name='Акция')
    ref = f'mailing:{mailing.id}'
    await _entry(account_id, LedgerKind.charge, '-100.00', ref, datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    await _entry(account_id, LedgerKind.refund, '30.50', ref, datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
    # 23:30 Moscow time on 31 January belongs to January, 00:30 on 1 February to February
    await _entry(account_id, LedgerKind.charge, '-20.00', 'mailing:999', datetime(2026, 1, 31, 20, 30, tzinfo=UTC))
    await _entry(account_id, LedgerKind.charge, '-7.00', 'mailing:1000', datetime(2026, 1, 31, 21, 30, tzinfo=UTC))
    await _entry(account_id, LedgerKind.topup, '5000.00', 'payment:1', datetime(2026, 1, 5, 9, 0, tzinfo=UTC))

    made = await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS, now=datetime(2026, 2, 15, tzinfo=UTC))
    assert made == 1
    (act,) = await documents.list_documents(account_id=account_id)
    assert (act.kind, act.period, act.generated, act.filename) == ('act', '2026-01', True, 'Акт-2026-01.html')
    html = (documents.closing_dir() / (await ClosingDocument.get(id=act.id)).stored_name).read_text()
    assert 'ООО Ромашка' in html and 'январь 2026' in html
    assert '89,50\xa0₽' in html  # 100 + 20 charged, 30.50 returned
    assert f'Рассылка №{mailing.id} «Акция»' in html and '5\xa0000' not in html  # a top-up is no service

    assert (
        await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS, now=datetime(2026, 2, 20, tzinfo=UTC))
        == 0
    )
    made = await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS, now=datetime(2026, 3, 1, tzinfo=UTC))
    assert made == 1
    periods = [row.period for row in await documents.list_documents(account_id=account_id)]
    assert periods == ['2026-02', '2026-01']
    february = await ClosingDocument.get(account_id=account_id, period='2026-02')
    assert '7,00\xa0₽' in (documents.closing_dir() / february.stored_name).read_text()


async def test_an_act_escapes_what_the_account_is_called(db: str) -> None:
    account_id = await _account(name='<script>alert(1)</script>')
    await _entry(account_id, LedgerKind.charge, '-1.00', 'mailing:1', datetime(2026, 1, 10, tzinfo=UTC))
    await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS, now=datetime(2026, 2, 2, tzinfo=UTC))
    stored = await ClosingDocument.get(account_id=account_id)
    html = (documents.closing_dir() / stored.stored_name).read_text()
    assert '<script>' not in html and '&lt;script&gt;' in html


async def test_no_act_for_a_month_without_charges_or_for_the_running_month(db: str) -> None:
    account_id = await _account()
    await _entry(account_id, LedgerKind.topup, '100.00', 'payment:1', datetime(2026, 1, 10, tzinfo=UTC))
    await _entry(account_id, LedgerKind.charge, '-1.00', 'mailing:1', datetime(2026, 2, 10, tzinfo=UTC))
    assert (
        await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS, now=datetime(2026, 2, 28, tzinfo=UTC))
        == 0
    )
    assert await documents.list_documents(account_id=account_id) == []


async def test_a_manager_uploads_and_the_owner_and_operator_download_but_nobody_else(db: str) -> None:
    account_id = await _account()
    other_id = await _account('ООО Другая')
    manager_id = await _manager()
    row = await documents.upload(
        manager_id=manager_id,
        account_id=account_id,
        kind='invoice',
        period='2026-01',
        filename='../../счёт.pdf',
        data=PDF,
    )
    assert (row.kind, row.period, row.generated, row.filename, row.size) == (
        'invoice',
        '2026-01',
        False,
        'счёт.pdf',
        len(PDF),
    )
    stored = await documents.document_for(
        document_id=row.id, account_id=account_id, is_manager=False, role=AccountRole.owner
    )
    assert stored.path.read_bytes() == PDF and stored.path.parent == documents.closing_dir()
    assert stored.content_type == 'application/pdf'
    await documents.document_for(document_id=row.id, account_id=account_id, is_manager=False, role=AccountRole.operator)
    await documents.document_for(document_id=row.id, account_id=None, is_manager=True, role=None)
    for account, role in ((account_id, AccountRole.viewer), (other_id, AccountRole.owner), (None, None)):
        with pytest.raises(NotFound):
            await documents.document_for(document_id=row.id, account_id=account, is_manager=False, role=role)
    assert await AuditEvent.exists(kind='document_uploaded', account_id=account_id, user_id=manager_id)


async def test_bad_uploads_store_nothing(db: str, var_dir: Path) -> None:
    account_id = await _account()
    manager_id = await _manager()
    await accounts.create_user(
        login='client', role=UserRole.client, password='client-password-1', account_name='ООО Ромашка'
    )
    client_id = (await User.get(login='client')).id
    with pytest.raises(Forbidden):
        await documents.upload(
            manager_id=client_id, account_id=account_id, kind='act', period='2026-01', filename='a.pdf', data=PDF
        )
    cases: list[tuple[dict[str, object], str]] = [
        ({'kind': 'contract'}, 'document_kind_unknown'),
        ({'period': '2026-13'}, 'document_period_invalid'),
        ({'period': '01.2026'}, 'document_period_invalid'),
        ({'data': b'MZ\x90\x00 an exe renamed'}, 'document_type'),
        ({'data': b''}, 'document_empty'),
    ]
    for change, code in cases:
        args: dict[str, object] = {'kind': 'act', 'period': '2026-01', 'data': PDF} | change
        with pytest.raises(DomainError) as refused:
            await documents.upload(manager_id=manager_id, account_id=account_id, filename='a.pdf', **args)  # type: ignore[arg-type]
        assert refused.value.code == code
    assert await ClosingDocument.all().count() == 0
    assert not any((var_dir / 'closing_documents').glob('*')) if (var_dir / 'closing_documents').exists() else True


async def test_a_deleted_generated_act_is_made_again(db: str) -> None:
    account_id = await _account()
    manager_id = await _manager()
    await _entry(account_id, LedgerKind.charge, '-5.00', 'mailing:1', datetime(2026, 1, 10, tzinfo=UTC))
    now = datetime(2026, 2, 2, tzinfo=UTC)
    await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS, now=now)
    (act,) = await documents.list_documents(account_id=account_id)
    stored = documents.closing_dir() / (await ClosingDocument.get(id=act.id)).stored_name
    await documents.delete(manager_id=manager_id, document_id=act.id)
    assert not stored.exists() and await documents.list_documents(account_id=account_id) == []
    assert await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS, now=now) == 1
    with pytest.raises(NotFound):
        await documents.delete(manager_id=manager_id, document_id=act.id)
