"""The delivery engine over real SMPP: the Node SMSC peer (tests/smsc) on 127.0.0.1 checks what arrives."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.services.dispatch import Dispatcher
from domain.statuses import MessageStatus
from gateway.smpp import SmppGateway, SmppOptions
from storage import dispatch_queries as q
from storage.models import Message
from tests.integration.dispatch_app import AppProcess, counts, phone_of, prepare_messages
from tests.integration.dispatch_helpers import FAST, all_in, make_messages
from tests.smsc.peer import SmscPeer, start_smsc


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[SmscPeer]:
    with start_smsc(tmp_path / 'smsc', receipt_delay_ms=100) as running:
        yield running


@pytest.fixture
async def engine(db: str, peer: SmscPeer) -> AsyncIterator[Dispatcher]:
    gateway = SmppGateway(SmppOptions(host='127.0.0.1', port=peer.port, system_id='cabinet', password='secret'))
    started = Dispatcher(gateway, FAST)
    await started.start()
    yield started
    await started.stop(timeout_s=5)


async def test_cyrillic_and_long_messages_arrive_intact_and_receipts_set_their_statuses(
    engine: Dispatcher, peer: SmscPeer
) -> None:
    long_cyrillic = 'Уважаемый клиент! Ваш заказ №4711 готов к выдаче в пункте на ул. Ленина, 5. Ждём вас до 21:00.'
    long_latin = 'Your order 4711 is ready. ' * 8
    ids = [
        *await make_messages(1, first_phone=79161234501, text='Привет, мир! Ёж, щука и «кавычки».'),
        *await make_messages(1, first_phone=79161234502, text=long_cyrillic, parts=2),
        *await make_messages(1, first_phone=79161234503, text=long_latin, parts=2),
        *await make_messages(1, first_phone=79161234999, text='Этот абонент недоступен'),
        *await make_messages(1, first_phone=79161234000, text='Неверный номер'),
    ]
    await all_in(ids, {MessageStatus.delivered, MessageStatus.undelivered, MessageStatus.rejected})
    arrived = {m['destination']: m for m in peer.messages()}
    for message in await Message.filter(id__in=ids[:4]).order_by('id'):
        assert arrived[message.phone.lstrip('+')]['text'] == message.text
    assert arrived['79161234502']['parts'] == 2 and arrived['79161234503']['parts'] == 2
    assert [m.status for m in await Message.filter(id__in=ids).order_by('id')] == [
        MessageStatus.delivered,
        MessageStatus.delivered,
        MessageStatus.delivered,
        MessageStatus.undelivered,
        MessageStatus.rejected,
    ]
    undelivered, rejected = await Message.get(id=ids[3]), await Message.get(id=ids[4])
    assert (undelivered.stat, undelivered.err, rejected.err) == ('UNDELIV', '001', '0x0B')
    stored = await _part_ids(ids[:4])
    assert sorted(stored) == sorted(p for m in peer.messages() for p in m['ids'])  # every part's SMSC id


async def test_a_throttled_message_is_sent_again_and_delivered(engine: Dispatcher, peer: SmscPeer) -> None:
    ids = await make_messages(1, first_phone=79161234888)
    await _until(lambda: _has_status(ids, MessageStatus.scheduled, attempts=1))
    await Message.filter(id=ids[0]).update(due_at=datetime.now(UTC))  # skip the 5 s backoff
    await all_in(ids, {MessageStatus.delivered})
    assert [r['status'] for r in peer.received()] == [0x58, 0]


async def test_a_validity_that_passes_at_the_smsc_gives_expired(db: str, tmp_path: Path) -> None:
    with start_smsc(tmp_path / 'slow', receipt_delay_ms=10_000) as slow:
        gateway = SmppGateway(SmppOptions(host='127.0.0.1', port=slow.port, system_id='cabinet', password='secret'))
        engine = Dispatcher(gateway, FAST)
        await engine.start()
        try:
            ids = await make_messages(1, first_phone=79161234567, valid_s=3)
            await all_in(ids, {MessageStatus.expired}, timeout=20)
        finally:
            await engine.stop(timeout_s=5)
    message = await Message.get(id=ids[0])
    assert (message.stat, message.submitted_at is not None) == ('EXPIRED', True)


async def test_two_app_processes_on_one_postgresql_send_each_of_10000_messages_once(db: str, tmp_path: Path) -> None:
    if not db.startswith('postgres'):
        pytest.skip('several sending processes share a PostgreSQL database; SQLite serves one process')
    count = 10_000
    with start_smsc(tmp_path / 'smsc', receipt_delay_ms=100) as smsc:
        await prepare_messages(count, due_in_s=6)  # both processes are up when the mailing falls due
        apps = [AppProcess(db, tmp_path / f'var{n}', smsc.port) for n in (1, 2)]
        try:
            for app in apps:
                app.start()
            await _until(_all_delivered(count), timeout_s=90, step_s=0.5)
        finally:
            for app in apps:
                app.stop()
        arrived = Counter(m['destination'] for m in smsc.messages())
    assert set(arrived) == {phone_of(n).lstrip('+') for n in range(count)}
    assert max(arrived.values()) == 1
    claims = Counter(await Message.all().values_list('claim', flat=True))
    assert len(claims) == 2 and min(claims.values()) > count // 10  # both processes really sent


def _all_delivered(count: int) -> object:
    async def check() -> bool:
        rows = await q.connection().execute_query_dict('SELECT status, COUNT(*) AS n FROM message GROUP BY status')
        return counts(rows).get(MessageStatus.delivered, 0) == count

    return check


async def _has_status(ids: list[int], status: MessageStatus, *, attempts: int) -> bool:
    message = await Message.get(id=ids[0])
    return message.status == status and message.attempts == attempts


async def _part_ids(ids: list[int]) -> list[str]:
    rows = await q.connection().execute_query_dict(
        q._sql(q.connection(), f'SELECT smsc_id FROM message_part WHERE message_id IN ({", ".join("?" * len(ids))})'),
        ids,
    )
    return [row['smsc_id'] for row in rows]


async def _until(check: object, *, timeout_s: float = 20, step_s: float = 0.1) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()  # type: ignore[operator]
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f'condition not reached in {timeout_s} s')
        await asyncio.sleep(step_s)
