"""Менеджер → Обращения: the support inbox of every account. Every function refuses anybody but an active manager,
and every action (answer, close, assign) is recorded in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from domain.errors import DomainError, NotFound
from domain.roles import UserRole
from domain.services import audit
from domain.services.clients import require_manager
from domain.services.support import (
    Thread,
    TicketRow,
    about,
    close,
    display_name,
    load_thread,
    locked,
    post_message,
    ticket_rows,
)
from domain.services.support_files import Upload
from domain.tickets import TicketStatus
from storage.models import Account, Ticket, User

INBOX_LIMIT = 500


@dataclass(kw_only=True, slots=True, frozen=True)
class ManagerChoice:
    """A manager a ticket can be assigned to."""

    id: int
    name: str


async def inbox(
    *, manager_id: int, status: str = '', account_id: int | None = None, assigned_to_me: bool = False
) -> list[TicketRow]:
    """Tickets of every account for a manager, most recently changed first, filtered by status, client, assignee."""
    await require_manager(manager_id)
    query = Ticket.all().order_by('-updated_at', '-id').limit(INBOX_LIMIT)
    if status:
        query = query.filter(status=_status(status))
    if account_id is not None:
        query = query.filter(account_id=account_id)
    if assigned_to_me:
        query = query.filter(assignee_id=manager_id)
    return await ticket_rows(query)


async def manager_thread(*, manager_id: int, ticket_id: int) -> Thread:
    """Any account's ticket with its messages; opening it clears the managers' badge."""
    await require_manager(manager_id)
    if not await Ticket.exists(id=ticket_id):
        raise NotFound('ticket')
    await Ticket.filter(id=ticket_id, manager_unread=True).update(manager_unread=False)
    return await load_thread(ticket_id)


async def answer(*, manager_id: int, ticket_id: int, text: str, upload: Upload | None = None) -> None:
    """A manager's answer: the ticket becomes «отвечен» and the client gets a badge; audit-logged."""
    await require_manager(manager_id)
    await post_message(ticket_id, user_id=manager_id, account_id=None, text=text, upload=upload)


async def manager_close(*, manager_id: int, ticket_id: int) -> None:
    """A manager closes any account's ticket; audit-logged."""
    await require_manager(manager_id)
    async with in_transaction():
        ticket = await locked(ticket_id, account_id=None)
        await close(ticket)
        await audit.record('ticket_closed', user_id=manager_id, account_id=ticket.account_id, details=about(ticket))


async def assign(*, manager_id: int, ticket_id: int, assignee_id: int | None) -> None:
    """Make a manager responsible for a ticket (None: nobody); audit-logged."""
    await require_manager(manager_id)
    assignee = None
    if assignee_id is not None:
        assignee = await User.get_or_none(id=assignee_id, role=UserRole.manager, is_active=True)
        if assignee is None:
            raise DomainError('ticket_assignee_invalid')
    async with in_transaction():
        ticket = await locked(ticket_id, account_id=None)
        ticket.assignee_id = assignee_id
        await ticket.save(update_fields=['assignee_id', 'updated_at'])
        who = assignee.login if assignee is not None else '—'
        details = f'{about(ticket)} → {who}'
        await audit.record('ticket_assigned', user_id=manager_id, account_id=ticket.account_id, details=details)


async def managers(*, manager_id: int) -> list[ManagerChoice]:
    """The active managers, for the «Ответственный» choice."""
    await require_manager(manager_id)
    rows = await User.filter(role=UserRole.manager, is_active=True).order_by('login')
    return [ManagerChoice(id=u.id, name=display_name(u.full_name, u.login)) for u in rows]


async def ticket_accounts(*, manager_id: int) -> dict[int, str]:
    """The accounts that have tickets, by name (the inbox's client filter)."""
    await require_manager(manager_id)
    ids = await Ticket.all().distinct().values_list('account_id', flat=True)
    return dict(await Account.filter(id__in=list(ids)).order_by('name').values_list('id', 'name'))


async def manager_unread_count() -> int:
    """How many tickets that are not closed have client messages no manager has opened (the managers' badge)."""
    return await Ticket.filter(manager_unread=True).exclude(status=TicketStatus.closed).count()


def _status(value: str) -> TicketStatus:
    try:
        return TicketStatus(value)
    except ValueError:
        raise DomainError('ticket_status_unknown') from None
