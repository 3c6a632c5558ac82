"""YooKassa through its official SDK against a local fake of the API (tests/fakes/yookassa.py), nothing mocked."""

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.errors import DomainError
from domain.roles import UserRole
from domain.services import payment_providers, payments
from domain.services.payments import Outcome
from domain.statuses import PaymentStatus
from storage.models import Account, AuditEvent, LedgerEntry, Payment, User
from tests.fakes.yookassa import FakeYooKassa, running_fake

D = Decimal


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeYooKassa]:
    with running_fake(shop_id='506751', secret_key='test_secret') as server:
        monkeypatch.setenv('YOOKASSA_SHOP_ID', '506751')
        monkeypatch.setenv('YOOKASSA_SECRET_KEY', 'test_secret')
        monkeypatch.setenv('YOOKASSA_API_URL', server.url)
        yield server


async def _account(name: str = 'ООО Ромашка') -> tuple[int, int]:
    account = await Account.create(name=name)
    user = await User.create(login=f'c{account.id}', role=UserRole.client, account_id=account.id, password_hash='x')
    return account.id, user.id


async def _start(amount: str = '2500') -> Payment:
    account_id, user_id = await _account()
    started = await payments.start_payment(
        account_id=account_id,
        user_id=user_id,
        amount=amount,
        method='yookassa',
        payer_name='Иван Петров',
        payer_contact='+7 912 345-67-89',
        return_url='http://127.0.0.1:8080/payments/return',
    )
    payment = await Payment.get(id=started.payment_id)
    assert started.redirect_url.endswith(f'/checkout/{payment.provider_payment_id}')
    return payment


def _notification(fake: FakeYooKassa, payment: Payment, event: str = 'payment.succeeded') -> dict[str, Any]:
    return {'type': 'notification', 'event': event, 'object': fake.payments[payment.provider_payment_id or '']}


async def _notify(fake: FakeYooKassa, payment: Payment) -> Outcome:
    provider_id = payment_providers.notified_payment_id(_notification(fake, payment))
    assert provider_id is not None and provider_id == payment.provider_payment_id
    return await payments.handle_notification('yookassa', provider_id)


async def _ledger(account_id: int) -> list[Decimal]:
    return [D(a) for a in await LedgerEntry.filter(account_id=account_id).values_list('amount', flat=True)]


async def test_the_payment_is_created_with_our_key_amount_metadata_and_return_url(db: str, fake: FakeYooKassa) -> None:
    payment = await _start('2500.50')
    stored = fake.payments[payment.provider_payment_id or '']
    assert fake.by_key == {payment.idempotence_key: payment.provider_payment_id}
    assert stored['amount'] == {'value': '2500.50', 'currency': 'RUB'}
    assert stored['metadata'] | {'cms_name': ''} == {
        'payment_id': str(payment.id),
        'account_id': str(payment.account_id),
        'cms_name': '',  # the SDK adds its own name
    }
    assert [(request['capture'], request['confirmation']['type']) for request in fake.requests] == [(True, 'redirect')]
    assert stored['confirmation']['return_url'] == f'http://127.0.0.1:8080/payments/return/{payment.id}'


async def test_a_succeeded_payment_is_credited_once_however_often_notified(db: str, fake: FakeYooKassa) -> None:
    payment = await _start()
    fake.succeed(payment.provider_payment_id or '')
    assert await _notify(fake, payment) is Outcome.credited
    assert await _notify(fake, payment) is Outcome.duplicate
    info = await payments.return_from_provider(account_id=payment.account_id, payment_id=payment.id)
    assert info.status is PaymentStatus.credited
    assert await _ledger(payment.account_id) == [D('2500.00')]


async def test_a_notification_before_the_payment_succeeded_credits_nothing(db: str, fake: FakeYooKassa) -> None:
    payment = await _start()
    # The body claims success, the API says pending: only the API is trusted.
    assert await _notify(fake, payment) is Outcome.pending
    fake.cancel(payment.provider_payment_id or '')
    assert await _notify(fake, payment) is Outcome.declined
    assert await _ledger(payment.account_id) == []


@pytest.mark.parametrize(
    ('field', 'value'),
    [
        ('amount', {'value': '25000.00', 'currency': 'RUB'}),
        ('amount', {'value': '2500.00', 'currency': 'USD'}),
        ('recipient', {'account_id': '999999', 'gateway_id': '1'}),
        ('metadata', {'payment_id': '999', 'account_id': '1'}),
    ],
)
async def test_a_payment_that_does_not_match_ours_is_refused(
    db: str, fake: FakeYooKassa, field: str, value: object
) -> None:
    payment = await _start()
    fake.succeed(payment.provider_payment_id or '')
    fake.tamper(payment.provider_payment_id or '', **{field: value})
    assert await _notify(fake, payment) is Outcome.refused
    assert (await Payment.get(id=payment.id)).status == PaymentStatus.pending
    assert await _ledger(payment.account_id) == []
    assert await AuditEvent.filter(kind=payments.FORGED, account_id=payment.account_id).count() == 1


async def test_metadata_of_another_account_is_refused(db: str, fake: FakeYooKassa) -> None:
    payment = await _start()
    other_id, _ = await _account('ООО Другая')
    fake.succeed(payment.provider_payment_id or '')
    fake.tamper(
        payment.provider_payment_id or '', metadata={'payment_id': str(payment.id), 'account_id': str(other_id)}
    )
    assert await _notify(fake, payment) is Outcome.refused
    assert await _ledger(payment.account_id) == [] == await _ledger(other_id)


async def test_a_malformed_notification_names_no_payment(db: str, fake: FakeYooKassa) -> None:
    assert payment_providers.notified_payment_id({'event': 'payment.succeeded'}) is None
    assert payment_providers.notified_payment_id({'type': 'notification', 'event': 'payment.succeeded'}) is None


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    return f'http://127.0.0.1:{port}/v3'


async def test_an_unreachable_provider_declines_the_new_payment_and_credits_nothing(
    db: str, fake: FakeYooKassa, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv('YOOKASSA_API_URL', _closed_port_url())
    with pytest.raises(DomainError) as error:
        await _start()
    assert error.value.code == 'provider_unavailable'
    stored = await Payment.get(method='yookassa')
    assert (stored.status, stored.provider_payment_id) == (PaymentStatus.declined, None)
    assert await _ledger(stored.account_id) == []


async def test_an_unconfigured_shop_is_unavailable(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('YOOKASSA_SHOP_ID', raising=False)
    with pytest.raises(DomainError) as error:
        await _start()
    assert error.value.code == 'provider_unavailable'
    assert await Payment.all().count() == 0


async def test_reconcile_credits_once_after_a_crash_between_confirmation_and_credit(
    db: str, fake: FakeYooKassa, monkeypatch: pytest.MonkeyPatch
) -> None:
    payment = await _start()
    fake.succeed(payment.provider_payment_id or '')
    api_url = fake.url
    monkeypatch.setenv('YOOKASSA_API_URL', _closed_port_url())
    with pytest.raises(DomainError):  # the notification arrives while the API cannot be asked: nothing credited
        await _notify(fake, payment)
    assert await _ledger(payment.account_id) == []
    monkeypatch.setenv('YOOKASSA_API_URL', api_url)
    later = datetime.now(UTC) + timedelta(minutes=3)
    assert await payments.reconcile_pending(now=later) == 1
    assert await payments.reconcile_pending(now=later) == 0
    assert await _notify(fake, payment) is Outcome.duplicate
    assert await _ledger(payment.account_id) == [D('2500.00')]
