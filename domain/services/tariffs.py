"""Tariffs: the default tariff and per-account tariffs, each a history of rows that are never overwritten.

Migration 0003 seeds the default tariff (valid from 2026-01-01) so that a fresh install prices messages; the manager
replaces it by setting a newer default with `set_tariff(account_id=None, ...)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.errors import DomainError, Forbidden, NotFound
from domain.pricing import OperatorGroup, Tariff, VolumeTier, select_tariff
from domain.roles import UserRole
from storage.models import Account, User
from storage.models import Tariff as TariffRow


@dataclass(kw_only=True, slots=True, frozen=True)
class TariffInfo:
    """A stored tariff: whose it is (None: the default), who set it and when, and its prices."""

    id: int
    account_id: int | None
    tariff: Tariff
    created_by_id: int | None
    created_at: datetime


async def set_tariff(
    *,
    account_id: int | None,
    valid_from: date,
    prices: Mapping[OperatorGroup, Decimal],
    tiers: Sequence[VolumeTier] = (),
    manager_id: int,
) -> TariffInfo:
    """Add a tariff of an account (None: the default) valid from a date; earlier tariffs stay in the history."""
    tariff = Tariff(valid_from=valid_from, prices=dict(prices), tiers=tuple(tiers))  # raises InvalidTariff
    manager = await User.get_or_none(id=manager_id)
    if manager is None or manager.role is not UserRole.manager:
        raise Forbidden()
    if account_id is not None and not await Account.exists(id=account_id):
        raise NotFound('account')
    row = await TariffRow.create(
        account_id=account_id,
        valid_from=valid_from,
        prices=_prices_json(tariff.prices),
        tiers=[{'min_parts': tier.min_parts, 'prices': _prices_json(tier.prices)} for tier in tariff.tiers],
        created_by_id=manager_id,
    )
    return _info(row)


async def tariff_for(*, account_id: int, on_date: date) -> Tariff:
    """The tariff that prices the account's messages on a date: its own tariff in force, else the default one."""
    for owner in (account_id, None):
        rows = await TariffRow.filter(account_id=owner, valid_from__lte=on_date).order_by('valid_from', 'id')
        chosen = select_tariff((_tariff(row) for row in rows), on_date)
        if chosen is not None:
            return chosen
    raise DomainError('tariff_missing')


async def tariff_history(*, account_id: int | None) -> list[TariffInfo]:
    """Every tariff of an account (None: the default tariffs), newest validity first."""
    rows = await TariffRow.filter(account_id=account_id).order_by('-valid_from', '-id')
    return [_info(row) for row in rows]


def _info(row: TariffRow) -> TariffInfo:
    return TariffInfo(
        id=row.id,
        account_id=row.account_id,
        tariff=_tariff(row),
        created_by_id=row.created_by_id,
        created_at=row.created_at,
    )


def _tariff(row: TariffRow) -> Tariff:
    tiers = tuple(
        VolumeTier(min_parts=int(tier['min_parts']), prices=_prices(tier['prices'])) for tier in row.tiers or ()
    )
    return Tariff(valid_from=row.valid_from, prices=_prices(row.prices), tiers=tiers)


def _prices(stored: Mapping[str, Any]) -> dict[OperatorGroup, Decimal]:
    return {OperatorGroup(group): Decimal(str(price)) for group, price in stored.items()}


def _prices_json(prices: Mapping[OperatorGroup, Decimal]) -> dict[str, str]:
    return {OperatorGroup(group).value: str(price) for group, price in prices.items()}
