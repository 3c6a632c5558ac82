"""Users of an account and their roles: who may invite, change roles, block, top up; the last owner stays."""

from decimal import Decimal

import pytest

from domain.access import Capability, can, may_open
from domain.errors import DomainError, Forbidden
from domain.roles import AccountRole, UserRole
from domain.services import account_users, accounts, auth, invoices, payments
from domain.services.passwords import verify_password
from storage.models import Account, AuditEvent, User

PASSWORD = 'owner-password-1'


async def _owner(login: str = 'owner', account: str = 'ООО Ромашка') -> tuple[int, int]:
    await accounts.create_user(login=login, role=UserRole.client, password=PASSWORD, account_name=account)
    user = await User.get(login=login)
    assert user.account_id is not None
    return user.id, user.account_id


async def _invite(owner_id: int, account_id: int, login: str, role: AccountRole) -> int:
    await account_users.invite_user(actor_id=owner_id, account_id=account_id, login=login, full_name='', role=role)
    return (await User.get(login=login)).id


async def test_an_owner_invites_a_user_who_logs_in_with_the_password_shown_once(db: str) -> None:
    owner_id, account_id = await _owner()
    created = await account_users.invite_user(
        actor_id=owner_id, account_id=account_id, login=' Petrova ', full_name='Петрова  Анна', role=AccountRole.viewer
    )
    assert (created.login, created.role) == ('petrova', AccountRole.viewer)
    row = await User.get(login='petrova')
    assert (row.account_id, row.role, row.account_role, row.full_name) == (
        account_id,
        UserRole.client,
        AccountRole.viewer,
        'Петрова Анна',
    )
    assert await verify_password(row.password_hash, created.password)
    session = await auth.authenticate('petrova', created.password)
    assert session.account_role is AccountRole.viewer and session.account_id == account_id
    assert await AuditEvent.exists(
        kind='user_created', account_id=account_id, user_id=owner_id, details='petrova: viewer'
    )


@pytest.mark.parametrize('role', [AccountRole.operator, AccountRole.viewer])
async def test_only_an_owner_manages_users(db: str, role: AccountRole) -> None:
    owner_id, account_id = await _owner()
    other_id = await _invite(owner_id, account_id, 'worker', role)
    with pytest.raises(Forbidden):
        await account_users.invite_user(
            actor_id=other_id, account_id=account_id, login='x1', full_name='', role=AccountRole.owner
        )
    with pytest.raises(Forbidden):
        await account_users.set_role(actor_id=other_id, account_id=account_id, user_id=other_id, role=AccountRole.owner)
    with pytest.raises(Forbidden):
        await account_users.set_blocked(actor_id=other_id, account_id=account_id, user_id=owner_id, blocked=True)
    with pytest.raises(Forbidden):
        await account_users.list_users(actor_id=other_id, account_id=account_id)
    assert (await User.get(id=other_id)).account_role == role
    assert not await User.exists(login='x1')


async def test_an_owner_of_another_account_cannot_touch_this_one(db: str) -> None:
    owner_id, account_id = await _owner()
    stranger_id, _ = await _owner('stranger', 'ООО Чужая')
    operator_id = await _invite(owner_id, account_id, 'worker', AccountRole.operator)
    with pytest.raises(Forbidden):
        await account_users.set_blocked(actor_id=stranger_id, account_id=account_id, user_id=operator_id, blocked=True)
    with pytest.raises(Forbidden):
        await account_users.invite_user(
            actor_id=stranger_id, account_id=account_id, login='spy', full_name='', role=AccountRole.owner
        )
    assert (await User.get(id=operator_id)).is_active


async def test_the_last_owner_can_be_neither_demoted_nor_blocked(db: str) -> None:
    owner_id, account_id = await _owner()
    with pytest.raises(DomainError) as demoted:
        await account_users.set_role(
            actor_id=owner_id, account_id=account_id, user_id=owner_id, role=AccountRole.operator
        )
    assert demoted.value.code == 'last_owner'
    second_id = await _invite(owner_id, account_id, 'second', AccountRole.owner)
    await account_users.set_role(actor_id=second_id, account_id=account_id, user_id=owner_id, role=AccountRole.viewer)
    with pytest.raises(DomainError) as blocked:
        await account_users.set_role(
            actor_id=second_id, account_id=account_id, user_id=second_id, role=AccountRole.operator
        )
    assert blocked.value.code == 'last_owner'
    with pytest.raises(DomainError) as itself:
        await account_users.set_blocked(actor_id=second_id, account_id=account_id, user_id=second_id, blocked=True)
    assert itself.value.code == 'cannot_block_self'
    owners = await User.filter(account_id=account_id, account_role=AccountRole.owner, is_active=True).count()
    assert owners == 1
    audit = await AuditEvent.filter(kind='role_changed', account_id=account_id).values_list('details', flat=True)
    assert audit == ['owner: owner -> viewer']


