"""Only account roles that send may create, delete or pay for mailings: a viewer is refused by the service itself."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.errors import Forbidden
from domain.roles import AccountRole, UserRole
from domain.services import mailings as m
from storage.models import Mailing, User
from tests.integration.test_mailings import create, draft, make_account, make_base


async def _user(account_id: int, role: AccountRole) -> int:
    user = await User.create(
        account_id=account_id, login=f'u-{role}', password_hash='-', role=UserRole.client, account_role=role
    )
    return user.id


async def test_a_viewer_cannot_send_delete_or_pay(db: str) -> None:
    account_id = await make_account()
    base_id = await make_base(account_id, [{'phone': '+79161234567'}])
    viewer = await _user(account_id, AccountRole.viewer)
    operator = await _user(account_id, AccountRole.operator)
    as_viewer = replace(draft(account_id, 'Привет', bases=(m.BaseFilter(base_id=base_id),)), user_id=viewer)

    quote = await m.prepare(as_viewer)
    with pytest.raises(Forbidden):
        await m.confirm(quote.token, as_viewer)
    assert await Mailing.filter(account_id=account_id).count() == 0

    _, created = await create(replace(as_viewer, user_id=operator))
    with pytest.raises(Forbidden):
        await m.cancel_messages(account_id=account_id, mailing_id=created.mailing_id, message_ids=None, user_id=viewer)
    with pytest.raises(Forbidden):
        await m.pay_awaiting(account_id=account_id, message_ids=None, user_id=viewer)
    result = await m.cancel_messages(
        account_id=account_id, mailing_id=created.mailing_id, message_ids=None, user_id=operator
    )
    assert result.cancelled == 1
