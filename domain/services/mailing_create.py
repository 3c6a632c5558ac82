"""Creating a mailing: `prepare` resolves, renders, prices and schedules it (the quote of «Подтверждение рассылки»,
kept in memory under a token for a while), `confirm` writes it and charges it in one transaction.

Decisions written down here:
- Stop-listed recipients become messages in status `stopped` (price and cost 0, never sent), so statistics show them;
  they are counted in `excluded_stoplist`, not in `recipients`.
- A recipient whose rendered text comes out empty (the text is only inserts, and the fields are empty) is left out
  and counted in `Quote.empty`.
- Message.price has two decimal places in the schema, so the price of a part is stored rounded half-up to kopecks;
  the cost (parts x the exact price, rounded once) is exact and is what is charged and refunded.
- Mailing.send_at holds the first planned moment (UTC) when a time was chosen, else null ("now").
"""

from __future__ import annotations

import asyncio
import secrets
import time as clock
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from domain.errors import DomainError, NotFound
from domain.phones import PhoneStyle
from domain.send_time import MOSCOW, check_validity_hours, recipient_zone
from domain.services import audit, billing, senders, tariffs
from domain.services.mailing_build import Columns, build_columns, insert_rows, make_quote, sources_summary
from domain.services.mailing_recipients import resolve
from domain.services.mailing_types import CancelCheck, Created, Draft, ProgressCallback, Quote
from domain.statuses import MessageStatus, mailing_status
from domain.templates import find_inserts
from storage import ledger, messages
from storage.models import Account, Mailing, Template
from storage.subscriber_queries import _is_postgres

PAST_GRACE = timedelta(minutes=5)
CACHE_TTL_S = 900.0
CACHE_SIZE = 4
MAX_NAME_LENGTH = 200
_ZERO = Decimal('0.00')


@dataclass(kw_only=True, slots=True, frozen=True)
class Planned:
    """A prepared mailing: the draft it was made from, its quote, its messages as columns and what it came from."""

    draft: Draft
    made_at: float
    quote: Quote
    columns: Columns
    sources: dict[str, Any]
    template_name: str


_cache: OrderedDict[str, Planned] = OrderedDict()


async def prepare(draft: Draft, *, progress: ProgressCallback | None = None) -> Quote:
    """Resolve recipients, render and price every message, and keep the result for `confirm` under the quote's token."""
    planned = await _plan(draft, progress)
    _remember(planned)
    return planned.quote


async def confirm(
    token: str, draft: Draft, *, progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None
) -> Created:
    """Create the mailing and its messages in bulk and charge it, all or nothing (a stale token re-prepares)."""
    planned = _recall(token, draft) or await _plan(draft, progress)
    if planned.quote.over_cap:
        raise DomainError('mailing_over_cap', count=planned.quote.over_cap, cap=planned.quote.parts_cap)
    if draft.sender not in await senders.approved_names(account_id=draft.account_id):
        raise DomainError('mailing_sender_not_approved')
    created = await _store(planned, progress, cancelled)
    _cache.pop(token, None)
    return created


async def _plan(draft: Draft, progress: ProgressCallback | None) -> Planned:
    account = await Account.get_or_none(id=draft.account_id)
    if account is None:
        raise NotFound('account')
    _check_draft(draft, account)
    if draft.sender not in await senders.approved_names(account_id=account.id):
        raise DomainError('mailing_sender_not_approved')
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo(account.timezone)).date()
    _check_not_past(draft, [], account.timezone, now)
    tariff = await tariffs.tariff_for(account_id=account.id, on_date=today)
    template_name = await _template_name(draft)
    keys = find_inserts(draft.text)
    resolved = await resolve(account_id=account.id, recipients=draft.recipients, insert_keys=keys, today=today)
    merged, split = resolved.merged, resolved.split
    _check_not_past(draft, [merged.zones[index] for index in split.send], account.timezone, now)
    columns = await asyncio.to_thread(
        build_columns,
        draft,
        merged,
        split,
        style=PhoneStyle(account.phone_style),
        account_tz=account.timezone,
        tariff=tariff,
        now=now,
        progress=progress,
    )
    if columns.send == 0:
        raise DomainError('mailing_no_recipients', excluded_stoplist=len(split.stopped), invalid=merged.invalid)
    quote = make_quote(
        columns,
        token=secrets.token_urlsafe(16),
        merged=merged,
        split=split,
        balance=Decimal(account.balance),
        credit_limit=Decimal(account.credit_limit),
        parts_cap=account.parts_cap,
    )
    return Planned(
        draft=draft,
        made_at=clock.monotonic(),
        quote=quote,
        columns=columns,
        sources=sources_summary(draft, merged, split, resolved.base_names, empty=columns.empty),
        template_name=template_name,
    )


