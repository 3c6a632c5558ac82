"""Subscribers of a phone base: list, add, edit, delete, move and bulk add; every call is scoped to an account.

Phone filter of ListQuery: the digits typed are a prefix of the number when the text starts with '+', '7' or '8'
('8' reads as the Russian trunk prefix, so '8916' finds +7916...), and a substring anywhere else ('1234').
Name filter: a substring of 'last first middle', case-insensitive in any alphabet. Region and operator: exact
values. Notes: substrings (PostgreSQL ignores case in any alphabet, SQLite only in Latin letters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.errors import DomainError, NotFound
from domain.numbering import NumberingTable, detect_number
from domain.services.numbering import current_table
from domain.services.subscriber_input import (
    BulkPrepared,
    SubscriberInput,
    clean_input,
    input_of,
    merge_values,
    prepare_bulk,
    with_field,
)
from storage import subscriber_queries as queries
from storage import subscribers as store
from storage.models import PhoneBase

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
_NON_DIGITS = re.compile(r'[^0-9]')


@dataclass(kw_only=True, slots=True, frozen=True)
class SubscriberRow:
    """One subscriber as the list shows it; phone is E.164, unknown region/operator/timezone are ''."""

    id: int
    phone: str
    last_name: str
    first_name: str
    middle_name: str
    birth_date: date | None
    gender: str
    region: str
    operator: str
    timezone: str
    notes: dict[str, str]


@dataclass(kw_only=True, slots=True, frozen=True)
class ListQuery:
    """Sort, filters and page of the subscriber list; the module docstring tells how filters match."""

    sort: str = 'id'
    descending: bool = False
    phone: str = ''
    name: str = ''
    region: str = ''
    operator: str = ''
    unknown_only: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    offset: int = 0
    limit: int = PAGE_SIZE


@dataclass(kw_only=True, slots=True, frozen=True)
class SubscriberPage:
    """A page of subscribers and how many match the filter in all."""

    rows: list[SubscriberRow]
    total: int


@dataclass(kw_only=True, slots=True, frozen=True)
class MoveResult:
    """Subscribers moved to the target base, and those dropped because the target had their number."""

    moved: int
    merged: int


@dataclass(kw_only=True, slots=True, frozen=True)
class BulkResult:
    """What a bulk add did; invalid holds (input index, raw phone, reason code)."""

    added: int
    updated: int
    duplicates_in_input: int
    invalid: list[tuple[int, str, str]]


async def list_subscribers(*, account_id: int, base_id: int, query: ListQuery) -> SubscriberPage:
    """A page of the base's subscribers, sorted and filtered, with the total matching count."""
    if query.sort not in queries.SORTABLE:
        raise DomainError('sort_unknown', sort=query.sort)
    base = await _owned(account_id, base_id)
    where = _filter(query)
    conn = queries.connection()
    limit = min(max(query.limit, 1), MAX_PAGE_SIZE)
    rows = await queries.fetch_page(
        conn,
        base_id=base.id,
        where=where,
        sort=query.sort,
        descending=query.descending,
        offset=query.offset,
        limit=limit,
    )
    # the cached count answers the unfiltered list without a COUNT(*) over the whole base
    total = base.subscriber_count if where.is_empty else await queries.count(conn, base_id=base.id, where=where)
    return SubscriberPage(rows=[_row(r) for r in rows], total=total)


async def get_subscriber(*, account_id: int, base_id: int, subscriber_id: int) -> SubscriberRow:
    """One subscriber of the account's base (for the dialog «Редактирование абонента»)."""
    return _row(await _subscriber(queries.connection(), account_id, base_id, subscriber_id))


async def add_subscriber(*, account_id: int, base_id: int, data: SubscriberInput) -> SubscriberRow:
    """Add one subscriber: the number is normalised and detected; a number already in the base is refused."""
    values = _detected(clean_input(data), current_table())
    async with in_transaction() as conn:
        base = await _owned(account_id, base_id)
        if not await store.insert_new(conn, base_id=base.id, values=values):
            raise DomainError('subscriber_duplicate')
        stored = await queries.existing(conn, base_id=base.id, phones=[values['phone']])
    return _row(stored[values['phone']])


async def update_subscriber(
    *, account_id: int, base_id: int, subscriber_id: int, data: SubscriberInput
) -> SubscriberRow:
    """Replace a subscriber's fields (the dialog «Редактирование абонента»); a new number is re-detected."""
    values = clean_input(data)
    async with in_transaction() as conn:
        current = await _subscriber(conn, account_id, base_id, subscriber_id)
        return await _save(conn, current, values)


async def update_field(*, account_id: int, base_id: int, subscriber_id: int, key: str, raw: str) -> SubscriberRow:
    """Change one cell of a subscriber (in-place editing); the text is parsed as that field's type."""
    async with in_transaction() as conn:
        current = await _subscriber(conn, account_id, base_id, subscriber_id)
        values = clean_input(with_field(input_of(current), key, raw))
        return await _save(conn, current, values)


