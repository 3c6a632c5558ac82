"""The manager's card of one client account: its figures and settings, users, mailings, sender names and tickets.

Read-only and for managers only; the card's actions (balance correction, credit limit, block) are the clients
service's, the account's ledger is billing's statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.errors import NotFound
from domain.phones import PhoneStyle
from domain.services import senders
from domain.services.account_users import AccountUser, users_of
from domain.services.clients import require_manager
from domain.services.senders import SenderInfo
from storage.models import Account, Mailing, Ticket

LIST_LIMIT = 100


@dataclass(kw_only=True, slots=True, frozen=True)
class MailingSummary:
    """A mailing as the card lists it."""

    id: int
    name: str
    sender: str
    recipients: int
    parts: int
    cost: Decimal
    created_at: datetime
    send_at: datetime | None


@dataclass(kw_only=True, slots=True, frozen=True)
class TicketSummary:
    """A support ticket as the card lists it."""

    id: int
    subject: str
    department: str
    status: str
    updated_at: datetime


@dataclass(kw_only=True, slots=True, frozen=True)
class AccountCard:
    """Everything the card shows about an account."""

    id: int
    name: str
    balance: Decimal
    credit_limit: Decimal
    is_active: bool
    created_at: datetime
    timezone: str
    default_sender: str
    phone_style: PhoneStyle
    parts_cap: int
    validity_hours: int
    low_balance_threshold: Decimal
    users: tuple[AccountUser, ...]
    mailings: tuple[MailingSummary, ...]
    senders: tuple[SenderInfo, ...]
    tickets: tuple[TicketSummary, ...]


async def card(*, manager_id: int, account_id: int) -> AccountCard:
    """The card of an account; only a manager may open it."""
    await require_manager(manager_id)
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound('account')
    mailings = await Mailing.filter(account_id=account_id).order_by('-id').limit(LIST_LIMIT)
    tickets = await Ticket.filter(account_id=account_id).order_by('-updated_at', '-id').limit(LIST_LIMIT)
    return AccountCard(
        id=account.id,
        name=account.name,
        balance=Decimal(account.balance),
        credit_limit=Decimal(account.credit_limit),
        is_active=account.is_active,
        created_at=account.created_at,
        timezone=account.timezone,
        default_sender=account.default_sender,
        phone_style=PhoneStyle(account.phone_style),
        parts_cap=account.parts_cap,
        validity_hours=account.validity_hours,
        low_balance_threshold=Decimal(account.low_balance_threshold),
        users=tuple(await users_of(account_id)),
        mailings=tuple(
            MailingSummary(
                id=m.id,
                name=m.name,
                sender=m.sender,
                recipients=m.recipients,
                parts=m.parts,
                cost=Decimal(m.cost),
                created_at=m.created_at,
                send_at=m.send_at,
            )
            for m in mailings
        ),
        senders=tuple(await senders.list_senders(account_id=account_id)),
        tickets=tuple(
            TicketSummary(id=t.id, subject=t.subject, department=t.department, status=t.status, updated_at=t.updated_at)
            for t in tickets
        ),
    )
