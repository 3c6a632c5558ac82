"""SMS templates of an account (Управление СМС шаблонами): stored with stable insert keys, shown by label.

The parts cap is checked on the template's own text, inserts counted empty: what the inserts add depends on the
recipient and is checked per message when a mailing is composed (the composer shows the maximum over recipients).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from domain.base_fields import settings_from_json
from domain.errors import DomainError, NotFound
from domain.fields import TEMPLATE_INSERT_FIELDS
from domain.phones import PhoneStyle
from domain.segments import DEFAULT_PARTS_CAP, SegmentInfo, check_parts_cap, count_segments
from domain.templates import find_inserts, render, to_display, to_stored
from storage.models import PhoneBase, Template

MAX_NAME_LENGTH = 100
MAX_TEXT_LENGTH = 2000


@dataclass(kw_only=True, slots=True, frozen=True)
class TemplateInfo:
    """A template as the list and the editor show it."""

    id: int
    name: str
    stored: str
    display: str
    segments: SegmentInfo
    has_inserts: bool
    updated_at: datetime


@dataclass(kw_only=True, slots=True, frozen=True)
class Preview:
    """A template rendered for one subscriber, with what the subscriber lacks."""

    text: str
    segments: SegmentInfo
    missing: tuple[str, ...]
    unknown: tuple[str, ...]


async def insert_labels(*, account_id: int, defaults: Mapping[str, str]) -> dict[str, str]:
    """The Вставка menu: each insertable field under the label the account's bases give it (oldest base first)."""
    labels = {str(key): defaults[str(key)] for key in TEMPLATE_INSERT_FIELDS}
    renamed: set[str] = set()
    for raw in await PhoneBase.filter(account_id=account_id).order_by('id').values_list('field_settings', flat=True):
        for key, setting in settings_from_json(raw).items():  # type: ignore[arg-type]
            if key in labels and setting.label and key not in renamed:
                labels[key] = setting.label
                renamed.add(key)
    return labels


async def list_templates(*, account_id: int, labels: Mapping[str, str]) -> list[TemplateInfo]:
    """The account's templates, most recently changed first."""
    rows = await Template.filter(account_id=account_id).order_by('-updated_at', '-id')
    return [_info(row, labels) for row in rows]


async def get_template(*, account_id: int, template_id: int, labels: Mapping[str, str]) -> TemplateInfo:
    """One template of the account; another account's template is not found."""
    return _info(await _owned(account_id, template_id), labels)


async def create_template(
    *, account_id: int, name: str, display: str, labels: Mapping[str, str], parts_cap: int = DEFAULT_PARTS_CAP
) -> TemplateInfo:
    """«Создать шаблон»: check the name and the text, store inserts by key."""
    name, stored = _checked(name, display, labels, parts_cap)
    return _info(await Template.create(account_id=account_id, name=name, text=stored), labels)


async def update_template(
    *,
    account_id: int,
    template_id: int,
    name: str,
    display: str,
    labels: Mapping[str, str],
    parts_cap: int = DEFAULT_PARTS_CAP,
) -> TemplateInfo:
    """Save an edited template."""
    template = await _owned(account_id, template_id)
    template.name, template.text = _checked(name, display, labels, parts_cap)
    await template.save(update_fields=['name', 'text', 'updated_at'])
    return _info(template, labels)


async def delete_template(*, account_id: int, template_id: int) -> None:
    """Delete a template of the account."""
    await (await _owned(account_id, template_id)).delete()


def preview(
    stored: str, fields: Mapping[str, object] | None, *, labels: Mapping[str, str], phone_style: PhoneStyle
) -> Preview:
    """The template rendered for a subscriber's fields (None: inserts left empty)."""
    rendered = render(stored, fields or {}, phone_style=phone_style)
    return Preview(
        text=rendered.text,
        segments=count_segments(rendered.text),
        missing=tuple(labels.get(key, key) for key in rendered.missing_keys),
        unknown=rendered.unknown_keys,
    )


def _checked(name: str, display: str, labels: Mapping[str, str], parts_cap: int) -> tuple[str, str]:
    name = ' '.join(name.split())
    if not name:
        raise DomainError('template_name_empty')
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError('template_name_too_long', limit=MAX_NAME_LENGTH)
    if not display.strip():
        raise DomainError('template_text_empty')
    if len(display) > MAX_TEXT_LENGTH:
        raise DomainError('template_text_too_long', limit=MAX_TEXT_LENGTH)
    stored = to_stored(display, labels)
    parts = count_segments(render(stored, {}, phone_style=PhoneStyle.E164).text).parts
    if check_parts_cap(parts, parts_cap) is not None and parts > parts_cap:
        raise DomainError('template_over_cap', parts=parts, cap=parts_cap)
    return name, stored


async def _owned(account_id: int, template_id: int) -> Template:
    template = await Template.get_or_none(id=template_id, account_id=account_id)
    if template is None:
        raise NotFound('template')
    return template


def _info(template: Template, labels: Mapping[str, str]) -> TemplateInfo:
    stored = template.text
    return TemplateInfo(
        id=template.id,
        name=template.name,
        stored=stored,
        display=to_display(stored, labels),
        segments=count_segments(render(stored, {}, phone_style=PhoneStyle.E164).text),
        has_inserts=bool(find_inserts(stored)),
        updated_at=template.updated_at,
    )