def _check_draft(draft: Draft, account: Account) -> None:
    if not account.is_active:
        raise DomainError('account_blocked')
    if not draft.text.strip():
        raise DomainError('mailing_text_empty')
    if len(draft.name.strip()) > MAX_NAME_LENGTH:
        raise DomainError('mailing_name_too_long', limit=MAX_NAME_LENGTH)
    if not draft.sender:
        raise DomainError('mailing_sender_not_approved')
    check_validity_hours(draft.validity_hours)
    schedule = draft.schedule
    if (schedule.window_start is None) != (schedule.window_end is None):
        raise DomainError('send_window_incomplete')
    if schedule.window_start is not None and schedule.window_start == schedule.window_end:
        raise DomainError('send_window_empty')
    rate = schedule.rate_per_minute
    if rate is not None and (isinstance(rate, bool) or rate < 1):
        raise DomainError('send_rate_not_positive')
    if schedule.send_at is not None and schedule.send_at.tzinfo is not None:
        raise ValueError('Schedule.send_at is a naive wall-clock time')


def _check_not_past(draft: Draft, zones: Sequence[str], account_tz: str, now: datetime) -> None:
    """Refuse a planned time already past (beyond a few minutes) for every recipient; local times are checked once
    the recipients' zones are known."""
    planned = draft.schedule.send_at
    if planned is None or (draft.schedule.local_time and not zones):
        return
    names = set(zones) if draft.schedule.local_time else {MOSCOW}
    latest = max(planned.replace(tzinfo=recipient_zone(name, account_tz)) for name in names)
    if latest < now - PAST_GRACE:
        raise DomainError('mailing_send_at_past')


async def _template_name(draft: Draft) -> str:
    if draft.template_id is None:
        return ''
    template = await Template.get_or_none(id=draft.template_id, account_id=draft.account_id)
    if template is None:
        raise NotFound('template')
    return template.name


async def _store(planned: Planned, progress: ProgressCallback | None, cancelled: CancelCheck | None) -> Created:
    draft, quote, columns = planned.draft, planned.quote, planned.columns
    total = len(columns.phones)
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        account = await ledger.lock_account(conn, draft.account_id)
        if account is None:
            raise NotFound('account')
        if not account.is_active:
            raise DomainError('account_blocked')
        covered = Decimal(account.balance) + Decimal(account.credit_limit) >= quote.cost
        status = MessageStatus.scheduled if covered else MessageStatus.awaiting_payment
        mailing = await Mailing.create(using_db=conn, **_mailing_values(planned))
        schedule = draft.schedule
        if schedule.window_start is not None and schedule.window_end is not None:
            await messages.set_mailing_window(
                conn, mailing_id=mailing.id, start=schedule.window_start, end=schedule.window_end
            )
        rows = await asyncio.to_thread(
            insert_rows, columns, draft, mailing_id=mailing.id, status=status, now=now, postgres=_is_postgres(conn)
        )
        for start in range(0, total, messages.CHUNK):
            _check_cancel(cancelled)
            await messages.insert(conn, rows[start : start + messages.CHUNK])
            if progress is not None:
                progress(min(start + messages.CHUNK, total), total)
        _check_cancel(cancelled)
        if covered:
            reference = f'mailing:{mailing.id}'
            await billing.reserve(account_id=draft.account_id, mailing_ref=reference, amount=quote.cost, conn=conn)
        await audit.record(
            'mailing_created',
            user_id=draft.user_id,
            account_id=draft.account_id,
            details=f'mailing:{mailing.id} messages={columns.send} cost={quote.cost} status={status.value}',
        )
    return Created(
        mailing_id=mailing.id,
        messages=columns.send,
        status=mailing_status({status: columns.send}),
        charged=quote.cost if covered else _ZERO,
    )


def _mailing_values(planned: Planned) -> dict[str, Any]:
    draft, quote, schedule = planned.draft, planned.quote, planned.draft.schedule
    return {
        'account_id': draft.account_id,
        'created_by_id': draft.user_id,
        'name': draft.name.strip(),
        'sender': draft.sender,
        'text': draft.text,
        'template_id': draft.template_id,
        'template_name': planned.template_name,
        'send_at': quote.first_due if schedule.send_at is not None else None,
        'local_time': schedule.local_time,
        'rate_per_minute': schedule.rate_per_minute,
        'validity_hours': draft.validity_hours,
        'recipients': quote.recipients,
        'excluded_stoplist': quote.excluded_stoplist,
        'excluded_bases': quote.excluded_bases,
        'duplicates': quote.duplicates,
        'invalid': quote.invalid,
        'parts': quote.parts_total,
        'cost': quote.cost,
        'sources': planned.sources,
    }


def _check_cancel(cancelled: CancelCheck | None) -> None:
    if cancelled is not None and cancelled():
        raise DomainError('mailing_create_cancelled')


def _remember(planned: Planned) -> None:
    horizon = clock.monotonic() - CACHE_TTL_S
    for token in [token for token, item in _cache.items() if item.made_at < horizon]:
        del _cache[token]
    _cache[planned.quote.token] = planned
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


def _recall(token: str, draft: Draft) -> Planned | None:
    planned = _cache.get(token)
    if planned is None or planned.draft != draft or planned.made_at < clock.monotonic() - CACHE_TTL_S:
        return None
    return planned
