"""Phone bases of an account; every query is scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.transactions import in_transaction

from domain.base_fields import FieldSetting, settings_from_json, settings_to_json, validate_settings
from domain.errors import DomainError, NotFound
from domain.services.numbering import current_table
from storage.models import PhoneBase, Subscriber

MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000


@dataclass(kw_only=True, slots=True, frozen=True)
class BaseInfo:
    """A phone base as the pages show it."""

    id: int
    name: str
    description: str
    created_at: datetime
    subscriber_count: int = 0
    settings: dict[str, FieldSetting] = field(default_factory=dict)


async def list_bases(*, account_id: int) -> list[BaseInfo]:
    """The account's bases, newest first."""
    return [_info(b) for b in await PhoneBase.filter(account_id=account_id).order_by('-id')]


async def create_base(*, account_id: int, name: str) -> BaseInfo:
    """Create an empty base with a name."""
    name = _clean_name(name)
    return _info(await PhoneBase.create(account_id=account_id, name=name))


async def get_base(*, account_id: int, base_id: int) -> BaseInfo:
    """One base of the account; another account's base is reported as not found."""
    return _info(await _owned(account_id, base_id))


async def update_base(
    *, account_id: int, base_id: int, name: str, description: str, settings: Mapping[str, FieldSetting]
) -> BaseInfo:
    """Save the dialog «Настройка базы получателей СМС»: name, description, fields used and their labels."""
    base = await _owned(account_id, base_id)
    description = description.strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise DomainError('base_description_too_long', limit=MAX_DESCRIPTION_LENGTH)
    base.name = _clean_name(name)
    base.description = description
    base.field_settings = settings_to_json(validate_settings(settings))
    await base.save(update_fields=['name', 'description', 'field_settings', 'updated_at'])
    return _info(base)


async def delete_base(*, account_id: int, base_id: int) -> int:
    """Delete a base with all its subscribers (one statement each); returns how many subscribers went with it."""
    async with in_transaction():
        base = await _owned(account_id, base_id)
        removed = await Subscriber.filter(base_id=base.id).delete()
        await base.delete()
    return removed


def filter_choices() -> tuple[list[str], list[str]]:
    """Every region and operator the numbering plan knows, for the subscriber list's filters."""
    table = current_table()
    return sorted(set(table.regions) - {''}), sorted(set(table.operators) - {''})


async def _owned(account_id: int, base_id: int) -> PhoneBase:
    base = await PhoneBase.get_or_none(id=base_id, account_id=account_id)
    if base is None:
        raise NotFound('base')
    return base


def _clean_name(name: str) -> str:
    name = ' '.join(name.split())
    if not name:
        raise DomainError('base_name_empty')
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError('base_name_too_long', limit=MAX_NAME_LENGTH)
    return name


def _info(base: PhoneBase) -> BaseInfo:
    return BaseInfo(
        id=base.id,
        name=base.name,
        description=base.description,
        created_at=base.created_at,
        subscriber_count=base.subscriber_count,
        settings=settings_from_json(base.field_settings),
    )
