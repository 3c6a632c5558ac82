import itertools
from decimal import Decimal

import pytest

from domain.statuses import (
    INITIAL_MESSAGE_STATUSES,
    LedgerKind,
    MailingStatus,
    MessageStatus,
    PaymentStatus,
    allowed_payment_transition,
    allowed_transition,
    is_cancellable,
    is_charged,
    is_final,
    ledger_sign_ok,
    mailing_status,
)

S = MessageStatus
ALLOWED = {
    (S.awaiting_payment, S.scheduled),
    (S.awaiting_payment, S.cancelled),
    (S.scheduled, S.queued),
    (S.scheduled, S.cancelled),
    (S.scheduled, S.expired),
    (S.queued, S.submitted),
    (S.queued, S.scheduled),
    (S.queued, S.rejected),
    (S.queued, S.expired),
    (S.submitted, S.delivered),
    (S.submitted, S.undelivered),
    (S.submitted, S.expired),
    (S.submitted, S.rejected),
}
FINAL = {S.delivered, S.undelivered, S.expired, S.rejected, S.stopped, S.cancelled}


@pytest.mark.parametrize(('old', 'new'), sorted(ALLOWED))
def test_each_step_of_the_lifecycle_is_allowed(old: MessageStatus, new: MessageStatus) -> None:
    assert allowed_transition(old, new)


@pytest.mark.parametrize(('old', 'new'), sorted(set(itertools.product(S, S)) - ALLOWED))
def test_every_other_step_is_forbidden(old: MessageStatus, new: MessageStatus) -> None:
    assert not allowed_transition(old, new)


@pytest.mark.parametrize('status', list(S))
def test_final_statuses_are_exactly_those_with_no_way_out(status: MessageStatus) -> None:
    assert is_final(status) is (status in FINAL)
    assert is_final(status) is not any(allowed_transition(status, new) for new in S)


@pytest.mark.parametrize(
    ('status', 'cancellable'),
    [
        (S.awaiting_payment, True),
        (S.scheduled, True),
        (S.queued, False),
        (S.submitted, False),
        (S.delivered, False),
        (S.undelivered, False),
        (S.expired, False),
        (S.rejected, False),
        (S.stopped, False),
        (S.cancelled, False),
    ],
)
def test_only_messages_not_yet_claimed_for_the_smsc_can_be_cancelled(status: MessageStatus, cancellable: bool) -> None:
    assert is_cancellable(status) is cancellable
    assert allowed_transition(status, S.cancelled) is cancellable


@pytest.mark.parametrize(
    ('status', 'charged'),
    [
        (S.awaiting_payment, False),
        (S.scheduled, True),
        (S.queued, True),
        (S.submitted, True),
        (S.delivered, True),
        (S.undelivered, True),
        (S.expired, True),
        (S.rejected, True),
        (S.stopped, False),
        (S.cancelled, False),
    ],
)
def test_stopped_unpaid_and_cancelled_messages_hold_no_money(status: MessageStatus, charged: bool) -> None:
    assert is_charged(status) is charged


def test_charging_changes_only_on_payment_and_cancellation() -> None:
    changes = {(old, new) for old, new in ALLOWED if is_charged(old) != is_charged(new)}
    assert changes == {(S.awaiting_payment, S.scheduled), (S.scheduled, S.cancelled)}


def test_a_message_is_created_unpaid_scheduled_or_stopped() -> None:
    assert {S.awaiting_payment, S.scheduled, S.stopped} == INITIAL_MESSAGE_STATUSES


def test_every_status_is_reachable_from_a_creation_status() -> None:
    reached = set(INITIAL_MESSAGE_STATUSES)
    frontier = list(reached)
    while frontier:
        old = frontier.pop()
        for new in S:
            if allowed_transition(old, new) and new not in reached:
                reached.add(new)
                frontier.append(new)
    assert reached == set(S)


@pytest.mark.parametrize(
    ('counts', 'expected'),
    [
        ({}, MailingStatus.cancelled),
        ({S.cancelled: 5}, MailingStatus.cancelled),
        ({S.scheduled: 0, S.cancelled: 3}, MailingStatus.cancelled),
        ({S.awaiting_payment: 2, S.scheduled: 8}, MailingStatus.awaiting_payment),
        ({S.scheduled: 10, S.stopped: 1}, MailingStatus.scheduled),
        ({S.scheduled: 10, S.cancelled: 2}, MailingStatus.scheduled),
        ({S.scheduled: 9, S.queued: 1}, MailingStatus.sending),
        ({S.scheduled: 9, S.delivered: 1}, MailingStatus.sending),
        ({S.submitted: 10}, MailingStatus.sending),
        ({S.delivered: 9, S.undelivered: 1, S.stopped: 1}, MailingStatus.completed),
        ({S.delivered: 1, S.cancelled: 4}, MailingStatus.completed),
    ],
)
def test_a_mailing_status_follows_its_messages(counts: dict[MessageStatus, int], expected: MailingStatus) -> None:
    assert mailing_status(counts) is expected


P = PaymentStatus
PAYMENT_ALLOWED = {(P.pending, P.credited), (P.pending, P.declined), (P.credited, P.refunded)}


@pytest.mark.parametrize(('old', 'new'), sorted(itertools.product(P, P)))
def test_a_payment_is_credited_at_most_once_and_refunded_only_after_credit(
    old: PaymentStatus, new: PaymentStatus
) -> None:
    assert allowed_payment_transition(old, new) is ((old, new) in PAYMENT_ALLOWED)


@pytest.mark.parametrize(
    ('kind', 'amount', 'ok'),
    [
        (LedgerKind.topup, '1000.00', True),
        (LedgerKind.topup, '-1.00', False),
        (LedgerKind.charge, '-23.50', True),
        (LedgerKind.charge, '23.50', False),
        (LedgerKind.refund, '2.35', True),
        (LedgerKind.refund, '-2.35', False),
        (LedgerKind.correction, '-100.00', True),
        (LedgerKind.correction, '100.00', True),
        (LedgerKind.correction, '0.00', False),
        (LedgerKind.topup, '0', False),
    ],
)
def test_ledger_amounts_carry_the_sign_of_their_kind(kind: LedgerKind, amount: str, ok: bool) -> None:
    assert ledger_sign_ok(kind, Decimal(amount)) is ok


def test_stored_values_are_the_plain_english_names() -> None:
    assert [status.value for status in S] == [status.name for status in S]
    assert {kind.value for kind in LedgerKind} == {'topup', 'charge', 'refund', 'correction'}
    assert {status.value for status in P} == {'pending', 'credited', 'declined', 'refunded'}
