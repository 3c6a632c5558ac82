"""Список СМС ожидающих оплату: messages planned without money wait here; after a top-up they are sent."""

from decimal import Decimal

from nicegui.testing import User

import ui_text as t
from domain.money import format_rub
from domain.services import billing, mailings
from domain.services.mailings import Created, Draft, Recipients
from domain.statuses import MailingStatus, MessageStatus
from storage.models import Message
from tests.ui.conftest import CLIENT_PASSWORD, log_in, table_rows
from tests.ui.test_send import World, sending_world, wait_for
from ui_text import sending as ts

PHONES = ('+79161234567', '+79031234567', '+79241234567')


async def awaiting_mailing(world: World) -> Created:
    """A mailing to three numbers created while the account has no money."""
    draft = Draft(
        account_id=world.account_id,
        user_id=None,
        text='Привет',
        sender='INCORE',
        recipients=Recipients(numbers_text='\n'.join(PHONES)),
    )
    quote = await mailings.prepare(draft)
    created = await mailings.confirm(quote.token, draft)
    assert created.status is MailingStatus.awaiting_payment
    return created


async def _summary_line(world: World, expected: int) -> str:
    """The line above the list: how many wait and what they cost (the service's own sum)."""
    count, cost = await mailings.awaiting_summary(account_id=world.account_id)
    assert count == expected
    return ts.awaiting_total(count, format_rub(cost))


async def _open(user: User) -> None:
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/awaiting')
    await user.should_see(t.WINDOW_TITLES['awaiting'], retries=20)


async def test_selected_messages_are_paid_and_released_after_a_top_up(user: User) -> None:
    world = await sending_world(balance=Decimal('0'))
    created = await awaiting_mailing(world)
    await billing.top_up(account_id=world.account_id, amount=Decimal('50'), reference='test:later')
    await _open(user)
    await user.should_see(await _summary_line(world, 3), retries=20)
    await wait_for(lambda: len(table_rows(user, 'awaiting-table')) == 3)
    rows = table_rows(user, 'awaiting-table')
    assert len(rows) == 3 and {r['sender'] for r in rows} == {'INCORE'}
    chosen = next(r for r in rows if r['phone'] == '+7 916 123-45-67')
    (table,) = user.find(marker='awaiting-table').elements
    table.selected = [chosen]  # type: ignore[attr-defined]
    user.find(marker='awaiting-send-selected').click()
    await user.should_see(ts.confirm_pay(1), retries=20)
    user.find(marker='confirm-yes').click()
    await user.should_see(ts.paid(1, chosen['cost']), retries=60)
    await user.should_see(await _summary_line(world, 2), retries=20)
    paid = await Message.get(mailing_id=created.mailing_id, phone='+79161234567')
    assert paid.status is not MessageStatus.awaiting_payment
    balance = await billing.balance(world.account_id)
    await user.should_see(f'{t.BALANCE}: {format_rub(balance)}', retries=20)
    assert balance < Decimal('50')


async def test_sending_all_without_money_explains_the_shortfall(user: User) -> None:
    world = await sending_world(balance=Decimal('0'))
    await awaiting_mailing(world)
    await _open(user)
    user.find(marker='awaiting-send-all').click()
    count, cost = await mailings.awaiting_summary(account_id=world.account_id)
    await user.should_see(ts.confirm_pay_all(count, format_rub(cost)), retries=20)
    user.find(marker='confirm-yes').click()
    await user.should_see(marker='awaiting-top-up', retries=60)
    await wait_for(lambda: str(next(iter(user.find(marker='awaiting-error').elements)).text))  # type: ignore[attr-defined]
    (error,) = user.find(marker='awaiting-error').elements
    assert str(error.text).startswith('Недостаточно средств: нужно')  # type: ignore[attr-defined]
    assert len(table_rows(user, 'awaiting-table')) == 3


async def test_selected_awaiting_messages_are_deleted(user: User) -> None:
    world = await sending_world(balance=Decimal('0'))
    created = await awaiting_mailing(world)
    await _open(user)
    await wait_for(lambda: len(table_rows(user, 'awaiting-table')) == 3)
    rows = table_rows(user, 'awaiting-table')
    (table,) = user.find(marker='awaiting-table').elements
    table.selected = rows[:2]  # type: ignore[attr-defined]
    user.find(marker='awaiting-delete-selected').click()
    await user.should_see(ts.confirm_delete_messages(2), retries=20)
    user.find(marker='confirm-yes').click()
    await wait_for(lambda: len(table_rows(user, 'awaiting-table')) == 1)
    await user.should_see(await _summary_line(world, 1), retries=20)
    cancelled = await Message.filter(mailing_id=created.mailing_id, status=MessageStatus.cancelled).count()
    assert cancelled == 2
