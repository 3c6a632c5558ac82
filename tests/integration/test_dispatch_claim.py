"""The claim and expiry queries take at most their batch, even when PostgreSQL's planner would re-run a subquery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise import connections

from domain.statuses import MessageStatus
from storage import dispatch_queries
from storage.models import Message
from tests.integration.dispatch_helpers import make_messages


async def test_a_claim_takes_at_most_its_batch(db: str) -> None:
    ids = await make_messages(300)
    conn = connections.get('default')

    claimed = await dispatch_queries.claim_due(conn, run_id='run-a', now=datetime.now(UTC), limit=100)

    assert len(claimed) == 100
    assert {int(row['id']) for row in claimed} == set(ids[:100])  # oldest due first: one due time, so id order
    assert await Message.filter(status=MessageStatus.queued, claim='run-a').count() == 100
    assert await Message.filter(status=MessageStatus.scheduled).count() == 200


async def test_expiry_takes_at_most_its_batch(db: str) -> None:
    await make_messages(300, due_in_s=-120, valid_s=-60)
    conn = connections.get('default')
    now = datetime.now(UTC)

    expired = await dispatch_queries.expire(
        conn, status=MessageStatus.scheduled, cutoff=now - timedelta(seconds=1), now=now, limit=100
    )

    assert len(expired) == 100
    assert await Message.filter(status=MessageStatus.expired).count() == 100
