"""The built-in SMS center simulator: the default gateway, so the whole journey works on a fresh machine.

It accepts every submit at once (one id per part, counted by domain.segments) and reports each part after a random
delay of up to `max_delay_s`: DELIVRD, or UNDELIV for a `fail_share` of the messages, or EXPIRED when the receipt
would come after the message's validity (then it comes when the validity ends). Pending receipts live in one heap
served by one task, so tens of thousands outstanding cost a heap entry each. They live in memory only: a restart of
the app forgets the receipts not yet sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from domain.segments import count_segments
from gateway.base import OutboundSms, Receipt, ReceiptHandler, SubmitOutcome, SubmitResult

LABEL = 'Симулятор SMS-центра'

log = logging.getLogger(__name__)


@dataclass(order=True, slots=True)
class _Pending:
    due: float  # event loop time
    order: int
    receipt: Receipt = field(compare=False)


class SimulatorGateway:
    """An in-process SMSC: immediate acceptance, receipts later; deterministic with a `seed`."""

    label = LABEL
    is_simulator = True

    def __init__(self, *, fail_share: float = 0.05, max_delay_s: float = 2.0, seed: int | None = None) -> None:
        if not 0 <= fail_share <= 1:
            raise ValueError(f'fail_share must be within 0..1, got {fail_share}')
        self._fail_share = fail_share
        self._max_delay_s = max(0.0, max_delay_s)
        self._random = random.Random(seed)
        self._run = f'{self._random.getrandbits(16):04x}'  # ids stay unique across restarts of the app
        self._numbers = itertools.count(1)
        self._order = itertools.count()
        self._heap: list[_Pending] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._on_receipt: ReceiptHandler | None = None

    async def start(self, on_receipt: ReceiptHandler) -> None:
        """Start sending receipts to `on_receipt`."""
        self._on_receipt = on_receipt
        if self._task is None:
            self._task = asyncio.create_task(self._serve(), name='sms-simulator-receipts')

    @property
    def connected(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def pending_receipts(self) -> int:
        """Receipts accepted but not yet sent."""
        return len(self._heap)

    async def submit(self, sms: OutboundSms) -> SubmitResult:
        """Accept the message at once; its parts' receipts are scheduled."""
        if not self.connected:
            return SubmitResult(message_id=sms.message_id, outcome=SubmitOutcome.retry)
        parts = max(1, count_segments(sms.text).parts)
        ids = tuple(f'sim-{self._run}-{next(self._numbers)}' for _ in range(parts))
        now = datetime.now(UTC)
        delay = self._random.uniform(0, self._max_delay_s)
        if now + timedelta(seconds=delay) > sms.expires_at:
            stat, err, delay = 'EXPIRED', '000', max(0.0, (sms.expires_at - now).total_seconds())
        elif self._random.random() < self._fail_share:
            stat, err = 'UNDELIV', '001'
        else:
            stat, err = 'DELIVRD', '000'
        due = asyncio.get_running_loop().time() + delay
        for smsc_id in ids:
            receipt = Receipt(smsc_id=smsc_id, stat=stat, err=err, destination=sms.phone, text=sms.text[:20])
            self._push(_Pending(due, next(self._order), receipt))
        return SubmitResult(message_id=sms.message_id, outcome=SubmitOutcome.accepted, smsc_ids=ids)

    async def stop(self) -> None:
        """Stop sending receipts (the pending ones are dropped)."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    def _push(self, pending: _Pending) -> None:
        earliest = self._heap[0].due if self._heap else None
        heapq.heappush(self._heap, pending)
        if earliest is None or pending.due < earliest:
            self._wake.set()

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._wake.clear()
            if not self._heap:
                await self._wake.wait()
                continue
            wait = self._heap[0].due - loop.time()
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=wait)
                continue
            pending = heapq.heappop(self._heap)
            await self._send(pending.receipt)

    async def _send(self, receipt: Receipt) -> None:
        handler = self._on_receipt
        if handler is None:
            return
        try:
            await handler(_done_now(receipt))
        except Exception:
            log.exception('Receipt handler failed for %s', receipt.smsc_id)


def _done_now(receipt: Receipt) -> Receipt:
    return Receipt(
        smsc_id=receipt.smsc_id,
        stat=receipt.stat,
        err=receipt.err,
        destination=receipt.destination,
        text=receipt.text,
        done_at=datetime.now(UTC),
    )
