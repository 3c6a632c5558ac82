"""SMSC delivery receipts and submit answers: what they say and what they mean for a message.

A receipt comes as a deliver_sm whose short_message is the de-facto standard text (SMPP 3.4 appendix B)
`id:IIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...`, and often also
with the TLVs receipted_message_id (0x001E) and message_state (0x0427). SMSCs differ: keys in any case, missing
fields, `submit_date`, `stat:FAILED` or `stat:DELIVERED`. The TLVs win for the id (the text's id is sometimes in
another base) and the text's `stat` wins for the state (it is what operators show), each filling in the other.

The status of a concatenated message follows from its parts: delivered when every part is, failed as soon as one
part fails (with that part's status), not final otherwise.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.statuses import MessageStatus

RECEIPTED_MESSAGE_ID = 0x001E
MESSAGE_STATE = 0x0427

# message_state TLV values (SMPP 3.4 section 5.2.28) and the `stat` word the text form uses for each.
MESSAGE_STATES: dict[int, str] = {
    1: 'ENROUTE',
    2: 'DELIVRD',
    3: 'EXPIRED',
    4: 'DELETED',
    5: 'UNDELIV',
    6: 'ACCEPTD',
    7: 'UNKNOWN',
    8: 'REJECTD',
}

_STATUS_OF_STAT: dict[str, MessageStatus | None] = {
    'DELIVRD': MessageStatus.delivered,
    'DELIVERED': MessageStatus.delivered,
    'UNDELIV': MessageStatus.undelivered,
    'UNDELIVERABLE': MessageStatus.undelivered,
    'FAILED': MessageStatus.undelivered,
    'DELETED': MessageStatus.undelivered,
    'UNKNOWN': MessageStatus.undelivered,
    'EXPIRED': MessageStatus.expired,
    'REJECTD': MessageStatus.rejected,
    'REJECTED': MessageStatus.rejected,
    'ENROUTE': None,
    'ACCEPTD': None,
    'ACCEPTED': None,
    'BUFFRED': None,
    'BUFFERED': None,
    'SCHEDULED': None,
}
# Non-standard spellings by prefix (checked in order) when the word is not in the table above.
_STAT_PREFIXES: tuple[tuple[str, MessageStatus], ...] = (
    ('UNDELIV', MessageStatus.undelivered),
    ('DELIV', MessageStatus.delivered),
    ('EXPIR', MessageStatus.expired),
    ('REJECT', MessageStatus.rejected),
    ('FAIL', MessageStatus.undelivered),
    ('ERR', MessageStatus.undelivered),
)
_FAILED = (MessageStatus.undelivered, MessageStatus.expired, MessageStatus.rejected)

_KEY = re.compile(r'(?:^|(?<=\s))(id|sub|dlvrd|submit[ _]?date|done[ _]?date|stat|err|text)\s*:', re.IGNORECASE)

# submit_sm_resp command_status values that mean "not now" rather than "never" (SMPP 3.4 section 5.1.3).
ESME_ROK = 0x00
_TEMPORARY_ERRORS: dict[int, str] = {
    0x04: 'ESME_RINVBNDSTS',  # incorrect bind status: the bind is not (yet) usable
    0x05: 'ESME_RALYBND',
    0x08: 'ESME_RSYSERR',
    0x0D: 'ESME_RBINDFAIL',
    0x0E: 'ESME_RINVPASWD',
    0x0F: 'ESME_RINVSYSID',
    0x14: 'ESME_RMSGQFUL',
    0x58: 'ESME_RTHROTTLED',
    0x64: 'ESME_RX_T_APPN',
}
_PERMANENT_ERRORS: dict[int, str] = {
    0x01: 'ESME_RINVMSGLEN',
    0x02: 'ESME_RINVCMDLEN',
    0x03: 'ESME_RINVCMDID',
    0x0A: 'ESME_RINVSRCADR',
    0x0B: 'ESME_RINVDSTADR',
    0x0C: 'ESME_RINVMSGID',
    0x45: 'ESME_RSUBMITFAIL',
    0x48: 'ESME_RINVSRCTON',
    0x49: 'ESME_RINVSRCNPI',
    0x50: 'ESME_RINVDSTTON',
    0x51: 'ESME_RINVDSTNPI',
    0x61: 'ESME_RINVSCHED',
    0x62: 'ESME_RINVEXPIRY',
    0x65: 'ESME_RX_P_APPN',
    0x66: 'ESME_RX_R_APPN',
    0xFF: 'ESME_RUNKNOWNERR',
}


@dataclass(kw_only=True, slots=True, frozen=True)
class ReceiptFields:
    """What one receipt says: `stat` is upper-cased as sent (or derived from message_state), the rest raw."""

    smsc_id: str
    stat: str
    err: str = ''
    text: str = ''
    submitted_at: datetime | None = None
    done_at: datetime | None = None


def parse_receipt_text(short_message: str) -> dict[str, str]:
    """Split the receipt text into its fields, keys lower-cased ('submit date', 'done date'); `text` takes the rest."""
    fields: dict[str, str] = {}
    matches = list(_KEY.finditer(short_message))
    for index, match in enumerate(matches):
        key = re.sub(r'[ _]?date$', ' date', match.group(1).lower())
        if key == 'text':
            fields.setdefault(key, short_message[match.end() :])
            break
        end = matches[index + 1].start() if index + 1 < len(matches) else len(short_message)
        fields.setdefault(key, short_message[match.end() : end].strip())
    return fields


def read_receipt(
    short_message: str, *, receipted_message_id: str | None = None, message_state: int | None = None
) -> ReceiptFields | None:
    """Read a receipt from the text and the TLVs; None when neither gives both an id and a state (not a receipt)."""
    fields = parse_receipt_text(short_message) if short_message else {}
    smsc_id = (receipted_message_id or '').strip() or fields.get('id', '')
    stat = fields.get('stat', '').strip().upper()
    if not stat and message_state is not None:
        stat = MESSAGE_STATES.get(message_state, f'STATE{message_state}')
    if not smsc_id or not stat:
        return None
    return ReceiptFields(
        smsc_id=smsc_id,
        stat=stat,
        err=fields.get('err', ''),
        text=fields.get('text', ''),
        submitted_at=parse_receipt_time(fields.get('submit date', '')),
        done_at=parse_receipt_time(fields.get('done date', '')),
    )


def status_of_stat(stat: str) -> MessageStatus | None:
    """The final status a receipt's `stat` means, or None while the message is still on its way (or unknown)."""
    word = stat.strip().upper()
    if word in _STATUS_OF_STAT:
        return _STATUS_OF_STAT[word]
    for prefix, status in _STAT_PREFIXES:
        if word.startswith(prefix):
            return status
    return None


