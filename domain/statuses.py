"""Statuses of messages, mailings and payments, and kinds of ledger entries; each lifecycle is written down once."""

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum


class MessageStatus(StrEnum):
    """The life of one message to one recipient.

    ```
    awaiting_payment -> scheduled -> queued -> submitted -> delivered | undelivered | expired | rejected
    awaiting_payment -> cancelled                 deleted before it was paid; nothing to refund
    scheduled        -> cancelled | expired       deleted (refunded in full) | validity passed in our queue
    queued           -> scheduled                 retry after throttling, or reconciled after a crash before submit
    queued           -> rejected | expired        the SMSC refused submit_sm | validity passed in our queue
    stopped                                       created so: the number is in the stop-list; never charged or sent
    ```

    A message is charged when it leaves awaiting_payment (or is created scheduled) and stays charged whatever the
    delivery outcome; only cancellation refunds it. Once the dispatcher has claimed it (queued) it is being handed to
    the SMSC and can no longer be cancelled, so a refund never races a send.
    """

    awaiting_payment = 'awaiting_payment'
    scheduled = 'scheduled'
    queued = 'queued'
    submitted = 'submitted'
    delivered = 'delivered'
    undelivered = 'undelivered'
    expired = 'expired'
    rejected = 'rejected'
    stopped = 'stopped'
    cancelled = 'cancelled'


INITIAL_MESSAGE_STATUSES = frozenset({MessageStatus.awaiting_payment, MessageStatus.scheduled, MessageStatus.stopped})

_MESSAGE_TRANSITIONS: Mapping[MessageStatus, frozenset[MessageStatus]] = {
    MessageStatus.awaiting_payment: frozenset({MessageStatus.scheduled, MessageStatus.cancelled}),
    MessageStatus.scheduled: frozenset({MessageStatus.queued, MessageStatus.cancelled, MessageStatus.expired}),
    MessageStatus.queued: frozenset(
        {MessageStatus.submitted, MessageStatus.scheduled, MessageStatus.rejected, MessageStatus.expired}
    ),
    MessageStatus.submitted: frozenset(
        {MessageStatus.delivered, MessageStatus.undelivered, MessageStatus.expired, MessageStatus.rejected}
    ),
}

_CANCELLABLE = frozenset({MessageStatus.awaiting_payment, MessageStatus.scheduled})
_NOT_CHARGED = frozenset({MessageStatus.awaiting_payment, MessageStatus.stopped, MessageStatus.cancelled})


def allowed_transition(old: MessageStatus, new: MessageStatus) -> bool:
    """Tell whether a message may move from `old` to `new`."""
    return new in _MESSAGE_TRANSITIONS.get(old, frozenset())


def is_final(status: MessageStatus) -> bool:
    """Tell whether a message status never changes again."""
    return status not in _MESSAGE_TRANSITIONS


def is_cancellable(status: MessageStatus) -> bool:
    """Tell whether a message may still be cancelled (not yet claimed for the SMSC)."""
    return status in _CANCELLABLE


def is_charged(status: MessageStatus) -> bool:
    """Tell whether a message in this status holds its cost on the account."""
    return status not in _NOT_CHARGED


class MailingStatus(StrEnum):
    """The state of a mailing, derived from its messages' statuses by `mailing_status`.

    `awaiting_payment -> scheduled -> sending -> completed`, or `cancelled` when every message was cancelled.
    """

    awaiting_payment = 'awaiting_payment'
    scheduled = 'scheduled'
    sending = 'sending'
    completed = 'completed'
    cancelled = 'cancelled'


def mailing_status(counts: Mapping[MessageStatus, int]) -> MailingStatus:
    """Derive a mailing's status from the number of its messages in each status."""
    present = {status for status, count in counts.items() if count > 0}
    if not present or present == {MessageStatus.cancelled}:
        return MailingStatus.cancelled
    if MessageStatus.awaiting_payment in present:
        return MailingStatus.awaiting_payment
    if all(is_final(status) for status in present):
        return MailingStatus.completed
    started = present - {MessageStatus.scheduled, MessageStatus.cancelled, MessageStatus.stopped}
    return MailingStatus.sending if started else MailingStatus.scheduled


class PaymentStatus(StrEnum):
    """The life of an incoming payment: `pending -> credited | declined`, `credited -> refunded`."""

    pending = 'pending'
    credited = 'credited'
    declined = 'declined'
    refunded = 'refunded'


_PAYMENT_TRANSITIONS: Mapping[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.pending: frozenset({PaymentStatus.credited, PaymentStatus.declined}),
    PaymentStatus.credited: frozenset({PaymentStatus.refunded}),
}


def allowed_payment_transition(old: PaymentStatus, new: PaymentStatus) -> bool:
    """Tell whether a payment may move from `old` to `new` (so a payment is credited at most once)."""
    return new in _PAYMENT_TRANSITIONS.get(old, frozenset())


class LedgerKind(StrEnum):
    """What a ledger entry records: top-ups and refunds add money, charges take it, corrections go either way."""

    topup = 'topup'
    charge = 'charge'
    refund = 'refund'
    correction = 'correction'


def ledger_sign_ok(kind: LedgerKind, amount: Decimal) -> bool:
    """Tell whether a signed ledger amount has the sign its kind requires (never zero)."""
    if amount == 0:
        return False
    if kind is LedgerKind.charge:
        return amount < 0
    if kind is LedgerKind.correction:
        return True
    return amount > 0
