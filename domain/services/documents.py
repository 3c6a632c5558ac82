"""Закрывающие документы (Дополнительно → Документы): invoices and acts of an account per month.

A manager uploads them (PDF, JPG, PNG, checked by content) on the account's card, or the cabinet generates an act for
every finished month (in the account's time zone) that had charges: `ensure_acts` runs when the client's window or the
manager's card opens, so no month is forgotten and a deleted act is made again. Files live under
VAR_DIR/closing_documents by generated names and are served only to the account's owner and operators and to managers.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from domain import access
from domain.access import Capability
from domain.errors import DomainError, NotFound
from domain.roles import AccountRole
from domain.services import audit
from domain.services.clients import require_manager
from domain.services.documents_file import ActLine, ActView, act_html
from domain.services.var_dir import var_subdir
from domain.statuses import LedgerKind
from domain.uploads import document_problem, document_type, safe_filename
from storage import ledger
from storage.models import Account, ClosingDocument, LedgerEntry, Mailing

KINDS = ('invoice', 'act')
HTML = 'text/html; charset=utf-8'
_PERIOD = re.compile(r'^(\d{4})-(\d{2})$')
_MAILING_REF = re.compile(r'^mailing:(\d+)$')


@dataclass(kw_only=True, slots=True, frozen=True)
class DocumentRow:
    """A closing document in the lists."""

    id: int
    account_id: int
    kind: str
    period: str
    filename: str
    content_type: str
    size: int
    generated: bool
    created_at: datetime


@dataclass(kw_only=True, slots=True, frozen=True)
class StoredFile:
    """Where a document lies and how to hand it out."""

    path: Path
    filename: str
    content_type: str


async def list_documents(*, account_id: int) -> list[DocumentRow]:
    """The account's documents, newest month first, acts before invoices of the same month."""
    rows = await ClosingDocument.filter(account_id=account_id).order_by('-period', 'kind', '-id')
    return [_row(row) for row in rows]


async def ensure_acts(*, account_id: int, texts: Mapping[str, str], now: datetime | None = None) -> int:
    """Generate the missing acts of finished months that had charges; returns how many were made."""
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound('account')
    zone = ZoneInfo(account.timezone)
    this_month = _month_start((now or datetime.now(UTC)).astimezone(zone).date())
    before = datetime.combine(this_month, time(), zone).astimezone(UTC)  # SQLite compares the stored UTC text
    query = LedgerEntry.filter(account_id=account_id, kind=LedgerKind.charge, created_at__lt=before)
    moments: list[datetime] = await query.values_list('created_at', flat=True)  # type: ignore[assignment]
    periods = {_period(moment.astimezone(zone).date()) for moment in moments}
    have = set(await ClosingDocument.filter(account_id=account_id, kind='act').values_list('period', flat=True))
    made = 0
    for period in sorted(periods - {str(p) for p in have}):
        made += await _generate_act(account, period, texts)
    return made


async def upload(
    *, manager_id: int, account_id: int, kind: str, period: str, filename: str, data: bytes
) -> DocumentRow:
    """A manager's upload of an invoice or act for a month (PDF, JPG or PNG up to 10 MB)."""
    await require_manager(manager_id)
    if kind not in KINDS:
        raise DomainError('document_kind_unknown')
    period = period.strip()
    if not period_ok(period):
        raise DomainError('document_period_invalid')
    if problem := document_problem(data):
        raise DomainError(problem)
    if not await Account.exists(id=account_id):
        raise NotFound('account')
    found = document_type(data)
    assert found is not None  # document_problem accepted the content
    stored_name = f'{uuid.uuid4().hex}{found.extension}'
    (closing_dir() / stored_name).write_bytes(data)
    row = await ClosingDocument.create(
        account_id=account_id,
        kind=kind,
        period=period,
        filename=safe_filename(filename),
        stored_name=stored_name,
        content_type=found.content_type,
        size=len(data),
        generated=False,
    )
    await audit.record('document_uploaded', user_id=manager_id, account_id=account_id, details=f'{kind} {period}')
    return _row(row)


async def delete(*, manager_id: int, document_id: int) -> None:
    """A manager removes a document (a generated act is made again the next time the documents are opened)."""
    await require_manager(manager_id)
    row = await ClosingDocument.get_or_none(id=document_id)
    if row is None:
        raise NotFound('document')
    await row.delete()
    (closing_dir() / row.stored_name).unlink(missing_ok=True)
    await audit.record(
        'document_deleted', user_id=manager_id, account_id=row.account_id, details=f'{row.kind} {row.period}'
    )