def status_of_parts(parts: Sequence[MessageStatus | None]) -> MessageStatus | None:
    """A message's final status from its parts' (None: no final receipt yet), or None while it is not final.

    The first failed part in part order decides as soon as it arrives; delivered needs every part delivered.
    """
    for status in parts:
        if status in _FAILED:
            return status
    if parts and all(status is MessageStatus.delivered for status in parts):
        return MessageStatus.delivered
    return None


def parse_receipt_time(raw: str) -> datetime | None:
    """'YYMMDDhhmm' or 'YYMMDDhhmmss' as UTC (the SMSC's clock; its zone is not sent), None when absent or bad."""
    digits = raw.strip()
    if not digits.isdigit() or len(digits) not in (10, 12):
        return None
    try:
        return datetime.strptime(digits, '%y%m%d%H%M%S' if len(digits) == 12 else '%y%m%d%H%M').replace(tzinfo=UTC)
    except ValueError:
        return None


def is_temporary_error(command_status: int) -> bool:
    """Tell whether a non-zero submit_sm_resp command_status means "try again later" (throttled, busy, no bind)."""
    return command_status in _TEMPORARY_ERRORS


def error_name(command_status: int) -> str:
    """The SMPP name of a command_status for logs ('ESME_RTHROTTLED'), or its hex form for vendor codes."""
    if command_status == ESME_ROK:
        return 'ESME_ROK'
    return _TEMPORARY_ERRORS.get(command_status) or _PERMANENT_ERRORS.get(command_status) or f'0x{command_status:08X}'
