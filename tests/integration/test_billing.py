"""The ledger on SQLite and PostgreSQL: balances, refund limits, the credit limit, races, immutability, checks."""

import asyncio
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tortoise import connections

from domain.errors import DomainError
from domain.money import InvalidAmount
from domain.roles import UserRole
from domain.services import accounts, billing
from domain.statuses import LedgerKind
from storage.models import Account, LedgerEntry, User

ROOT = Path(__file__).resolve().parents[2]
D = Decimal


async def _account(balance: str = '0', credit_limit: str = '0') -> int:
    account = await Account.create(name='ООО Ромашка', credit_limit=D(credit_limit))
    if D(balance):
        await billing.top_up(account_id=account.id, amount=D(balance), reference='payment:1')
    return account.id


async def _manager() -> int:
    await accounts.create_user(login='boss', role=UserRole.manager, password='Secret-pass-1234')
    return (await User.get(login='boss')).id


async def _ledger_sum(account_id: int) -> Decimal:
    amounts = await LedgerEntry.filter(account_id=account_id).values_list('amount', flat=True)
    return sum((D(a) for a in amounts), start=D('0.00'))


async def test_top_up_charge_refund_and_correction_move_the_balance(db: str) -> None:
    account_id = await _account('1000.00')
    manager_id = await _manager()
    charge = await billing.reserve(account_id=account_id, mailing_ref='mailing:1', amount=D('250.40'))
    back = await billing.refund(account_id=account_id, reference='mailing:1', amount=D('50.40'))
    fix = await billing.correct(
        account_id=account_id, amount=D('-100.00'), reason='double top-up', manager_id=manager_id
    )
    assert (charge.amount, charge.balance_after) == (D('-250.40'), D('749.60'))
    assert (back.kind, back.balance_after) == (LedgerKind.refund, D('800.00'))
    assert (fix.kind, fix.author_id, fix.comment, fix.balance_after) == (
        LedgerKind.correction,
        manager_id,
        'double top-up',
        D('700.00'),
    )
    assert await billing.balance(account_id) == D('700.00') == await _ledger_sum(account_id)
    assert await billing.verify_all() == []


async def test_partial_refunds_add_up_to_the_charge_and_no_further(db: str) -> None:
    account_id = await _account('100.00')
    await billing.reserve(account_id=account_id, mailing_ref='mailing:7', amount=D('30.00'))
    await billing.charge_awaiting(account_id=account_id, mailing_ref='mailing:7', amount=D('10.00'))
    await billing.refund(account_id=account_id, reference='mailing:7', amount=D('25.00'))
    with pytest.raises(DomainError) as refused:
        await billing.refund(account_id=account_id, reference='mailing:7', amount=D('15.01'))
    assert refused.value.code == 'refund_exceeds_charge'
    assert refused.value.details['refundable'] == D('15.00')
    await billing.refund(account_id=account_id, reference='mailing:7', amount=D('15.00'))
    with pytest.raises(DomainError, match='refund_exceeds_charge'):
        await billing.refund(account_id=account_id, reference='mailing:7', amount=D('0.01'))
    assert await billing.balance(account_id) == D('100.00') == await _ledger_sum(account_id)


@pytest.mark.parametrize('reference', ['mailing:8', 'payment:1', 'mailing:9'])
async def test_a_reference_that_was_not_charged_cannot_be_refunded(db: str, reference: str) -> None:
    account_id = await _account('100.00')
    other_id = await _account('100.00')
    await billing.reserve(account_id=other_id, mailing_ref='mailing:9', amount=D('10.00'))
    with pytest.raises(DomainError, match='refund_exceeds_charge'):
        await billing.refund(account_id=account_id, reference=reference, amount=D('1.00'))
    assert await LedgerEntry.filter(account_id=account_id).count() == 1


async def test_insufficient_funds_reports_the_shortfall_and_writes_nothing(db: str) -> None:
    account_id = await _account('99.99')
    with pytest.raises(DomainError) as refused:
        await billing.reserve(account_id=account_id, mailing_ref='mailing:1', amount=D('100.00'))
    assert refused.value.code == 'insufficient_funds'
    assert (refused.value.details['balance'], refused.value.details['needed']) == (D('99.99'), D('100.00'))
    assert await LedgerEntry.filter(account_id=account_id).count() == 1
    assert await billing.balance(account_id) == D('99.99')


