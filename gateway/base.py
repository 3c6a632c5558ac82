"""What the delivery engine needs of an outbound SMS adapter (the built-in simulator or an SMPP bind).

The engine (domain/services/dispatch.py) claims due messages from the database and calls `submit` for each, many
at once; the adapter keeps its own window of outstanding submits and returns when the SMSC has answered. Receipts
arrive whenever the SMSC sends them, possibly before the engine has stored the ids `submit` returned: the adapter
hands every receipt to the `on_receipt` callback given to `start` and the engine matches it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboundSms:
    """One message to hand to the SMSC. `phone` is the international number without '+' ('79161234567')."""

    message_id: int
    phone: str
    sender: str
    text: str
    expires_at: datetime  # aware UTC; sent as validity_period


class SubmitOutcome(StrEnum):
    """How the SMSC answered a submit: accepted, refused for good, refused for now (throttled, busy, no bind), or
    unknown: a part was written to the SMSC but no answer came (the connection dropped or timed out), so the SMSC
    may have taken it; resending could duplicate it. `retry` is returned only when the SMSC surely has nothing of
    the message (never written, or refused its first part for now)."""

    accepted = 'accepted'
    rejected = 'rejected'
    retry = 'retry'
    unknown = 'unknown'


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitResult:
    """The SMSC's answer for one message: the id of every part in part order when accepted, else the error.

    When a later part of a long message fails (rejected or unknown), `smsc_ids` holds the ids of the parts the SMSC
    accepted before it, so their receipts can still be matched.
    """

    message_id: int
    outcome: SubmitOutcome
    smsc_ids: tuple[str, ...] = ()
    error_code: int = 0  # the SMPP command_status (0x0B ESME_RINVDSTADR, 0x58 ESME_RTHROTTLED, ...)


@dataclass(frozen=True, slots=True, kw_only=True)
class Receipt:
    """A delivery receipt as received: the SMSC id of the part it is about, the raw stat/err, and what else it said."""

    smsc_id: str
    stat: str  # DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, UNKNOWN, ACCEPTD, ENROUTE (as sent, any case)
    err: str = ''
    destination: str = ''  # the recipient (the receipt's source_addr)
    text: str = ''  # the 'text:' field, the first characters of the message
    done_at: datetime | None = None


ReceiptHandler = Callable[[Receipt], Awaitable[None]]


class Gateway(Protocol):
    """An outbound SMS adapter."""

    label: str  # shown in the UI, e.g. 'Симулятор SMS-центра' or 'SMPP 10.0.0.5:2775'
    is_simulator: bool

    async def start(self, on_receipt: ReceiptHandler) -> None:
        """Connect (and keep reconnecting with backoff in the background); receipts go to `on_receipt`."""
        ...

    @property
    def connected(self) -> bool:
        """True while a bind is up and submits can go."""
        ...

    async def submit(self, sms: OutboundSms) -> SubmitResult:
        """Send one message (all its parts) and wait for the SMSC's responses; never raises for SMSC errors.

        Waits for room in the window and for the rate limit. Without a bind it returns `retry` at once.
        """
        ...

    async def stop(self) -> None:
        """Unbind and close."""
        ...
