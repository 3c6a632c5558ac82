"""«Подтверждение рассылки»: the figures of a prepared mailing, confirming it, and the refusals of the service."""

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from nicegui.testing import User

import ui_text as t
from domain.errors import DomainError
from domain.money import format_rub
from domain.pricing import OperatorGroup
from domain.services import bases, mailings, stoplist, subscribers, tariffs
from domain.services.mailings import Created, Draft
from domain.services.subscriber_input import SubscriberInput
from domain.statuses import MessageStatus
from storage.models import Mailing, Message
from tests.ui.test_send import open_composer, sending_world, set_value
from ui_text import sending as ts


def _label(user: User, marker: str) -> str:
    (element,) = user.find(marker=marker).elements
    return str(element.text)  # type: ignore[attr-defined]


async def _mts_price(account_id: int) -> Decimal:
    return (await tariffs.tariff_for(account_id=account_id, on_date=date.today())).prices[OperatorGroup.mts]


async def test_the_confirmation_shows_recipients_exclusions_parts_cost_and_balances(user: User) -> None:
    world = await sending_world(phones=('+79161234567', '+79141234567', '+79031234567'))
    await stoplist.add_entry(account_id=world.account_id, raw_phone='+79141234567')
    unsubscribed = await bases.create_base(account_id=world.account_id, name='Отписавшиеся')
    await subscribers.add_subscriber(
        account_id=world.account_id, base_id=unsubscribed.id, data=SubscriberInput(phone='+79031234567')
    )
    price = await _mts_price(world.account_id)
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker=f'send-base-{world.base_id}').click()
    user.find(marker=f'send-exclude-{unsubscribed.id}').click()
    user.find(marker='send-numbers').type('89161234567\n123')
    await user.should_see(ts.source_counts_line(3, 1, 0, 3), retries=40)
    user.find(marker='send-button').click()
    await user.should_see(marker='confirm-yes', retries=40)  # two sources filled: asked first
    user.find(marker='confirm-yes').click()
    await user.should_see(ts.CONFIRM_TITLE, retries=100)
    assert _label(user, 'q-recipients') == '1'
    assert _label(user, 'q-stoplist') == '1'
    assert _label(user, 'q-excluded-bases') == '1'
    assert _label(user, 'q-duplicates') == '1'
    assert _label(user, 'q-invalid') == '1'
    assert _label(user, 'q-encoding') == t.ENCODING_UCS2
    assert _label(user, 'q-parts-total') == '1'
    assert _label(user, 'q-cost') == format_rub(price)
    assert _label(user, 'q-balance-before') == format_rub(Decimal('100'))
    assert _label(user, 'q-balance-after') == format_rub(Decimal('100') - price)
    assert _label(user, 'q-send-time') == ts.SEND_IMMEDIATELY
    (sample,) = user.find(marker='q-invalid-sample').elements
    assert [(r['source'], r['raw']) for r in sample.rows] == [(ts.TAB_NUMBERS, '123')]  # type: ignore[attr-defined]
    await user.should_see(ts.parts_over_recipients(1, 1))


async def test_confirming_creates_the_mailing_charges_it_and_shows_the_new_balance(user: User) -> None:
    world = await sending_world()
    price = await _mts_price(world.account_id)
    await open_composer(user)
    user.find(marker='send-text').type('Привет, [Примечание 1]')
    user.find(marker=f'send-base-{world.base_id}').click()
    user.find(marker='send-button').click()
    await user.should_see(ts.CONFIRM_TITLE, retries=100)
    user.find(marker='q-confirm').click()
    await user.should_see(ts.CREATED_TITLE, retries=100)
    await user.should_see(ts.created(1, format_rub(price)))
    await user.should_see(f'{t.BALANCE}: {format_rub(Decimal("100") - price)}', retries=20)
    mailing = await Mailing.get(account_id=world.account_id)
    message = await Message.get(mailing_id=mailing.id)
    assert message.text == 'Привет, Примечание абонента'
    assert message.status in (MessageStatus.scheduled, MessageStatus.queued, MessageStatus.submitted)
    await user.should_see(marker='result-open-mailing')


