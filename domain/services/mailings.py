"""Mailings: from a composed draft to charged message rows, and what the client can do with them afterwards.

CONTRACT: the dataclasses (defined in domain/services/mailing_types.py, re-exported here) and the signatures below
are what pages/send.py, pages/scheduled.py and pages/awaiting.py call. The work is done by mailing_recipients (who
receives it), mailing_create and mailing_build (prepare/confirm), mailing_queries (lists) and mailing_actions (delete,
pay).

Money: a mailing's ledger reference is `mailing:<id>`. Confirming charges the whole cost at once (billing.reserve)
when the balance (with the credit limit) covers it, and the messages are `scheduled`; otherwise nothing is charged and
the messages are `awaiting_payment`. Cancelling scheduled messages refunds exactly their cost, once, in the same
transaction that moves them to `cancelled` (a message the dispatcher already claimed is no longer cancellable).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from domain.access import Capability
from domain.services import account_users, mailing_actions, mailing_create, mailing_queries, mailing_recipients
from domain.services.mailing_types import (
    BaseFilter,
    CancelCheck,
    CancelResult,
    Created,
    Draft,
    FileRecipient,
    FilterOptions,
    InvalidRecipient,
    MailingRow,
    MessageRow,
    Page,
    PayResult,
    ProgressCallback,
    Quote,
    Recipients,
    Schedule,
    SourceCounts,
)
from domain.statuses import MailingStatus, MessageStatus

__all__ = [
    'BaseFilter',
    'CancelCheck',
    'CancelResult',
    'Created',
    'Draft',
    'FileRecipient',
    'FilterOptions',
    'InvalidRecipient',
    'MailingRow',
    'MailingStatus',
    'MessageRow',
    'MessageStatus',
    'Page',
    'PayResult',
    'ProgressCallback',
    'Quote',
    'Recipients',
    'Schedule',
    'SourceCounts',
    'awaiting_messages',
    'awaiting_summary',
    'cancel_messages',
    'confirm',
    'count_filtered',
    'filter_options',
    'list_mailings',
    'mailing_messages',
    'pay_awaiting',
    'prepare',
    'source_counts',
]


async def filter_options(*, account_id: int, base_id: int, defaults: Mapping[str, str] | None = None) -> FilterOptions:
    """The choices of «Выбор абонентов из базы по признакам» for one base of the account (`defaults`: the default
    labels of fields, ui_text.FIELD_LABELS, used where the base has no label of its own)."""
    return await mailing_recipients.filter_options(account_id=account_id, base_id=base_id, defaults=defaults)


async def count_filtered(*, account_id: int, base_filter: BaseFilter) -> int:
    """How many subscribers of the base match the filter (shown live while filtering)."""
    return await mailing_recipients.count_filtered(account_id=account_id, base_filter=base_filter)


async def source_counts(*, account_id: int, recipients: Recipients) -> SourceCounts:
    """Counts per source and the unique count after merging (before stop-list and exclusions)."""
    return await mailing_recipients.source_counts(account_id=account_id, recipients=recipients)


async def prepare(draft: Draft, *, progress: ProgressCallback | None = None) -> Quote:
    """Resolve recipients, render and price every message; raise DomainError for a draft that cannot be sent
    (empty text, no recipients, sender not approved, validity out of range, past date ...). Heavy work runs off the
    event loop."""
    return await mailing_create.prepare(draft, progress=progress)


async def confirm(
    token: str, draft: Draft, *, progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None
) -> Created:
    """Create the mailing and its message rows in bulk and charge it (or leave it awaiting payment).

    All or nothing: a cancel or a failure leaves no mailing, no messages and no charge."""
    await _require_work(draft.user_id, draft.account_id)
    return await mailing_create.confirm(token, draft, progress=progress, cancelled=cancelled)


async def list_mailings(
    *,
    account_id: int,
    date_from: date | None = None,
    date_to: date | None = None,
    sender: str = '',
    status: MailingStatus | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[MailingRow]:
    """«Список запланированных SMS»: the account's mailings, planned day (account's zone) within the period."""
    return await mailing_queries.list_mailings(
        account_id=account_id,
        date_from=date_from,
        date_to=date_to,
        sender=sender,
        status=status,
        offset=offset,
        limit=limit,
    )


async def mailing_messages(
    *, account_id: int, mailing_id: int, status: MessageStatus | None = None, offset: int = 0, limit: int = 50
) -> Page[MessageRow]:
    """The messages of one mailing of the account."""
    return await mailing_queries.mailing_messages(
        account_id=account_id, mailing_id=mailing_id, status=status, offset=offset, limit=limit
    )


async def cancel_messages(
    *, account_id: int, mailing_id: int, message_ids: tuple[int, ...] | None, user_id: int | None
) -> CancelResult:
    """Delete a planned mailing (message_ids None) or some of its messages: `cancelled`, refunded in full, once."""
    await _require_work(user_id, account_id)
    return await mailing_actions.cancel_messages(
        account_id=account_id, mailing_id=mailing_id, message_ids=message_ids, user_id=user_id
    )


async def awaiting_messages(
    *, account_id: int, search: str = '', sender: str = '', offset: int = 0, limit: int = 50
) -> Page[MessageRow]:
    """«Список СМС ожидающих оплату»."""
    return await mailing_queries.awaiting_messages(
        account_id=account_id, search=search, sender=sender, offset=offset, limit=limit
    )


async def pay_awaiting(*, account_id: int, message_ids: tuple[int, ...] | None, user_id: int | None) -> PayResult:
    """«Отправить все» (None) / «Отправить выделенные»: charge and release; DomainError('insufficient_funds', ...)
    when the balance does not cover them, writing nothing."""
    await _require_work(user_id, account_id)
    return await mailing_actions.pay_awaiting(account_id=account_id, message_ids=message_ids, user_id=user_id)


async def awaiting_summary(*, account_id: int, search: str = '', sender: str = '') -> tuple[int, Decimal]:
    """How many messages await payment (same filter as `awaiting_messages`) and what paying for all of them costs."""
    return await mailing_queries.awaiting_summary(account_id=account_id, search=search, sender=sender)


async def _require_work(user_id: int | None, account_id: int) -> None:
    """A user acting in the cabinet must have an account role that sends (a viewer only reads statistics); calls
    without a user are the system's own (benchmarks, jobs)."""
    if user_id is not None:
        await account_users.require_capability(user_id=user_id, account_id=account_id, capability=Capability.work)
