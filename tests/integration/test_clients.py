"""The manager's actions on client accounts, and that only a manager can take them."""

from decimal import Decimal

import pytest

from domain.errors import DomainError, Forbidden
from domain.roles import UserRole
from domain.services import auth, billing, clients
from storage.models import Account, AuditEvent, User


async def _manager() -> int:
    return (await User.create(login='boss', password_hash='x', role=UserRole.manager)).id


async def test_a_new_client_gets_an_owner_who_can_log_in(db: str) -> None:
    manager_id = await _manager()
    created = await clients.create_client(manager_id=manager_id, account_name='ООО Новое', login='novoe')
    user = await auth.authenticate('novoe', created.password)
    assert user.account_name == 'ООО Новое'
    with pytest.raises(DomainError) as error:
        await clients.create_client(manager_id=manager_id, account_name='ООО Новое', login='other')
    assert error.value.code == 'account_name_taken'
    assert await AuditEvent.filter(kind='account_created').count() == 1


async def test_blocking_refuses_login_and_ends_sessions_and_unblocking_restores(db: str) -> None:
    manager_id = await _manager()
    created = await clients.create_client(
        manager_id=manager_id, account_name='ООО Б', login='client', password='password-123'
    )
    session = await auth.authenticate(created.login, 'password-123')
    account = await Account.get(name='ООО Б')
    await clients.set_blocked(manager_id=manager_id, account_id=account.id, blocked=True)
    assert await auth.session_user(session.user_id, session.session_version) is None
    with pytest.raises(auth.LoginRefused) as refusal:
        await auth.authenticate('client', 'password-123')
    assert refusal.value.code == 'blocked'
    await clients.set_blocked(manager_id=manager_id, account_id=account.id, blocked=False)
    assert (await auth.authenticate('client', 'password-123')).account_name == 'ООО Б'


async def test_a_credit_limit_lets_charges_go_below_zero_up_to_it(db: str) -> None:
    manager_id = await _manager()
    account = await Account.create(name='ООО Кредит')
    with pytest.raises(DomainError):
        await billing.reserve(account_id=account.id, mailing_ref='mailing:1', amount=Decimal('50.00'))
    await clients.set_credit_limit(manager_id=manager_id, account_id=account.id, limit=Decimal('100.00'))
    await billing.reserve(account_id=account.id, mailing_ref='mailing:1', amount=Decimal('50.00'))
    assert await billing.balance(account.id) == Decimal('-50.00')
    with pytest.raises(DomainError):
        await clients.set_credit_limit(manager_id=manager_id, account_id=account.id, limit=Decimal('-1'))


async def test_a_correction_is_an_entry_by_the_manager_with_its_reason(db: str) -> None:
    manager_id = await _manager()
    account = await Account.create(name='ООО Коррекция')
    entry = await clients.correct_balance(
        manager_id=manager_id, account_id=account.id, amount=Decimal('250.00'), reason='Платёж по счёту 15'
    )
    assert (entry.author_id, entry.comment, entry.amount) == (manager_id, 'Платёж по счёту 15', Decimal('250.00'))
    assert await billing.balance(account.id) == Decimal('250.00')
    assert await AuditEvent.filter(kind='balance_corrected', account_id=account.id).count() == 1
    with pytest.raises(DomainError) as error:
        await clients.correct_balance(manager_id=manager_id, account_id=account.id, amount=Decimal('1'), reason=' ')
    assert error.value.code == 'correction_reason_empty'


async def test_a_client_user_can_take_none_of_these_actions(db: str) -> None:
    account = await Account.create(name='ООО А')
    client = await User.create(login='client', password_hash='x', role=UserRole.client, account=account)
    with pytest.raises(Forbidden):
        await clients.correct_balance(manager_id=client.id, account_id=account.id, amount=Decimal('1000'), reason='я')
    with pytest.raises(Forbidden):
        await clients.set_credit_limit(manager_id=client.id, account_id=account.id, limit=Decimal('1000'))
    with pytest.raises(Forbidden):
        await clients.set_blocked(manager_id=client.id, account_id=account.id, blocked=True)
    with pytest.raises(Forbidden):
        await clients.search_audit(manager_id=client.id)
    assert await billing.balance(account.id) == Decimal('0')


async def test_the_audit_log_is_searchable_by_login_and_kind(db: str) -> None:
    manager_id = await _manager()
    await clients.create_client(manager_id=manager_id, account_name='ООО Поиск', login='poisk', password='password-1')
    with pytest.raises(auth.LoginRefused):
        await auth.authenticate('poisk', 'wrong-password', ip='203.0.113.9')
    found = await clients.search_audit(manager_id=manager_id, text='203.0.113')
    assert [row.kind for row in found] == ['login_failed']
    assert all(
        row.kind == 'account_created'
        for row in await clients.search_audit(manager_id=manager_id, kind='account_created')
    )
