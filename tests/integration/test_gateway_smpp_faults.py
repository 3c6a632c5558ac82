"""The SMPP adapter against a scripted SMSC: lost connections, silence, odd receipts, window and keep-alive."""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from domain.receipts import MESSAGE_STATE, RECEIPTED_MESSAGE_ID
from gateway.base import OutboundSms, Receipt, ReceiptHandler, SubmitOutcome
from gateway.smpp import SmppGateway, SmppOptions
from tests.smsc.fake import SUBMIT_SM, Connection, FakeSmsc, deliver_sm, pdu
from tests.smsc.peer import wait_until

Start = Callable[..., Awaitable[tuple[FakeSmsc, SmppGateway]]]
LONG_TEXT = 'Ж' * 100  # two UCS-2 parts


def sms(message_id: int = 1, text: str = 'Привет') -> OutboundSms:
    expires_at = datetime.now(UTC) + timedelta(hours=1)
    return OutboundSms(message_id=message_id, phone='79161234567', sender='INCORE', text=text, expires_at=expires_at)


async def accept(connection: Connection, sequence: int, data: bytes) -> None:
    connection.answer_submit(sequence, f'id-{sequence}')


async def ignore_receipt(receipt: Receipt) -> None:
    return None


@pytest.fixture
async def start() -> AsyncIterator[Start]:
    running: list[tuple[FakeSmsc, SmppGateway]] = []

    async def make(
        on_submit: Callable[[Connection, int, bytes], Awaitable[None]] = accept,
        on_receipt: ReceiptHandler = ignore_receipt,
        **options: float,
    ) -> tuple[FakeSmsc, SmppGateway]:
        smsc = FakeSmsc(on_submit=on_submit)
        port = await smsc.start()
        settings: dict[str, float] = {'reconnect_min_s': 0.05, 'reconnect_max_s': 0.2}
        settings.update(options)
        gateway = SmppGateway(SmppOptions(host='127.0.0.1', port=port, system_id='x', password='y', **settings))  # type: ignore[arg-type]
        await gateway.start(on_receipt)
        assert await gateway.wait_connected(5)
        running.append((smsc, gateway))
        return smsc, gateway

    yield make
    for smsc, gateway in running:
        await gateway.stop()
        await smsc.stop()


async def test_message_smpp_cannot_carry_is_rejected_without_raising(start: Start) -> None:
    smsc, gateway = await start()
    too_long = OutboundSms(
        message_id=3, phone='7' * 25, sender='INCORE', text='x', expires_at=datetime.now(UTC) + timedelta(hours=1)
    )
    assert (await gateway.submit(too_long)).outcome is SubmitOutcome.rejected
    expired = OutboundSms(
        message_id=4,
        phone='79161234567',
        sender='INCORE',
        text='x',
        expires_at=datetime.now(UTC) - timedelta(seconds=1),
    )
    assert (await gateway.submit(expired)).error_code == 0x62
    assert smsc.submits == 0


async def test_submit_without_a_bind_returns_retry_at_once() -> None:
    gateway = SmppGateway(SmppOptions(host='127.0.0.1', port=1, system_id='x', password='y'))
    started = time.monotonic()
    result = await gateway.submit(sms())
    assert result.outcome is SubmitOutcome.retry
    assert time.monotonic() - started < 0.1


async def test_connection_dropped_after_the_submit_was_written_is_unknown_not_retry(start: Start) -> None:
    async def drop(connection: Connection, sequence: int, data: bytes) -> None:
        connection.drop()

    smsc, gateway = await start(drop)
    result = await gateway.submit(sms())
    assert result.outcome is SubmitOutcome.unknown
    assert smsc.submits == 1
    assert await gateway.wait_connected(5)  # and it binds again by itself
    await wait_until(lambda: smsc.binds == 2)


