"""Менеджер → Клиенты: all accounts, a new client, block/unblock, credit limit and balance correction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation

from nicegui import ui

import ui_text as t
from components.row_actions import actions_cell, row_button
from domain.clock import format_local
from domain.errors import DomainError
from domain.money import format_rub, parse_amount
from domain.services import accounts, clients
from domain.services.accounts import AccountRow
from domain.services.auth import SessionUser
from pages.session import cabinet_page, page_frame

TITLE = t.WINDOW_TITLES['clients']
# the client's name opens the client's card
CARD_LINK = (
    '<q-td :props="props"><a class="text-primary" :href="\'/manager/clients/\' + props.row.id">'
    '{{ props.row.name }}</a></q-td>'
)
Done = Callable[[], Awaitable[None]]


def create() -> None:
    """Register the manager's list of clients."""

    @cabinet_page('/manager/clients', title=TITLE, manager=True)
    async def clients_page(user: SessionUser) -> None:
        with page_frame(TITLE, user=user, path='/manager/clients'):
            ui.button(t.NEW_CLIENT, icon='person_add', on_click=lambda: _new_client(user, _refresh)).mark('new-client')
            await _clients_table(user)


async def _refresh() -> None:
    _clients_table.refresh()


@ui.refreshable
async def _clients_table(user: SessionUser) -> None:
    rows = await accounts.list_accounts()
    by_id = {a.id: a for a in rows}
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in t.CLIENT_COLUMNS.items()]
    columns.append({'name': 'actions', 'label': '', 'field': 'actions'})
    table_rows = [
        {
            'id': a.id,
            'name': a.name,
            'balance': format_rub(a.balance),
            'credit_limit': format_rub(a.credit_limit),
            'users': a.users,
            'last_login_at': format_local(a.last_login_at, user.timezone, empty=t.NEVER),
            'status': t.CLIENT_ACTIVE if a.is_active else t.CLIENT_BLOCKED,
            'active': a.is_active,
        }
        for a in rows
    ]
    table = ui.table(columns=columns, rows=table_rows, row_key='id').classes('w-full').mark('clients-table')
    table.add_slot(
        'body-cell-actions',
        actions_cell(
            row_button('correct', 'account_balance_wallet', t.CORRECT_BALANCE),
            row_button('limit', 'credit_score', t.SET_CREDIT_LIMIT),
            row_button('block', 'block', t.BLOCK, 'v-if="props.row.active" color="negative"'),
            row_button('unblock', 'lock_open', t.UNBLOCK, 'v-if="!props.row.active" color="positive"'),
        ),
    )
    table.add_slot('body-cell-name', CARD_LINK)
    table.on('correct', lambda e: correction_dialog(user, by_id[e.args['id']]))
    table.on('limit', lambda e: credit_limit_dialog(user, by_id[e.args['id']]))
    table.on('block', lambda e: block_account(user, by_id[e.args['id']], blocked=True))
    table.on('unblock', lambda e: block_account(user, by_id[e.args['id']], blocked=False))


def _new_client(user: SessionUser, done: Done) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('new-client-dialog'):
        ui.label(t.NEW_CLIENT).classes('text-h6')
        name = ui.input(t.CLIENT_COMPANY).props('outlined maxlength=200').classes('w-full').mark('client-company')
        login = ui.input(t.LOGIN).props('outlined maxlength=64').classes('w-full').mark('client-login')
        error = ui.label('').classes('text-negative')

        async def save() -> None:
            try:
                created = await clients.create_client(
                    manager_id=user.user_id, account_name=name.value or '', login=login.value or ''
                )
            except DomainError as problem:
                error.text = t.error_text(problem.code)
                return
            dialog.clear()
            with dialog, ui.card().classes('w-96').mark('client-created'):
                ui.label(t.client_created(created.account_name, created.login)).classes('text-subtitle1')
                ui.label(t.one_time_password(created.password)).classes('text-h6').mark('client-password')
                ui.button(t.CLOSE, on_click=dialog.close)
            await done()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.SAVE, on_click=save).mark('save-client')
    dialog.open()


def correction_dialog(user: SessionUser, account: AccountRow, done: Done = _refresh) -> None:
    """«Корректировка баланса» of an account with a mandatory reason (also on the client's card)."""
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('correction-dialog'):
        ui.label(f'{t.CORRECT_BALANCE}: {account.name}').classes('text-h6')
        ui.label(f'{t.BALANCE}: {format_rub(account.balance)}')
        amount = ui.input(t.CORRECTION_AMOUNT).props('outlined').classes('w-full').mark('correction-amount')
        reason = ui.textarea(t.CORRECTION_REASON).props('outlined autogrow').classes('w-full').mark('correction-reason')
        error = ui.label('').classes('text-negative')

        async def save() -> None:
            text = (amount.value or '').strip()
            sign = Decimal(-1) if text.startswith('-') else Decimal(1)
            try:
                value = sign * parse_amount(text.lstrip('+-'))
                await clients.correct_balance(
                    manager_id=user.user_id, account_id=account.id, amount=value, reason=reason.value or ''
                )
            except DomainError as problem:
                error.text = t.error_text(problem.code)
                return
            dialog.close()
            ui.notify(t.BALANCE_CORRECTED, type='positive')
            await done()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.SAVE, on_click=save).mark('save-correction')
    dialog.open()


def credit_limit_dialog(user: SessionUser, account: AccountRow, done: Done = _refresh) -> None:
    """The credit limit of an account (also on the client's card)."""
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('credit-limit-dialog'):
        ui.label(f'{t.SET_CREDIT_LIMIT}: {account.name}').classes('text-h6')
        limit = ui.input(t.CREDIT_LIMIT, value=str(account.credit_limit)).props('outlined suffix=₽').mark('limit')
        error = ui.label('').classes('text-negative')

        async def save() -> None:
            try:
                value = Decimal((limit.value or '0').replace(',', '.').replace(' ', ''))
                await clients.set_credit_limit(manager_id=user.user_id, account_id=account.id, limit=value)
            except (InvalidOperation, DomainError) as problem:
                error.text = t.error_text(problem.code if isinstance(problem, DomainError) else 'credit_limit_invalid')
                return
            dialog.close()
            await done()

        with ui.row().classes('w-full justify-end'):
            ui.button(t.CANCEL, on_click=dialog.close).props('flat')
            ui.button(t.SAVE, on_click=save).mark('save-limit')
    dialog.open()


async def block_account(user: SessionUser, account: AccountRow, *, blocked: bool, done: Done = _refresh) -> None:
    """Block or unblock an account (also on the client's card)."""
    await clients.set_blocked(manager_id=user.user_id, account_id=account.id, blocked=blocked)
    ui.notify(t.client_blocked(account.name) if blocked else t.client_unblocked(account.name), type='positive')
    await done()
