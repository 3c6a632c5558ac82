"""Поддержка: a client's questions to technical support or the administration, and the ticket core that the
managers' inbox (support_inbox) shares.

A client works only with the tickets of its own account (another account's ticket is «не найдено»). Statuses follow
domain.tickets.TicketStatus; `client_unread` is the client's badge (a manager answered), `manager_unread` the
managers' (the client wrote).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.errors import DomainError, Forbidden, NotFound
from domain.roles import UserRole
from domain.services import audit, support_files
from domain.services.support_files import StoredAttachment, Upload
from domain.texts import clean_text
from domain.tickets import MAX_MESSAGE_LENGTH, MAX_SUBJECT_LENGTH, Department, TicketStatus
from storage.models import Ticket, TicketMessage, User


@dataclass(kw_only=True, slots=True, frozen=True)
class TicketRow:
    """A ticket in a list."""

    id: int
    account_id: int
    account_name: str
    subject: str
    department: Department
    status: TicketStatus
    assignee_id: int | None
    assignee_name: str
    client_unread: bool
    manager_unread: bool
    created_at: datetime
    updated_at: datetime


@dataclass(kw_only=True, slots=True, frozen=True)
class MessageInfo:
    """One message of a thread; `attachment_name` is empty when nothing is attached."""

    id: int
    from_manager: bool
    author_name: str
    text: str
    attachment_name: str
    attachment_size: int
    created_at: datetime


@dataclass(kw_only=True, slots=True, frozen=True)
class Thread:
    """A ticket with its messages, oldest first."""

    ticket: TicketRow
    messages: tuple[MessageInfo, ...]


async def ask(*, user_id: int, department: str, subject: str, text: str, upload: Upload | None = None) -> TicketRow:
    """«Отправить вопрос»: a new ticket of the user's account with its first message (and attachment)."""
    user = await _client(user_id)
    where = _department(department)
    subject = clean_text(subject, field='ticket_subject', limit=MAX_SUBJECT_LENGTH, multiline=False)
    text = _text(text)
    attachment = await support_files.store(upload) if upload is not None else None
    try:
        async with in_transaction():
            ticket = await Ticket.create(
                account_id=user.account_id,
                author_id=user.id,
                department=where,
                subject=subject,
                status=TicketStatus.open,
                client_unread=False,
                manager_unread=True,
            )
            await _add_message(ticket.id, author_id=user.id, from_manager=False, text=text, attachment=attachment)
    except BaseException:
        support_files.discard(attachment)
        raise
    return (await ticket_rows(Ticket.filter(id=ticket.id)))[0]


async def my_tickets(*, user_id: int) -> list[TicketRow]:
    """The tickets of the user's account, the most recently changed first."""
    user = await _client(user_id)
    return await ticket_rows(Ticket.filter(account_id=user.account_id).order_by('-updated_at', '-id'))


async def client_thread(*, user_id: int, ticket_id: int) -> Thread:
    """A ticket of the user's account with its messages; opening it clears the client's badge."""
    user = await _client(user_id)
    ticket = await Ticket.get_or_none(id=ticket_id, account_id=user.account_id)
    if ticket is None:
        raise NotFound('ticket')
    if ticket.client_unread:
        await Ticket.filter(id=ticket_id).update(client_unread=False)
    return await load_thread(ticket_id)


async def client_reply(*, user_id: int, ticket_id: int, text: str, upload: Upload | None = None) -> None:
    """The client writes again: the ticket is open for the managers again."""
    user = await _client(user_id)
    await post_message(ticket_id, user_id=user.id, account_id=user.account_id, text=text, upload=upload)


async def client_close(*, user_id: int, ticket_id: int) -> None:
    """The client closes a ticket of the account (the question is settled)."""
    user = await _client(user_id)
    async with in_transaction():
        ticket = await locked(ticket_id, account_id=user.account_id)
        await close(ticket)


async def client_unread_count(*, account_id: int) -> int:
    """How many tickets of the account have an answer the client has not opened (the menu badge)."""
    return await Ticket.filter(account_id=account_id, client_unread=True).count()


async def _client(user_id: int) -> User:
    user = await User.get_or_none(id=user_id, role=UserRole.client, is_active=True)
    if user is None or user.account_id is None:
        raise Forbidden
    return user


