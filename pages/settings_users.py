"""«Пользователи кабинета» in the settings window: an owner invites users, changes their roles, blocks them."""

from __future__ import annotations

from nicegui import ui

import ui_text as t
from components.row_actions import actions_cell, row_button
from domain.clock import format_local
from domain.errors import DomainError
from domain.roles import AccountRole
from domain.services import account_users
from domain.services.account_users import AccountUser
from domain.services.auth import SessionUser
from ui_text import settings as ts


async def users_card(user: SessionUser, *, ip: str) -> None:
    """The card with the users' table and «Пригласить пользователя»."""
    await UsersCard(user, ip=ip).build()


def user_rows(users: list[AccountUser], *, timezone: str, me: int | None = None) -> list[dict]:
    """The rows of a users' table (also the manager's card)."""
    return [
        {
            'id': u.id,
            'login': f'{u.login} {ts.YOU}' if u.id == me else u.login,
            'full_name': u.full_name,
            'role': ts.ROLES[u.role.value],
            'role_key': u.role.value,
            'status': ts.USER_ACTIVE if u.is_active else ts.USER_BLOCKED,
            'active': u.is_active,
            'last_login_at': format_local(u.last_login_at, timezone, empty=t.NEVER),
        }
        for u in users
    ]


def user_columns(*, actions: bool) -> list[dict]:
    """The columns of a users' table."""
    keys = [k for k in ts.USER_COLUMNS if actions or k != 'actions']
    return [{'name': k, 'label': ts.USER_COLUMNS[k], 'field': k, 'align': 'left'} for k in keys]


def _role_options() -> dict[str, str]:
    return {role.value: ts.role_option(role.value) for role in AccountRole}


class UsersCard:
    """The users of the account with the owner's actions; one per page, so a refresh redraws only this page."""

    def __init__(self, user: SessionUser, *, ip: str) -> None:
        assert user.account_id is not None
        self.user = user
        self.account_id = user.account_id
        self.ip = ip

    async def build(self) -> None:
        """The card, its hint on roles, the invite button and the table."""
        with ui.card().classes('w-full gap-2').mark('users-card'):
            ui.label(ts.USERS).classes('text-h6')
            with ui.row().classes('gap-4'):
                for role in AccountRole:
                    ui.label(f'{ts.ROLES[role.value]} — {ts.ROLE_HINTS[role.value]}').classes(
                        'text-caption text-grey-7'
                    )
            ui.button(ts.INVITE, icon='person_add', on_click=self.invite_dialog).mark('invite-user')
            await self.table()

    @ui.refreshable_method
    async def table(self) -> None:
        """The users' table with «Изменить роль» and «Заблокировать/Разблокировать»."""
        users = await account_users.list_users(actor_id=self.user.user_id, account_id=self.account_id)
        rows = user_rows(users, timezone=self.user.timezone, me=self.user.user_id)
        table = ui.table(columns=user_columns(actions=True), rows=rows, row_key='id').classes('w-full')
        table.mark('users-table')
        table.add_slot(
            'body-cell-actions',
            actions_cell(
                row_button('role', 'manage_accounts', ts.CHANGE_ROLE),
                row_button('block', 'block', ts.BLOCK_USER, 'v-if="props.row.active" color="negative"'),
                row_button('unblock', 'lock_open', ts.UNBLOCK_USER, 'v-if="!props.row.active" color="positive"'),
            ),
        )
        by_id = {u.id: u for u in users}
        table.on('role', lambda e: self.role_dialog(by_id[e.args['id']]))
        table.on('block', lambda e: self.block(by_id[e.args['id']], blocked=True))
        table.on('unblock', lambda e: self.block(by_id[e.args['id']], blocked=False))

    def invite_dialog(self) -> None:
        """«Пригласить пользователя»: login, name, role; the generated password is shown once."""
        with ui.dialog() as dialog, ui.card().classes('w-[32rem] max-w-full').mark('invite-dialog'):
            ui.label(ts.INVITE_TITLE).classes('text-h6')
            login = (
                ui.input(ts.FIELDS['login']).props('outlined dense maxlength=64').classes('w-full').mark('invite-login')
            )
            name = ui.input(ts.FIELDS['full_name']).props('outlined dense maxlength=200').classes('w-full')
            name.mark('invite-name')
            role = ui.select(_role_options(), value=AccountRole.operator.value, label=ts.FIELDS['role'])
            role.props('outlined dense').classes('w-full').mark('invite-role')
            error = ui.label('').classes('text-negative').mark('invite-error')

            async def save() -> None:
                try:
                    created = await account_users.invite_user(
                        actor_id=self.user.user_id,
                        account_id=self.account_id,
                        login=login.value or '',
                        full_name=name.value or '',
                        role=AccountRole(role.value),
                        ip=self.ip,
                    )
                except DomainError as problem:
                    error.text = t.error_text(problem.code)
                    return
                dialog.clear()
                with dialog, ui.card().classes('w-[32rem] max-w-full').mark('user-invited'):
                    ui.label(ts.user_invited(created.login)).classes('text-subtitle1')
                    ui.label(f'{ts.FIELDS["role"]}: {ts.ROLES[created.role.value]}')
                    ui.label(t.one_time_password(created.password)).classes('text-h6').mark('invited-password')
                    ui.button(t.CLOSE, on_click=dialog.close)
                self.table.refresh()

            with ui.row().classes('w-full justify-end'):
                ui.button(t.CANCEL, on_click=dialog.close).props('flat')
                ui.button(ts.INVITE_BUTTON, on_click=save).mark('save-invite')
        dialog.open()

    def role_dialog(self, target: AccountUser) -> None:
        """«Изменить роль» of one user."""
        with ui.dialog() as dialog, ui.card().classes('w-[32rem] max-w-full').mark('role-dialog'):
            ui.label(f'{ts.CHANGE_ROLE}: {target.login}').classes('text-h6')
            role = ui.select(_role_options(), value=target.role.value, label=ts.FIELDS['role'])
            role.props('outlined dense').classes('w-full').mark('role-select')
            error = ui.label('').classes('text-negative').mark('role-error')

            async def save() -> None:
                try:
                    await account_users.set_role(
                        actor_id=self.user.user_id,
                        account_id=self.account_id,
                        user_id=target.id,
                        role=AccountRole(role.value),
                        ip=self.ip,
                    )
                except DomainError as problem:
                    error.text = t.error_text(problem.code)
                    return
                dialog.close()
                ui.notify(ts.ROLE_SAVED, type='positive')
                if target.id == self.user.user_id:
                    ui.navigate.reload()  # an owner who gave up the role sees the cabinet of the new one
                    return
                self.table.refresh()

            with ui.row().classes('w-full justify-end'):
                ui.button(t.CANCEL, on_click=dialog.close).props('flat')
                ui.button(t.SAVE, on_click=save).mark('save-role')
        dialog.open()

    async def block(self, target: AccountUser, *, blocked: bool) -> None:
        """Block or unblock a user."""
        try:
            await account_users.set_blocked(
                actor_id=self.user.user_id, account_id=self.account_id, user_id=target.id, blocked=blocked, ip=self.ip
            )
        except DomainError as problem:
            ui.notify(t.error_text(problem.code), type='negative')
            return
        ui.notify(ts.user_blocked(target.login) if blocked else ts.user_unblocked(target.login), type='positive')
        self.table.refresh()