async def delete_subscribers(
    *, account_id: int, base_id: int, ids: Sequence[int] | None = None, query: ListQuery | None = None
) -> int:
    """Delete the listed subscribers, or all matching the query's filter, or (neither given) all; returns how many."""
    async with in_transaction() as conn:
        base = await _owned(account_id, base_id)
        return await store.delete(conn, base_id=base.id, selection=_selection(ids, query))


async def move_subscribers(
    *,
    account_id: int,
    base_id: int,
    target_base_id: int,
    ids: Sequence[int] | None = None,
    query: ListQuery | None = None,
) -> MoveResult:
    """Move subscribers to another base of the account; numbers the target already has stay there only once."""
    if base_id == target_base_id:
        raise DomainError('move_same_base')
    async with in_transaction() as conn:
        source = await _owned(account_id, base_id)
        target = await _owned(account_id, target_base_id)
        moved, merged = await store.move(
            conn, base_id=source.id, target_base_id=target.id, selection=_selection(ids, query)
        )
    return MoveResult(moved=moved, merged=merged)


async def bulk_add(*, account_id: int, base_id: int, rows: Sequence[SubscriberInput]) -> BulkResult:
    """Normalise, detect, de-duplicate and upsert many subscribers in one transaction."""
    prepared = prepare_bulk(rows, current_table())
    return await bulk_add_prepared(account_id=account_id, base_id=base_id, prepared=prepared)


async def bulk_add_prepared(*, account_id: int, base_id: int, prepared: BulkPrepared) -> BulkResult:
    """Store what prepare_bulk produced (possibly in a worker); known numbers take the non-empty new values."""
    async with in_transaction() as conn:
        base = await _owned(account_id, base_id)
        found = await queries.existing(conn, base_id=base.id, phones=[values['phone'] for values in prepared.rows])
        rows = [merge_values(found[v['phone']], v) if v['phone'] in found else v for v in prepared.rows]
        await store.upsert(conn, base_id=base.id, rows=rows)
        await store.add_to_count(conn, base_id=base.id, delta=len(rows) - len(found))
    return BulkResult(
        added=len(rows) - len(found),
        updated=len(found),
        duplicates_in_input=prepared.duplicates,
        invalid=list(prepared.invalid),
    )


async def _save(conn: BaseDBAsyncClient, current: dict[str, Any], values: dict[str, Any]) -> SubscriberRow:
    if values['phone'] == current['phone']:
        values = {
            **values,
            'region': current['region'],
            'operator': current['operator'],
            'timezone': current['timezone'],
        }
    else:
        values = _detected(values, current_table())
        if await queries.existing(conn, base_id=current['base_id'], phones=[values['phone']]):
            raise DomainError('subscriber_duplicate')
    try:
        await store.update_row(conn, subscriber_id=current['id'], values=values)
    except IntegrityError as error:  # a concurrent add of the same number
        raise DomainError('subscriber_duplicate') from error
    return _row({**current, **values})


def _detected(values: dict[str, Any], table: NumberingTable) -> dict[str, Any]:
    found = detect_number(table, values['phone'])
    return {**values, 'region': found.region or '', 'operator': found.operator or '', 'timezone': found.timezone or ''}


async def _owned(account_id: int, base_id: int) -> PhoneBase:
    base = await PhoneBase.get_or_none(id=base_id, account_id=account_id)
    if base is None:
        raise NotFound('base')
    return base


async def _subscriber(conn: BaseDBAsyncClient, account_id: int, base_id: int, subscriber_id: int) -> dict[str, Any]:
    base = await _owned(account_id, base_id)
    row = await queries.fetch_one(conn, base_id=base.id, subscriber_id=subscriber_id)
    if row is None:
        raise NotFound('subscriber')
    return row


def _selection(ids: Sequence[int] | None, query: ListQuery | None) -> queries.Selection:
    if ids is not None:
        return queries.Selection(ids=list(ids))
    return queries.Selection(where=_filter(query) if query is not None else None)


def _filter(query: ListQuery) -> queries.SubscriberFilter:
    notes = {key: value.strip() for key, value in query.notes.items() if value.strip()}
    if any(key not in queries.NOTE_COLUMNS for key in notes):
        raise DomainError('field_unknown')
    typed = query.phone.strip()
    digits = _NON_DIGITS.sub('', typed)
    prefix = contains = ''
    if digits and typed.startswith('+'):
        prefix = '+' + digits
    elif digits and digits[0] in '78':
        prefix = '+7' + digits[1:]
    else:
        contains = digits
    return queries.SubscriberFilter(
        phone_prefix=prefix,
        phone_contains=contains,
        name=' '.join(query.name.split()).casefold(),
        region=query.region.strip(),
        operator=query.operator.strip(),
        unknown_only=query.unknown_only,
        notes=notes,
    )


def _row(values: dict[str, Any]) -> SubscriberRow:
    birth = values['birth_date']
    return SubscriberRow(
        id=int(values['id']),
        phone=values['phone'],
        last_name=values['last_name'],
        first_name=values['first_name'],
        middle_name=values['middle_name'],
        birth_date=date.fromisoformat(birth) if isinstance(birth, str) else birth,
        gender=values['gender'],
        region=values['region'],
        operator=values['operator'],
        timezone=values['timezone'],
        notes={key: values[key] for key in queries.NOTE_COLUMNS},
    )
