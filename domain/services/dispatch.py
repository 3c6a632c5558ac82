"""The delivery engine: claims due messages from the database, hands them to the gateway, stores what happens.

The database is the only queue. A claim moves up to `batch` due messages of active accounts from `scheduled` to
`queued` in one statement (on PostgreSQL `FOR UPDATE SKIP LOCKED`, so two processes never claim one message), with
`claim` = this run's id. Many submits are in flight at once (the gateway keeps its own window); their answers are
committed together every `flush_s` (domain/services/dispatch_results.py) and receipts likewise
(domain/services/dispatch_receipts.py). Every status change writes a MessageEvent in the same transaction.
This module is the public face (start/stop with the app, `engine_state()` for the UI, the scheduler's `maintain`);
the loops are in domain/services/dispatch_engine.py, reconciliation in domain/services/dispatch_recovery.py.

Exactly once after a crash — the rule:
1. Each process registers a DispatcherRun and refreshes its heartbeat every `heartbeat_s`. A run without a heartbeat
   for `dead_after_s`, a claim with no run row at all, and at start-up every earlier run of the same node
   (host:port) are dead.
2. A message is committed `submitted` (with its SMSC ids) within about `flush_s` of the SMSC's answer, so after a
   crash only the messages claimed and not yet committed — at most about two batches — are in doubt: still
   `queued` under a dead claim. Some of them may have reached the SMSC.
3. They are not resent at once. The SMSC redelivers the receipts it could not hand over when we bind again, and
   receipts are acknowledged only after they are committed (an OrphanReceipt when the SMSC id is unknown). A receipt
   whose SMSC id we never stored is matched to an in-doubt message by recipient (the receipt's source_addr) and,
   when that is ambiguous, by its 'text:' prefix: that message reached the SMSC, so it becomes `submitted` and then
   final per the receipt.
4. In-doubt messages still without a receipt `doubt_grace_s` after our bind is up (and the claim was seen dead)
   never reached the SMSC: they go back to `scheduled` and are sent by whichever process claims them.
   A submit that got no answer before the bind dropped ('unknown') is handed to an in-doubt claim and settled alike.
Assumption: the SMSC sends a receipt for every message it accepted (registered_delivery=1), redelivers receipts not
acknowledged, and sends it within the grace period (raise DISPATCH_DOUBT_GRACE_S for a slow SMSC). A message whose
receipt is lost entirely would be sent twice; one held back for good is never lost.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from datetime import UTC, datetime

from config import Settings
from domain.services.dispatch_engine import Dispatcher, EngineOptions
from domain.services.dispatch_recovery import Reconciled
from gateway.base import Gateway
from storage import dispatch_queries as q

__all__ = [
    'Dispatcher',
    'EngineOptions',
    'EngineState',
    'engine_state',
    'maintain',
    'node_name',
    'options_from',
    'poke',
    'running_engine',
    'start_engine',
    'stop_engine',
]


@dataclass(kw_only=True, slots=True, frozen=True)
class EngineState:
    """What the UI shows about sending."""

    label: str
    is_simulator: bool
    running: bool
    connected: bool
    per_second: float  # messages accepted by the SMSC per second over the last minute
    queue_length: int  # messages due and not yet handed to the SMSC


def options_from(settings: Settings, *, node: str = '') -> EngineOptions:
    """Engine options from the settings."""
    return EngineOptions(
        batch=max(1, settings.dispatch_batch),
        node=node,
        concurrency=max(64, 4 * settings.smpp_window),
        doubt_grace_s=settings.dispatch_doubt_grace_s,
    )


def node_name(port: int) -> str:
    """This host and port: the identity whose earlier runs are dead when a process starts."""
    return f'{socket.gethostname()[:20]}:{port}'


_engine: Dispatcher | None = None
_queue_cache: tuple[float, int] = (-1e9, 0)


async def start_engine(gateway: Gateway, options: EngineOptions | None = None) -> Dispatcher:
    """Start this process's engine (one per process)."""
    global _engine
    if _engine is not None:
        await stop_engine()
    engine = Dispatcher(gateway, options)
    await engine.start()
    _engine = engine
    return engine


async def stop_engine(timeout_s: float = 10.0) -> None:
    """Stop this process's engine, if any."""
    global _engine
    engine, _engine = _engine, None
    if engine is not None:
        await engine.stop(timeout_s)


def running_engine() -> Dispatcher | None:
    """This process's engine, if started."""
    return _engine


def poke() -> None:
    """Ask the engine to claim now (after creating a mailing to send now)."""
    if _engine is not None:
        _engine.poke()


async def maintain() -> Reconciled | None:
    """The scheduler's reconciliation job: orphans, messages in doubt, expiry (nothing without an engine)."""
    return await _engine.maintain() if _engine is not None else None


async def engine_state() -> EngineState:
    """The gateway, whether it is connected, the sending rate and the queue length (cached for 2 s)."""
    global _queue_cache
    clock = asyncio.get_running_loop().time()
    if clock - _queue_cache[0] > 2.0:
        _queue_cache = (clock, await q.waiting_count(q.connection(), now=datetime.now(UTC)))
    engine = _engine
    if engine is None:
        return EngineState(
            label='', is_simulator=False, running=False, connected=False, per_second=0.0, queue_length=_queue_cache[1]
        )
    return EngineState(
        label=engine.gateway.label,
        is_simulator=engine.gateway.is_simulator,
        running=engine.running,
        connected=engine.gateway.connected,
        per_second=engine.per_second(),
        queue_length=_queue_cache[1],
    )
