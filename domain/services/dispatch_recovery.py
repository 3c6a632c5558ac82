"""Reconciliation of the delivery engine: orphan receipts, messages in doubt after a crash, expiry in our queue.

See domain/services/dispatch.py for the exactly-once rule this implements. In short: a message still `queued` under
the claim of a dispatcher run that is dead (no heartbeat for `dead_after_s`, or no run row at all) may or may not
have reached the SMSC. A receipt whose SMSC id we never stored is matched to such a message by recipient (and text
prefix): that message reached the SMSC and becomes `submitted` and then final. Whatever is still in doubt
`grace_s` after our bind is up never reached the SMSC and goes back to `scheduled`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from domain.dispatch_rules import DoubtCandidate, LooseReceipt, match_loose_receipts
from domain.services.dispatch_receipts import apply_receipts
from domain.statuses import MessageStatus
from gateway.base import Receipt
from storage import dispatch_queries as q

log = logging.getLogger(__name__)

ORPHAN_BATCH = 2000
EXPIRE_BATCH = 2000
ORPHAN_KEEP = timedelta(days=7)
ORPHAN_SETTLE = timedelta(seconds=3)
SUBMITTED_GRACE = timedelta(hours=1)  # an SMSC's EXPIRED receipt may come a little after the validity
RECENT_DOUBT_S = 3600.0  # how long a settled claim's submitted messages may still take late part receipts


@dataclass(kw_only=True, slots=True)
class Reconciled:
    """What one reconciliation round did."""

    orphans_applied: int = 0
    matched_in_doubt: int = 0
    requeued: int = 0
    expired: int = 0
    in_doubt: int = 0


async def apply_known_orphans(*, now: datetime) -> int:
    """Apply orphan receipts whose part has been stored since they arrived; returns how many."""
    async with in_transaction() as conn:
        rows = await q.orphans_with_known_part(conn, limit=ORPHAN_BATCH)
        if not rows:
            return 0
        taken = await q.take_orphans(conn, [int(row['id']) for row in rows])
        receipts = [_receipt(row) for row in rows if int(row['id']) in taken]
        await apply_receipts(conn, receipts, now=now)
        return len(receipts)


async def expire_overdue(*, now: datetime, rounds: int = 50) -> int:
    """Expire messages whose validity passed: those still waiting in our queue (they never reach the SMSC), and
    submitted ones whose receipt has not come `SUBMITTED_GRACE` after it (an SMSC or the simulator lost it)."""
    total = 0
    for status, cutoff in ((MessageStatus.scheduled, now), (MessageStatus.submitted, now - SUBMITTED_GRACE)):
        for _ in range(rounds):
            async with in_transaction() as conn:
                ids = await q.expire(conn, status=status, cutoff=cutoff, now=now, limit=EXPIRE_BATCH)
                at = q.stamp(conn, now)
                await q.insert_events(conn, [(i, MessageStatus.expired.value, at, '', '') for i in ids])
            total += len(ids)
            if len(ids) < EXPIRE_BATCH:
                break
    return total


class DoubtTracker:
    """Remembers since when each dead claim has been in doubt while our bind was up (per process, in memory)."""

    def __init__(self, *, run_id: str, dead_after_s: float, grace_s: float) -> None:
        self.run_id = run_id
        self.dead_after_s = dead_after_s
        self.grace_s = grace_s
        self._first_seen: dict[str, float] = {}
        self._recent: dict[str, float] = {}  # claims seen dead lately: late part receipts of their messages

    def watch(self, claim: str, clock: float) -> None:
        """Match late receipts to the messages of `claim` too (submitted with some parts unknown)."""
        self._recent[claim] = clock

    async def reconcile(self, *, now: datetime, clock: float, bound_since: float | None) -> Reconciled:
        """One round: find dead claims, match orphan receipts to their messages, requeue those past the grace."""
        report = Reconciled()
        async with in_transaction() as conn:
            if not await q.try_lock_reconciliation(conn):
                return report  # another process is reconciling right now
            dead = await self._dead_claims(conn, now=now)
            report.in_doubt = sum(dead.values())
            self._first_seen = {c: t for c, t in self._first_seen.items() if c in dead}
            if bound_since is not None:
                for claim in dead:
                    self._first_seen.setdefault(claim, max(clock, bound_since))
            self._recent = {c: t for c, t in self._recent.items() if clock - t < RECENT_DOUBT_S}
            self._recent.update(dict.fromkeys(dead, clock))
            report.matched_in_doubt = await _match_orphans(conn, sorted(self._recent), now=now)
            if bound_since is None:
                return report
            for claim in [c for c in dead if clock - self._first_seen.get(c, clock) >= self.grace_s]:
                ids = await q.requeue_claim(conn, claim=claim, now=now)
                at = q.stamp(conn, now)
                await q.insert_events(conn, [(i, MessageStatus.scheduled.value, at, '', '') for i in ids])
                report.requeued += len(ids)
                self._first_seen.pop(claim, None)
                log.warning(
                    '%d messages of dead dispatcher claim %s had no receipt: sending them again', len(ids), claim
                )
            await q.purge_orphans(conn, before=now - ORPHAN_KEEP)
        return report

    async def _dead_claims(self, conn: q.Conn, *, now: datetime) -> dict[str, int]:
        """Claims of queued messages whose run has no fresh heartbeat (or no row); forgets dead runs' rows."""
        runs = await q.runs(conn)
        fresh = {run for run, beat in runs.items() if (now - beat).total_seconds() <= self.dead_after_s}
        claims = await q.queued_claims(conn)
        dead = {claim: n for claim, n in claims.items() if claim not in fresh and claim != self.run_id}
        stale = [run for run in runs if run not in fresh and run != self.run_id]
        if stale:
            await q.delete_runs(conn, stale)  # their claims stay on the messages, now claims without a run
        return dead


