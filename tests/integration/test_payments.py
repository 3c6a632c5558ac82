"""Top-up payments on SQLite and PostgreSQL: the test checkout, faults, forgeries, reconciliation, invoices."""

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from domain.errors import DomainError, Forbidden
from domain.roles import UserRole
from domain.services import accounts, billing, invoices, payment_providers, payments
from domain.services.payment_providers import ProviderStatus
from domain.services.payments import Outcome
from domain.statuses import PaymentStatus
from storage.models import Account, AuditEvent, LedgerEntry, Payment, SandboxCheckout, User

D = Decimal
SUCCESS = '4111 1111 1111 1111'
DECLINED = '4000 0000 0000 0002'
THREE_DS = '4000 0000 0000 3220'


async def _account(name: str = 'ООО Ромашка') -> int:
    account = await Account.create(name=name)
    await User.create(login=f'client{account.id}', role=UserRole.client, account_id=account.id, password_hash='x')
    return account.id


async def _client(account_id: int) -> int:
    return (await User.get(account_id=account_id)).id


async def _start(account_id: int, amount: str = '1000') -> tuple[int, str]:
    started = await payments.start_payment(
        account_id=account_id,
        user_id=await _client(account_id),
        amount=amount,
        method='card_test',
        payer_name='Иван Петров',
        payer_contact='ivan@example.ru',
        return_url='http://127.0.0.1:8080/payments/return',
    )
    payment = await Payment.get(id=started.payment_id)
    assert started.redirect_url == f'/checkout/test/{payment.provider_payment_id}'
    return payment.id, payment.provider_payment_id or ''


async def _topups(account_id: int) -> list[Decimal]:
    return [D(a) for a in await LedgerEntry.filter(account_id=account_id).values_list('amount', flat=True)]


async def _forged_count() -> int:
    return await AuditEvent.filter(kind=payments.FORGED).count()


async def test_success_card_credits_once_when_notified_twice(db: str) -> None:
    account_id = await _account()
    payment_id, provider_id = await _start(account_id, '1 000,50')
    assert await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=SUCCESS) == 'succeeded'
    assert await payments.handle_notification('card_test', provider_id) is Outcome.credited
    assert await payments.handle_notification('card_test', provider_id) is Outcome.duplicate
    info = await payments.return_from_provider(account_id=account_id, payment_id=payment_id)
    assert info.status is PaymentStatus.credited and info.credited_at is not None
    assert await _topups(account_id) == [D('1000.50')]
    assert await billing.balance(account_id) == D('1000.50')
    entry = await LedgerEntry.get(account_id=account_id)
    assert entry.reference == f'payment:{payment_id}'


async def test_return_page_first_credits_and_the_late_notification_does_nothing(db: str) -> None:
    account_id = await _account()
    payment_id, provider_id = await _start(account_id)
    await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=SUCCESS)
    info = await payments.return_from_provider(account_id=account_id, payment_id=payment_id)
    assert info.status is PaymentStatus.credited
    assert await payments.handle_notification('card_test', provider_id) is Outcome.duplicate
    assert await _topups(account_id) == [D('1000.00')]


async def test_return_before_paying_says_pending_and_credits_nothing(db: str) -> None:
    account_id = await _account()
    payment_id, _ = await _start(account_id)
    info = await payments.return_from_provider(account_id=account_id, payment_id=payment_id)
    assert info.status is PaymentStatus.pending
    assert await _topups(account_id) == []


async def test_declined_card_declines_and_credits_nothing(db: str) -> None:
    account_id = await _account()
    payment_id, provider_id = await _start(account_id)
    assert await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=DECLINED) == 'canceled'
    assert await payments.handle_notification('card_test', provider_id) is Outcome.declined
    assert (await Payment.get(id=payment_id)).status == PaymentStatus.declined
    assert await _topups(account_id) == []


