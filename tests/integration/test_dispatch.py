"""The delivery engine against a real database: claim, submit, receipts, retries, expiry, blocked accounts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.services import dispatch
from domain.services.dispatch import Dispatcher, EngineOptions
from domain.statuses import MessageStatus
from gateway.base import OutboundSms, SubmitOutcome, SubmitResult
from gateway.simulator import SimulatorGateway
from storage.models import Account, DispatcherRun, Message, MessageEvent, MessagePart, OrphanReceipt
from tests.integration.dispatch_helpers import (
    FAST,
    ScriptedGateway,
    all_in,
    make_account,
    make_messages,
    statuses,
    wait_until,
)

FINAL = {MessageStatus.delivered, MessageStatus.undelivered, MessageStatus.expired, MessageStatus.rejected}


@pytest.fixture
async def engines(db: str) -> AsyncIterator[list[Dispatcher]]:
    """Engines started by a test; stopped at its end whatever happens."""
    started: list[Dispatcher] = []
    yield started
    for engine in started:
        await engine.stop(timeout_s=2)


async def start(engines: list[Dispatcher], gateway: object, options: EngineOptions = FAST) -> Dispatcher:
    engine = Dispatcher(gateway, options)  # type: ignore[arg-type]
    await engine.start()
    engines.append(engine)
    return engine


async def test_a_mailing_is_submitted_and_its_receipts_make_messages_delivered_or_undelivered(
    engines: list[Dispatcher],
) -> None:
    ids = await make_messages(60)
    simulator = SimulatorGateway(fail_share=0.3, max_delay_s=0.05, seed=7)
    await start(engines, simulator)
    await all_in(ids, {MessageStatus.delivered, MessageStatus.undelivered})
    counts = await statuses(ids)
    assert counts[MessageStatus.undelivered] > 0 and counts[MessageStatus.delivered] > 0
    message = await Message.get(id=ids[0])
    part = await MessagePart.get(message_id=ids[0])
    assert message.smsc_id == part.smsc_id and part.part_no == 1 and part.done_at is not None
    assert message.submitted_at is not None and message.done_at is not None and message.attempts == 1
    assert message.stat == ('DELIVRD' if message.status == MessageStatus.delivered else 'UNDELIV')
    history = [e.status for e in await MessageEvent.filter(message_id=ids[0]).order_by('id')]
    assert history == [MessageStatus.queued, MessageStatus.submitted, message.status]
    assert await MessageEvent.all().count() == 3 * len(ids)


async def test_every_part_of_a_long_message_is_tracked_and_one_failed_part_fails_it(engines: list[Dispatcher]) -> None:
    ids = await make_messages(2, text='Ю' * 100, parts=2)  # UCS-2, two parts
    gateway = ScriptedGateway(
        lambda sms, _: SubmitResult(
            message_id=sms.message_id,
            outcome=SubmitOutcome.accepted,
            smsc_ids=(f'{sms.message_id}a', f'{sms.message_id}b'),
        )
    )
    await start(engines, gateway)
    await all_in(ids, {MessageStatus.submitted})
    await gateway.send_receipt(f'{ids[0]}a', 'DELIVRD')
    await gateway.send_receipt(f'{ids[1]}b', 'UNDELIV')
    await all_in(ids[1:], {MessageStatus.undelivered})
    assert (await Message.get(id=ids[0])).status == MessageStatus.submitted  # one part still on its way
    await gateway.send_receipt(f'{ids[0]}b', 'delivrd')
    await all_in(ids[:1], {MessageStatus.delivered})
    await gateway.send_receipt(f'{ids[0]}b', 'UNDELIV')  # a late contradicting duplicate changes nothing
    await gateway.send_receipt(f'{ids[1]}a', 'DELIVRD')
    await engines[0].maintain()
    assert await statuses(ids) == {MessageStatus.delivered: 1, MessageStatus.undelivered: 1}
    assert [p.part_no for p in await MessagePart.filter(message_id=ids[0]).order_by('part_no')] == [1, 2]
    assert (await Message.get(id=ids[1])).stat == 'UNDELIV'


async def test_a_throttled_submit_goes_back_to_the_queue_and_is_sent_later(engines: list[Dispatcher]) -> None:
    ids = await make_messages(1)
    gateway = ScriptedGateway(
        lambda sms, seen: (
            SubmitResult(message_id=sms.message_id, outcome=SubmitOutcome.retry, error_code=0x58) if seen == 1 else None
        )
    )
    await start(engines, gateway)
    await wait_until(lambda: _event_exists(ids[0], MessageStatus.scheduled))
    message = await Message.get(id=ids[0])
    assert message.status == MessageStatus.scheduled and message.claim is None and message.attempts == 1
    assert message.due_at > datetime.now(UTC) + timedelta(seconds=3)  # backoff of 5 s
    event = await MessageEvent.get(message_id=ids[0], status=MessageStatus.scheduled)
    assert event.err == '0x58'
    await Message.filter(id=ids[0]).update(due_at=datetime.now(UTC))  # time passes
    await all_in(ids, {MessageStatus.submitted})
    assert gateway.seen[ids[0]] == 2 and (await Message.get(id=ids[0])).attempts == 2


async def test_throttling_beyond_the_attempts_rejects_and_an_invalid_destination_is_rejected(
    engines: list[Dispatcher],
) -> None:
    ids = await make_messages(2)

    def decide(sms: OutboundSms, seen: int) -> SubmitResult:
        code = 0x58 if sms.message_id == ids[0] else 0x0B
        outcome = SubmitOutcome.retry if code == 0x58 else SubmitOutcome.rejected
        return SubmitResult(message_id=sms.message_id, outcome=outcome, error_code=code)

    await start(engines, ScriptedGateway(decide), replace(FAST, max_attempts=2))
    await all_in(ids[1:], {MessageStatus.rejected})
    await wait_until(lambda: _event_exists(ids[0], MessageStatus.scheduled))
    await Message.filter(id=ids[0]).update(due_at=datetime.now(UTC))
    await all_in(ids, {MessageStatus.rejected})
    first, second = await Message.get(id=ids[0]), await Message.get(id=ids[1])
    assert (first.err, first.attempts, second.err) == ('0x58', 2, '0x0B')
    assert first.done_at is not None


async def test_no_bind_answer_puts_the_message_back_without_counting_a_try(engines: list[Dispatcher]) -> None:
    ids = await make_messages(1)
    gateway = ScriptedGateway(
        lambda sms, seen: SubmitResult(message_id=sms.message_id, outcome=SubmitOutcome.retry) if seen == 1 else None
    )
    await start(engines, gateway)
    await all_in(ids, {MessageStatus.submitted}, timeout=10)
    assert gateway.seen[ids[0]] == 2 and (await Message.get(id=ids[0])).attempts == 1


async def test_a_receipt_arriving_before_the_submitted_commit_is_not_lost(engines: list[Dispatcher]) -> None:
    ids = await make_messages(30)
    gateway = ScriptedGateway(receipt_first=True)
    engine = await start(engines, gateway, replace(FAST, durable_receipts=True))
    await all_in(ids, {MessageStatus.delivered}, timeout=20)
    assert await OrphanReceipt.all().count() == 0
    assert engine.per_second() > 0


async def test_a_receipt_kept_as_orphan_is_applied_once_its_part_is_known(engines: list[Dispatcher]) -> None:
    await OrphanReceipt.create(
        smsc_id='scr-1', destination='79160000000', stat='UNDELIV', received_at=datetime.now(UTC)
    )
    ids = await make_messages(1)
    await start(engines, ScriptedGateway())
    await all_in(ids, {MessageStatus.submitted, MessageStatus.undelivered})
    await engines[0].maintain()
    assert await statuses(ids) == {MessageStatus.undelivered: 1}
    assert await OrphanReceipt.all().count() == 0


async def test_messages_whose_validity_passed_in_our_queue_expire_without_reaching_the_smsc(
    engines: list[Dispatcher],
) -> None:
    ids = await make_messages(3, due_in_s=-120, valid_s=-60)
    later = await make_messages(1, due_in_s=3600, valid_s=-1)  # not due yet: left alone
    lost = await make_messages(1, status=MessageStatus.submitted, due_in_s=-7300, valid_s=-7200)
    awaited = await make_messages(1, status=MessageStatus.submitted, due_in_s=-700, valid_s=-600)
    gateway = ScriptedGateway()
    engine = await start(engines, gateway)
    report = await engine.maintain()
    assert report.expired == 4
    assert await statuses(ids) == {MessageStatus.expired: 3}
    assert await statuses(later) == {MessageStatus.scheduled: 1}
    assert await statuses(lost) == {MessageStatus.expired: 1}  # its receipt never came, an hour after validity
    assert await statuses(awaited) == {MessageStatus.submitted: 1}  # the SMSC's EXPIRED receipt may still come
    assert not gateway.seen
    assert await MessageEvent.filter(message_id__in=ids, status=MessageStatus.expired).count() == 3


async def test_a_blocked_accounts_messages_wait_until_it_is_unblocked(engines: list[Dispatcher]) -> None:
    blocked = await make_account(active=False)
    waiting = await make_messages(5, account=blocked)
    others = await make_messages(5, first_phone=79170000000)
    gateway = ScriptedGateway()
    await start(engines, gateway)
    await all_in(others, {MessageStatus.submitted})
    assert await statuses(waiting) == {MessageStatus.scheduled: 5}
    await Account.filter(id=blocked.id).update(is_active=True)
    await all_in(waiting, {MessageStatus.submitted})


async def test_awaiting_payment_and_cancelled_messages_are_never_sent(engines: list[Dispatcher]) -> None:
    unpaid = await make_messages(3, status=MessageStatus.awaiting_payment)
    cancelled = await make_messages(3, status=MessageStatus.cancelled)
    sent = await make_messages(1)
    gateway = ScriptedGateway()
    await start(engines, gateway)
    await all_in(sent, {MessageStatus.submitted})
    assert await statuses(unpaid) == {MessageStatus.awaiting_payment: 3}
    assert await statuses(cancelled) == {MessageStatus.cancelled: 3}
    assert set(gateway.seen) == set(sent)


async def test_two_engines_on_one_database_send_each_message_exactly_once(engines: list[Dispatcher]) -> None:
    ids = await make_messages(4000)
    gateway = ScriptedGateway()  # shared: counts every submit of both engines
    options = replace(FAST, batch=200, concurrency=50)
    await start(engines, gateway, replace(options, node='one'))
    await start(engines, gateway, replace(options, node='two'))
    await all_in(ids, {MessageStatus.submitted}, timeout=60)
    assert len(gateway.seen) == len(ids) and max(gateway.seen.values()) == 1
    claims = await Message.filter(id__in=ids).distinct().values_list('claim', flat=True)
    assert set(claims) == {engines[0].run_id, engines[1].run_id}  # both really worked
    assert await MessageEvent.filter(status=MessageStatus.submitted).count() == len(ids)


async def test_stopping_puts_claimed_but_unsent_messages_back(db: str) -> None:
    ids = await make_messages(50)
    gateway = ScriptedGateway()
    engine = Dispatcher(gateway, replace(FAST, concurrency=1))
    await engine.start()
    await wait_until(lambda: _count(ids, MessageStatus.submitted, at_least=1))
    await engine.stop(timeout_s=2)
    counts = await statuses(ids)
    assert set(counts) <= {MessageStatus.submitted, MessageStatus.scheduled}
    assert counts[MessageStatus.submitted] == len(gateway.sent)
    assert await DispatcherRun.all().count() == 0


async def test_engine_state_reports_the_gateway_and_the_queue(db: str) -> None:
    await make_messages(4, due_in_s=-1, valid_s=3600, account=await make_account(active=False))
    gateway = SimulatorGateway(max_delay_s=0.01, seed=1)
    await dispatch.start_engine(gateway, FAST)
    try:
        state = await dispatch.engine_state()
        assert (state.label, state.is_simulator, state.connected, state.running) == (gateway.label, True, True, True)
        assert state.queue_length == 4  # due, waiting for the blocked account
    finally:
        await dispatch.stop_engine()
    assert dispatch.running_engine() is None


async def _event_exists(message_id: int, status: MessageStatus) -> bool:
    return await MessageEvent.filter(message_id=message_id, status=status).exists()


async def _count(ids: list[int], status: MessageStatus, *, at_least: int) -> bool:
    return (await statuses(ids))[status] >= at_least
