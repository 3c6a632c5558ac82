"""What the sending windows share: message rows for tables, the header's balance, refusals about money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from nicegui import ElementFilter, ui

import ui_text as t
from components.server_table import Fetch, ServerTable
from domain.clock import format_local
from domain.errors import DomainError
from domain.money import format_rub
from domain.phones import PhoneStyle, format_phone
from domain.services import billing
from domain.services.mailings import MessageRow
from domain.statuses import MessageStatus
from ui_text import sending as ts


def phone_text(phone: str) -> str:
    """A stored number as people read it; anything unexpected is shown as stored."""
    try:
        return format_phone(phone, PhoneStyle.PLUS7_SPACED)
    except ValueError:
        return phone


def message_row(row: MessageRow, timezone: str) -> dict[str, Any]:
    """A message as a table row: Russian status label, times in the viewer's zone."""
    return {
        'id': row.id,
        'mailing_id': row.mailing_id,
        'phone': phone_text(row.phone),
        'sender': row.sender,
        'text': row.text,
        'parts': row.parts,
        'cost': format_rub(row.cost),
        'status': ts.MESSAGE_STATUSES.get(row.status.value, row.status.value),
        'status_at': format_local(row.status_at, timezone),
        'due_at': format_local(row.due_at, timezone),
        'err': '' if row.status is MessageStatus.delivered or row.err.strip('0') == '' else row.err,
        'mailing': f'№{row.mailing_id}',
    }


def columns(names: dict[str, str], *, wrapped: tuple[str, ...] = ('text', 'progress')) -> list[dict[str, Any]]:
    """Table columns from a {field: label} mapping, left-aligned; long texts wrap instead of widening the table."""
    found: list[dict[str, Any]] = []
    for key, label in names.items():
        column: dict[str, Any] = {'name': key, 'label': label, 'field': key, 'align': 'left'}
        if key in wrapped:
            column['style'] = 'white-space: normal; min-width: 10rem; max-width: 18rem'
        found.append(column)
    return found


def server_table(*, columns: list[dict[str, Any]], fetch: Fetch, marker: str, selection: bool = True) -> ServerTable:
    """A dense server-side table, as the sending windows show their mailings and messages."""
    table = ServerTable(columns=columns, fetch=fetch, selection=selection, marker=marker)
    table.table.props('dense')
    return table


async def refresh_balance(account_id: int) -> Decimal:
    """Show the account's current balance in the header (after a charge or a refund)."""
    balance = await billing.balance(account_id)
    for label in ElementFilter(kind=ui.label, marker='balance'):
        label.text = f'{t.BALANCE}: {format_rub(balance)}'
    return balance


def refusal(problem: DomainError) -> str:
    """A domain refusal in Russian; a short balance is told with the amounts."""
    if problem.code != 'insufficient_funds':
        return t.error_text(problem.code)
    needed, balance = problem.details.get('needed'), problem.details.get('balance')
    if not isinstance(needed, Decimal) or not isinstance(balance, Decimal):
        return t.error_text(problem.code)
    limit = problem.details.get('credit_limit')
    available = balance + (limit if isinstance(limit, Decimal) else Decimal(0))
    return ts.short_of_money(format_rub(needed), format_rub(available), format_rub(max(needed - available, Decimal(0))))