@pytest.mark.parametrize(
    ('code', 'final', 'outcome'), [('123456', 'succeeded', Outcome.credited), ('000000', 'canceled', Outcome.declined)]
)
async def test_three_ds_card_waits_for_the_code(db: str, code: str, final: str, outcome: Outcome) -> None:
    account_id = await _account()
    _, provider_id = await _start(account_id)
    assert await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=THREE_DS) == 'waiting_3ds'
    assert await payments.handle_notification('card_test', provider_id) is Outcome.pending
    assert await payment_providers.sandbox_confirm_3ds(provider_payment_id=provider_id, code=code) == final
    assert await payments.handle_notification('card_test', provider_id) is outcome
    assert await _topups(account_id) == ([D('1000.00')] if final == 'succeeded' else [])


async def test_a_decided_checkout_keeps_its_first_decision(db: str) -> None:
    account_id = await _account()
    _, provider_id = await _start(account_id)
    await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=DECLINED)
    again = await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=SUCCESS)
    assert again is ProviderStatus.canceled


async def test_parallel_notifications_credit_once(db: str) -> None:
    account_id = await _account()
    payment_id, provider_id = await _start(account_id)
    await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=SUCCESS)
    calls = [payments.handle_notification('card_test', provider_id) for _ in range(8)]
    calls.append(payments.return_from_provider(account_id=account_id, payment_id=payment_id))  # type: ignore[arg-type]
    results = await asyncio.gather(*calls)
    assert results.count(Outcome.credited) == 1
    assert await _topups(account_id) == [D('1000.00')]
    assert await billing.verify_all() == []


async def test_unknown_payment_id_is_refused_and_logged(db: str) -> None:
    before = await _forged_count()
    assert await payments.handle_notification('card_test', 'sandbox_nope') is Outcome.refused
    assert await payments.handle_notification('invoice', 'x') is Outcome.refused
    assert await _forged_count() == before + 2


@pytest.mark.parametrize(
    ('field', 'value'),
    [('amount', D('1.00')), ('account_id', -1), ('payment_id', -1)],
)
async def test_forged_provider_state_credits_nothing(db: str, field: str, value: object) -> None:
    account_id = await _account()
    other_id = await _account('ООО Другая')
    if field == 'account_id':
        value = other_id
    payment_id, provider_id = await _start(account_id)
    await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=SUCCESS)
    await SandboxCheckout.filter(id=provider_id).update(**{field: value})
    assert await payments.handle_notification('card_test', provider_id) is Outcome.refused
    assert (await Payment.get(id=payment_id)).status == PaymentStatus.pending
    assert await _topups(account_id) == [] == await _topups(other_id)
    assert await AuditEvent.filter(kind=payments.FORGED, account_id=account_id).count() == 1


@pytest.mark.parametrize(
    ('amount', 'code'),
    [
        ('99.99', 'top_up_too_small'),
        ('1000000.01', 'top_up_too_large'),
        ('1e100', 'amount_too_large'),
        ('0.001', 'amount_too_many_decimals'),
        ('-100', 'amount_negative'),
        ('0', 'amount_zero'),
        ('сто', 'amount_not_a_number'),
    ],
)
async def test_amounts_outside_the_limits_are_refused(db: str, amount: str, code: str) -> None:
    account_id = await _account()
    with pytest.raises(DomainError) as error:
        await _start(account_id, amount)
    assert error.value.code == code
    assert await Payment.all().count() == 0


@pytest.mark.parametrize('amount', ['100', '1000000'])
async def test_the_limits_themselves_are_allowed(db: str, amount: str) -> None:
    payment_id, _ = await _start(await _account(), amount)
    assert D((await Payment.get(id=payment_id)).amount) == D(amount)


async def test_reconcile_credits_a_payment_whose_notification_never_came(db: str) -> None:
    account_id = await _account()
    payment_id, provider_id = await _start(account_id)
    _, young_id = await _start(account_id)
    await payment_providers.sandbox_pay(provider_payment_id=provider_id, card_number=SUCCESS)
    await payment_providers.sandbox_pay(provider_payment_id=young_id, card_number=SUCCESS)
    await Payment.filter(id=payment_id).update(created_at=datetime.now(UTC) - timedelta(minutes=5))
    assert await payments.reconcile_pending() == 1
    assert await payments.reconcile_pending() == 0
    assert await payments.handle_notification('card_test', provider_id) is Outcome.duplicate
    assert await _topups(account_id) == [D('1000.00')]


