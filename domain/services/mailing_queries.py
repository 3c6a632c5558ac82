"""Reading mailings and messages of an account: «Список запланированных SMS», a mailing's messages, and
«Список СМС ожидающих оплату». Every query is scoped to the caller's account."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from domain.errors import NotFound
from domain.services.mailing_types import MailingRow, MessageRow, Page
from domain.statuses import MailingStatus, MessageStatus, mailing_status
from storage import messages
from storage.models import Account, Mailing, Message
from storage.subscriber_queries import connection

_NOT_DIGIT = re.compile(r'\D')
_NUMBER_LIKE = re.compile(r'[\d\s+()\-]+')


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
    """The account's mailings, newest first, whose planned day (account's zone) is within the period."""
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound('account')
    query = _period(Mailing.filter(account_id=account_id), ZoneInfo(account.timezone), date_from, date_to)
    if sender:
        query = query.filter(sender=sender)
    offset, limit = max(offset, 0), max(limit, 1)
    if status is None:
        total = await query.count()
        page = await query.order_by('-id').offset(offset).limit(limit)
        counts = await messages.status_counts(connection(), [mailing.id for mailing in page])
        return Page(rows=tuple(_mailing_row(mailing, counts[mailing.id]) for mailing in page), total=total)
    ids = [int(row['id']) for row in await query.order_by('-id').values('id')]
    counts = await messages.status_counts(connection(), ids)
    matching = [mailing_id for mailing_id in ids if status_of(counts[mailing_id]) is status]
    chosen = matching[offset : offset + limit]
    page = await Mailing.filter(id__in=chosen).order_by('-id') if chosen else []
    return Page(rows=tuple(_mailing_row(mailing, counts[mailing.id]) for mailing in page), total=len(matching))


async def mailing_messages(
    *, account_id: int, mailing_id: int, status: MessageStatus | None = None, offset: int = 0, limit: int = 50
) -> Page[MessageRow]:
    """The messages of one mailing of the account, in creation order."""
    if not await Mailing.exists(id=mailing_id, account_id=account_id):
        raise NotFound('mailing')
    query = Message.filter(mailing_id=mailing_id, account_id=account_id)
    if status is not None:
        query = query.filter(status=status)
    total = await query.count()
    rows = await query.order_by('id').offset(max(offset, 0)).limit(max(limit, 1))
    return Page(rows=tuple(_message_row(row) for row in rows), total=total)


async def awaiting_messages(
    *, account_id: int, search: str = '', sender: str = '', offset: int = 0, limit: int = 50
) -> Page[MessageRow]:
    """«Список СМС ожидающих оплату»: search by number digits, or else by text; earliest planned first."""
    query = _awaiting(account_id, search=search, sender=sender)
    total = await query.count()
    rows = await query.order_by('due_at', 'id').offset(max(offset, 0)).limit(max(limit, 1))
    return Page(rows=tuple(_message_row(row) for row in rows), total=total)


async def awaiting_summary(*, account_id: int, search: str = '', sender: str = '') -> tuple[int, Decimal]:
    """How many messages await payment (with the same filter) and what paying for all of them costs."""
    costs = await _awaiting(account_id, search=search, sender=sender).values_list('cost', flat=True)
    return len(costs), sum((Decimal(str(cost)) for cost in costs), start=Decimal('0.00'))


def _awaiting(account_id: int, *, search: str, sender: str) -> QuerySet[Message]:
    query = Message.filter(account_id=account_id, status=MessageStatus.awaiting_payment)
    if sender:
        query = query.filter(sender=sender)
    text = search.strip()
    if text:
        digits = _NOT_DIGIT.sub('', text)
        is_number = bool(digits) and _NUMBER_LIKE.fullmatch(text) is not None
        query = query.filter(phone__contains=digits) if is_number else query.filter(text__icontains=text)
    return query


def _period(
    query: QuerySet[Mailing], zone: ZoneInfo, date_from: date | None, date_to: date | None
) -> QuerySet[Mailing]:
    """Mailings planned (send_at, or created_at for "now") from the start of date_from to the end of date_to."""
    if date_from is not None:
        start = datetime.combine(date_from, time(), zone)
        query = query.filter(Q(send_at__gte=start) | Q(send_at__isnull=True, created_at__gte=start))
    if date_to is not None:
        end = datetime.combine(date_to + timedelta(days=1), time(), zone)
        query = query.filter(Q(send_at__lt=end) | Q(send_at__isnull=True, created_at__lt=end))
    return query


def status_of(counts: Mapping[MessageStatus, int]) -> MailingStatus:
    """A mailing's status from its messages' counts; stop-listed messages (never sent) do not move it."""
    return mailing_status({status: count for status, count in counts.items() if status is not MessageStatus.stopped})


def _mailing_row(mailing: Mailing, counts: Mapping[MessageStatus, int]) -> MailingRow:
    return MailingRow(
        id=mailing.id,
        name=mailing.name,
        sender=mailing.sender,
        text=mailing.text,
        created_at=mailing.created_at,
        first_due=mailing.send_at or mailing.created_at,
        status=status_of(counts),
        counts=dict(counts),
        cost=Decimal(mailing.cost),
    )


def _message_row(row: Message) -> MessageRow:
    return MessageRow(
        id=row.id,
        mailing_id=row.mailing_id,
        phone=row.phone,
        sender=row.sender,
        text=row.text,
        parts=row.parts,
        cost=Decimal(row.cost),
        status=MessageStatus(row.status),
        status_at=row.status_at,
        due_at=row.due_at,
        region=row.region,
        operator=row.operator,
        err=row.err,
    )
