"""Storing what the gateway answered for a batch of claimed messages, in one transaction with their events.

accepted -> submitted (with the SMSC id of every part); rejected -> rejected (err = the SMPP command_status in hex);
refused for now -> back to scheduled after a backoff, or rejected after too many tries; no bind -> back to scheduled
at once without counting a try; expired before the submit -> expired (no SMSC contact); unknown (written, no answer
before the bind dropped) -> handed to an in-doubt claim that reconciliation settles like a crashed run's.
Every update is guarded by `status = 'queued' AND claim = <run>`, so a message that moved meanwhile is left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from domain.dispatch_rules import MAX_ATTEMPTS, error_text, gives_up, retry_delay_s
from domain.statuses import MessageStatus
from storage import dispatch_queries as q

NO_BIND_RETRY_S = 1.0


@dataclass(kw_only=True, slots=True, frozen=True)
class Outcome:
    """One claimed message's fate: 'accepted', 'rejected', 'retry', 'unknown', 'expired' or 'release' (not sent)."""

    message_id: int
    kind: str
    attempts: int
    smsc_ids: tuple[str, ...] = ()
    error_code: int = 0


@dataclass(kw_only=True, slots=True)
class Stored:
    """What a batch of outcomes changed."""

    submitted: list[int] = field(default_factory=list)
    settled: list[int] = field(default_factory=list)  # every message id no longer held by the run
    in_doubt: bool = False  # some were handed to the run's in-doubt claim


def doubt_claim(run_id: str) -> str:
    """The claim given to a run's messages whose submit got no answer: no run has it, so it is in doubt at once."""
    return f'{run_id}!'


async def store_outcomes(
    outcomes: Sequence[Outcome], *, run_id: str, now: datetime, max_attempts: int = MAX_ATTEMPTS
) -> Stored:
    """Store a batch of outcomes of messages claimed by `run_id`, with their events, in one transaction."""
    by_kind: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        kind = outcome.kind
        if kind == 'retry' and outcome.error_code and gives_up(outcome.attempts, max_attempts):
            kind = 'rejected'
        if kind == 'unknown' and outcome.smsc_ids:
            kind = 'partly'  # some parts surely reached the SMSC: submitted, the rest settled as in doubt
        by_kind.setdefault(kind, []).append(outcome)
    stored = Stored(settled=[o.message_id for o in outcomes])
    async with in_transaction() as conn:
        at = q.stamp(conn, now)
        stored.submitted = await _submitted(conn, run_id, by_kind.get('accepted', []), at=at)
        stored.submitted += await _submitted(
            conn, run_id, by_kind.get('partly', []), at=at, then_claim=doubt_claim(run_id)
        )
        events = [(i, MessageStatus.submitted.value, at, '', '') for i in stored.submitted]
        events += await _rejected(conn, run_id, by_kind.get('rejected', []), at=at)
        events += await _back_to_scheduled(conn, run_id, by_kind, now=now)
        expired = [(o.message_id,) for o in by_kind.get('expired', [])]
        ids = await _update(conn, run_id, "status = 'expired', status_at = ?, done_at = ?", [at, at], [], expired)
        events += [(i, MessageStatus.expired.value, at, '', '') for i in ids]
        unknown = [o.message_id for o in by_kind.get('unknown', [])]
        await q.set_claim(conn, old=run_id, new=doubt_claim(run_id), ids=unknown)
        await q.insert_events(conn, events)
    stored.in_doubt = bool(unknown or by_kind.get('partly'))
    return stored


async def _submitted(
    conn: q.Conn, run_id: str, outcomes: Sequence[Outcome], *, at: object, then_claim: str = ''
) -> list[int]:
    """Accepted messages become submitted with the SMSC id of every part (kept under `then_claim` if given)."""
    assignments = "status = 'submitted', status_at = ?, submitted_at = ?, smsc_id = v.column2"
    fixed: list[object] = [at, at]
    if then_claim:
        assignments += ', claim = ?'
        fixed.append(then_claim)
    rows = [(o.message_id, o.smsc_ids[0] if o.smsc_ids else '') for o in outcomes]
    ids = await _update(conn, run_id, assignments, fixed, ['VARCHAR'], rows)
    await _store_parts(conn, outcomes, set(ids))
    return ids


async def _rejected(conn: q.Conn, run_id: str, outcomes: Sequence[Outcome], *, at: object) -> list[q.EventRow]:
    """Refused for good (or for now too often): rejected with the SMPP error; parts accepted before are kept."""
    err_of = {o.message_id: error_text(o.error_code) for o in outcomes}
    assignments = "status = 'rejected', status_at = ?, done_at = ?, err = v.column2"
    ids = await _update(conn, run_id, assignments, [at, at], ['VARCHAR'], list(err_of.items()))
    await _store_parts(conn, outcomes, set(ids))  # their receipts then find a part instead of becoming orphans
    return [(i, MessageStatus.rejected.value, at, '', err_of[i]) for i in ids]


async def _store_parts(conn: q.Conn, outcomes: Sequence[Outcome], changed: set[int]) -> None:
    parts = [(o.message_id, n, s) for o in outcomes if o.message_id in changed for n, s in enumerate(o.smsc_ids, 1)]
    await q.insert_parts(conn, parts)


async def _back_to_scheduled(
    conn: q.Conn, run_id: str, by_kind: dict[str, list[Outcome]], *, now: datetime
) -> list[q.EventRow]:
    """Refused for now, or never sent: scheduled again (a try is counted only when the SMSC refused it)."""
    at = q.stamp(conn, now)
    rows: list[tuple[int, object, int]] = []
    err_of: dict[int, str] = {}
    for outcome in by_kind.get('retry', []) + by_kind.get('release', []):
        if outcome.kind == 'retry' and outcome.error_code:
            delay, attempts = retry_delay_s(outcome.attempts), outcome.attempts
            err_of[outcome.message_id] = error_text(outcome.error_code)
        else:  # no bind at the moment, or taken back on shutdown before it was handed over
            delay, attempts = (NO_BIND_RETRY_S if outcome.kind == 'retry' else 0.0), outcome.attempts - 1
        rows.append((outcome.message_id, q.stamp(conn, now + timedelta(seconds=delay)), max(0, attempts)))
    ids = await _update(
        conn,
        run_id,
        "status = 'scheduled', status_at = ?, claim = NULL, due_at = v.column2, attempts = v.column3",
        [at],
        ['TIMESTAMP', 'INT'],
        rows,
    )
    return [(i, MessageStatus.scheduled.value, at, '', err_of.get(i, '')) for i in ids]


async def _update(
    conn: q.Conn,
    run_id: str,
    assignments: str,
    fixed: list[object],
    columns: list[str],
    rows: Sequence[Sequence[object]],
) -> list[int]:
    if not rows:
        return []
    return await q.update_queued(conn, claim=run_id, assignments=assignments, fixed=fixed, columns=columns, rows=rows)
