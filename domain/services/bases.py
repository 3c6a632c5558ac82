"""Phone bases of an account; every query is scoped to the caller's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.errors import DomainError, NotFound
from storage.models import PhoneBase

MAX_NAME_LENGTH = 200


@dataclass(kw_only=True, slots=True, frozen=True)
class BaseInfo:
    """A phone base as the pages show it."""

    id: int
    name: str
    description: str
    created_at: datetime


async def list_bases(*, account_id: int) -> list[BaseInfo]:
    """The account's bases, newest first."""
    return [_info(b) for b in await PhoneBase.filter(account_id=account_id).order_by('-id')]


async def create_base(*, account_id: int, name: str) -> BaseInfo:
    """Create an empty base with a name."""
    name = _clean_name(name)
    return _info(await PhoneBase.create(account_id=account_id, name=name))


async def get_base(*, account_id: int, base_id: int) -> BaseInfo:
    """One base of the account; another account's base is reported as not found."""
    base = await PhoneBase.get_or_none(id=base_id, account_id=account_id)
    if base is None:
        raise NotFound('base')
    return _info(base)


def _clean_name(name: str) -> str:
    name = ' '.join(name.split())
    if not name:
        raise DomainError('base_name_empty')
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError('base_name_too_long', limit=MAX_NAME_LENGTH)
    return name


def _info(base: PhoneBase) -> BaseInfo:
    return BaseInfo(id=base.id, name=base.name, description=base.description, created_at=base.created_at)
