"""Exactly once: the app is killed (-9) in the middle of a 20,000-message mailing sent over SMPP and started again.

The Node SMSC peer journals every submit_sm before answering it, so it counts what really reached the SMSC: each
message exactly once, none lost, and every message ends final in the database.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

from domain.statuses import MessageStatus
from storage import dispatch_queries as q
from storage.models import Message, MessageEvent
from tests.integration.dispatch_app import AppProcess, counts, phone_of, prepare_messages
from tests.smsc.peer import SmscPeer, start_smsc

COUNT = 20_000
WAITING = (MessageStatus.scheduled, MessageStatus.queued, MessageStatus.submitted)


async def test_a_crash_in_the_middle_of_a_mailing_sends_every_message_exactly_once(db: str, tmp_path: Path) -> None:
    with start_smsc(tmp_path / 'smsc', receipt_delay_ms=300, receipt_jitter_ms=700) as peer:
        await prepare_messages(COUNT)
        app = AppProcess(db, tmp_path / 'var', peer.port, extra_env={'DISPATCH_DOUBT_GRACE_S': '4'})
        try:
            app.start()
            await _until(lambda: _submits(peer) >= COUNT // 3, timeout_s=60, what='a third sent before the crash')
            app.kill()
            at_crash = counts(await _status_counts())
            assert at_crash.get(MessageStatus.queued, 0) > 0  # claimed and not committed: the case under test
            assert _submits(peer) < COUNT
            app.start()
            await _until(_all_final, timeout_s=90, what='every message final after the restart', step_s=0.5)
        finally:
            app.stop()
        arrived = Counter(message['destination'] for message in peer.messages())
    assert set(arrived) == {phone_of(n).lstrip('+') for n in range(COUNT)}  # none lost
    assert max(arrived.values()) == 1  # none twice
    assert counts(await _status_counts()) == {MessageStatus.delivered: COUNT}
    submitted_events = await MessageEvent.filter(status=MessageStatus.submitted).count()
    assert submitted_events == COUNT
    assert await Message.filter(smsc_id=None).count() == 0


def _submits(peer: SmscPeer) -> int:
    path = peer.log_path
    return path.read_bytes().count(b'"kind":"submit"') if path.exists() else 0


async def _status_counts() -> list[dict[str, object]]:
    conn = q.connection()
    return await conn.execute_query_dict('SELECT status, COUNT(*) AS n FROM message GROUP BY status')


async def _all_final() -> bool:
    waiting = counts(await _status_counts())
    return not any(waiting.get(status, 0) for status in WAITING)


async def _until(check: object, *, timeout_s: float, what: str, step_s: float = 0.1) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()  # type: ignore[operator]
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f'not reached in {timeout_s} s: {what}')
        await asyncio.sleep(step_s)
