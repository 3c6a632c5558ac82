"""Mailings: from a composed draft to charged message rows, and what the client can do with them afterwards.

CONTRACT (fixed first so the composer pages and this service are built in parallel): the dataclasses and the
signatures below are what pages/send.py, pages/scheduled.py and pages/awaiting.py call. Bodies that still raise
NotImplementedError are being written.

Money: a mailing's ledger reference is `mailing:<id>`. Confirming charges the whole cost at once (billing.reserve)
when the balance (with the credit limit) covers it, and the messages are `scheduled`; otherwise nothing is charged and
the messages are `awaiting_payment`. Cancelling scheduled messages refunds exactly their cost, once, in the same
transaction that moves them to `cancelled` (a message the dispatcher already claimed is no longer cancellable).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Generic, TypeVar

from domain.statuses import MailingStatus, MessageStatus

ProgressCallback = Callable[[int, int], None]  # (done, total), called from any thread
CancelCheck = Callable[[], bool]  # True once the user pressed «Отмена»
RowT = TypeVar('RowT')


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseFilter:
    """One base of the «Из базы» tab with the window «Выбор абонентов из базы по признакам» applied."""

    base_id: int
    regions: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    gender: str = ''  # '' any, 'м', 'ж'
    birth_from: date | None = None
    birth_to: date | None = None
    birthday_today: bool = False  # day and month equal today's in the account's zone
    field_key: str = ''  # a base field key (note1..note10, last_name, ...)
    field_op: str = ''  # 'equals' | 'contains' | 'empty'
    field_value: str = ''


@dataclass(frozen=True, slots=True, kw_only=True)
class FilterOptions:
    """What the filter window offers for one base: its regions and operators (with counts) and its fields."""

    base_name: str
    total: int
    regions: tuple[tuple[str, int], ...]
    operators: tuple[tuple[str, int], ...]
    fields: tuple[tuple[str, str], ...]  # (key, label) of the base's enabled fields


@dataclass(frozen=True, slots=True, kw_only=True)
class FileRecipient:
    """A row of the «Из файла» tab: the raw number and the values of the mapped fields (keys as in bases)."""

    row: int
    phone: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipients:
    """All sources of a draft; duplicates across sources are sent once."""

    bases: tuple[BaseFilter, ...] = ()
    numbers_text: str = ''  # «Ввести номер»: numbers separated by new lines, commas, semicolons, spaces
    file_rows: tuple[FileRecipient, ...] = ()
    file_name: str = ''
    exclude_base_ids: tuple[int, ...] = ()  # «Базы для исключения из рассылки»


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceCounts:
    """Counts per source, shown live under the tabs, and the combined unique count."""

    from_bases: int
    from_numbers: int
    from_file: int
    unique: int
    filled_sources: int  # how many of the three sources are filled (more than one -> ask for confirmation)


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """«Настройки планировщика рассылки»: `send_at` is a naive wall-clock time (None: now)."""

    send_at: datetime | None = None
    local_time: bool = False
    window_start: time | None = None
    window_end: time | None = None
    rate_per_minute: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """Everything the composer collected; `text` is the stored form (inserts as {key}, see domain.templates)."""

    account_id: int
    user_id: int | None
    text: str
    sender: str
    recipients: Recipients
    schedule: Schedule = Schedule()
    validity_hours: int = 24
    name: str = ''
    template_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InvalidRecipient:
    """A number that cannot receive SMS, with where it came from ('Ввести номер', the file row, a base)."""

    source: str
    raw: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """The window «Подтверждение рассылки»: what confirming would create and cost. `token` identifies the prepared
    mailing for `confirm` (kept in memory for a while; a stale token re-prepares)."""

    token: str
    recipients: int
    excluded_stoplist: int
    excluded_bases: int
    duplicates: int
    invalid: int
    invalid_sample: tuple[InvalidRecipient, ...]
    encoding: str  # 'GSM-7' | 'UCS-2' of the longest message
    parts_max: int
    parts_total: int
    over_cap: int  # messages longer than the account's parts cap (confirm refuses while > 0)
    cost: Decimal
    balance_before: Decimal
    balance_after: Decimal
    awaiting_payment: bool  # the balance does not cover the cost: messages will wait for payment
    first_due: datetime | None  # UTC
    last_due: datetime | None  # UTC
    preview: tuple[tuple[str, str], ...]  # (phone, rendered text) for the first recipients


@dataclass(frozen=True, slots=True, kw_only=True)
class Created:
    """The result of confirming: the mailing and where its messages stand."""

    mailing_id: int
    messages: int
    status: MailingStatus
    charged: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class MailingRow:
    """A line of «Список запланированных SMS»."""

    id: int
    name: str
    sender: str
    text: str
    created_at: datetime
    first_due: datetime | None
    status: MailingStatus
    counts: Mapping[MessageStatus, int]
    cost: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageRow:
    """A message of a mailing (and of «Список СМС ожидающих оплату»)."""

    id: int
    mailing_id: int
    phone: str
    sender: str
    text: str
    parts: int
    cost: Decimal
    status: MessageStatus
    status_at: datetime
    due_at: datetime
    region: str
    operator: str
    err: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[RowT]):
    """One page of rows and the total count of the selection."""

    rows: tuple[RowT, ...]
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelResult:
    """What a delete did: messages cancelled, money returned, and messages already handed to the SMSC."""

    cancelled: int
    refunded: Decimal
    not_cancellable: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PayResult:
    """What «Отправить все / Отправить выделенные» did."""

    released: int
    charged: Decimal


async def filter_options(*, account_id: int, base_id: int) -> FilterOptions:
    """The choices of «Выбор абонентов из базы по признакам» for one base of the account."""
    raise NotImplementedError


async def count_filtered(*, account_id: int, base_filter: BaseFilter) -> int:
    """How many subscribers of the base match the filter (shown live while filtering)."""
    raise NotImplementedError


async def source_counts(*, account_id: int, recipients: Recipients) -> SourceCounts:
    """Counts per source and the unique count after merging (before stop-list and exclusions)."""
    raise NotImplementedError


async def prepare(draft: Draft, *, progress: ProgressCallback | None = None) -> Quote:
    """Resolve recipients, render and price every message; raise DomainError for a draft that cannot be sent
    (empty text, no recipients, sender not approved, validity out of range, past date ...). Heavy work runs off the
    event loop."""
    raise NotImplementedError


async def confirm(
    token: str, draft: Draft, *, progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None
) -> Created:
    """Create the mailing and its message rows in bulk and charge it (or leave it awaiting payment).

    All or nothing: a cancel or a failure leaves no mailing, no messages and no charge."""
    raise NotImplementedError


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
    raise NotImplementedError


async def mailing_messages(
    *, account_id: int, mailing_id: int, status: MessageStatus | None = None, offset: int = 0, limit: int = 50
) -> Page[MessageRow]:
    """The messages of one mailing of the account."""
    raise NotImplementedError


async def cancel_messages(
    *, account_id: int, mailing_id: int, message_ids: tuple[int, ...] | None, user_id: int | None
) -> CancelResult:
    """Delete a planned mailing (message_ids None) or some of its messages: `cancelled`, refunded in full, once."""
    raise NotImplementedError


async def awaiting_messages(
    *, account_id: int, search: str = '', sender: str = '', offset: int = 0, limit: int = 50
) -> Page[MessageRow]:
    """«Список СМС ожидающих оплату»."""
    raise NotImplementedError


async def pay_awaiting(*, account_id: int, message_ids: tuple[int, ...] | None, user_id: int | None) -> PayResult:
    """«Отправить все» (None) / «Отправить выделенные»: charge and release; DomainError('insufficient_funds', ...)
    when the balance does not cover them, writing nothing."""
    raise NotImplementedError
