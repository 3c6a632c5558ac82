"""The SMPP adapter against the real peer: the Node SMSC simulator in tests/smsc (no database needed)."""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmpplib import NPI, TON, BindTransceiver, PhoneNumber, SubmitSm

from domain.segments import GSM7_BASIC, GSM7_EXTENSION, count_segments
from gateway.base import OutboundSms, Receipt, SubmitOutcome
from gateway.smpp import SmppGateway, SmppOptions
from tests.smsc.load import load_phone as phone
from tests.smsc.load import send_many
from tests.smsc.peer import SmscPeer, start_smsc, wait_until

GatewayFactory = Callable[..., Awaitable[SmppGateway]]


class Receipts:
    def __init__(self) -> None:
        self.items: list[Receipt] = []

    async def __call__(self, receipt: Receipt) -> None:
        self.items.append(receipt)

    def by_id(self) -> dict[str, Receipt]:
        return {receipt.smsc_id: receipt for receipt in self.items}


def sms(message_id: int, phone: str, text: str, *, valid_s: float = 3600, sender: str = 'INCORE') -> OutboundSms:
    expires_at = datetime.now(UTC) + timedelta(seconds=valid_s)
    return OutboundSms(message_id=message_id, phone=phone, sender=sender, text=text, expires_at=expires_at)


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[SmscPeer]:
    with start_smsc(tmp_path, receipt_delay_ms=50) as running:
        yield running


@pytest.fixture
async def connect() -> AsyncIterator[GatewayFactory]:
    started: list[SmppGateway] = []

    async def make(peer: SmscPeer, receipts: Receipts, *, wait: bool = True, **options: object) -> SmppGateway:
        settings: dict[str, object] = {'system_id': peer.system_id, 'password': peer.password}
        settings.update(reconnect_min_s=0.1, reconnect_max_s=0.5)
        settings.update(options)
        gateway = SmppGateway(SmppOptions(host='127.0.0.1', port=peer.port, **settings))  # type: ignore[arg-type]
        started.append(gateway)
        await gateway.start(receipts)
        if wait:
            assert await gateway.wait_connected(5)
        return gateway

    yield make
    for gateway in started:
        await gateway.stop()


async def test_cyrillic_three_part_message_arrives_intact_and_every_part_gets_a_receipt(
    peer: SmscPeer, connect: GatewayFactory
) -> None:
    receipts = Receipts()
    gateway = await connect(peer, receipts)
    text = 'Здравствуйте! Ваш заказ №42 готов к выдаче в пункте на ул. Ленина, 5. Ждём вас до 21:00 ежедневно. ' * 2
    assert count_segments(text).parts == 3

    result = await gateway.submit(sms(1, '79161234567', text))

    assert result.outcome is SubmitOutcome.accepted
    assert len(result.smsc_ids) == 3
    [message] = peer.messages()
    assert message['text'] == text
    assert message['data_coding'] == 8
    assert message['ids'] == list(result.smsc_ids)
    assert [part['udh']['part'] for part in peer.accepted()] == [1, 2, 3]
    await wait_until(lambda: len(receipts.items) == 3)
    assert sorted(receipts.by_id()) == sorted(result.smsc_ids)
    assert {(r.stat, r.err, r.destination) for r in receipts.items} == {('DELIVRD', '000', '79161234567')}
    assert all(r.done_at is not None for r in receipts.items)


async def test_gsm7_message_with_extension_characters_goes_as_two_septet_parts(
    peer: SmscPeer, connect: GatewayFactory
) -> None:
    receipts = Receipts()
    gateway = await connect(peer, receipts)
    text = 'Price: 10 € [sale] {today} ~ |best| ^ \\ ' * 5
    assert count_segments(text).parts == 2

    result = await gateway.submit(sms(2, '79161234568', text, sender='79001234567'))

    assert result.outcome is SubmitOutcome.accepted
    [message] = peer.messages()
    assert (message['text'], message['data_coding'], message['parts']) == (text, 0, 2)
    assert message['source'] == '79001234567'
    await wait_until(lambda: len(receipts.items) == 2)
    assert sorted(receipts.by_id()) == sorted(result.smsc_ids)


async def test_the_whole_gsm_alphabet_arrives_intact(peer: SmscPeer, connect: GatewayFactory) -> None:
    gateway = await connect(peer, Receipts())
    text = GSM7_BASIC + GSM7_EXTENSION
    assert (await gateway.submit(sms(10, phone(10), text))).outcome is SubmitOutcome.accepted
    [message] = peer.messages()
    assert (message['text'], message['data_coding']) == (text, 0)