async def post_message(
    ticket_id: int, *, user_id: int, account_id: int | None, text: str, upload: Upload | None
) -> None:
    """Add a message (callers check the role): a client's when `account_id` is given (the ticket must be that
    account's), else a manager's answer, audit-logged."""
    text = _text(text)
    from_manager = account_id is None
    found = await Ticket.filter(id=ticket_id, **({} if from_manager else {'account_id': account_id})).first()
    if found is None:
        raise NotFound('ticket')
    if found.status == TicketStatus.closed:
        raise DomainError('ticket_closed')
    attachment = await support_files.store(upload) if upload is not None else None
    try:
        async with in_transaction():
            ticket = await locked(ticket_id, account_id=account_id)
            if ticket.status == TicketStatus.closed:
                raise DomainError('ticket_closed')
            await _add_message(
                ticket.id, author_id=user_id, from_manager=from_manager, text=text, attachment=attachment
            )
            if from_manager:
                ticket.status, ticket.client_unread, ticket.manager_unread = TicketStatus.answered, True, False
                ticket.assignee_id = ticket.assignee_id or user_id
                details = about(ticket)
                await audit.record('ticket_answered', user_id=user_id, account_id=ticket.account_id, details=details)
            else:
                ticket.status, ticket.manager_unread = TicketStatus.open, True
            await ticket.save(update_fields=['status', 'client_unread', 'manager_unread', 'assignee_id', 'updated_at'])
    except BaseException:
        support_files.discard(attachment)
        raise


async def locked(ticket_id: int, *, account_id: int | None) -> Ticket:
    """The ticket locked for an update (of that account, when given), or NotFound."""
    query = Ticket.filter(id=ticket_id)
    if account_id is not None:
        query = query.filter(account_id=account_id)
    ticket = await query.select_for_update().first()
    if ticket is None:
        raise NotFound('ticket')
    return ticket


async def close(ticket: Ticket) -> None:
    """Close a locked ticket (DomainError ticket_closed when it already is)."""
    if ticket.status == TicketStatus.closed:
        raise DomainError('ticket_closed')
    ticket.status = TicketStatus.closed
    await ticket.save(update_fields=['status', 'updated_at'])


async def _add_message(
    ticket_id: int, *, author_id: int, from_manager: bool, text: str, attachment: StoredAttachment | None
) -> None:
    await TicketMessage.create(
        ticket_id=ticket_id,
        author_id=author_id,
        from_manager=from_manager,
        text=text,
        attachment_name=attachment.name if attachment else '',
        attachment_stored=attachment.stored if attachment else '',
        attachment_type=attachment.kind if attachment else '',
        attachment_size=attachment.size if attachment else 0,
    )


async def load_thread(ticket_id: int) -> Thread:
    """A ticket with its messages and their authors' names."""
    (ticket,) = await ticket_rows(Ticket.filter(id=ticket_id))
    messages = await TicketMessage.filter(ticket_id=ticket_id).order_by('id')
    names = await _names({m.author_id for m in messages if m.author_id is not None})
    return Thread(
        ticket=ticket,
        messages=tuple(
            MessageInfo(
                id=m.id,
                from_manager=m.from_manager,
                author_name=names.get(m.author_id or 0, ''),
                text=m.text,
                attachment_name=m.attachment_name,
                attachment_size=m.attachment_size,
                created_at=m.created_at,
            )
            for m in messages
        ),
    )


async def ticket_rows(query: QuerySet[Ticket]) -> list[TicketRow]:
    """The tickets of a query with their accounts and assignees, in the query's order."""
    tickets = await query.select_related('account')
    names = await _names({t.assignee_id for t in tickets if t.assignee_id is not None})
    return [
        TicketRow(
            id=t.id,
            account_id=t.account_id,
            account_name=t.account.name,
            subject=t.subject,
            department=Department(t.department),
            status=TicketStatus(t.status),
            assignee_id=t.assignee_id,
            assignee_name=names.get(t.assignee_id or 0, ''),
            client_unread=t.client_unread,
            manager_unread=t.manager_unread,
            created_at=t.created_at,
            updated_at=t.updated_at,
        )
        for t in tickets
    ]


async def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.filter(id__in=list(user_ids)).values_list('id', 'full_name', 'login')
    return {int(uid): display_name(str(full), str(login)) for uid, full, login in rows}


def display_name(full_name: str, login: str) -> str:
    """How a person is named in a thread: the full name, else the login."""
    return full_name.strip() or login


def _text(text: str) -> str:
    return clean_text(text, field='ticket_text', limit=MAX_MESSAGE_LENGTH)


def _department(value: str) -> Department:
    try:
        return Department(value)
    except ValueError:
        raise DomainError('ticket_department') from None


def about(ticket: Ticket) -> str:
    """A ticket in an audit record."""
    return f'#{ticket.id} {ticket.subject}'
