"""Who a mailing goes to: bases filtered in SQL, typed numbers and file rows merged, exclusions and the stop-list.

Every base is checked to be the caller's (another account's base is «не найдено»). Reading a base is async and
batched (keyset); normalising, merging and describing numbers run in a thread so the event loop stays free.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.base_fields import settings_from_json
from domain.errors import DomainError, NotFound
from domain.fields import FIELD_KEYS, Gender
from domain.recipient_lists import Recipients as Merged
from domain.recipient_lists import Split, birthday_keys, split_recipients
from domain.services.mailing_types import BaseFilter, FilterOptions, Recipients, SourceCounts
from domain.services.numbering import current_table
from domain.services.stoplist import stopped_among
from storage import recipients as store
from storage.models import Account, PhoneBase
from storage.subscriber_queries import connection

LEADING_COLUMNS = ('phone', 'region', 'operator', 'timezone')
_GENDERS = {
    'м': Gender.male.value,
    'ж': Gender.female.value,
    Gender.male.value: Gender.male.value,
    Gender.female.value: Gender.female.value,
}


@dataclass(kw_only=True, slots=True, frozen=True)
class Resolved:
    """The merged recipients, which of them to send to or hold as stop-listed, and the bases' names."""

    merged: Merged
    split: Split
    base_names: Mapping[int, str]


async def filter_options(*, account_id: int, base_id: int, defaults: Mapping[str, str] | None = None) -> FilterOptions:
    """The choices of the filter window for one base: regions and operators with counts, enabled fields."""
    base = await _owned_base(account_id, base_id)
    conn = connection()
    settings = settings_from_json(base.field_settings)
    labels = defaults or {}
    fields = tuple((key, setting.label or labels.get(key, key)) for key, setting in settings.items() if setting.enabled)
    return FilterOptions(
        base_name=base.name,
        total=base.subscriber_count,
        regions=tuple(await store.facet(conn, base_id=base_id, column='region')),
        operators=tuple(await store.facet(conn, base_id=base_id, column='operator')),
        fields=fields,
    )


async def count_filtered(*, account_id: int, base_filter: BaseFilter, today: date | None = None) -> int:
    """How many subscribers of the base match the filter."""
    await _owned_base(account_id, base_filter.base_id)
    return await store.count(connection(), criteria(base_filter, today or await account_today(account_id)))


async def source_counts(*, account_id: int, recipients: Recipients, today: date | None = None) -> SourceCounts:
    """Counts per source and the unique count after merging (before stop-list and exclusions)."""
    await owned_names(account_id, [item.base_id for item in recipients.bases])
    conn = connection()
    day = today or await account_today(account_id)
    wanted = [criteria(item, day) for item in recipients.bases]
    merged = await asyncio.to_thread(_merge_typed_and_file, recipients)
    in_bases = await store.present(conn, wanted, merged.phones)
    from_bases = await store.distinct_phones(conn, wanted)
    filled = sum((bool(recipients.bases), bool(recipients.numbers_text.strip()), bool(recipients.file_rows)))
    return SourceCounts(
        from_bases=from_bases,
        from_numbers=merged.from_numbers,
        from_file=merged.from_file,
        unique=from_bases + sum(1 for phone in merged.phones if phone not in in_bases),
        filled_sources=filled,
    )


async def resolve(*, account_id: int, recipients: Recipients, insert_keys: Sequence[str], today: date) -> Resolved:
    """Read and merge every source, then set apart the numbers of exclusion bases and of the stop-list."""
    names = await owned_names(account_id, [*(item.base_id for item in recipients.bases), *recipients.exclude_base_ids])
    conn = connection()
    extra = [key for key in dict.fromkeys(insert_keys) if key in store.READ_COLUMNS and key != 'phone']
    batches = []
    for item in recipients.bases:
        async for rows in store.iter_rows(conn, criteria(item, today), columns=(*LEADING_COLUMNS, *extra)):
            batches.append(rows)
    merged = await asyncio.to_thread(_merge, batches, extra, recipients)
    excluded = await store.phones_of_bases(conn, recipients.exclude_base_ids)
    kept = [phone for phone in merged.phones if phone not in excluded]
    stopped = await stopped_among(account_id=account_id, phones=kept)
    split = await asyncio.to_thread(split_recipients, merged.phones, excluded=excluded, stopped=stopped)
    return Resolved(merged=merged, split=split, base_names=names)


async def owned_names(account_id: int, base_ids: Sequence[int]) -> dict[int, str]:
    """The names of these bases when every one is the account's; otherwise NotFound."""
    wanted = set(base_ids)
    if not wanted:
        return {}
    rows = await PhoneBase.filter(account_id=account_id, id__in=sorted(wanted)).values_list('id', 'name')
    names = {int(base_id): str(name) for base_id, name in rows}
    if set(names) != wanted:
        raise NotFound('base')
    return names


async def account_today(account_id: int) -> date:
    """Today's date in the account's time zone."""
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound('account')
    return datetime.now(ZoneInfo(account.timezone)).date()


def criteria(item: BaseFilter, today: date) -> store.Criteria:
    """The storage criteria of a filter; an unknown field or condition is refused."""
    gender = _GENDERS.get(item.gender.strip()) if item.gender.strip() else ''
    if gender is None:
        raise DomainError('mailing_filter_invalid', field='gender')
    if item.field_key and (
        item.field_op not in store.FIELD_OPS
        or item.field_key not in FIELD_KEYS
        or (item.field_key == 'birth_date' and item.field_op != 'empty')
    ):
        raise DomainError('mailing_filter_invalid', field=item.field_key)
    return store.Criteria(
        base_id=item.base_id,
        regions=tuple(item.regions),
        operators=tuple(item.operators),
        gender=gender,
        birth_from=item.birth_from,
        birth_to=item.birth_to,
        birthdays=birthday_keys(today) if item.birthday_today else (),
        field_key=item.field_key if item.field_op else '',
        field_op=item.field_op if item.field_key else '',
        field_value=item.field_value,
    )


async def _owned_base(account_id: int, base_id: int) -> PhoneBase:
    base = await PhoneBase.get_or_none(id=base_id, account_id=account_id)
    if base is None:
        raise NotFound('base')
    return base


def _merge_typed_and_file(recipients: Recipients) -> Merged:
    merged = Merged()
    merged.add_typed(recipients.numbers_text)
    merged.add_file((row.row, row.phone, row.values) for row in recipients.file_rows)
    return merged


def _merge(batches: list[Sequence[Sequence[object]]], extra: Sequence[str], recipients: Recipients) -> Merged:
    merged = Merged()
    for rows in batches:
        merged.add_base_rows(rows, extra)
    merged.add_typed(recipients.numbers_text)
    merged.add_file((row.row, row.phone, row.values) for row in recipients.file_rows)
    merged.describe_missing(current_table())
    return merged