async def test_single_latin_message_keeps_text_in_its_receipt(peer: SmscPeer, connect: GatewayFactory) -> None:
    receipts = Receipts()
    gateway = await connect(peer, receipts)
    result = await gateway.submit(sms(3, '79161234569', 'Your code is 1234'))
    assert result.outcome is SubmitOutcome.accepted
    [received] = peer.received()
    assert received['udh'] is None and received['esm_class'] == 0 and received['registered_delivery'] == 1
    await wait_until(lambda: len(receipts.items) == 1)
    assert receipts.items[0].text == 'Your code is 1234'
    assert receipts.items[0].smsc_id == result.smsc_ids[0]


async def test_invalid_destination_is_rejected_with_0x0b(peer: SmscPeer, connect: GatewayFactory) -> None:
    gateway = await connect(peer, Receipts())
    result = await gateway.submit(sms(4, '79161234000', 'Привет'))
    assert result.outcome is SubmitOutcome.rejected
    assert result.error_code == 0x0B
    assert result.smsc_ids == ()


async def test_number_ending_999_gets_an_undeliv_receipt(peer: SmscPeer, connect: GatewayFactory) -> None:
    receipts = Receipts()
    gateway = await connect(peer, receipts)
    result = await gateway.submit(sms(5, '79161234999', 'Привет'))
    assert result.outcome is SubmitOutcome.accepted
    await wait_until(lambda: len(receipts.items) == 1)
    assert (receipts.items[0].stat, receipts.items[0].err) == ('UNDELIV', '001')


async def test_short_validity_gives_an_expired_receipt(tmp_path: Path, connect: GatewayFactory) -> None:
    receipts = Receipts()
    with start_smsc(tmp_path, receipt_delay_ms=5000) as slow_peer:
        gateway = await connect(slow_peer, receipts)
        result = await gateway.submit(sms(6, '79161234570', 'Скоро истечёт', valid_s=1.5))
        assert result.outcome is SubmitOutcome.accepted
        [received] = slow_peer.received()
        assert received['validity_period'] == '000000000001000R'
        await wait_until(lambda: len(receipts.items) == 1, timeout_s=4)
        assert receipts.items[0].stat == 'EXPIRED'


async def test_throttled_first_attempt_asks_to_retry_and_a_later_part_is_retried_alone(
    peer: SmscPeer, connect: GatewayFactory
) -> None:
    gateway = await connect(peer, Receipts())
    short = await gateway.submit(sms(7, '79161234888', 'Привет'))
    assert (short.outcome, short.error_code) == (SubmitOutcome.retry, 0x58)
    assert (await gateway.submit(sms(7, '79161234888', 'Привет'))).outcome is SubmitOutcome.accepted

    text = 'Длинное сообщение из двух частей для проверки повторной отправки второй части. Спасибо!'
    assert count_segments(text).parts == 2
    first = await gateway.submit(sms(8, '79161234888', text))
    assert first.outcome is SubmitOutcome.retry  # part 1 throttled: nothing reached the SMSC
    second = await gateway.submit(sms(8, '79161234888', text))
    assert second.outcome is SubmitOutcome.accepted  # part 2 was throttled once and retried by itself
    assert len(second.smsc_ids) == 2
    assert [m['text'] for m in peer.messages()] == ['Привет', text]


async def test_peer_throttle_option_refuses_submits_over_its_rate(tmp_path: Path, connect: GatewayFactory) -> None:
    with start_smsc(tmp_path, throttle_per_s=5) as strict:
        gateway = await connect(strict, Receipts())
        results = await send_many(gateway, 20, workers=20)
        outcomes = [(r.outcome, r.error_code) for r in results]
        assert (SubmitOutcome.retry, 0x58) in outcomes
        assert 1 <= outcomes.count((SubmitOutcome.accepted, 0)) <= 10


async def test_wrong_password_gives_no_bind_retry_and_a_clear_log_line(
    peer: SmscPeer, connect: GatewayFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger='gateway.smpp')
    gateway = await connect(peer, Receipts(), wait=False, password='wrong')
    assert not await gateway.wait_connected(1)
    result = await gateway.submit(sms(9, '79161234567', 'Привет'))
    assert result.outcome is SubmitOutcome.retry
    assert peer.received() == []
    assert any('refused: ESME_RINVPASWD' in message for message in caplog.messages)
    assert peer.binds()[0]['ok'] is False


async def test_receipts_kept_by_the_peer_arrive_after_the_client_binds_again(
    peer: SmscPeer, connect: GatewayFactory, tmp_path: Path
) -> None:
    with start_smsc(tmp_path / 'slow', receipt_delay_ms=700) as slow_peer:
        first = await connect(slow_peer, Receipts())
        results = [await first.submit(sms(n, phone(n), 'Привет')) for n in range(20)]
        await first.stop()  # the app goes away before any receipt came

        receipts = Receipts()
        await asyncio.sleep(1)
        await connect(slow_peer, receipts)
        await wait_until(lambda: len(receipts.items) == 20)
        assert sorted(receipts.by_id()) == sorted(r.smsc_ids[0] for r in results)


