"""The values of the mailings service (see domain/services/mailings.py, which re-exports them): drafts, quotes, rows."""

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
    """A number that cannot receive SMS, with where it came from ('Ввести номер', the file row, a base).

    `source` is 'numbers' («Ввести номер») or 'file:<row number>'; `reason` is an error code (`phone_too_short` ...)
    that ui_text.error_text explains.
    """

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
    empty: int = 0  # recipients whose rendered text came out empty: left out of the mailing
    shortfall: Decimal = Decimal('0.00')  # with awaiting_payment: how much the balance (with credit) lacks
    parts_cap: int = 0  # the account's cap of parts per message (over_cap counts messages above it)


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