async def _match_orphans(conn: q.Conn, claims: Sequence[str], *, now: datetime) -> int:
    """Match orphan receipts to in-doubt messages of those claims; a matched message becomes submitted, then final."""
    if not claims:
        return 0
    # a receipt younger than ORPHAN_SETTLE may just have overtaken a live submit's commit: not in doubt
    orphan_rows = await q.orphans(conn, before=now - ORPHAN_SETTLE, limit=ORPHAN_BATCH)
    if not orphan_rows:
        return 0
    candidates = [_candidate(row) for row in await q.doubt_candidates(conn, claims)]
    if not candidates:
        return 0
    loose = [LooseReceipt(key=int(r['id']), destination=r['destination'], text=r['text']) for r in orphan_rows]
    next_part = {c.message_id: c.known_parts for c, _, _ in candidates}
    matched = match_loose_receipts(loose, [c for c, _, _ in candidates])
    if not matched:
        return 0
    taken = await q.take_orphans(conn, sorted(matched))
    by_id = {int(row['id']): row for row in orphan_rows}
    status_of = {c.message_id: (status, claim) for c, status, claim in candidates}
    parts: list[tuple[int, int, str]] = []
    for key in sorted(taken):
        message_id = matched[key].message_id
        next_part[message_id] += 1
        parts.append((message_id, next_part[message_id], by_id[key]['smsc_id']))
    await _submit_matched(conn, parts, status_of, now=now)
    await apply_receipts(conn, [_receipt(by_id[key]) for key in sorted(taken)], now=now)
    log.warning('%d receipts matched to messages in doubt (they reached the SMSC before a crash)', len(taken))
    return len(taken)


async def _submit_matched(
    conn: q.Conn, parts: list[tuple[int, int, str]], status_of: dict[int, tuple[str, str]], *, now: datetime
) -> None:
    """Queued messages that a receipt proves reached the SMSC become submitted; their parts are stored."""
    first_part: dict[int, str] = {}
    for message_id, _, smsc_id in parts:
        first_part.setdefault(message_id, smsc_id)
    at = q.stamp(conn, now)
    by_claim: dict[str, list[tuple[int, str]]] = {}
    for message_id, smsc_id in first_part.items():
        status, claim = status_of[message_id]
        if status == MessageStatus.queued:
            by_claim.setdefault(claim, []).append((message_id, smsc_id))
    submitted: set[int] = set()
    for claim, rows in by_claim.items():
        submitted |= set(
            await q.update_queued(
                conn,
                claim=claim,
                assignments="status = 'submitted', status_at = ?, submitted_at = ?, smsc_id = v.column2",
                fixed=[at, at],
                columns=['VARCHAR'],
                rows=rows,
            )
        )
    keep = [p for p in parts if p[0] in submitted or status_of[p[0]][0] == MessageStatus.submitted]
    await q.insert_parts(conn, keep)
    await q.insert_events(conn, [(i, MessageStatus.submitted.value, at, '', '') for i in sorted(submitted)])


def _candidate(row: dict[str, Any]) -> tuple[DoubtCandidate, str, str]:
    candidate = DoubtCandidate(
        message_id=int(row['id']),
        phone=row['phone'],
        text=row['text'],
        parts=max(1, int(row['parts'])),
        known_parts=int(row['known']),
    )
    return candidate, row['status'], row['claim']


def _receipt(row: dict[str, Any]) -> Receipt:
    return Receipt(smsc_id=row['smsc_id'], stat=row['stat'], err=row['err'], destination=row['destination'])
