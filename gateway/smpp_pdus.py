"""The SMPP PDUs the adapter sends and reads, built and parsed with aiosmpplib's message classes and codecs.

A message is cut into parts by domain.segments (so the parts are exactly what was counted and charged), each part
encoded as GSM 03.38 (data_coding 0, one septet per octet) or UCS-2 (data_coding 8), and a long message's parts
carry a concatenation UDH (8-bit reference) with esm_class 0x40.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import timedelta

from aiosmpplib import (
    NPI,
    TON,
    BindTransceiver,
    DeliverSmResp,
    EnquireLink,
    EnquireLinkResp,
    GenericNack,
    PhoneNumber,
    SmppCommandStatus,
    SubmitSm,
    Unbind,
    UnbindResp,
)
from aiosmpplib.codec import find_codec_info

from domain.receipts import MESSAGE_STATE, RECEIPTED_MESSAGE_ID, read_receipt
from domain.segments import is_gsm7
from gateway.base import Receipt
from gateway.smpp_session import Pdu

SUBMIT_SM_RESP = 0x80000004
DELIVER_SM = 0x00000005
ENQUIRE_LINK = 0x00000015
UNBIND = 0x00000006
UDH_INDICATOR = 0x40
MESSAGE_PAYLOAD = 0x0424
ESME_RINVMSGLEN = 0x01
ESME_RSUBMITFAIL = 0x45
ESME_RINVEXPIRY = 0x62
ESME_RX_T_APPN = 0x64

_GSM = find_codec_info('gsm0338')
_UCS2 = find_codec_info('ucs2')


def bind_transceiver(sequence: int, *, system_id: str, password: str, system_type: str) -> bytes:
    return BindTransceiver(sequence_num=sequence, system_id=system_id, password=password, system_type=system_type).pdu()


def check_credentials(*, system_id: str, password: str, system_type: str) -> None:
    """Raise ValueError with a plain reason when the bind fields break SMPP's length limits."""
    BindTransceiver(system_id=system_id, password=password, system_type=system_type)


def submit_parts(*, phone: str, sender: str, parts: list[str], validity: timedelta, reference: int) -> list[SubmitSm]:
    """One submit_sm per part (sequence numbers are set when sent); `reference` (1..255) ties the parts together."""
    gsm = is_gsm7(''.join(parts))
    codec, encoding = (_GSM, 'gsm0338') if gsm else (_UCS2, 'ucs2')
    total = len(parts)
    result = []
    for number, text in enumerate(parts, start=1):
        udh = bytes((5, 0, 3, reference, total, number)) if total > 1 else b''
        submit = SubmitSm(
            short_message=text or ' ',
            source=_source(sender),
            destination=PhoneNumber(phone, TON.INTERNATIONAL, NPI.ISDN),
            esm_class=UDH_INDICATOR if total > 1 else 0,
            validity_period=validity,
            registered_delivery=1,
            encoding=encoding,
            auto_message_payload=False,
        )
        submit.set_encoded_message(udh + codec.encode(text)[0])
        result.append(submit)
    return result


def submit_pdu(submit: SubmitSm, sequence: int) -> bytes:
    submit.sequence_num = sequence
    return submit.pdu()


def message_id(pdu: Pdu) -> str:
    """The message_id of a submit_sm_resp."""
    return pdu.data[16:].split(b'\0', 1)[0].decode('ascii', 'replace')


def read_deliver_sm(pdu: Pdu) -> Receipt | None:
    """The receipt a deliver_sm carries (text form and/or TLVs), or None for a message from a subscriber.

    Parsed here rather than by aiosmpplib, which refuses an empty short_message (TLV-only receipts) and unknown
    TON/NPI values that real SMSCs send.
    """
    deliver = _read_deliver_sm_fields(pdu.data)
    receipted_id = deliver.tlvs.get(RECEIPTED_MESSAGE_ID, b'').rstrip(b'\0').decode('ascii', 'replace')
    state = deliver.tlvs.get(MESSAGE_STATE)
    is_receipt = (deliver.esm_class & 0x3C) in (0x04, 0x08)  # SMSC delivery receipt, intermediate notification
    if not (is_receipt or receipted_id or deliver.text.lower().startswith('id:')):
        return None
    fields = read_receipt(
        deliver.text, receipted_message_id=receipted_id or None, message_state=state[0] if state else None
    )
    if fields is None:
        return None
    return Receipt(
        smsc_id=fields.smsc_id,
        stat=fields.stat,
        err=fields.err,
        destination=deliver.source,
        text=fields.text,
        done_at=fields.done_at,
    )


def deliver_sm_resp(sequence: int, status: int = 0) -> bytes:
    return DeliverSmResp(sequence_num=sequence, command_status=SmppCommandStatus(status)).pdu()


def enquire_link(sequence: int) -> bytes:
    return EnquireLink(sequence_num=sequence).pdu()


def enquire_link_resp(sequence: int) -> bytes:
    return EnquireLinkResp(sequence_num=sequence).pdu()


def unbind(sequence: int) -> bytes:
    return Unbind(sequence_num=sequence).pdu()


def unbind_resp(sequence: int) -> bytes:
    return UnbindResp(sequence_num=sequence).pdu()


def generic_nack(sequence: int) -> bytes:
    return GenericNack(sequence_num=sequence, command_status=SmppCommandStatus.ESME_RINVCMDID).pdu()


def is_response_to(pdu: Pdu, command_id: int) -> bool:
    return pdu.command_id == command_id | 0x80000000


def _source(sender: str) -> PhoneNumber:
    if not sender.isdigit():
        return PhoneNumber(sender, TON.ALPHANUMERIC, NPI.UNKNOWN)
    if len(sender) >= 10:
        return PhoneNumber(sender, TON.INTERNATIONAL, NPI.ISDN)
    return PhoneNumber(sender, TON.UNKNOWN, NPI.ISDN)


@dataclass(frozen=True, slots=True)
class _DeliverSm:
    source: str
    esm_class: int
    text: str
    tlvs: dict[int, bytes]


def _read_deliver_sm_fields(data: bytes) -> _DeliverSm:
    index = 16

    def cstring() -> str:
        nonlocal index
        end = data.index(b'\0', index)
        value = data[index:end].decode('latin-1')
        index = end + 1
        return value

    cstring()  # service_type
    index += 2  # source_addr_ton, source_addr_npi
    source = cstring()
    index += 2
    cstring()  # destination_addr
    esm_class = data[index]
    index += 3  # esm_class, protocol_id, priority_flag
    cstring()  # schedule_delivery_time
    cstring()  # validity_period
    data_coding = data[index + 2]  # after registered_delivery, replace_if_present_flag
    length = data[index + 4]  # after sm_default_msg_id
    index += 5
    message = data[index : index + length]
    index += length
    tlvs: dict[int, bytes] = {}
    while index + 4 <= len(data):
        tag, size = struct.unpack_from('!HH', data, index)
        tlvs[tag] = data[index + 4 : index + 4 + size]
        index += 4 + size
    message = message or tlvs.get(MESSAGE_PAYLOAD, b'')
    if esm_class & UDH_INDICATOR and message:
        message = message[message[0] + 1 :]
    return _DeliverSm(source=source, esm_class=esm_class, text=_decode(message, data_coding), tlvs=tlvs)


def _decode(message: bytes, data_coding: int) -> str:
    if data_coding == 0x08:
        return message.decode('utf-16-be', 'replace')
    if data_coding == 0x00:
        return str(_GSM.decode(message, 'replace')[0])
    if data_coding == 0x01:
        return message.decode('ascii', 'replace')
    return message.decode('latin-1')
