"""The account's global stop-list (СТОП-лист): numbers that never receive the account's SMS."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.errors import DomainError
from domain.phones import PhoneError, normalize_phone, normalize_phones
from storage.models import StopListEntry

MAX_COMMENT_LENGTH = 255
PAGE_SIZE = 50
BATCH = 1000


@dataclass(kw_only=True, slots=True, frozen=True)
class StopListRow:
    """One stop-listed number as the page shows it."""

    id: int
    phone: str
    comment: str
    created_at: datetime


@dataclass(kw_only=True, slots=True, frozen=True)
class StopListPage:
    """One page of the stop-list and how many entries match the search."""

    rows: list[StopListRow]
    total: int


@dataclass(kw_only=True, slots=True, frozen=True)
class RejectedPhone:
    """A value of a bulk add that is not a phone number: its position, the value and why."""

    position: int
    raw: str
    reason: str


@dataclass(kw_only=True, slots=True, frozen=True)
class BulkAddResult:
    """What a bulk add did: numbers added, numbers already listed (or repeated), values refused."""

    added: int
    duplicates: int
    invalid: tuple[RejectedPhone, ...]


async def list_entries(*, account_id: int, search: str = '', offset: int = 0, limit: int = PAGE_SIZE) -> StopListPage:
    """A page of the account's stop-list, newest first, optionally filtered by number digits or comment text."""
    query = StopListEntry.filter(account_id=account_id)
    condition = _search_condition(search)
    if condition is not None:
        query = query.filter(condition)
    total = await query.count()
    entries = await query.order_by('-id').offset(max(offset, 0)).limit(max(limit, 1))
    return StopListPage(rows=[_row(e) for e in entries], total=total)


async def add_entry(*, account_id: int, raw_phone: str, comment: str = '') -> StopListRow:
    """Put one number on the stop-list; a bad number or one already listed is refused."""
    try:
        phone = normalize_phone(raw_phone)
    except PhoneError as error:
        raise DomainError(f'phone_{error.reason.value}') from error
    comment = _clean_comment(comment)
    if await StopListEntry.exists(account_id=account_id, phone=phone):
        raise DomainError('stoplist_duplicate')
    try:
        entry = await StopListEntry.create(account_id=account_id, phone=phone, comment=comment)
    except IntegrityError as error:  # a concurrent add of the same number
        raise DomainError('stoplist_duplicate') from error
    return _row(entry)


async def delete_entries(*, account_id: int, ids: Iterable[int]) -> int:
    """Delete the account's entries with these ids (other accounts' ids are ignored); returns how many went."""
    wanted = sorted({int(i) for i in ids})
    deleted = 0
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        deleted += await StopListEntry.filter(account_id=account_id, id__in=chunk).delete()
    return deleted


async def add_many(*, account_id: int, raw_phones: Sequence[object], comment: str = '') -> BulkAddResult:
    """Put many numbers on the stop-list at once (for file imports), in batched inserts."""
    comment = _clean_comment(comment)
    batch = normalize_phones(raw_phones)
    invalid = tuple(
        RejectedPhone(position=position, raw=str(raw), reason=reason.value)
        for position, (raw, reason) in enumerate(zip(raw_phones, batch.reasons, strict=True))
        if reason is not None
    )
    unique = list(dict.fromkeys(phone for phone in batch.e164 if phone is not None))
    already = await stopped_among(account_id=account_id, phones=unique)
    fresh = [phone for phone in unique if phone not in already]
    now = datetime.now(UTC)
    async with in_transaction():
        for start in range(0, len(fresh), BATCH):
            await StopListEntry.bulk_create(
                [
                    StopListEntry(account_id=account_id, phone=phone, comment=comment, created_at=now)
                    for phone in fresh[start : start + BATCH]
                ],
                ignore_conflicts=True,
            )
    return BulkAddResult(added=len(fresh), duplicates=batch.accepted_count - len(fresh), invalid=invalid)


async def stopped_among(*, account_id: int, phones: Sequence[str]) -> set[str]:
    """Which of these E.164 numbers are on the account's stop-list (fast for a whole mailing)."""
    wanted = set(phones)
    if not wanted:
        return set()
    listed = await StopListEntry.filter(account_id=account_id).count()
    if listed == 0:
        return set()
    if listed <= len(wanted):
        # a short stop-list is cheaper to read whole than to probe number by number
        everything = await StopListEntry.filter(account_id=account_id).values_list('phone', flat=True)
        return wanted.intersection(str(p) for p in everything)
    ordered = sorted(wanted)
    found: set[str] = set()
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        hits = await StopListEntry.filter(account_id=account_id, phone__in=chunk).values_list('phone', flat=True)
        found.update(str(p) for p in hits)
    return found


def _search_condition(search: str) -> Q | None:
    text = ' '.join(search.split())
    if not text:
        return None
    # SQLite folds only ASCII case, so the usual spellings of a Cyrillic word are asked for too
    condition = Q(comment__icontains=text)
    for variant in {text.lower(), text.upper(), text.capitalize()}:
        condition |= Q(comment__contains=variant)
    try:
        return condition | Q(phone=normalize_phone(text))
    except PhoneError:
        pass
    if _PHONE_FRAGMENT.fullmatch(text):
        condition |= Q(phone__contains=re.sub(r'\D', '', text))
    return condition


def _clean_comment(comment: str) -> str:
    comment = ' '.join(comment.split())
    if len(comment) > MAX_COMMENT_LENGTH:
        raise DomainError('stoplist_comment_too_long', limit=MAX_COMMENT_LENGTH)
    return comment


def _row(entry: StopListEntry) -> StopListRow:
    return StopListRow(id=entry.id, phone=entry.phone, comment=entry.comment, created_at=entry.created_at)


# digits with the separators people type between them, at least one digit
_PHONE_FRAGMENT = re.compile(r'[+\s()\-]*\d[\d\s()\-]*')