async def test_submit_still_waiting_for_the_window_when_the_bind_drops_is_retry(start: Start) -> None:
    async def drop(connection: Connection, sequence: int, data: bytes) -> None:
        await asyncio.sleep(0.05)
        connection.drop()

    smsc, gateway = await start(drop, window=1)
    written, waiting = await asyncio.gather(gateway.submit(sms(1)), gateway.submit(sms(2)))
    assert written.outcome is SubmitOutcome.unknown  # the SMSC may have it
    assert waiting.outcome is SubmitOutcome.retry  # never written: safe to send again
    assert smsc.submits == 1


async def test_no_response_in_time_is_unknown_and_the_connection_is_renewed(start: Start) -> None:
    async def silent(connection: Connection, sequence: int, data: bytes) -> None:
        return None

    smsc, gateway = await start(silent, response_timeout_s=0.3)
    result = await gateway.submit(sms())
    assert result.outcome is SubmitOutcome.unknown
    await wait_until(lambda: smsc.binds == 2)


async def test_later_part_lost_is_unknown_and_keeps_the_first_parts_id(start: Start) -> None:
    async def first_only(connection: Connection, sequence: int, data: bytes) -> None:
        if smsc.submits == 1:
            connection.answer_submit(sequence, 'P1')
        else:
            connection.drop()

    smsc, gateway = await start(first_only)
    result = await gateway.submit(sms(text=LONG_TEXT))
    assert result.outcome is SubmitOutcome.unknown
    assert result.smsc_ids == ('P1',)


@pytest.mark.parametrize(
    ('status', 'outcome'),
    [(0x14, SubmitOutcome.retry), (0x08, SubmitOutcome.retry), (0x45, SubmitOutcome.rejected)],
)
async def test_first_part_refused_maps_the_status(start: Start, status: int, outcome: SubmitOutcome) -> None:
    async def refuse(connection: Connection, sequence: int, data: bytes) -> None:
        connection.answer_submit(sequence, status=status)

    _, gateway = await start(refuse)
    result = await gateway.submit(sms(text=LONG_TEXT))
    assert (result.outcome, result.error_code, result.smsc_ids) == (outcome, status, ())


async def test_later_part_refused_for_good_is_rejected_with_the_accepted_ids(start: Start) -> None:
    async def second_refused(connection: Connection, sequence: int, data: bytes) -> None:
        connection.answer_submit(sequence, 'P1') if smsc.submits == 1 else connection.answer_submit(
            sequence, status=0x45
        )

    smsc, gateway = await start(second_refused)
    result = await gateway.submit(sms(text=LONG_TEXT))
    assert (result.outcome, result.error_code, result.smsc_ids) == (SubmitOutcome.rejected, 0x45, ('P1',))


async def test_window_bounds_the_submits_waiting_for_an_answer(start: Start) -> None:
    async def slow(connection: Connection, sequence: int, data: bytes) -> None:
        async def later() -> None:
            await asyncio.sleep(0.02)
            smsc.answered()
            connection.answer_submit(sequence, f'id-{sequence}')

        asyncio.get_running_loop().create_task(later())

    smsc, gateway = await start(slow, window=5)
    results = await asyncio.gather(*(gateway.submit(sms(n)) for n in range(40)))
    assert {r.outcome for r in results} == {SubmitOutcome.accepted}
    assert smsc.most_outstanding == 5


async def test_receipt_arriving_before_submit_sm_resp_is_handed_over(start: Start) -> None:
    events: list[str] = []

    async def receipt_first(connection: Connection, sequence: int, data: bytes) -> None:
        text = b'id:A1 sub:001 dlvrd:001 submit date:2405061230 done date:2405061231 stat:DELIVRD err:000 text:'
        connection.send(deliver_sm(connection.next_sequence(), text))
        await asyncio.sleep(0.1)
        connection.answer_submit(sequence, 'A1')

    async def on_receipt(receipt: Receipt) -> None:
        events.append(f'receipt {receipt.smsc_id} {receipt.stat}')

    _, gateway = await start(receipt_first, on_receipt)
    result = await gateway.submit(sms())
    events.append(f'submitted {result.smsc_ids[0]}')
    assert events == ['receipt A1 DELIVRD', 'submitted A1']


