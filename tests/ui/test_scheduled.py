"""Список запланированных SMS: a planned mailing in the list, its messages, and deleting it returns the money."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from nicegui.testing import User

import ui_text as t
from domain.money import format_rub
from domain.services import mailings
from domain.services.mailings import BaseFilter, Created, Draft, Recipients, Schedule
from domain.statuses import MessageStatus
from storage.models import Account, Message
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client, table_rows
from tests.ui.test_send import World, sending_world, wait_for
from ui_text import sending as ts


async def planned_mailing(world: World, *, days_ahead: int = 2, name: str = 'Суббота') -> Created:
    """A mailing of the world's base planned for 10:00 some days ahead, created through the service."""
    draft = Draft(
        account_id=world.account_id,
        user_id=None,
        text='Скидки в субботу',
        sender='INCORE',
        recipients=Recipients(bases=(BaseFilter(base_id=world.base_id),)),
        schedule=Schedule(send_at=datetime.combine(date.today() + timedelta(days=days_ahead), time(10, 0))),
        name=name,
    )
    quote = await mailings.prepare(draft)
    return await mailings.confirm(quote.token, draft)


async def _open(user: User, path: str = '/scheduled') -> None:
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(path)


async def test_a_planned_mailing_is_listed_and_deleting_it_returns_the_money(user: User) -> None:
    world = await sending_world(phones=('+79161234567', '+79031234567'))
    created = await planned_mailing(world)
    assert created.charged > 0
    await _open(user)
    await user.should_see(t.WINDOW_TITLES['scheduled'], retries=20)
    await wait_for(lambda: len(table_rows(user, 'mailings-table')) == 1)
    (row,) = table_rows(user, 'mailings-table')
    assert (row['name'], row['sender'], row['messages']) == ('Суббота', 'INCORE', 2)
    assert row['status'] == ts.MAILING_STATUSES['scheduled']
    assert row['cost'] == format_rub(created.charged)
    await user.should_see(f'{t.BALANCE}: {format_rub(Decimal("100") - created.charged)}')
    user.find(marker='mailings-table').trigger('remove', {'id': created.mailing_id})
    await user.should_see(marker='confirm-yes', retries=20)
    user.find(marker='confirm-yes').click()
    await user.should_see(ts.cancelled(2, format_rub(created.charged), 0), retries=60)
    await user.should_see(f'{t.BALANCE}: {format_rub(Decimal("100"))}', retries=20)
    assert (await Account.get(id=world.account_id)).balance == Decimal('100')
    await wait_for(lambda: table_rows(user, 'mailings-table')[0]['status'] == ts.MAILING_STATUSES['cancelled'])


async def test_the_period_filter_hides_a_mailing_planned_after_it(user: User) -> None:
    world = await sending_world()
    await planned_mailing(world, days_ahead=10)
    await _open(user)
    await user.should_see(marker='mailings-table', retries=20)
    await wait_for(lambda: len(table_rows(user, 'mailings-table')) == 1)
    (until,) = user.find(marker='scheduled-to').elements
    until.set_value((date.today() + timedelta(days=5)).isoformat())  # type: ignore[attr-defined]
    user.find(marker='scheduled-show').click()
    await wait_for(lambda: table_rows(user, 'mailings-table') == [])


async def test_an_impossible_date_and_a_reversed_period_are_told_apart(user: User) -> None:
    await sending_world()
    await _open(user)
    await user.should_see(marker='mailings-table', retries=20)
    (since,) = user.find(marker='scheduled-from').elements
    since.set_value('31.02.2026')  # type: ignore[attr-defined]
    user.find(marker='scheduled-show').click()
    await user.should_see(t.error_text('period_invalid'), retries=20)
    since.set_value(f'{date.today() + timedelta(days=60):%d.%m.%Y}')  # type: ignore[attr-defined]
    user.find(marker='scheduled-show').click()
    await user.should_see(t.PERIOD_INVALID, retries=20)


async def test_a_mailing_opens_with_its_messages_and_selected_ones_are_deleted(user: User) -> None:
    world = await sending_world(phones=('+79161234567', '+79031234567'))
    created = await planned_mailing(world)
    await _open(user, f'/scheduled/{created.mailing_id}')
    await user.should_see(ts.mailing_title(created.mailing_id), retries=20)
    await wait_for(lambda: len(table_rows(user, 'messages-table')) == 2)
    rows = table_rows(user, 'messages-table')
    assert sorted(r['phone'] for r in rows) == ['+7 903 123-45-67', '+7 916 123-45-67']
    assert {r['status'] for r in rows} == {ts.MESSAGE_STATUSES['scheduled']}
    (table,) = user.find(marker='messages-table').elements
    table.selected = [rows[0]]  # type: ignore[attr-defined]
    user.find(marker='messages-delete-selected').click()
    await user.should_see(ts.confirm_delete_messages(1), retries=20)
    user.find(marker='confirm-yes').click()
    await user.should_see(ts.cancelled(1, rows[0]['cost'], 0), retries=60)
    statuses = sorted(m.status for m in await Message.filter(mailing_id=created.mailing_id))
    assert statuses == sorted([MessageStatus.cancelled, MessageStatus.scheduled])


async def test_another_accounts_mailing_is_not_found(user: User) -> None:
    world = await sending_world()
    created = await planned_mailing(world)
    await make_client(login='other', account='ООО Другая')
    await log_in(user, 'other', CLIENT_PASSWORD)
    await user.should_see('ООО Другая', retries=50)
    await user.open(f'/scheduled/{created.mailing_id}')
    await user.should_see(marker='refusal', retries=20)