@pytest.mark.parametrize(
    ('amount', 'succeeds'), [('100.00', True), ('150.00', True), ('150.01', False), ('1000.00', False)]
)
async def test_a_charge_may_use_the_credit_limit_but_not_exceed_it(db: str, amount: str, succeeds: bool) -> None:
    account_id = await _account('50.00', credit_limit='100.00')
    if succeeds:
        entry = await billing.reserve(account_id=account_id, mailing_ref='mailing:1', amount=D(amount))
        assert entry.balance_after == D('50.00') - D(amount)
    else:
        with pytest.raises(DomainError, match='insufficient_funds'):
            await billing.reserve(account_id=account_id, mailing_ref='mailing:1', amount=D(amount))
        assert await billing.balance(account_id) == D('50.00')


@pytest.mark.parametrize('amount', ['0', '-5.00', '0.001', '1e100'])
async def test_amounts_that_are_not_positive_kopecks_are_refused(db: str, amount: str) -> None:
    account_id = await _account('10.00')
    with pytest.raises(InvalidAmount):
        await billing.reserve(account_id=account_id, mailing_ref='mailing:1', amount=D(amount))
    with pytest.raises(InvalidAmount):
        await billing.top_up(account_id=account_id, amount=D(amount), reference='payment:2')
    assert await LedgerEntry.filter(account_id=account_id).count() == 1


async def test_a_correction_needs_a_reason(db: str) -> None:
    account_id = await _account('10.00')
    with pytest.raises(DomainError, match='correction_reason_empty'):
        await billing.correct(account_id=account_id, amount=D('5.00'), reason='  ', manager_id=await _manager())


async def test_twenty_concurrent_charges_succeed_exactly_as_far_as_the_balance_goes(db: str) -> None:
    account_id = await _account('75.00')
    results = await asyncio.gather(
        *(billing.reserve(account_id=account_id, mailing_ref=f'mailing:{n}', amount=D('10.00')) for n in range(20)),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, DomainError)]
    assert sum(isinstance(r, billing.Entry) for r in results) == 7
    assert len(refused) == 13 and {r.code for r in refused} == {'insufficient_funds'}
    assert await billing.balance(account_id) == D('5.00') == await _ledger_sum(account_id)
    assert await billing.verify_all() == []


_WORKER = """
import asyncio, sys, time
from decimal import Decimal
from tortoise import Tortoise
from domain.errors import DomainError
from domain.services import billing
from storage.db import tortoise_config

async def main(url, account_id, start, first):
    await Tortoise.init(config=tortoise_config(url))
    time.sleep(max(0.0, start - time.time()))
    calls = [billing.reserve(account_id=account_id, mailing_ref=f'mailing:{first + n}', amount=Decimal('10.00'))
             for n in range(5)]
    results = await asyncio.gather(*calls, return_exceptions=True)
    await Tortoise.close_connections()
    for r in results:
        sys.stdout.write(('ok' if isinstance(r, billing.Entry) else getattr(r, 'code', repr(r))) + '\\n')

asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])))
"""


async def test_charges_from_four_processes_race_on_separate_connections_and_never_overspend(db: str) -> None:
    account_id = await _account('75.00')
    await connections.get('default').close()  # the workers alone hold connections while they race
    start = time.time() + 3
    env = {**os.environ, 'PYTHONPATH': str(ROOT)}
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable, '-c', _WORKER, db, str(account_id), str(start), str(10 * n), stdout=-1, env=env, cwd=ROOT
        )
        for n in range(4)
    ]
    outputs = [(await worker.communicate())[0].decode().split() for worker in workers]
    outcomes = [line for output in outputs for line in output]
    assert sorted(set(outcomes)) == ['insufficient_funds', 'ok'], outcomes
    assert outcomes.count('ok') == 7 and len(outcomes) == 20
    assert await billing.balance(account_id) == D('5.00') == await _ledger_sum(account_id)
    assert await billing.verify_all() == []


