"""Throughput of the SMPP adapter against the Node SMSC simulator on 127.0.0.1, receipts flowing back.

    .venv/bin/python -m tests.smsc.load 20000 --window 50

prints `metric smpp_adapter_msgs_per_s <n> msg/s` (all submits answered and all receipts back, divided by the time)
and the submit-only rate. `send_many` and `measure` are meant for reuse by benchmarks.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gateway.base import OutboundSms, Receipt, SubmitOutcome, SubmitResult
from gateway.smpp import SmppGateway, SmppOptions
from tests.smsc.peer import start_smsc, wait_until


@dataclass(frozen=True, slots=True)
class Throughput:
    count: int
    accepted: int
    receipts: int
    submit_s: float  # until every submit was answered
    total_s: float  # until every receipt was back

    @property
    def msgs_per_s(self) -> float:
        return self.count / self.total_s

    @property
    def submits_per_s(self) -> float:
        return self.count / self.submit_s


def load_phone(number: int) -> str:
    """A plain number for message `number` (never ending in 000, 888 or 999, which the simulator treats specially)."""
    return f'7916{number:06d}1'


async def send_many(
    gateway: SmppGateway, count: int, *, text: str = 'Load test message', workers: int = 200
) -> list[SubmitResult]:
    """Submit `count` messages through `workers` concurrent callers, as the engine does with a claimed batch."""
    numbers = iter(range(count))
    expires_at = datetime.now(UTC) + timedelta(hours=1)
    results: list[SubmitResult] = []

    async def worker() -> None:
        for number in numbers:
            sms = OutboundSms(
                message_id=number, phone=load_phone(number), sender='INCORE', text=text, expires_at=expires_at
            )
            results.append(await gateway.submit(sms))

    await asyncio.gather(*(worker() for _ in range(workers)))
    return results


async def measure(
    port: int, count: int, *, window: int = 50, system_id: str = 'cabinet', password: str = 'secret'
) -> Throughput:
    """Bind to the simulator on `port`, send `count` messages, wait for every receipt; the figures."""
    receipts: list[Receipt] = []

    async def on_receipt(receipt: Receipt) -> None:
        receipts.append(receipt)

    gateway = SmppGateway(
        SmppOptions(host='127.0.0.1', port=port, system_id=system_id, password=password, window=window)
    )
    await gateway.start(on_receipt)
    try:
        if not await gateway.wait_connected(10):
            raise RuntimeError(f'no bind to 127.0.0.1:{port}')
        started = time.monotonic()
        results = await send_many(gateway, count)
        submitted = time.monotonic()
        await wait_until(lambda: len(receipts) >= count, timeout_s=max(60, count / 200))
        finished = time.monotonic()
    finally:
        await gateway.stop()
    accepted = sum(result.outcome is SubmitOutcome.accepted for result in results)
    return Throughput(count, accepted, len(receipts), submitted - started, finished - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('count', type=int, nargs='?', default=20_000)
    parser.add_argument('--window', type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, start_smsc(Path(folder), receipt_delay_ms=100) as peer:
        figures = asyncio.run(measure(peer.port, args.count, window=args.window))
        arrived = len(peer.accepted())
    print(f'metric smpp_adapter_msgs_per_s {figures.msgs_per_s:.0f} msg/s')  # noqa: T201
    print(f'metric smpp_adapter_submits_per_s {figures.submits_per_s:.0f} msg/s')  # noqa: T201
    summary = f'{figures.count} sent, {figures.accepted} accepted, {arrived} logged by the peer'
    print(f'# {summary}, {figures.receipts} receipts')  # noqa: T201


if __name__ == '__main__':
    main()
