"""Монитор рассылок: today's and running mailings with their progress, delivery per operator and dispatch speed,
computed once per scope and pushed to every viewer of that scope.

`MonitorHub.tick()` is driven by ONE timer per server process (pages/monitor.py): it computes a snapshot for each
scope that has viewers (an account, or every account for a manager) and hands it to that scope's subscribers, so
the database is read once per scope and tick however many screens watch. A slow snapshot stretches the interval
(at least 5 x the time it took), so a busy database is not polled harder than it can answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import count

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.stats import Period, local_today, utc_bounds
from domain.statuses import MessageStatus
from storage import monitor_queries as queries
from storage.subscriber_queries import connection

Scope = int | None  # an account id, or None for every account
SHOWN = 20
RECENT = timedelta(hours=48)
DEFAULT_TZ = 'Europe/Moscow'
_WAITING = frozenset({MessageStatus.awaiting_payment, MessageStatus.scheduled, MessageStatus.queued})
_FAILED = frozenset({MessageStatus.undelivered, MessageStatus.expired, MessageStatus.rejected})
_log = logging.getLogger(__name__)


@dataclass(kw_only=True, slots=True)
class MailingProgress:
    """One mailing's counts: waiting (unpaid, planned, queued), sent (awaiting a receipt), delivered, failed."""

    id: int
    name: str
    account_name: str
    sender: str
    created_at: datetime
    waiting: int = 0
    sent: int = 0
    delivered: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.waiting + self.sent + self.delivered + self.failed

    @property
    def running(self) -> bool:
        return self.waiting + self.sent > 0

    @property
    def done_share(self) -> float:
        """Handed to the SMSC or finished, of all (0..1)."""
        return (self.sent + self.delivered + self.failed) / self.total if self.total else 1.0


@dataclass(kw_only=True, slots=True)
class OperatorRate:
    """Delivered of finished messages per operator, and how many are still in flight."""

    operator: str
    delivered: int = 0
    finished: int = 0
    in_flight: int = 0


@dataclass(kw_only=True, slots=True)
class MonitorSnapshot:
    """What every screen of one scope shows."""

    at: datetime
    mailings: list[MailingProgress] = field(default_factory=list)
    operators: list[OperatorRate] = field(default_factory=list)
    per_minute: int = 0


async def snapshot(*, account_id: Scope, tz: str, now: datetime, sticky: set[int] | None = None) -> MonitorSnapshot:
    """The scope's mailings created today (local) or still running, plus `sticky` ones (seen earlier today)."""
    conn = connection()
    today_start, _ = utc_bounds(Period(date_from=local_today(now, tz), date_to=local_today(now, tz)), tz)
    since = min(today_start, now - RECENT)
    ids = set(await queries.recent_mailings(conn, account_id=account_id, since=since))
    ids |= set(await queries.dispatching_mailings(conn, account_id=account_id)) | (sticky or set())
    if not ids:
        return MonitorSnapshot(at=now)
    found = {int(row['id']): row for row in await queries.mailing_rows(conn, sorted(ids))}
    progress = {i: _progress(row) for i, row in found.items()}
    for mailing_id, status, number in await queries.status_counts(conn, sorted(found)):
        _count(progress[mailing_id], MessageStatus(status), number)
    seen = sticky or set()
    shown = [p for p in progress.values() if p.total and (p.running or p.created_at >= today_start or p.id in seen)]
    shown.sort(key=lambda p: (not p.running, -p.created_at.timestamp()))
    shown = shown[:SHOWN]
    if sticky is not None:
        sticky.update(p.id for p in shown)
    rates, per_minute = await _operators(conn, [p.id for p in shown], now)
    return MonitorSnapshot(at=now, mailings=shown, operators=rates, per_minute=per_minute)


Subscriber = Callable[[MonitorSnapshot], Awaitable[None] | None]