async def test_a_blocked_user_cannot_log_in_and_their_session_ends(db: str) -> None:
    owner_id, account_id = await _owner()
    created = await account_users.invite_user(
        actor_id=owner_id, account_id=account_id, login='worker', full_name='', role=AccountRole.operator
    )
    session = await auth.authenticate('worker', created.password)
    await account_users.set_blocked(actor_id=owner_id, account_id=account_id, user_id=session.user_id, blocked=True)
    assert await auth.session_user(session.user_id, session.session_version) is None
    with pytest.raises(auth.LoginRefused) as refused:
        await auth.authenticate('worker', created.password)
    assert refused.value.code == 'blocked'
    await account_users.set_blocked(actor_id=owner_id, account_id=account_id, user_id=session.user_id, blocked=False)
    assert await auth.session_user(session.user_id, session.session_version) is None  # the old session stays ended
    assert (await auth.authenticate('worker', created.password)).user_id == session.user_id
    kinds = await AuditEvent.filter(account_id=account_id, kind__in=('user_blocked', 'user_unblocked')).count()
    assert kinds == 2


async def test_an_invitation_with_a_taken_or_bad_login_creates_nobody(db: str) -> None:
    owner_id, account_id = await _owner()
    for login, code in (('owner', 'login_taken'), ('Иванов', 'login_characters'), ('', 'login_empty')):
        with pytest.raises(DomainError) as refused:
            await account_users.invite_user(
                actor_id=owner_id, account_id=account_id, login=login, full_name='', role=AccountRole.viewer
            )
        assert refused.value.code == code
    assert await User.filter(account_id=account_id).count() == 1


async def test_an_operator_and_a_viewer_cannot_top_up_or_request_an_invoice(db: str) -> None:
    owner_id, account_id = await _owner()
    for role in (AccountRole.operator, AccountRole.viewer):
        user_id = await _invite(owner_id, account_id, f'u-{role.value}', role)
        with pytest.raises(Forbidden):
            await payments.start_payment(
                account_id=account_id,
                user_id=user_id,
                amount='1000',
                method='card_test',
                payer_name='',
                payer_contact='a@b.ru',
                return_url='http://127.0.0.1/payments/return',
            )
        with pytest.raises(Forbidden):
            await invoices.request_invoice(
                account_id=account_id, user_id=user_id, amount='1000', company_name='ООО', inn='7707083893'
            )
    other_owner, _ = await _owner('stranger', 'ООО Чужая')
    with pytest.raises(Forbidden):  # an owner of another account does not pay into this one either
        await invoices.request_invoice(
            account_id=account_id, user_id=other_owner, amount='1000', company_name='ООО', inn='7707083893'
        )
    info = await invoices.request_invoice(
        account_id=account_id, user_id=owner_id, amount='1000', company_name='ООО', inn='7707083893'
    )
    assert info.amount == Decimal('1000.00')
    assert (await Account.get(id=account_id)).balance == 0


@pytest.mark.parametrize(
    ('role', 'allowed', 'refused'),
    [
        (AccountRole.owner, ['/send', '/bases/3', '/documents', '/payments', '/settings'], []),
        (AccountRole.operator, ['/send', '/bases', '/payments', '/documents'], []),
        (
            AccountRole.viewer,
            [
                '/',
                '/stats',
                '/stats/detail',
                '/reports',
                '/monitor',
                '/news',
                '/manual/send',
                '/support/4',
                '/settings',
            ],
            ['/send', '/bases', '/bases/1', '/templates', '/payments', '/tariffs', '/documents', '/statsx', '/senders'],
        ),
    ],
)
def test_the_role_table_opens_what_the_issue_says(role: AccountRole, allowed: list[str], refused: list[str]) -> None:
    assert all(may_open(role, path) for path in allowed)
    assert not any(may_open(role, path) for path in refused)
    assert can(role, Capability.pay) is (role is AccountRole.owner)
    assert can(role, Capability.manage_users) is (role is AccountRole.owner)
    assert can(role, Capability.work) is (role is not AccountRole.viewer)