async def test_receipt_with_tlvs_only_and_a_non_standard_stat_are_read(start: Start) -> None:
    got: list[Receipt] = []

    async def on_receipt(receipt: Receipt) -> None:
        got.append(receipt)

    smsc, _ = await start(accept, on_receipt)
    connection = smsc.connections[0]
    connection.send(deliver_sm(1, b'', tlvs=((RECEIPTED_MESSAGE_ID, b'T1\0'), (MESSAGE_STATE, bytes((5,))))))
    connection.send(deliver_sm(2, b'id:T2 stat:FAILED err:069', tlvs=((RECEIPTED_MESSAGE_ID, b'T2\0'),)))
    await wait_until(lambda: len(got) == 2 and len(smsc.deliver_sm_statuses) == 2)
    assert [(r.smsc_id, r.stat, r.err) for r in got] == [('T1', 'UNDELIV', ''), ('T2', 'FAILED', '069')]
    assert smsc.deliver_sm_statuses == {1: 0, 2: 0}


async def test_failing_receipt_handler_answers_with_a_temporary_error(start: Start) -> None:
    async def broken(receipt: Receipt) -> None:
        raise RuntimeError('database is down')

    smsc, _ = await start(accept, broken)
    smsc.connections[0].send(deliver_sm(7, b'id:X stat:DELIVRD'))
    await wait_until(lambda: 7 in smsc.deliver_sm_statuses)
    assert smsc.deliver_sm_statuses[7] == 0x64


async def test_message_from_a_subscriber_is_answered_and_not_taken_for_a_receipt(start: Start) -> None:
    got: list[Receipt] = []

    async def on_receipt(receipt: Receipt) -> None:
        got.append(receipt)

    smsc, _ = await start(accept, on_receipt)
    smsc.connections[0].send(deliver_sm(8, b'STOP', esm_class=0))
    await wait_until(lambda: 8 in smsc.deliver_sm_statuses)
    assert smsc.deliver_sm_statuses[8] == 0
    assert got == []


async def test_enquire_link_keeps_the_bind_alive(start: Start) -> None:
    smsc, _ = await start(enquire_link_s=0.05)
    await wait_until(lambda: smsc.enquire_links >= 3, timeout_s=2)


async def test_unbind_from_the_smsc_is_answered_and_the_adapter_binds_again(start: Start) -> None:
    smsc, gateway = await start()
    smsc.connections[0].send(pdu(0x06, 55))
    await wait_until(lambda: smsc.binds == 2)
    assert await gateway.wait_connected(5)  # the SMSC has the bind; the adapter may not have read its answer yet
    assert (0x80000006, 0) in smsc.other
    assert (await gateway.submit(sms())).outcome is SubmitOutcome.accepted


async def test_unknown_command_from_the_smsc_gets_generic_nack(start: Start) -> None:
    smsc, _ = await start()
    smsc.connections[0].send(pdu(0x103, 9, b'\0'))  # data_sm, which the adapter does not take
    await wait_until(lambda: (0x80000000, 0x03) in smsc.other)


async def test_stop_unbinds(start: Start) -> None:
    smsc, gateway = await start()
    await gateway.stop()
    assert smsc.unbinds == 1
    assert not gateway.connected


async def test_submit_pdu_carries_registered_delivery_and_relative_validity(start: Start) -> None:
    seen: list[bytes] = []

    async def keep(connection: Connection, sequence: int, data: bytes) -> None:
        seen.append(data)
        connection.answer_submit(sequence, 'V1')

    _, gateway = await start(keep)
    assert (await gateway.submit(sms())).outcome is SubmitOutcome.accepted
    [data] = seen
    assert int.from_bytes(data[4:8]) == SUBMIT_SM
    assert b'\x05\x00INCORE\x00' in data  # alphanumeric sender
    assert b'\x01\x0179161234567\x00' in data  # international destination
    validity = data.index(b'000000010000000R\x00')  # one hour, relative
    assert data[validity + 17] == 1  # registered_delivery
