"""Reconciliation after a crash: messages in doubt are settled by a late receipt or sent again after the grace."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.services.dispatch import Dispatcher, EngineOptions
from domain.statuses import MessageStatus
from gateway.base import OutboundSms, SubmitResult
from storage.models import DispatcherRun, Message, MessageEvent, MessagePart, OrphanReceipt
from tests.integration.dispatch_helpers import FAST, ScriptedGateway, all_in, make_messages, statuses, wait_until

DEAD = 'crashed-host:8080/0123456789ab'


@pytest.fixture
async def engines(db: str) -> AsyncIterator[list[Dispatcher]]:
    started: list[Dispatcher] = []
    yield started
    for engine in started:
        await engine.stop(timeout_s=2)


async def start(engines: list[Dispatcher], gateway: ScriptedGateway, options: EngineOptions = FAST) -> Dispatcher:
    engine = Dispatcher(gateway, options)
    await engine.start()
    engines.append(engine)
    return engine


async def orphan(smsc_id: str, destination: str, *, stat: str = 'DELIVRD', text: str = '') -> None:
    """A receipt stored while its message was in doubt (received a while ago)."""
    received = datetime.now(UTC) - timedelta(seconds=10)
    await OrphanReceipt.create(smsc_id=smsc_id, destination=destination, stat=stat, text=text, received_at=received)


async def test_a_late_receipt_proves_an_in_doubt_message_was_sent_and_the_rest_are_sent_again_after_the_grace(
    engines: list[Dispatcher],
) -> None:
    ids = await make_messages(3, status=MessageStatus.queued, claim=DEAD)
    await orphan('smsc-77', '79160000001', stat='UNDELIV', text='Привет, это тест')
    gateway = ScriptedGateway()
    engine = await start(engines, gateway, replace(FAST, doubt_grace_s=1.5))
    report = await engine.maintain()
    assert report.matched_in_doubt == 1 and report.in_doubt == 3
    matched = await Message.get(id=ids[1])
    assert (matched.status, matched.smsc_id, matched.stat) == (MessageStatus.undelivered, 'smsc-77', 'UNDELIV')
    assert await MessagePart.filter(message_id=ids[1], smsc_id='smsc-77').exists()
    history = [e.status for e in await MessageEvent.filter(message_id=ids[1]).order_by('id')]
    assert history == [MessageStatus.submitted, MessageStatus.undelivered]
    assert await statuses([ids[0], ids[2]]) == {MessageStatus.queued: 2}  # in doubt: not resent at once
    assert not gateway.seen
    await wait_until(lambda: _maintained_until_requeued(engine, [ids[0], ids[2]]), timeout=10)
    await all_in([ids[0], ids[2]], {MessageStatus.submitted})
    assert dict(gateway.seen) == {ids[0]: 1, ids[2]: 1}
    assert await OrphanReceipt.all().count() == 0


async def test_two_in_doubt_messages_to_one_number_are_told_apart_by_the_receipt_text(
    engines: list[Dispatcher],
) -> None:
    first = await make_messages(1, status=MessageStatus.queued, claim=DEAD, text='Скидка 10% до пятницы')
    second = await make_messages(1, status=MessageStatus.queued, claim=DEAD, text='Ваш код 4711')
    await orphan('smsc-1', '+79160000000', text='Ваш код 4711')
    engine = await start(engines, ScriptedGateway())
    await engine.maintain()
    assert await statuses(second) == {MessageStatus.delivered: 1}
    assert await statuses(first) == {MessageStatus.queued: 1}


async def test_the_parts_of_a_long_in_doubt_message_are_matched_one_receipt_each(engines: list[Dispatcher]) -> None:
    ids = await make_messages(1, status=MessageStatus.queued, claim=DEAD, text='Ж' * 120, parts=2)
    await orphan('p-1', '79160000000', text='ЖЖЖЖ')
    engine = await start(engines, ScriptedGateway())
    await engine.maintain()
    assert await statuses(ids) == {MessageStatus.submitted: 1}  # one part known, the other still on its way
    await orphan('p-2', '79160000000', text='ЖЖЖЖ')
    await engine.maintain()
    assert await statuses(ids) == {MessageStatus.delivered: 1}
    assert sorted(await MessagePart.filter(message_id=ids[0]).values_list('smsc_id', flat=True)) == ['p-1', 'p-2']


async def test_messages_of_a_live_dispatcher_are_never_taken_as_in_doubt(engines: list[Dispatcher]) -> None:
    live = 'other-host:8080/aaaaaaaaaaaa'
    now = datetime.now(UTC)
    await DispatcherRun.create(id=live, started_at=now, heartbeat_at=now)
    ids = await make_messages(2, status=MessageStatus.queued, claim=live)
    await orphan('x-1', '79160000000')
    engine = await start(engines, ScriptedGateway(), replace(FAST, doubt_grace_s=0.0, dead_after_s=30))
    for _ in range(3):
        report = await engine.maintain()
        assert report.in_doubt == 0 and report.requeued == 0 and report.matched_in_doubt == 0
    assert await statuses(ids) == {MessageStatus.queued: 2}


async def test_a_dispatcher_without_heartbeat_is_dead_and_its_row_is_forgotten(engines: list[Dispatcher]) -> None:
    silent = 'other-host:8080/bbbbbbbbbbbb'
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    await DispatcherRun.create(id=silent, started_at=long_ago, heartbeat_at=long_ago)
    ids = await make_messages(2, status=MessageStatus.queued, claim=silent)
    gateway = ScriptedGateway()
    engine = await start(engines, gateway)
    assert (await engine.maintain()).in_doubt == 2
    assert not await DispatcherRun.filter(id=silent).exists()
    await wait_until(lambda: _maintained_until_requeued(engine, ids), timeout=10)
    await all_in(ids, {MessageStatus.submitted})


async def test_an_earlier_run_of_the_same_node_is_dead_as_soon_as_the_node_starts_again(
    engines: list[Dispatcher],
) -> None:
    earlier = 'node-a:8080/cccccccccccc'
    now = datetime.now(UTC)
    await DispatcherRun.create(id=earlier, started_at=now, heartbeat_at=now)  # fresh: killed a second ago
    await make_messages(2, status=MessageStatus.queued, claim=earlier)
    engine = await start(engines, ScriptedGateway(), replace(FAST, node='node-a:8080', dead_after_s=60))
    assert (await engine.maintain()).in_doubt == 2
    assert await DispatcherRun.filter(id=earlier).count() == 0


async def test_a_submit_without_answer_is_in_doubt_and_sent_again_when_no_receipt_comes(
    engines: list[Dispatcher],
) -> None:
    ids = await make_messages(1)

    def decide(sms: OutboundSms, seen: int) -> SubmitResult | None:
        if seen > 1:
            return None
        return SubmitResult(message_id=sms.message_id, outcome='unknown')  # type: ignore[arg-type]

    gateway = ScriptedGateway(decide)
    engine = await start(engines, gateway)
    await wait_until(lambda: _claim_is(ids[0], f'{engine.run_id}!'))
    assert await statuses(ids) == {MessageStatus.queued: 1}
    await wait_until(lambda: _maintained_until_requeued(engine, ids), timeout=10)
    await all_in(ids, {MessageStatus.submitted})
    assert gateway.seen[ids[0]] == 2


async def _maintained_until_requeued(engine: Dispatcher, ids: list[int]) -> bool:
    await engine.maintain()
    return not (await statuses(ids))[MessageStatus.queued]


async def _claim_is(message_id: int, claim: str) -> bool:
    return (await Message.get(id=message_id)).claim == claim
