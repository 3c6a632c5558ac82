"""The delivery engine's machinery: one Dispatcher per process, its claim, submit, flush and heartbeat loops.

The public face and the exactly-once rule are in domain/services/dispatch.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from domain.dispatch_rules import MAX_ATTEMPTS, RateMeter
from domain.services.dispatch_receipts import store_receipts
from domain.services.dispatch_recovery import DoubtTracker, Reconciled, apply_known_orphans, expire_overdue
from domain.services.dispatch_results import Outcome, doubt_claim, store_outcomes
from domain.statuses import MessageStatus
from gateway.base import Gateway, OutboundSms, Receipt
from storage import dispatch_queries as q

log = logging.getLogger(__name__)

EXPIRY_EVERY_S = 10.0

_Waiting = tuple[Receipt, 'asyncio.Future[None] | None']  # a receipt and, when durable, its gateway waiting for it


@dataclass(kw_only=True, slots=True, frozen=True)
class EngineOptions:
    """How the engine paces itself; the defaults suit an SMPP bind doing ~2,000 messages a second."""

    batch: int = 500  # messages claimed at once
    node: str = ''  # host:port of this process; an earlier run of the same node is dead at start-up
    concurrency: int = 200  # submits awaiting an answer at once (the gateway's window bounds what is on the wire)
    flush_s: float = 0.1  # answers and receipts are committed at least this often
    idle_s: float = 0.5  # the pause between claims when nothing is due
    heartbeat_s: float = 3.0
    dead_after_s: float = 20.0
    doubt_grace_s: float = 60.0
    max_attempts: int = MAX_ATTEMPTS
    durable_receipts: bool | None = None  # wait for the commit before a receipt is acknowledged (None: not simulator)


class Dispatcher:
    """One process's delivery engine: start it with the app, stop it on shutdown."""

    def __init__(self, gateway: Gateway, options: EngineOptions | None = None) -> None:
        self.gateway = gateway
        self.options = options or EngineOptions()
        self.run_id = f'{self.options.node[:26]}/{uuid.uuid4().hex[:12]}'
        durable = self.options.durable_receipts
        self._durable = (not gateway.is_simulator) if durable is None else durable
        self.meter = RateMeter()
        self.bound_since: float | None = None
        self._doubts = DoubtTracker(
            run_id=self.run_id, dead_after_s=self.options.dead_after_s, grace_s=self.options.doubt_grace_s
        )
        self._queue: asyncio.Queue[tuple[OutboundSms, int]] = asyncio.Queue()
        self._pending: dict[int, int] = {}  # claimed, outcome not committed: message id -> attempts
        self._outcomes: list[Outcome] = []
        self._in_flight = 0  # submits handed to the gateway and not answered yet
        self._receipts: list[_Waiting] = []
        self._max_pending = 2 * max(self.options.batch, self.options.concurrency)
        self._room = asyncio.Event()
        self._poke = asyncio.Event()
        self._flush_now = asyncio.Event()
        self._flush_lock = asyncio.Lock()
        self._orphan_watch_until = 0.0
        self._next_expiry = 0.0
        self._tasks: list[asyncio.Task[None]] = []
        self._claiming: asyncio.Task[None] | None = None
        self._closing = False
        self._closed = asyncio.Event()  # set by stop(): the loops finish their round and leave
        self._flushing = True  # the flush loop keeps going while stop() waits for submits in flight

    @property
    def running(self) -> bool:
        return bool(self._tasks) and not self._closing

    async def start(self) -> None:
        """Register the run, declare earlier runs of this node dead, connect the gateway, start the loops."""
        now = datetime.now(UTC)
        conn = q.connection()
        if self.options.node:
            earlier = [r for r in await q.runs(conn) if r.startswith(f'{self.options.node[:26]}/')]
            await q.delete_runs(conn, earlier)
        await q.register_run(conn, run_id=self.run_id, now=now)
        await self.gateway.start(self._on_receipt)
        self._claiming = asyncio.create_task(self._claim_loop(), name='dispatch-claim')
        self._tasks = [
            self._claiming,
            asyncio.create_task(self._flush_loop(), name='dispatch-flush'),
            asyncio.create_task(self._heartbeat_loop(), name='dispatch-heartbeat'),
            *(asyncio.create_task(self._worker(), name='dispatch-submit') for _ in range(self.options.concurrency)),
        ]
        log.info('delivery engine %s started with %s', self.run_id, self.gateway.label)

    async def stop(self, timeout_s: float = 10.0) -> None:
        """Stop claiming, let submits in flight finish (bounded), commit everything, disconnect, forget the run."""
        if not self._tasks or self._closing:
            return
        self._closing = True
        self._closed.set()
        for event in (self._poke, self._room, self._flush_now):
            event.set()
        # Loops that touch the database are never cancelled: a task cancelled while it enters a SQLite transaction
        # would leave Tortoise's connection lock taken for good. They see _closing and leave by themselves.
        await _finish([self._claiming] if self._claiming else [], 10.0)
        while not self._queue.empty():  # claimed but never handed over: not sent, so simply scheduled again
            sms, attempts = self._queue.get_nowait()
            self._outcomes.append(Outcome(message_id=sms.message_id, kind='release', attempts=attempts))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while self._in_flight and loop.time() < deadline:
            await asyncio.sleep(0.05)
        await _finish([t for t in self._tasks if t.get_name() == 'dispatch-submit'], 0.0)  # no database in there
        await self.gateway.stop()  # the flush loop still runs: receipts coming meanwhile are committed and answered
        self._flushing = False
        self._flush_now.set()
        await _finish(self._tasks, 10.0)
        self._tasks = []
        with contextlib.suppress(Exception):
            await self._flush()
        if not self._pending:  # else the run's claims stay to be reconciled as in doubt
            await q.delete_runs(q.connection(), [self.run_id])
        log.info('delivery engine %s stopped', self.run_id)

    def poke(self) -> None:
        """Claim now instead of after the idle pause (a mailing to send now was just created)."""
        self._poke.set()

    async def maintain(self) -> Reconciled:
        """One reconciliation round: late orphans, messages in doubt, expiry in our queue."""
        now = datetime.now(UTC)
        clock = asyncio.get_running_loop().time()
        applied = await apply_known_orphans(now=now)
        report = await self._doubts.reconcile(now=now, clock=clock, bound_since=self.bound_since)
        report.orphans_applied += applied
        if clock >= self._next_expiry:  # a scan of the due messages: not on every round
            self._next_expiry = clock + EXPIRY_EVERY_S
            report.expired = await expire_overdue(now=now)
        return report

    def per_second(self) -> float:
        return self.meter.per_second(asyncio.get_running_loop().time())

    async def _claim_loop(self) -> None:
        loop = asyncio.get_running_loop()
        least = max(1, min(self.options.batch, self._max_pending) // 4)
        while not self._closing:
            if not self.gateway.connected:
                self.bound_since = None
                await _wait(self._closed, 0.2)
                continue
            if self.bound_since is None:
                self.bound_since = loop.time()
            room = self._max_pending - len(self._pending)
            if room < least:
                self._room.clear()
                await _wait(self._room, self.options.idle_s)
                continue
            try:
                claimed = await self._claim(min(room, self.options.batch))
            except Exception:
                log.exception('claiming due messages failed')
                await _wait(self._closed, 1.0)
                continue
            if not claimed:
                self._poke.clear()
                await _wait(self._poke, self.options.idle_s)

    async def _claim(self, limit: int) -> int:
        now = datetime.now(UTC)
        async with in_transaction() as conn:
            rows = await q.claim_due(conn, run_id=self.run_id, now=now, limit=limit)
            at = q.stamp(conn, now)
            await q.insert_events(conn, [(int(r['id']), MessageStatus.queued.value, at, '', '') for r in rows])
        for row in sorted(rows, key=lambda r: int(r['id'])):
            sms = OutboundSms(
                message_id=int(row['id']),
                phone=row['phone'].lstrip('+'),
                sender=row['sender'],
                text=row['text'],
                expires_at=q.read_moment(row['expires_at']),
            )
            self._pending[sms.message_id] = int(row['attempts'])
            self._queue.put_nowait((sms, int(row['attempts'])))
        return len(rows)

    async def _worker(self) -> None:
        while True:
            sms, attempts = await self._queue.get()
            self._in_flight += 1
            try:
                outcome = await self._submit(sms, attempts)
            finally:
                self._in_flight -= 1
            self._outcomes.append(outcome)  # not `self._outcomes.append(await ...)`: the flush swaps the list meanwhile
            if len(self._outcomes) >= self.options.batch:
                self._flush_now.set()

    async def _submit(self, sms: OutboundSms, attempts: int) -> Outcome:
        if sms.expires_at <= datetime.now(UTC):
            return Outcome(message_id=sms.message_id, kind='expired', attempts=attempts)
        try:
            result = await self.gateway.submit(sms)
        except Exception:  # a gateway bug: the message may have been written, so it is in doubt, not resent
            log.exception('gateway submit failed for message %s', sms.message_id)
            return Outcome(message_id=sms.message_id, kind='unknown', attempts=attempts)
        kind = str(result.outcome)
        if kind not in {'accepted', 'rejected', 'retry', 'unknown'}:
            kind = 'unknown'
        return Outcome(
            message_id=sms.message_id,
            kind=kind,
            attempts=attempts,
            smsc_ids=tuple(result.smsc_ids),
            error_code=result.error_code,
        )

    async def _on_receipt(self, receipt: Receipt) -> None:
        """The gateway's receipt callback: buffered and committed in a batch; returns after the commit if durable."""
        future = asyncio.get_running_loop().create_future() if self._durable else None
        self._receipts.append((receipt, future))
        if len(self._receipts) >= self.options.batch:
            self._flush_now.set()
        if future is not None:
            await future

    async def _flush_loop(self) -> None:
        while self._flushing:
            await _wait(self._flush_now, self.options.flush_s)
            self._flush_now.clear()
            try:
                await self._flush()
            except Exception:
                log.exception('storing submit answers or receipts failed; trying again')
                await _wait(self._closed, 0.5)

    async def _flush(self) -> None:
        async with self._flush_lock:
            loop = asyncio.get_running_loop()
            # Both taken at once: a receipt taken here finds its submit's ids committed just before it, unless it
            # overtook the submit's answer itself (then it is kept as an orphan and applied after the next commit).
            outcomes, self._outcomes = self._outcomes, []
            receipts, self._receipts = self._receipts, []
            committed = await self._store_outcomes(outcomes, receipts)
            await self._store_receipts(receipts)
            if committed and loop.time() < self._orphan_watch_until:
                await apply_known_orphans(now=datetime.now(UTC))

    async def _store_outcomes(self, outcomes: list[Outcome], receipts: list[_Waiting]) -> bool:
        if not outcomes:
            return False
        try:
            stored = await store_outcomes(
                outcomes, run_id=self.run_id, now=datetime.now(UTC), max_attempts=self.options.max_attempts
            )
        except Exception:
            self._outcomes[:0] = outcomes
            self._receipts[:0] = receipts
            raise
        if stored.in_doubt:
            self._doubts.watch(doubt_claim(self.run_id), asyncio.get_running_loop().time())
        for message_id in stored.settled:
            self._pending.pop(message_id, None)
        self._room.set()
        self.meter.add(len(stored.submitted), asyncio.get_running_loop().time())
        return True

    async def _store_receipts(self, batch: list[_Waiting]) -> None:
        if not batch:
            return
        try:
            applied = await store_receipts([r for r, _ in batch], now=datetime.now(UTC))
        except Exception as error:
            for receipt, future in batch:
                if future is None:
                    self._receipts.append((receipt, None))  # not acknowledged by the SMSC anyway: try again
                elif not future.done():
                    future.set_exception(error)  # the gateway answers with an error, the SMSC redelivers
            raise
        for _, future in batch:
            if future is not None and not future.done():
                future.set_result(None)
        if applied.orphaned:
            self._orphan_watch_until = asyncio.get_running_loop().time() + 10.0

    async def _heartbeat_loop(self) -> None:
        while not self._closing:
            await _wait(self._closed, self.options.heartbeat_s)
            if self._closing:
                return
            try:
                if not await q.beat(q.connection(), run_id=self.run_id, now=datetime.now(UTC)):
                    log.error('dispatcher run %s was declared dead (no heartbeat); registering again', self.run_id)
                    await q.register_run(q.connection(), run_id=self.run_id, now=datetime.now(UTC))
            except Exception:
                log.exception('dispatcher heartbeat failed')


async def _wait(event: asyncio.Event, timeout: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)


async def _finish(tasks: list[asyncio.Task[None]], timeout: float) -> None:
    """Let tasks end within `timeout` seconds, then cancel what is left."""
    if not tasks:
        return
    if timeout > 0:
        await asyncio.wait(tasks, timeout=timeout)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