async def test_a_short_balance_says_the_messages_will_wait_for_payment(user: User) -> None:
    world = await sending_world(balance=Decimal('0'))
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker=f'send-base-{world.base_id}').click()
    user.find(marker='send-button').click()
    await user.should_see(ts.CONFIRM_TITLE, retries=100)
    await user.should_see(ts.AWAITING_NOTE)
    user.find(marker='q-confirm').click()
    await user.should_see(ts.created_awaiting(1), retries=100)
    await user.should_see(marker='result-awaiting')


async def test_an_empty_text_is_refused_in_russian(user: User) -> None:
    world = await sending_world()
    await open_composer(user)
    user.find(marker=f'send-base-{world.base_id}').click()
    user.find(marker='send-button').click()
    await user.should_see(t.error_text('mailing_text_empty'), retries=60)


async def test_no_recipients_is_refused_in_russian(user: User) -> None:
    await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker='send-button').click()
    await user.should_see(t.error_text('mailing_no_recipients'), retries=60)


async def test_a_planned_time_in_the_past_is_refused(user: User) -> None:
    world = await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker=f'send-base-{world.base_id}').click()
    set_value(user, 'send-when', 'later')
    set_value(user, 'send-date', '2020-01-01')
    set_value(user, 'send-time', '10:00')
    user.find(marker='send-button').click()
    await user.should_see(t.error_text('mailing_send_at_past'), retries=60)


async def test_a_date_that_does_not_exist_is_refused_in_russian(user: User) -> None:
    world = await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker=f'send-base-{world.base_id}').click()
    set_value(user, 'send-when', 'later')
    user.find(marker='send-date').type('31.02.2026')
    set_value(user, 'send-time', '10:00')
    user.find(marker='send-button').click()
    await user.should_see(ts.BAD_DATE, retries=60)
    assert await Mailing.all().count() == 0


async def test_a_typed_russian_date_is_read(user: User) -> None:
    world = await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker=f'send-base-{world.base_id}').click()
    set_value(user, 'send-when', 'later')
    user.find(marker='send-date').type('01.01.2020')
    set_value(user, 'send-time', '10:00')
    user.find(marker='send-button').click()
    await user.should_see(t.error_text('mailing_send_at_past'), retries=60)


async def test_a_validity_out_of_range_is_refused(user: User) -> None:
    world = await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker=f'send-base-{world.base_id}').click()
    set_value(user, 'send-validity', '73')
    user.find(marker='send-button').click()
    await user.should_see(t.error_text('validity_out_of_range'), retries=60)


async def test_cancelling_the_creation_leaves_nothing_and_says_so(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    world = await sending_world()

    async def slow_confirm(token: str, draft: Draft, *, progress: Any = None, cancelled: Any = None) -> Created:
        for done in range(1000):
            if cancelled is not None and cancelled():
                raise DomainError('mailing_create_cancelled')
            if progress is not None:
                progress(done, 1000)
            await asyncio.sleep(0.02)
        raise AssertionError('the cancel button was not honoured')

    monkeypatch.setattr(mailings, 'confirm', slow_confirm)
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker=f'send-base-{world.base_id}').click()
    user.find(marker='send-button').click()
    await user.should_see(ts.CONFIRM_TITLE, retries=100)
    user.find(marker='q-confirm').click()
    await user.should_see(marker='send-cancel', retries=40)
    user.find(marker='send-cancel').click()
    await user.should_see(t.error_text('mailing_create_cancelled'), retries=100)
    assert await Mailing.filter(account_id=world.account_id).count() == 0
    await user.should_see(f'{t.BALANCE}: {format_rub(Decimal("100"))}')