async def document_for(
    *, document_id: int, account_id: int | None, is_manager: bool, role: AccountRole | None
) -> StoredFile:
    """A document for download: managers, and the owner account's owners and operators; anybody else: not found."""
    row = await ClosingDocument.get_or_none(id=document_id)
    allowed = is_manager or (
        row is not None and row.account_id == account_id and role is not None and access.can(role, Capability.work)
    )
    if row is None or not allowed:
        raise NotFound('document')
    return StoredFile(path=closing_dir() / row.stored_name, filename=row.filename, content_type=row.content_type)


def period_ok(period: str) -> bool:
    """A month as YYYY-MM between 2000 and 2100."""
    match = _PERIOD.match(period)
    return bool(match) and 2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12  # type: ignore[index]


def closing_dir() -> Path:
    """Where closing documents are kept, outside anything the web server serves by itself."""
    return var_subdir('closing_documents')


async def _generate_act(account: Account, period: str, texts: Mapping[str, str]) -> int:
    zone = ZoneInfo(account.timezone)
    first = date(int(period[:4]), int(period[5:]), 1)
    following = _month_start(first + timedelta(days=31))
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(following, time(), zone).astimezone(UTC)
    kinds = (LedgerKind.charge, LedgerKind.refund)
    entries = await LedgerEntry.filter(
        account_id=account.id, kind__in=kinds, created_at__gte=start, created_at__lt=end
    ).order_by('id')
    view = ActView(
        number=f'{account.id}-{period}',
        period=period,
        issued=following - timedelta(days=1),
        last_day=following - timedelta(days=1),
        seller_name=os.environ.get('INVOICE_SELLER_NAME', '').strip(),
        seller_inn=os.environ.get('INVOICE_SELLER_INN', '').strip(),
        buyer_name=account.name,
        vat_rate=_vat_rate(),
        lines=await _lines(entries, zone, texts),
    )
    data = act_html(view, texts)
    stored_name = f'{uuid.uuid4().hex}.html'
    async with in_transaction() as conn:
        await ledger.lock_account(conn, account.id)  # two windows opening at once make one act, not two
        if await ClosingDocument.filter(account_id=account.id, kind='act', period=period).using_db(conn).exists():
            return 0
        (closing_dir() / stored_name).write_bytes(data)
        await ClosingDocument.create(
            using_db=conn,
            account_id=account.id,
            kind='act',
            period=period,
            filename=texts['filename'].format(period=period),
            stored_name=stored_name,
            content_type=HTML,
            size=len(data),
            generated=True,
        )
    return 1


async def _lines(entries: list[LedgerEntry], zone: ZoneInfo, texts: Mapping[str, str]) -> tuple[ActLine, ...]:
    by_reference: dict[str, list[LedgerEntry]] = {}
    for entry in entries:
        by_reference.setdefault(entry.reference, []).append(entry)
    mailing_ids = [int(m[1]) for ref in by_reference if (m := _MAILING_REF.match(ref))]
    names = dict(await Mailing.filter(id__in=mailing_ids).values_list('id', 'name')) if mailing_ids else {}
    lines = []
    for reference, group in by_reference.items():
        charged = -sum((Decimal(e.amount) for e in group if e.kind == LedgerKind.charge), start=Decimal('0.00'))
        refunded = sum((Decimal(e.amount) for e in group if e.kind == LedgerKind.refund), start=Decimal('0.00'))
        match = _MAILING_REF.match(reference)
        if match:
            name = names.get(int(match[1]), '')
            title = texts['mailing_title'].format(id=match[1]) + (f' «{name}»' if name else '')
        else:
            title = reference
        day = group[0].created_at.astimezone(zone).date()
        lines.append(ActLine(day=day, reference=reference, title=title, charged=charged, refunded=refunded))
    return tuple(lines)


def _period(day: date) -> str:
    return f'{day.year:04d}-{day.month:02d}'


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _vat_rate() -> int | None:
    raw = os.environ.get('INVOICE_VAT_RATE', '').strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def _row(row: ClosingDocument) -> DocumentRow:
    return DocumentRow(
        id=row.id,
        account_id=row.account_id,
        kind=row.kind,
        period=row.period,
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        generated=row.generated,
        created_at=row.created_at,
    )
