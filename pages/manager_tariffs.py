"""Менеджер → Тарифы клиентов: the default tariff and per-account tariffs, with validity dates and history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from nicegui import ui

import ui_text as t
from components.date_input import date_input, parse_date
from domain.clock import format_local
from domain.errors import DomainError
from domain.money import format_price, parse_price
from domain.pricing import OperatorGroup, VolumeTier
from domain.services import accounts, tariffs
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['manager_tariffs']
DEFAULT = 0


def create() -> None:
    """Register the manager's tariffs page."""

    @cabinet_page('/manager/tariffs', title=TITLE, manager=True)
    async def manager_tariffs_page(user: SessionUser) -> None:
        owners = {DEFAULT: t.DEFAULT_TARIFF} | {a.id: a.name for a in await accounts.list_accounts()}
        with page_frame(TITLE, user=user, path='/manager/tariffs'):
            await TariffEditor(user, owners).build()


class TariffEditor:
    """Choose whose tariff, type the prices from a date, see the history."""

    def __init__(self, user: SessionUser, owners: dict[int, str]) -> None:
        self.user = user
        self.owners = owners

    async def build(self) -> None:
        """The form and the history of the chosen owner."""
        self.owner = ui.select(self.owners, value=DEFAULT, label=t.MANAGER_TARIFF_FOR, on_change=self.reload)
        self.owner.classes('min-w-96').mark('tariff-owner')
        self.valid_from = date_input(t.VALID_FROM, date.today(), 'tariff-valid-from')
        self.prices: dict[OperatorGroup, ui.input] = {}
        self.tier_prices: dict[OperatorGroup, ui.input] = {}
        with ui.grid(columns=3).classes('items-center gap-2 max-w-3xl'):
            ui.label('')
            ui.label(t.BASE_PRICE).classes('text-caption')
            self.tier_from = ui.input(t.TIER_FROM).props('dense outlined type=number min=2').mark('tier-from')
            for group in OperatorGroup:
                ui.label(t.OPERATOR_GROUPS[group.value])
                self.prices[group] = ui.input(value='').props('dense outlined suffix=₽').mark(f'price-{group.value}')
                self.tier_prices[group] = (
                    ui.input(value='').props('dense outlined suffix=₽').mark(f'tier-{group.value}')
                )
        ui.label(t.TIER_HINT).classes('text-caption text-grey-7')
        self.error = ui.label('').classes('text-negative').mark('tariff-error')
        ui.button(t.SET_TARIFF, on_click=self.save).mark('save-tariff')
        ui.label(t.TARIFF_HISTORY).classes('text-h6')
        self.history = ui.column().classes('w-full')
        await self.reload()

    async def reload(self) -> None:
        """Fill the prices with the owner's newest tariff and draw its history."""
        account_id = self.owner.value or None
        history = await tariffs.tariff_history(account_id=account_id)
        if history:
            newest = history[0].tariff
            for group, field in self.prices.items():
                field.value = str(newest.prices[group])
            tier = newest.tiers[0] if newest.tiers else None
            self.tier_from.value = str(tier.min_parts) if tier else ''
            for group, field in self.tier_prices.items():
                field.value = str(tier.prices[group]) if tier and group in tier.prices else ''
        self.history.clear()
        with self.history:
            columns = [
                {'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.TARIFF_HISTORY_COLUMNS.items()
            ]
            rows = [
                {
                    'id': info.id,
                    'valid_from': info.tariff.valid_from.strftime('%d.%m.%Y'),
                    'prices': ', '.join(
                        f'{t.OPERATOR_GROUPS[g.value]} {format_price(p)}' for g, p in info.tariff.prices.items()
                    ),
                    'created_at': format_local(info.created_at, self.user.timezone),
                }
                for info in history
            ]
            ui.table(columns=columns, rows=rows, row_key='id').classes('w-full').mark('tariff-history')

    async def save(self) -> None:
        """A new tariff row from the given date; the old ones stay in the history."""
        try:
            valid_from = parse_date(self.valid_from.value)
            if valid_from is None:
                raise ValueError('unreadable date')
            prices: dict[OperatorGroup, Decimal] = {g: parse_price(f.value) for g, f in self.prices.items()}
            await tariffs.set_tariff(
                account_id=self.owner.value or None,
                valid_from=valid_from,
                prices=prices,
                tiers=self._tiers(),
                manager_id=self.user.user_id,
            )
        except ValueError as problem:
            code = problem.code if isinstance(problem, DomainError) else 'period_invalid'
            self.error.text = t.error_text(code)
            return
        except DomainError as problem:
            self.error.text = t.error_text(problem.code)
            return
        self.error.text = ''
        ui.notify(t.TARIFF_SAVED, type='positive')
        await self.reload()

    def _tiers(self) -> tuple[VolumeTier, ...]:
        """The optional volume tier: a threshold in parts and the prices that change from it (blank keeps the base)."""
        threshold = (str(self.tier_from.value or '')).strip()
        if not threshold:
            return ()
        if not threshold.isdigit():
            raise DomainError('tariff_invalid_tier')
        prices = {g: parse_price(f.value) for g, f in self.tier_prices.items() if (f.value or '').strip()}
        return (VolumeTier(min_parts=int(threshold), prices=prices),) if prices else ()
