from datetime import timedelta

import pytest

from domain.receipts import MESSAGE_STATE, RECEIPTED_MESSAGE_ID
from domain.segments import split_parts
from gateway.smpp_pdus import MESSAGE_PAYLOAD, message_id, read_deliver_sm, submit_parts, submit_pdu
from gateway.smpp_session import HEADER, Pdu
from tests.smsc.fake import deliver_sm


def as_pdu(data: bytes) -> Pdu:
    _, command_id, status, sequence = HEADER.unpack_from(data)
    return Pdu(command_id=command_id, status=status, sequence=sequence, data=data)


def short_message(data: bytes) -> tuple[int, int, bytes]:
    """esm_class, data_coding and short_message of a submit_sm built for a known sender and destination."""
    index = data.index(b'79161234567\x00') + len(b'79161234567\x00')
    esm_class = data[index]
    index = data.index(b'R\x00', index) + 2  # past the relative validity_period
    data_coding, length = data[index + 2], data[index + 4]
    return esm_class, data_coding, data[index + 5 : index + 5 + length]


def build(text: str, reference: int = 7) -> list[bytes]:
    parts = submit_parts(
        phone='79161234567', sender='INCORE', parts=split_parts(text), validity=timedelta(hours=1), reference=reference
    )
    return [submit_pdu(part, number) for number, part in enumerate(parts, start=1)]


def test_short_gsm_message_is_one_part_without_udh() -> None:
    [data] = build('Hello @ £')
    assert short_message(data) == (0, 0, b'Hello \x00 \x01')


def test_long_gsm_message_with_extension_characters_gets_udh_per_part() -> None:
    text = 'Sale € [x] ' * 20
    datas = build(text, reference=42)
    assert len(datas) == len(split_parts(text)) == 2
    for number, data in enumerate(datas, start=1):
        esm_class, data_coding, message = short_message(data)
        assert (esm_class, data_coding) == (0x40, 0)
        assert message[:6] == bytes((5, 0, 3, 42, 2, number))
        assert len(message) <= 6 + 153
    assert b'\x1be' in short_message(datas[0])[2]  # € as escape + code


def test_cyrillic_is_ucs2_big_endian() -> None:
    [data] = build('Привет')
    assert short_message(data) == (0, 8, 'Привет'.encode('utf-16-be'))


def test_submit_sm_resp_message_id() -> None:
    assert message_id(as_pdu(bytes.fromhex('0000001a80000004000000000000000261626331323300'))) == 'abc123'


def test_receipt_in_ucs2_with_udh_and_unknown_ton_is_read() -> None:
    text = 'id:U1 stat:DELIVRD err:000 text:Привет'.encode('utf-16-be')
    data = bytearray(deliver_sm(3, bytes((5, 0, 3, 1, 1, 1)) + text, esm_class=0x44, data_coding=8))
    data[17] = 9  # source_addr_ton 9 is not in SMPP 3.4; real SMSCs send such things
    receipt = read_deliver_sm(as_pdu(bytes(data)))
    assert receipt is not None
    assert (receipt.smsc_id, receipt.stat, receipt.text, receipt.destination) == (
        'U1',
        'DELIVRD',
        'Привет',
        '79161234567',
    )


def test_receipt_in_message_payload_is_read() -> None:
    data = deliver_sm(4, b'', tlvs=((MESSAGE_PAYLOAD, b'id:P9 stat:EXPIRED err:000'),))
    receipt = read_deliver_sm(as_pdu(data))
    assert receipt is not None
    assert (receipt.smsc_id, receipt.stat) == ('P9', 'EXPIRED')


def test_tlv_only_receipt_is_read() -> None:
    data = deliver_sm(5, b'', tlvs=((RECEIPTED_MESSAGE_ID, b'T9\0'), (MESSAGE_STATE, bytes((2,)))))
    receipt = read_deliver_sm(as_pdu(data))
    assert receipt is not None
    assert (receipt.smsc_id, receipt.stat) == ('T9', 'DELIVRD')


@pytest.mark.parametrize('text', [b'Hello', b'stat:DELIVRD'])
def test_message_from_a_subscriber_is_no_receipt(text: bytes) -> None:
    assert read_deliver_sm(as_pdu(deliver_sm(6, text, esm_class=0))) is None
