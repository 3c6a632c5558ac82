"""Delivery receipts applied in batches: each part's stat, then the message once every part is final.

A receipt is matched to its part by the SMSC id. The message follows its parts (domain.receipts.status_of_parts):
delivered when all are delivered, the first failed part's status as soon as one fails; its raw stat/err are kept.
Applying a receipt twice changes nothing (an SMSC redelivers receipts it thinks were lost). A receipt whose id is
not known yet — it overtook the commit of its submit, or its submit is in doubt after a crash — is stored as an
OrphanReceipt in the same transaction, never dropped; domain/services/dispatch_recovery.py applies it later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from domain.receipts import status_of_parts, status_of_stat
from domain.statuses import MessageStatus
from gateway.base import Receipt
from storage import dispatch_queries as q


@dataclass(kw_only=True, slots=True, frozen=True)
class ReceiptsApplied:
    """What one batch of receipts did."""

    applied: int = 0  # receipts stored on their part
    finished: int = 0  # messages that reached a final status
    orphaned: int = 0  # receipts kept for later matching


async def store_receipts(receipts: Sequence[Receipt], *, now: datetime) -> ReceiptsApplied:
    """Apply a batch of receipts in one transaction (unknown ids become orphans)."""
    if not receipts:
        return ReceiptsApplied()
    async with in_transaction() as conn:
        return await apply_receipts(conn, receipts, now=now)


async def apply_receipts(conn: q.Conn, receipts: Sequence[Receipt], *, now: datetime) -> ReceiptsApplied:
    """Apply receipts inside the caller's transaction."""
    rows = await q.parts_by_smsc_ids(conn, sorted({r.smsc_id for r in receipts}))
    part_of = _best_part_by_smsc_id(rows)
    known = [r for r in receipts if r.smsc_id in part_of]
    unknown = [r for r in receipts if r.smsc_id not in part_of]
    at = q.stamp(conn, now)
    await q.insert_orphans(
        conn, [(r.smsc_id[:64], r.destination[:20], r.stat[:16], r.err[:16], r.text[:64], at) for r in unknown]
    )
    if not known:
        return ReceiptsApplied(orphaned=len(unknown))
    message_ids = sorted({int(part_of[r.smsc_id]['message_id']) for r in known})
    await q.lock_messages(conn, message_ids)
    stats = await _stats_by_message(conn, message_ids, rows)
    statuses = await q.message_statuses(conn, message_ids) if q.is_postgres(conn) else _statuses(rows)
    parts_count = {int(row['message_id']): int(row['parts']) for row in rows}
    part_updates: list[tuple[str, str, Any, int]] = []
    touched: set[int] = set()
    for receipt in known:
        row = part_of[receipt.smsc_id]
        message_id, part_no = int(row['message_id']), int(row['part_no'])
        current = stats.setdefault(message_id, {}).get(part_no, ('', ''))
        if status_of_stat(current[0]) is not None:
            continue  # this part already has its final receipt: a redelivery
        stats[message_id][part_no] = (receipt.stat.upper()[:16], receipt.err[:16])
        part_updates.append((receipt.stat.upper()[:16], receipt.err[:16], at, int(row['id'])))
        touched.add(message_id)
    await q.update_parts(conn, part_updates)
    finished = _finished(touched, stats, statuses, parts_count, at)
    await q.finish_messages(conn, finished)
    await q.insert_events(conn, [(row[5], row[0], at, row[2], row[3]) for row in finished])
    return ReceiptsApplied(applied=len(part_updates), finished=len(finished), orphaned=len(unknown))


def _best_part_by_smsc_id(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One part per SMSC id; should an id repeat (an SMSC reusing ids), the part still waiting wins, then the newest."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        old = best.get(row['smsc_id'])
        if old is None or _rank(row) > _rank(old):
            best[row['smsc_id']] = row
    return best


def _rank(row: dict[str, Any]) -> tuple[bool, int]:
    return (row['status'] == MessageStatus.submitted and not row['stat'], int(row['id']))


def _statuses(rows: Sequence[dict[str, Any]]) -> dict[int, str]:
    return {int(row['message_id']): row['status'] for row in rows}


async def _stats_by_message(
    conn: q.Conn, message_ids: Sequence[int], rows: Sequence[dict[str, Any]]
) -> dict[int, dict[int, tuple[str, str]]]:
    """Every part's (stat, err) of those messages; a one-part message's comes with its receipt's row already
    (PostgreSQL reads again after the lock: another process may have stored a receipt meanwhile)."""
    stats: dict[int, dict[int, tuple[str, str]]] = {}
    several = set(message_ids)
    if not q.is_postgres(conn):
        for row in rows:
            if int(row['parts']) == 1 and int(row['part_no']) == 1:
                stats[int(row['message_id'])] = {1: (row['stat'], '')}
        several -= set(stats)
    for row in await q.part_stats(conn, sorted(several)):
        stats.setdefault(int(row['message_id']), {})[int(row['part_no'])] = (row['stat'], row['err'])
    return stats


def _finished(
    touched: set[int],
    stats: dict[int, dict[int, tuple[str, str]]],
    statuses: dict[int, str],
    parts_count: dict[int, int],
    at: Any,
) -> list[tuple[str, Any, str, str, Any, int]]:
    """(status, status_at, stat, err, done_at, id) of the touched submitted messages whose parts are all decided."""
    finished: list[tuple[str, Any, str, str, Any, int]] = []
    for message_id in sorted(touched):
        if statuses.get(message_id) != MessageStatus.submitted:
            continue
        parts = stats[message_id]
        numbers = range(1, max(parts_count.get(message_id, 1), max(parts, default=1)) + 1)
        decided = [status_of_stat(parts[n][0]) if n in parts else None for n in numbers]
        status = status_of_parts(decided)
        if status is None:
            continue
        deciding = next((n for n, s in zip(numbers, decided, strict=True) if s == status), numbers[-1])
        stat, err = parts[deciding]
        finished.append((status.value, at, stat, err, at, message_id))
    return finished