class MonitorHub:
    """Subscriptions per scope and the tick that feeds them; one instance per server process."""

    def __init__(self, fetch: Callable[..., Awaitable[MonitorSnapshot]] = snapshot, *, interval: float = 2.0) -> None:
        self._fetch = fetch
        self.interval = interval
        self._subscribers: dict[Scope, dict[int, Subscriber]] = {}
        self._zones: dict[Scope, str] = {}
        self._sticky: dict[tuple[Scope, date], set[int]] = {}
        self._ids = count(1)
        self._next_at = 0.0
        self.snapshots: dict[Scope, MonitorSnapshot] = {}

    def subscribe(self, scope: Scope, tz: str, callback: Subscriber) -> Callable[[], None]:
        """Start feeding `callback`; returns the function that stops it."""
        token = next(self._ids)
        self._subscribers.setdefault(scope, {})[token] = callback
        self._zones[scope] = tz or DEFAULT_TZ
        self._next_at = 0.0  # a new screen gets figures on the next tick

        def unsubscribe() -> None:
            viewers = self._subscribers.get(scope, {})
            viewers.pop(token, None)
            if not viewers:
                self._subscribers.pop(scope, None)

        return unsubscribe

    @property
    def viewers(self) -> int:
        return sum(len(v) for v in self._subscribers.values())

    async def tick(self, now: datetime | None = None) -> None:
        """Compute each watched scope's snapshot once and push it to that scope's screens (no viewers: no query)."""
        if not self._subscribers or time.monotonic() < self._next_at:
            return
        started = time.monotonic()
        now = now or datetime.now(UTC)
        for scope, viewers in list(self._subscribers.items()):
            tz = self._zones.get(scope, DEFAULT_TZ)
            sticky = self._sticky.setdefault((scope, local_today(now, tz)), set())
            try:
                shot = await self._fetch(account_id=scope, tz=tz, now=now, sticky=sticky)
            except Exception:  # a failed read must not stop the screens; the next tick tries again
                _log.exception('monitor snapshot of %s failed', scope)
                continue
            self.snapshots[scope] = shot
            for token, callback in list(viewers.items()):
                await self._push(scope, token, callback, shot)
        spent = time.monotonic() - started
        self._next_at = started + max(self.interval, 5 * spent) - 0.05
        self._forget_old_days(now)

    async def _push(self, scope: Scope, token: int, callback: Subscriber, shot: MonitorSnapshot) -> None:
        try:
            result = callback(shot)
            if result is not None:
                await result
        except Exception:  # a screen that went away: drop it
            _log.debug('monitor viewer %s dropped', token, exc_info=True)
            self._subscribers.get(scope, {}).pop(token, None)

    def _forget_old_days(self, now: datetime) -> None:
        yesterday = (now - timedelta(days=1)).date()
        for key in [key for key in self._sticky if key[1] < yesterday]:
            del self._sticky[key]


def _progress(row: dict) -> MailingProgress:
    created = row['created_at']
    return MailingProgress(
        id=int(row['id']),
        name=str(row['name'] or ''),
        account_name=str(row['account_name'] or ''),
        sender=str(row['sender'] or ''),
        created_at=created if isinstance(created, datetime) else datetime.fromisoformat(str(created)),
    )


def _count(progress: MailingProgress, status: MessageStatus, number: int) -> None:
    if status in _WAITING:
        progress.waiting += number
    elif status is MessageStatus.submitted:
        progress.sent += number
    elif status is MessageStatus.delivered:
        progress.delivered += number
    elif status in _FAILED:
        progress.failed += number


async def _operators(conn: BaseDBAsyncClient, ids: list[int], now: datetime) -> tuple[list[OperatorRate], int]:
    if not ids:
        return [], 0
    rates: dict[str, OperatorRate] = {}
    per_minute = 0
    found = await queries.operator_counts(conn, ids, submitted_since=now - timedelta(minutes=1))
    for operator, status, number, recent in found:
        rate = rates.setdefault(operator, OperatorRate(operator=operator))
        state = MessageStatus(status)
        per_minute += recent
        if state is MessageStatus.delivered:
            rate.delivered += number
            rate.finished += number
        elif state in _FAILED:
            rate.finished += number
        elif state is MessageStatus.submitted:
            rate.in_flight += number
    ordered = sorted(rates.values(), key=lambda r: -(r.finished + r.in_flight))
    return [r for r in ordered if r.finished + r.in_flight], per_minute
