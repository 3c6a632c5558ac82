"""Helpers of the delivery-engine tests: message rows, a scripted gateway, fast engine options, bounded waits."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from domain.services.dispatch import EngineOptions
from domain.statuses import MessageStatus
from gateway.base import OutboundSms, Receipt, ReceiptHandler, SubmitOutcome, SubmitResult
from storage.models import Account, Mailing, Message

FAST = EngineOptions(
    batch=100, concurrency=20, flush_s=0.02, idle_s=0.05, heartbeat_s=0.2, dead_after_s=1.0, doubt_grace_s=0.5
)

Decide = Callable[[OutboundSms, int], SubmitResult | None]  # (sms, how many times it was seen) -> answer


class ScriptedGateway:
    """A gateway whose answers a test decides; accepts by default, counts every submit, sends receipts on demand."""

    label = 'scripted'
    is_simulator = False

    def __init__(self, decide: Decide | None = None, *, receipt_first: bool = False) -> None:
        self.decide = decide
        self.receipt_first = receipt_first  # deliver the DELIVRD receipt before submit returns
        self.seen: Counter[int] = Counter()
        self.sent: list[OutboundSms] = []
        self.connected = False
        self.on_receipt: ReceiptHandler | None = None
        self._ids = itertools.count(1)

    async def start(self, on_receipt: ReceiptHandler) -> None:
        self.on_receipt = on_receipt
        self.connected = True

    async def stop(self) -> None:
        self.connected = False

    async def submit(self, sms: OutboundSms) -> SubmitResult:
        self.seen[sms.message_id] += 1
        answer = self.decide(sms, self.seen[sms.message_id]) if self.decide else None
        if answer is not None:
            return answer
        self.sent.append(sms)
        smsc_id = f'scr-{next(self._ids)}'
        if self.receipt_first:
            assert self.on_receipt is not None
            receipt = Receipt(smsc_id=smsc_id, stat='DELIVRD', err='000', destination=sms.phone, text=sms.text[:20])
            await self.on_receipt(receipt)
        return SubmitResult(message_id=sms.message_id, outcome=SubmitOutcome.accepted, smsc_ids=(smsc_id,))

    async def send_receipt(self, smsc_id: str, stat: str = 'DELIVRD', *, destination: str = '', text: str = '') -> None:
        assert self.on_receipt is not None
        await self.on_receipt(Receipt(smsc_id=smsc_id, stat=stat, err='000', destination=destination, text=text))


async def make_account(*, active: bool = True) -> Account:
    return await Account.create(name='ООО «Тест»', is_active=active)


async def make_messages(
    count: int,
    *,
    account: Account | None = None,
    status: MessageStatus = MessageStatus.scheduled,
    due_in_s: float = -1.0,
    valid_s: float = 3600.0,
    text: str = 'Привет, это тест',
    first_phone: int = 79160000000,
    parts: int = 1,
    claim: str | None = None,
) -> list[int]:
    """Insert `count` messages of one new mailing; returns their ids in order."""
    account = account or await make_account()
    mailing = await Mailing.create(account=account, sender='TEST', text=text, recipients=count)
    now = datetime.now(UTC)
    rows = [
        Message(
            account_id=account.id,
            mailing_id=mailing.id,
            phone=f'+{first_phone + n}',
            sender='TEST',
            text=text,
            parts=parts,
            status=status,
            status_at=now,
            due_at=now + timedelta(seconds=due_in_s),
            expires_at=now + timedelta(seconds=valid_s),
            created_at=now,
            claim=claim,
        )
        for n in range(count)
    ]
    await Message.bulk_create(rows, batch_size=1000)
    found = await Message.filter(mailing_id=mailing.id).order_by('id').values('id')
    return [int(row['id']) for row in found]


async def statuses(ids: list[int]) -> Counter[str]:
    rows = await Message.filter(id__in=ids).values_list('status', flat=True)
    return Counter(str(s) for s in rows)


async def wait_until(check: Callable[[], Awaitable[bool]], *, timeout: float = 20.0, step: float = 0.05) -> None:
    """Poll `check` until it is true; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f'condition not met within {timeout} s')
        await asyncio.sleep(step)


async def all_in(ids: list[int], allowed: set[MessageStatus], *, timeout: float = 20.0) -> None:
    """Wait until every message is in one of `allowed`."""

    async def check() -> bool:
        counts = await statuses(ids)
        return sum(n for s, n in counts.items() if s in allowed) == len(ids)

    await wait_until(check, timeout=timeout)
