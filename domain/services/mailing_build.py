"""The CPU side of creating a mailing (run in a thread): every message rendered, counted, priced and scheduled as
columns, the quote made of them, and the INSERT parameters of the rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from domain.mailing_plan import Window, plan_due_times, price_messages, render_texts
from domain.money import quantize_rub
from domain.phones import PhoneStyle
from domain.pricing import Tariff
from domain.recipient_lists import Recipients as Merged
from domain.recipient_lists import Split
from domain.services.mailing_types import Draft, InvalidRecipient, ProgressCallback, Quote
from domain.statuses import MessageStatus

PREVIEW = 5
RENDER_CHUNK = 10_000
_ZERO = Decimal('0.00')


@dataclass(kw_only=True, slots=True, frozen=True)
class Columns:
    """One list per message attribute, aligned: the first `send` messages go out, the rest are stop-listed."""

    send: int
    empty: int
    phones: list[str]
    texts: list[str]
    parts: list[int]
    ucs2: list[bool]
    operators: list[str]
    regions: list[str]
    zones: list[str]
    prices: list[Decimal]
    costs: list[Decimal]
    dues: list[datetime]
    expires: list[datetime]


def build_columns(
    draft: Draft,
    merged: Merged,
    split: Split,
    *,
    style: PhoneStyle,
    account_tz: str,
    tariff: Tariff,
    now: datetime,
    progress: ProgressCallback | None = None,
) -> Columns:
    """Render, count, price and schedule every message; a text that renders empty is left out."""
    order = [*split.send, *split.stopped]
    texts: list[str] = []
    parts: list[int] = []
    ucs2: list[bool] = []
    for start in range(0, len(order), RENDER_CHUNK):
        rows = [merged.fields[i] for i in order[start : start + RENDER_CHUNK]]
        chunk = render_texts(draft.text, rows, phone_style=style)
        texts += chunk.texts
        parts += chunk.parts
        ucs2 += chunk.ucs2
        if progress is not None:
            progress(min(start + RENDER_CHUNK, len(order)), len(order))
    wanted = len(split.send)
    kept = [k for k in range(len(order)) if k >= wanted or parts[k] > 0]
    send = sum(1 for k in kept if k < wanted)
    held = len(kept) - send
    pick = [order[k] for k in kept]
    phones = [merged.phones[i] for i in pick]
    operators = [merged.operators[i] for i in pick]
    zones = [merged.zones[i] for i in pick]
    kept_parts = [parts[k] for k in kept]
    costs = price_messages(tariff, phones[:send], operators[:send], kept_parts[:send])
    dues = _dues(draft, zones[:send], account_tz, now) + [now] * held
    validity = timedelta(hours=draft.validity_hours)
    return Columns(
        send=send,
        empty=wanted - send,
        phones=phones,
        texts=[texts[k] for k in kept],
        parts=kept_parts,
        ucs2=[ucs2[k] for k in kept],
        operators=operators,
        regions=[merged.regions[i] for i in pick],
        zones=zones,
        prices=list(map(_memo(quantize_rub), costs.prices)) + [_ZERO] * held,
        costs=costs.costs + [_ZERO] * held,
        dues=dues,
        expires=[due + validity for due in dues],
    )


def make_quote(
    columns: Columns,
    *,
    token: str,
    merged: Merged,
    split: Split,
    balance: Decimal,
    credit_limit: Decimal,
    parts_cap: int,
) -> Quote:
    """The window «Подтверждение рассылки» for prepared columns with at least one message to send."""
    send = columns.send
    parts = columns.parts[:send]
    longest = max(range(send), key=parts.__getitem__)
    cost = sum(columns.costs[:send], start=_ZERO)
    available = balance + credit_limit
    covered = available >= cost
    dues = columns.dues[:send]
    shown = min(PREVIEW, send)
    return Quote(
        token=token,
        recipients=send,
        excluded_stoplist=len(columns.phones) - send,
        excluded_bases=split.excluded_bases,
        duplicates=merged.duplicates,
        invalid=merged.invalid,
        invalid_sample=tuple(
            InvalidRecipient(source=item.source, raw=item.raw, reason=item.reason) for item in merged.invalid_sample
        ),
        encoding='UCS-2' if columns.ucs2[longest] else 'GSM-7',
        parts_max=parts[longest],
        parts_total=sum(parts),
        over_cap=sum(1 for count in parts if count > parts_cap),
        cost=cost,
        balance_before=balance,
        balance_after=balance - cost if covered else balance,
        awaiting_payment=not covered,
        first_due=min(dues),
        last_due=max(dues),
        preview=tuple(zip(columns.phones[:shown], columns.texts[:shown], strict=True)),
        empty=columns.empty,
        shortfall=_ZERO if covered else cost - available,
        parts_cap=parts_cap,
    )


def sources_summary(
    draft: Draft, merged: Merged, split: Split, names: Mapping[int, str], *, empty: int
) -> dict[str, Any]:
    """What the mailing was made of, stored as Mailing.sources (JSON)."""
    recipients = draft.recipients
    return {
        'bases': [{'id': item.base_id, 'name': names.get(item.base_id, '')} for item in recipients.bases],
        'from_bases': merged.from_bases,
        'numbers': merged.from_numbers,
        'file': {'name': recipients.file_name, 'numbers': merged.from_file} if recipients.file_rows else None,
        'exclude_bases': [{'id': base_id, 'name': names.get(base_id, '')} for base_id in recipients.exclude_base_ids],
        'stopped': len(split.stopped),
        'empty': empty,
    }


def insert_rows(
    columns: Columns,
    draft: Draft,
    *,
    mailing_id: int,
    status: MessageStatus,
    now: datetime,
    postgres: bool,
) -> list[tuple[Any, ...]]:
    """The INSERT parameters of every message in storage.messages.INSERT_COLUMNS order (SQLite gets text stamps)."""
    count = len(columns.phones)
    moment: Any = now if postgres else now.isoformat(' ')
    as_stamp: Callable[[datetime], Any] = _same if postgres else _memo(_sqlite_stamp)
    as_money: Callable[[Decimal], Any] = _same if postgres else _memo(str)
    statuses = [status.value] * columns.send + [MessageStatus.stopped.value] * (count - columns.send)
    return list(
        zip(
            [draft.account_id] * count,
            [mailing_id] * count,
            columns.phones,
            [draft.sender] * count,
            columns.texts,
            columns.parts,
            columns.ucs2,
            columns.operators,
            columns.regions,
            columns.zones,
            [draft.template_id] * count,
            map(as_money, columns.prices),
            map(as_money, columns.costs),
            statuses,
            [moment] * count,
            map(as_stamp, columns.dues),
            map(as_stamp, columns.expires),
            [0] * count,
            [''] * count,
            [''] * count,
            [moment] * count,
            strict=True,
        )
    )


def _dues(draft: Draft, zones: list[str], account_tz: str, now: datetime) -> list[datetime]:
    schedule = draft.schedule
    window = None
    if schedule.window_start is not None and schedule.window_end is not None:
        window = Window(start=schedule.window_start, end=schedule.window_end)
    return plan_due_times(
        zones,
        planned_local=schedule.send_at,
        local_time=schedule.local_time,
        account_tz=account_tz,
        now=now,
        window=window,
        rate_per_minute=schedule.rate_per_minute,
    )


def _memo(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert` computed once per distinct value (most messages share their due time and their price)."""
    seen: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        found = seen.get(value)
        if found is None:
            found = seen[value] = convert(value)
        return found

    return converted


def _same(value: Any) -> Any:
    return value


def _sqlite_stamp(value: datetime) -> str:
    return value.isoformat(' ')
