"""The sender-name registry (Реестр имен отправителей) and the manager's approval of names.

Documents are stored under VAR_DIR/documents with generated names; only their owner account and managers may
fetch them (the download route checks that through `document_for`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tortoise.transactions import in_transaction

from domain.errors import DomainError, Forbidden, NotFound
from domain.roles import UserRole
from domain.sender_names import SenderStatus, validate_sender_name
from domain.services import audit
from domain.services.var_dir import var_subdir
from domain.uploads import document_problem, document_type, safe_filename
from storage.models import SenderDocument, SenderName, User

MAX_COMMENT_LENGTH = 1000
MAX_DOCUMENTS = 10


@dataclass(kw_only=True, slots=True, frozen=True)
class Upload:
    """A file as the browser sent it."""

    filename: str
    data: bytes


@dataclass(kw_only=True, slots=True, frozen=True)
class DocumentInfo:
    """An attached document."""

    id: int
    filename: str
    size: int


@dataclass(kw_only=True, slots=True, frozen=True)
class SenderInfo:
    """A sender name with its review."""

    id: int
    account_id: int
    account_name: str
    name: str
    comment: str
    status: SenderStatus
    manager_comment: str
    operators: str
    created_at: datetime
    decided_at: datetime | None
    documents: tuple[DocumentInfo, ...]


@dataclass(kw_only=True, slots=True, frozen=True)
class StoredDocument:
    """Where a document lies and how to hand it out."""

    path: Path
    filename: str
    content_type: str


async def list_senders(*, account_id: int) -> list[SenderInfo]:
    """The account's sender names, newest first."""
    rows = await SenderName.filter(account_id=account_id).order_by('-id').prefetch_related('documents', 'account')
    return [_info(row) for row in rows]


async def approved_names(*, account_id: int) -> list[str]:
    """The names the account may send from."""
    query = SenderName.filter(account_id=account_id, status=SenderStatus.approved).order_by('name')
    return [str(name) for name in await query.values_list('name', flat=True)]


async def add_sender(*, account_id: int, name: str, comment: str = '', uploads: Sequence[Upload] = ()) -> SenderInfo:
    """«Добавление нового имени отправителя»: check the name by the manual's rule, keep the documents."""
    comment = comment.strip()
    existing = (
        await SenderName.filter(account_id=account_id)
        .exclude(status=SenderStatus.rejected)
        .values_list('name', flat=True)
    )
    if problems := validate_sender_name(name, [str(n) for n in existing]):
        raise DomainError(f'sender_{problems[0].rule.value}', chars=problems[0].chars, rules=problems)
    if len(comment) > MAX_COMMENT_LENGTH:
        raise DomainError('sender_comment_too_long', limit=MAX_COMMENT_LENGTH)
    _check_uploads(uploads)
    async with in_transaction():
        sender = await SenderName.create(account_id=account_id, name=name, comment=comment)
        for upload in uploads:
            await _store_document(sender, upload)
    return await _load(sender.id)


async def pending() -> list[SenderInfo]:
    """Names of all accounts waiting for a manager, oldest first."""
    rows = await SenderName.filter(status=SenderStatus.pending).order_by('id').prefetch_related('documents', 'account')
    return [_info(row) for row in rows]


async def decide(
    *, sender_id: int, manager_id: int, approve: bool, comment: str = '', operators: str = ''
) -> SenderInfo:
    """Approve or reject a name (a rejection needs a comment for the client); recorded in the audit log."""
    comment = comment.strip()
    if not await User.exists(id=manager_id, role=UserRole.manager, is_active=True):
        raise Forbidden
    if not approve and not comment:
        raise DomainError('sender_reject_needs_comment')
    async with in_transaction():
        sender = await SenderName.filter(id=sender_id).select_for_update().first()
        if sender is None:
            raise NotFound('sender')
        if sender.status is not SenderStatus.pending:
            raise DomainError('sender_already_decided')
        sender.status = SenderStatus.approved if approve else SenderStatus.rejected
        sender.manager_comment, sender.operators = comment[:MAX_COMMENT_LENGTH], operators.strip()[:200]
        sender.decided_by_id, sender.decided_at = manager_id, datetime.now(UTC)
        await sender.save(update_fields=['status', 'manager_comment', 'operators', 'decided_by_id', 'decided_at'])
        await audit.record(
            'sender_approved' if approve else 'sender_rejected',
            user_id=manager_id,
            account_id=sender.account_id,
            details=f'{sender.name}: {comment}',
        )
    return await _load(sender_id)


async def document_for(*, document_id: int, account_id: int | None, is_manager: bool) -> StoredDocument:
    """A document for download: its own account's user or a manager; anybody else gets not found."""
    document = await SenderDocument.get_or_none(id=document_id).select_related('sender')
    if document is None or not (is_manager or document.sender.account_id == account_id):
        raise NotFound('document')
    return StoredDocument(
        path=documents_dir() / document.stored_name, filename=document.filename, content_type=document.content_type
    )


def documents_dir() -> Path:
    """Where attached documents are kept, outside anything the web server serves by itself."""
    return var_subdir('documents')


def _check_uploads(uploads: Sequence[Upload]) -> None:
    if len(uploads) > MAX_DOCUMENTS:
        raise DomainError('document_too_many', limit=MAX_DOCUMENTS)
    for upload in uploads:
        if problem := document_problem(upload.data):
            raise DomainError(problem, filename=safe_filename(upload.filename))


async def _store_document(sender: SenderName, upload: Upload) -> None:
    kind = document_type(upload.data)
    assert kind is not None  # checked by _check_uploads
    stored_name = f'{uuid.uuid4().hex}{kind.extension}'
    (documents_dir() / stored_name).write_bytes(upload.data)
    await SenderDocument.create(
        sender=sender,
        filename=safe_filename(upload.filename),
        stored_name=stored_name,
        content_type=kind.content_type,
        size=len(upload.data),
    )


async def _load(sender_id: int) -> SenderInfo:
    return _info(await SenderName.get(id=sender_id).prefetch_related('documents', 'account'))


def _info(sender: SenderName) -> SenderInfo:
    return SenderInfo(
        id=sender.id,
        account_id=sender.account_id,
        account_name=sender.account.name,
        name=sender.name,
        comment=sender.comment,
        status=SenderStatus(sender.status),
        manager_comment=sender.manager_comment,
        operators=sender.operators,
        created_at=sender.created_at,
        decided_at=sender.decided_at,
        documents=tuple(DocumentInfo(id=d.id, filename=d.filename, size=d.size) for d in sender.documents),
    )
