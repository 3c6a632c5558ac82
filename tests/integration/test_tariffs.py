"""Tariffs on SQLite and PostgreSQL: the seeded default, per-account tariffs, history by validity date."""

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.pricing import InvalidTariff, OperatorGroup, VolumeTier, price_for
from domain.roles import UserRole
from domain.services import accounts, tariffs
from storage.models import Account, User

D = Decimal


def _prices(price: str) -> dict[OperatorGroup, Decimal]:
    return {group: D(price) for group in OperatorGroup}


async def _manager() -> int:
    await accounts.create_user(login='boss', role=UserRole.manager, password='Secret-pass-1234')
    return (await User.get(login='boss')).id


async def test_a_fresh_install_prices_messages_by_the_seeded_default_tariff(db: str) -> None:
    account = await Account.create(name='ООО Ромашка')
    tariff = await tariffs.tariff_for(account_id=account.id, on_date=date(2026, 6, 1))
    assert set(tariff.prices) == set(OperatorGroup)
    assert tariff.prices[OperatorGroup.mts] == D('5.5000')
    assert [info.account_id for info in await tariffs.tariff_history(account_id=None)] == [None]


async def test_an_account_tariff_applies_from_its_date_and_the_default_before(db: str) -> None:
    manager_id = await _manager()
    account = await Account.create(name='ООО Ромашка')
    tier = VolumeTier(min_parts=10_000, prices={OperatorGroup.mts: D('2.1000')})
    await tariffs.set_tariff(
        account_id=account.id,
        valid_from=date(2026, 7, 1),
        prices=_prices('2.3500'),
        tiers=[tier],
        manager_id=manager_id,
    )
    before = await tariffs.tariff_for(account_id=account.id, on_date=date(2026, 6, 30))
    after = await tariffs.tariff_for(account_id=account.id, on_date=date(2026, 7, 1))
    assert before.prices[OperatorGroup.beeline] == D('5.3000')
    assert after.prices[OperatorGroup.beeline] == D('2.3500')
    assert price_for(after, OperatorGroup.mts, 10_000) == D('2.1000')


async def test_a_new_tariff_keeps_the_history_and_a_same_day_one_wins(db: str) -> None:
    manager_id = await _manager()
    account = await Account.create(name='ООО Ромашка')
    for price in ('3.0000', '2.9000', '2.8000'):
        await tariffs.set_tariff(
            account_id=account.id, valid_from=date(2026, 8, 1), prices=_prices(price), manager_id=manager_id
        )
    history = await tariffs.tariff_history(account_id=account.id)
    assert [info.tariff.prices[OperatorGroup.t2] for info in history] == [D('2.8000'), D('2.9000'), D('3.0000')]
    assert {info.created_by_id for info in history} == {manager_id}
    current = await tariffs.tariff_for(account_id=account.id, on_date=date(2026, 8, 2))
    assert current.prices[OperatorGroup.t2] == D('2.8000')


async def test_a_new_default_tariff_changes_accounts_without_their_own(db: str) -> None:
    manager_id = await _manager()
    account = await Account.create(name='ООО Ромашка')
    await tariffs.set_tariff(
        account_id=None, valid_from=date(2026, 9, 1), prices=_prices('4.0000'), manager_id=manager_id
    )
    tariff = await tariffs.tariff_for(account_id=account.id, on_date=date(2026, 9, 1))
    assert tariff.prices[OperatorGroup.international] == D('4.0000')
    assert len(await tariffs.tariff_history(account_id=None)) == 2


async def test_only_a_manager_sets_tariffs_and_only_complete_ones(db: str) -> None:
    manager_id = await _manager()
    created = await accounts.create_user(login='client', role=UserRole.client, account_name='ООО Ромашка')
    client = await User.get(login=created.login)
    with pytest.raises(DomainError, match='forbidden'):
        await tariffs.set_tariff(
            account_id=None, valid_from=date(2026, 9, 1), prices=_prices('1'), manager_id=client.id
        )
    with pytest.raises(InvalidTariff):
        await tariffs.set_tariff(
            account_id=None, valid_from=date(2026, 9, 1), prices={OperatorGroup.mts: D('1')}, manager_id=manager_id
        )
    with pytest.raises(DomainError, match='not_found'):
        await tariffs.set_tariff(
            account_id=999, valid_from=date(2026, 9, 1), prices=_prices('1'), manager_id=manager_id
        )
    assert len(await tariffs.tariff_history(account_id=None)) == 1