async def test_ledger_entries_cannot_be_updated_or_deleted_even_by_raw_sql(db: str) -> None:
    account_id = await _account('10.00')
    entry_id = (await LedgerEntry.get(account_id=account_id)).id
    with pytest.raises(Exception, match='immutable'):
        await LedgerEntry.filter(id=entry_id).update(amount=D('1000.00'))
    with pytest.raises(Exception, match='immutable'):
        await LedgerEntry.filter(id=entry_id).delete()
    with pytest.raises(Exception, match=r'immutable|constraint|foreign key'):
        await Account.filter(id=account_id).delete()
    assert D((await LedgerEntry.get(id=entry_id)).amount) == D('10.00')


async def test_verify_finds_a_cached_balance_that_disagrees_with_the_entries(db: str) -> None:
    account_id = await _account('10.00')
    await Account.filter(id=account_id).update(balance=D('10.01'))
    assert await billing.verify_all() == [
        billing.Mismatch(account_id=account_id, field='balance', entry_id=None, expected=D('10.00'), actual=D('10.01'))
    ]


async def test_a_statement_runs_from_the_opening_to_the_closing_balance(db: str) -> None:
    account_id = await _account('500.00')
    await billing.reserve(account_id=account_id, mailing_ref='mailing:1', amount=D('120.35'))
    await billing.refund(account_id=account_id, reference='mailing:1', amount=D('20.35'))
    await billing.top_up(account_id=account_id, amount=D('0.01'), reference='payment:2')
    today = datetime.now(UTC).date()
    whole = await billing.statement(
        account_id=account_id, date_from=today - timedelta(days=1), date_to=today + timedelta(days=1)
    )
    assert [row.running_balance for row in whole.rows] == [D('500.00'), D('379.65'), D('400.00'), D('400.01')]
    assert [row.running_balance for row in whole.rows] == [row.entry.balance_after for row in whole.rows]
    assert (whole.opening_balance, whole.total_in, whole.total_out) == (D('0.00'), D('520.36'), D('-120.35'))
    assert whole.closing_balance == whole.opening_balance + whole.total_in + whole.total_out
    assert whole.closing_balance == await billing.balance(account_id)
    later = await billing.statement(
        account_id=account_id, date_from=today + timedelta(days=2), date_to=today + timedelta(days=3)
    )
    assert (later.rows, later.opening_balance, later.closing_balance) == ((), D('400.01'), D('400.01'))


async def test_the_billing_verify_command_says_ok_or_lists_mismatches_with_exit_code_1(db: str, tmp_path: Path) -> None:
    account_id = await _account('10.00')
    env = {**os.environ, 'DATABASE_URL': db, 'VAR_DIR': str(tmp_path)}
    command = (sys.executable, 'main.py', 'billing', 'verify')
    clean = await asyncio.create_subprocess_exec(*command, stdout=-1, env=env, cwd=ROOT)
    assert ((await clean.communicate())[0].decode(), clean.returncode) == ('OK\n', 0)
    await Account.filter(id=account_id).update(balance=D('7.00'))
    broken = await asyncio.create_subprocess_exec(*command, stdout=-1, env=env, cwd=ROOT)
    output = (await broken.communicate())[0].decode()
    assert broken.returncode == 1
    assert f'account {account_id}: cached balance is 7.00, the entries say 10.00' in output


async def test_a_statement_takes_its_days_in_the_account_zone(db: str) -> None:
    account_id = await _account('0.00')
    await Account.filter(id=account_id).update(timezone='Asia/Kamchatka')
    entry = await billing.top_up(account_id=account_id, amount=D('5.00'), reference='payment:9')
    local_day = entry.created_at.astimezone(ZoneInfo('Asia/Kamchatka')).date()

    that_day = await billing.statement(account_id=account_id, date_from=local_day, date_to=local_day)
    day_before = await billing.statement(
        account_id=account_id, date_from=local_day - timedelta(days=1), date_to=local_day - timedelta(days=1)
    )

    assert [row.entry.id for row in that_day.rows] == [entry.id]
    assert day_before.rows == ()