async def test_list_payments_filters_by_status_and_sums(db: str) -> None:
    account_id = await _account()
    _, paid = await _start(account_id, '300')
    _, refused = await _start(account_id, '200')
    await _start(account_id, '150')
    await payment_providers.sandbox_pay(provider_payment_id=paid, card_number=SUCCESS)
    await payment_providers.sandbox_pay(provider_payment_id=refused, card_number=DECLINED)
    await payments.reconcile_pending(older_than=timedelta(0))
    today = datetime.now(UTC).date()
    page = await payments.list_payments(
        account_id=account_id, date_from=today - timedelta(days=1), date_to=today + timedelta(days=1)
    )
    assert [row.amount for row in page.rows] == [D('150.00'), D('200.00'), D('300.00')]
    assert (page.totals[PaymentStatus.credited], page.totals[PaymentStatus.declined]) == (D('300.00'), D('200.00'))
    credited = await payments.list_payments(
        account_id=account_id, date_from=today, date_to=today + timedelta(days=1), statuses=[PaymentStatus.credited]
    )
    assert [row.status for row in credited.rows] == [PaymentStatus.credited]


async def _manager() -> int:
    await accounts.create_user(login='boss', role=UserRole.manager, password='Secret-pass-1234')
    return (await User.get(login='boss')).id


async def test_invoice_is_credited_once_by_a_manager_and_never_by_a_client(db: str) -> None:
    account_id = await _account()
    client = await User.get(account_id=account_id)
    manager_id = await _manager()
    info = await invoices.request_invoice(
        account_id=account_id, user_id=client.id, amount='5000', company_name='ООО Ромашка', inn='7707083893'
    )
    assert (info.method, info.status) == ('invoice', PaymentStatus.pending)
    with pytest.raises(Forbidden):
        await invoices.mark_invoice_paid(payment_id=info.id, manager_id=client.id)
    assert (
        await invoices.mark_invoice_paid(payment_id=info.id, manager_id=manager_id)
    ).status == PaymentStatus.credited
    assert (
        await invoices.mark_invoice_paid(payment_id=info.id, manager_id=manager_id)
    ).status == PaymentStatus.credited
    assert await _topups(account_id) == [D('5000.00')]
    assert (await LedgerEntry.get(account_id=account_id)).author_id == manager_id


async def test_invoice_document_is_shown_to_its_account_and_managers_only(db: str) -> None:
    account_id = await _account()
    other_id = await _account('ООО Другая')
    info = await invoices.request_invoice(
        account_id=account_id,
        user_id=await _client(account_id),
        amount='1200',
        company_name='ООО Ромашка',
        inn='500100732259',
        kpp='770701001',
    )
    view = await invoices.invoice_document(account_id=account_id, payment_id=info.id, is_manager=False)
    assert (view.number, view.amount, view.buyer.inn, view.buyer.kpp, view.vat_rate) == (
        str(info.id),
        D('1200.00'),
        '500100732259',
        '770701001',
        None,
    )
    assert (await invoices.invoice_document(account_id=None, payment_id=info.id, is_manager=True)).payment_id == info.id
    with pytest.raises(DomainError) as error:
        await invoices.invoice_document(account_id=other_id, payment_id=info.id, is_manager=False)
    assert error.value.code == 'not_found'


@pytest.mark.parametrize(
    ('fields', 'code'),
    [
        ({'inn': '7707083894'}, 'inn_bad_checksum'),
        ({'inn': '12345'}, 'inn_wrong_length'),
        ({'company_name': '  '}, 'company_name_empty'),
        ({'kpp': '12'}, 'kpp_invalid'),
        ({'amount': '50'}, 'top_up_too_small'),
    ],
)
async def test_bad_invoice_requests_are_refused(db: str, fields: dict[str, str], code: str) -> None:
    request = {'amount': '1000', 'company_name': 'ООО Ромашка', 'inn': '7707083893', 'kpp': ''} | fields
    account_id = await _account()
    with pytest.raises(DomainError) as error:
        await invoices.request_invoice(account_id=account_id, user_id=await _client(account_id), **request)
    assert error.value.code == code
    assert await Payment.all().count() == 0