async def test_peer_killed_and_restarted_the_adapter_reconnects_and_kept_receipts_arrive(
    tmp_path: Path, connect: GatewayFactory
) -> None:
    receipts = Receipts()
    with start_smsc(tmp_path, receipt_delay_ms=1500) as crashing:
        gateway = await connect(crashing, receipts)
        before = [await gateway.submit(sms(n, phone(n), 'до сбоя')) for n in range(10)]
        crashing.kill()
        await wait_until(lambda: not gateway.connected, timeout_s=5)
        assert (await gateway.submit(sms(99, '79161000099', 'без связи'))).outcome is SubmitOutcome.retry

        crashing.start()  # same port, same journal
        assert await gateway.wait_connected(5)
        after = await gateway.submit(sms(100, '79161000100', 'после сбоя'))
        assert after.outcome is SubmitOutcome.accepted
        ids = {r.smsc_ids[0] for r in before} | set(after.smsc_ids)
        assert len(ids) == 11  # the restarted peer goes on with new ids
        await wait_until(lambda: set(receipts.by_id()) == ids, timeout_s=10)


async def test_five_thousand_messages_are_accepted_once_and_all_receipts_come_back(
    peer: SmscPeer, connect: GatewayFactory
) -> None:
    receipts = Receipts()
    gateway = await connect(peer, receipts, window=50)
    count = 5000
    started = time.monotonic()
    results = await send_many(gateway, count)
    await wait_until(lambda: len(receipts.items) >= count, timeout_s=60)
    elapsed = time.monotonic() - started

    assert {r.outcome for r in results} == {SubmitOutcome.accepted}
    ids = [r.smsc_ids[0] for r in results]
    assert len(set(ids)) == count
    assert set(receipts.by_id()) == set(ids)
    assert len(peer.accepted()) == count
    print(f'{count} messages with receipts in {elapsed:.2f} s: {count / elapsed:.0f} msg/s')  # noqa: T201


async def test_rate_limit_spaces_the_submits(peer: SmscPeer, connect: GatewayFactory) -> None:
    gateway = await connect(peer, Receipts(), rate_per_s=100)
    started = time.monotonic()
    results = await send_many(gateway, 60)
    assert {r.outcome for r in results} == {SubmitOutcome.accepted}
    assert time.monotonic() - started >= 0.55
    times = sorted(record['t'] for record in peer.received())
    assert times[-1] - times[0] >= 550  # milliseconds, as the peer saw them


async def read_pdu(reader: asyncio.StreamReader) -> bytes:
    head = await asyncio.wait_for(reader.readexactly(16), 5)
    return head + await reader.readexactly(int.from_bytes(head[:4]) - 16)


async def test_peer_honours_an_absolute_validity_period(tmp_path: Path) -> None:
    with start_smsc(tmp_path, receipt_delay_ms=5000) as slow_peer:
        reader, writer = await asyncio.open_connection('127.0.0.1', slow_peer.port)
        writer.write(BindTransceiver(sequence_num=1, system_id='cabinet', password='secret').pdu())
        assert int.from_bytes((await read_pdu(reader))[8:12]) == 0
        expires_at = datetime.now(UTC) + timedelta(seconds=1)
        submit = SubmitSm(
            sequence_num=2,
            short_message='absolute',
            source=PhoneNumber('INCORE', TON.ALPHANUMERIC, NPI.UNKNOWN),
            destination=PhoneNumber('79161234567', TON.INTERNATIONAL, NPI.ISDN),
            validity_period=expires_at,
        )
        writer.write(submit.pdu())
        assert int.from_bytes((await read_pdu(reader))[8:12]) == 0
        started = time.monotonic()
        receipt = await read_pdu(reader)
        assert b'stat:EXPIRED' in receipt
        assert time.monotonic() - started < 3
        assert slow_peer.received()[0]['validity_period'].endswith('00+')
        writer.close()


async def test_peer_drops_a_client_that_sends_a_command_length_below_16(
    peer: SmscPeer, connect: GatewayFactory
) -> None:
    reader, writer = await asyncio.open_connection('127.0.0.1', peer.port)
    writer.write(bytes((0, 0, 0, 8, 0, 0, 0, 9)))
    assert await asyncio.wait_for(reader.read(), 5) == b''  # closed by the peer, not left hanging
    writer.close()
    gateway = await connect(peer, Receipts())  # and the peer still serves others
    assert (await gateway.submit(sms(1, phone(1), 'after'))).outcome is SubmitOutcome.accepted
