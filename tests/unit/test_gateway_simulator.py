import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config import Settings
from gateway.base import OutboundSms, Receipt, SubmitOutcome
from gateway.factory import build_gateway
from gateway.simulator import LABEL, SimulatorGateway
from gateway.smpp import SmppGateway

LATER = datetime.now(UTC) + timedelta(days=1)


def sms(
    message_id: int, text: str = 'Привет', *, phone: str = '79161234567', expires_at: datetime = LATER
) -> OutboundSms:
    return OutboundSms(message_id=message_id, phone=phone, sender='INCORE', text=text, expires_at=expires_at)


class Collector:
    def __init__(self) -> None:
        self.receipts: list[Receipt] = []
        self.arrived = asyncio.Event()
        self.expected = 0

    async def __call__(self, receipt: Receipt) -> None:
        self.receipts.append(receipt)
        if len(self.receipts) >= self.expected:
            self.arrived.set()

    async def wait_for(self, count: int, timeout: float = 5) -> list[Receipt]:
        self.expected = count
        if len(self.receipts) < count:
            await asyncio.wait_for(self.arrived.wait(), timeout)
        return self.receipts


async def test_submit_before_start_asks_to_retry() -> None:
    result = await SimulatorGateway(seed=1).submit(sms(1))
    assert result.outcome is SubmitOutcome.retry
    assert result.smsc_ids == ()


async def test_long_message_gets_one_id_per_part_and_a_receipt_for_each() -> None:
    gateway = SimulatorGateway(fail_share=0, max_delay_s=0.05, seed=1)
    collector = Collector()
    await gateway.start(collector)
    try:
        result = await gateway.submit(sms(7, 'Ж' * 150))  # UCS-2: 67 + 67 + 16
        assert result.outcome is SubmitOutcome.accepted
        assert result.message_id == 7
        assert len(result.smsc_ids) == 3 and len(set(result.smsc_ids)) == 3
        assert all(smsc_id.startswith('sim-') for smsc_id in result.smsc_ids)
        receipts = await collector.wait_for(3)
        assert sorted(r.smsc_id for r in receipts) == sorted(result.smsc_ids)
        assert {r.stat for r in receipts} == {'DELIVRD'}
        assert all(r.destination == '79161234567' and r.done_at is not None for r in receipts)
    finally:
        await gateway.stop()
    assert not gateway.connected


async def test_fail_share_of_one_reports_every_message_undelivered() -> None:
    gateway = SimulatorGateway(fail_share=1, max_delay_s=0, seed=2)
    collector = Collector()
    await gateway.start(collector)
    try:
        for number in range(5):
            await gateway.submit(sms(number))
        receipts = await collector.wait_for(5)
        assert {(r.stat, r.err) for r in receipts} == {('UNDELIV', '001')}
    finally:
        await gateway.stop()


async def test_receipt_later_than_validity_is_expired_and_comes_when_validity_ends() -> None:
    gateway = SimulatorGateway(fail_share=0, max_delay_s=30, seed=3)
    collector = Collector()
    await gateway.start(collector)
    try:
        started = asyncio.get_running_loop().time()
        await gateway.submit(sms(1, expires_at=datetime.now(UTC) + timedelta(milliseconds=100)))
        receipts = await collector.wait_for(1, timeout=3)
        assert receipts[0].stat == 'EXPIRED'
        assert asyncio.get_running_loop().time() - started < 2
    finally:
        await gateway.stop()


async def test_same_seed_gives_the_same_outcomes() -> None:
    async def outcomes(seed: int) -> list[str]:
        gateway = SimulatorGateway(fail_share=0.5, max_delay_s=0, seed=seed)
        collector = Collector()
        await gateway.start(collector)
        try:
            ids = [(await gateway.submit(sms(n))).smsc_ids[0] for n in range(40)]
            receipts = {r.smsc_id: r.stat for r in await collector.wait_for(40)}
            return [receipts[smsc_id] for smsc_id in ids]
        finally:
            await gateway.stop()

    first = await outcomes(11)
    assert first == await outcomes(11)
    assert 5 < first.count('UNDELIV') < 35


async def test_twenty_thousand_outstanding_receipts_are_served_by_one_task() -> None:
    gateway = SimulatorGateway(fail_share=0.05, max_delay_s=0.5, seed=4)
    collector = Collector()
    await gateway.start(collector)
    tasks_before = len(asyncio.all_tasks())
    try:
        for number in range(20_000):
            await gateway.submit(sms(number, 'hello'))
        assert gateway.pending_receipts > 0
        assert len(asyncio.all_tasks()) == tasks_before
        receipts = await collector.wait_for(20_000, timeout=20)
        assert len({r.smsc_id for r in receipts}) == 20_000
    finally:
        await gateway.stop()
    assert gateway.pending_receipts == 0


async def test_a_failing_receipt_handler_does_not_stop_the_receipts() -> None:
    seen: list[str] = []

    async def flaky(receipt: Receipt) -> None:
        seen.append(receipt.smsc_id)
        if len(seen) == 1:
            raise RuntimeError('database is busy')

    gateway = SimulatorGateway(fail_share=0, max_delay_s=0, seed=5)
    await gateway.start(flaky)
    try:
        await gateway.submit(sms(1))
        await gateway.submit(sms(2))
        for _ in range(100):
            if len(seen) == 2:
                break
            await asyncio.sleep(0.01)
        assert len(seen) == 2
    finally:
        await gateway.stop()


def settings(tmp_path: Path, **values: object) -> Settings:
    base: dict[str, object] = {
        'database_url': 'sqlite://:memory:',
        'host': '127.0.0.1',
        'port': 8080,
        'var_dir': tmp_path,
        'storage_secret': 'x',
        'scheduler_enabled': False,
        'demo_accounts': False,
    }
    return Settings(**{**base, **values})  # type: ignore[arg-type]


def test_factory_builds_the_labelled_simulator_by_default(tmp_path: Path) -> None:
    gateway = build_gateway(settings(tmp_path, simulator_fail_share=0.25))
    assert isinstance(gateway, SimulatorGateway)
    assert gateway.label == LABEL == 'Симулятор SMS-центра'
    assert gateway.is_simulator


def test_factory_builds_an_smpp_gateway_from_the_settings(tmp_path: Path) -> None:
    gateway = build_gateway(
        settings(tmp_path, gateway='smpp', smpp_host='10.0.0.5', smpp_port=2776, smpp_system_id='cab', smpp_window=7)
    )
    assert isinstance(gateway, SmppGateway)
    assert (gateway.label, gateway.is_simulator, gateway.connected) == ('SMPP 10.0.0.5:2776', False, False)
    assert gateway.options.window == 7


def test_factory_stops_on_an_smpp_password_longer_than_eight(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match='SMPP_PASSWORD'):
        build_gateway(settings(tmp_path, gateway='smpp', smpp_system_id='cab', smpp_password='123456789'))


def test_factory_stops_on_an_unknown_gateway(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match='GATEWAY'):
        build_gateway(settings(tmp_path, gateway='kannel'))
