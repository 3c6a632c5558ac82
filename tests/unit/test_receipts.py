from datetime import UTC, datetime

import pytest

from domain.receipts import (
    error_name,
    is_temporary_error,
    parse_receipt_text,
    parse_receipt_time,
    read_receipt,
    status_of_parts,
    status_of_stat,
)
from domain.statuses import MessageStatus

STANDARD = (
    'id:0123456789 sub:001 dlvrd:001 submit date:2405061230 done date:2405061231 stat:DELIVRD err:000 text:Привет'
)


def test_standard_receipt_text_gives_every_field() -> None:
    fields = parse_receipt_text(STANDARD)
    assert fields == {
        'id': '0123456789',
        'sub': '001',
        'dlvrd': '001',
        'submit date': '2405061230',
        'done date': '2405061231',
        'stat': 'DELIVRD',
        'err': '000',
        'text': 'Привет',
    }


def test_receipt_is_read_with_times_in_utc() -> None:
    receipt = read_receipt(STANDARD)
    assert receipt is not None
    assert receipt.smsc_id == '0123456789'
    assert receipt.stat == 'DELIVRD'
    assert receipt.err == '000'
    assert receipt.text == 'Привет'
    assert receipt.submitted_at == datetime(2024, 5, 6, 12, 30, tzinfo=UTC)
    assert receipt.done_at == datetime(2024, 5, 6, 12, 31, tzinfo=UTC)


def test_lower_case_keys_and_values_are_read() -> None:
    receipt = read_receipt(
        'id:abc-1 sub:001 dlvrd:000 submit date:2405061230 done date:2405061231 stat:undeliv err:001'
    )
    assert receipt is not None
    assert (receipt.smsc_id, receipt.stat, receipt.err) == ('abc-1', 'UNDELIV', '001')


def test_upper_case_keys_and_underscored_dates_are_read() -> None:
    fields = parse_receipt_text('ID:7 SUBMIT_DATE:240506123059 DONE_DATE:240506123100 STAT:EXPIRED ERR:0 TEXT:x')
    assert fields['id'] == '7'
    assert fields['submit date'] == '240506123059'
    assert fields['stat'] == 'EXPIRED'
    assert parse_receipt_time(fields['done date']) == datetime(2024, 5, 6, 12, 31, 0, tzinfo=UTC)


def test_text_field_keeps_words_that_look_like_keys() -> None:
    fields = parse_receipt_text('id:1 stat:DELIVRD err:000 text:stat:FAILED id:2')
    assert fields['id'] == '1'
    assert fields['stat'] == 'DELIVRD'
    assert fields['text'] == 'stat:FAILED id:2'


def test_missing_fields_are_absent_not_invented() -> None:
    receipt = read_receipt('id:42 stat:DELIVRD')
    assert receipt is not None
    assert (receipt.err, receipt.text, receipt.done_at, receipt.submitted_at) == ('', '', None, None)


def test_tlvs_alone_make_a_receipt() -> None:
    receipt = read_receipt('', receipted_message_id='sim-9', message_state=5)
    assert receipt is not None
    assert (receipt.smsc_id, receipt.stat) == ('sim-9', 'UNDELIV')


def test_tlv_id_wins_over_the_text_id_and_text_stat_wins_over_the_state() -> None:
    receipt = read_receipt('id:1F stat:REJECTD err:045', receipted_message_id='31', message_state=2)
    assert receipt is not None
    assert (receipt.smsc_id, receipt.stat) == ('31', 'REJECTD')


def test_text_without_stat_takes_the_state_from_the_tlv() -> None:
    receipt = read_receipt('id:5 err:000', message_state=3)
    assert receipt is not None
    assert receipt.stat == 'EXPIRED'


def test_unknown_message_state_is_kept_as_a_name() -> None:
    receipt = read_receipt('', receipted_message_id='5', message_state=9)
    assert receipt is not None
    assert receipt.stat == 'STATE9'
    assert status_of_stat(receipt.stat) is None


@pytest.mark.parametrize('text', ['', 'hello, this is a reply from a subscriber', 'id:5', 'stat:DELIVRD'])
def test_text_without_id_and_state_is_no_receipt(text: str) -> None:
    assert read_receipt(text) is None


@pytest.mark.parametrize(
    ('stat', 'status'),
    [
        ('DELIVRD', MessageStatus.delivered),
        ('delivrd', MessageStatus.delivered),
        ('DELIVERED', MessageStatus.delivered),
        ('UNDELIV', MessageStatus.undelivered),
        ('UNDELIVERABLE', MessageStatus.undelivered),
        ('FAILED', MessageStatus.undelivered),
        ('failed', MessageStatus.undelivered),
        ('DELETED', MessageStatus.undelivered),
        ('UNKNOWN', MessageStatus.undelivered),
        ('ERROR', MessageStatus.undelivered),
        ('EXPIRED', MessageStatus.expired),
        ('REJECTD', MessageStatus.rejected),
        ('REJECTED', MessageStatus.rejected),
        ('ENROUTE', None),
        ('ACCEPTD', None),
        ('ACCEPTED', None),
        ('BUFFRED', None),
        ('', None),
        ('WHATEVER', None),
    ],
)
def test_stat_maps_to_a_final_status_or_none(stat: str, status: MessageStatus | None) -> None:
    assert status_of_stat(stat) == status


@pytest.mark.parametrize(
    ('state', 'status'),
    [
        (1, None),
        (2, MessageStatus.delivered),
        (3, MessageStatus.expired),
        (4, MessageStatus.undelivered),
        (5, MessageStatus.undelivered),
        (6, None),
        (7, MessageStatus.undelivered),
        (8, MessageStatus.rejected),
    ],
)
def test_every_message_state_maps_like_its_stat(state: int, status: MessageStatus | None) -> None:
    receipt = read_receipt('', receipted_message_id='1', message_state=state)
    assert receipt is not None
    assert status_of_stat(receipt.stat) == status


@pytest.mark.parametrize('raw', ['', '24050612', '2405061261', '99133112300', 'abcdefghij'])
def test_bad_receipt_times_are_none(raw: str) -> None:
    assert parse_receipt_time(raw) is None


D, U, E, R = MessageStatus.delivered, MessageStatus.undelivered, MessageStatus.expired, MessageStatus.rejected


@pytest.mark.parametrize(
    ('parts', 'status'),
    [
        ([D], D),
        ([D, D, D], D),
        ([D, None, D], None),
        ([None, None], None),
        ([D, U, None], U),
        ([None, E], E),
        ([R, U], R),
        ([D, U, E], U),
        ([], None),
    ],
)
def test_a_message_is_final_from_its_parts(parts: list[MessageStatus | None], status: MessageStatus | None) -> None:
    assert status_of_parts(parts) == status


@pytest.mark.parametrize('code', [0x58, 0x14, 0x08, 0x04, 0x0D, 0x64])
def test_throttling_busy_and_bind_errors_are_temporary(code: int) -> None:
    assert is_temporary_error(code)


@pytest.mark.parametrize('code', [0x0B, 0x0A, 0x45, 0x01, 0x62, 0xFF, 0x400, 0x66])
def test_address_and_other_errors_are_permanent(code: int) -> None:
    assert not is_temporary_error(code)


def test_error_names_for_logs() -> None:
    assert error_name(0x0B) == 'ESME_RINVDSTADR'
    assert error_name(0x58) == 'ESME_RTHROTTLED'
    assert error_name(0) == 'ESME_ROK'
    assert error_name(0x401) == '0x00000401'
