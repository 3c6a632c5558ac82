"""Files attached to support messages: checked by content, kept under VAR_DIR/support by a generated name, handed
out only to the ticket's own account and to managers (anybody else is told «не найдено»).

TicketMessage.attachment_type keeps the attachment's kind (pdf, png, docx, ...: domain.attachments), not the MIME
type, which for Word and Excel files is longer than the column; the MIME type is derived when the file is served.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from domain.attachments import AttachmentType, check_attachment, content_type_of
from domain.errors import DomainError, NotFound
from domain.roles import UserRole
from domain.services.var_dir import var_subdir
from domain.uploads import safe_filename
from storage.models import Ticket, TicketMessage, User

_STORED_NAME = re.compile(r'^[0-9a-f]{32}\.[a-z]{3,4}$')


@dataclass(kw_only=True, slots=True, frozen=True)
class Upload:
    """A file as the browser sent it (the name is whatever the user's computer called it)."""

    filename: str
    data: bytes


@dataclass(kw_only=True, slots=True, frozen=True)
class StoredAttachment:
    """An accepted file on disk: the name to show, the generated name it lies under, its kind and size."""

    name: str
    stored: str
    kind: str
    size: int


@dataclass(kw_only=True, slots=True, frozen=True)
class ServedAttachment:
    """Where an attachment lies and how to hand it out."""

    path: Path
    filename: str
    content_type: str
    inline: bool


def attachments_dir() -> Path:
    """Where support attachments are kept, outside anything the web server serves by itself."""
    return var_subdir('support')


def check(upload: Upload) -> AttachmentType:
    """The file's type; refuse a file that is empty, too large, not allowed or whose content lies about its name."""
    try:
        return check_attachment(upload.filename, upload.data)
    except DomainError as problem:
        raise DomainError(problem.code, filename=safe_filename(upload.filename), **problem.details) from None


async def store(upload: Upload) -> StoredAttachment:
    """Check the file and write it under a generated name (the user's name is only for showing)."""
    kind = check(upload)
    stored = f'{uuid.uuid4().hex}{kind.extension}'
    await asyncio.to_thread((attachments_dir() / stored).write_bytes, upload.data)
    return StoredAttachment(
        name=safe_filename(upload.filename, fallback=f'file{kind.extension}'),
        stored=stored,
        kind=kind.kind,
        size=len(upload.data),
    )


def discard(attachment: StoredAttachment | None) -> None:
    """Remove a written file whose message was not saved."""
    if attachment is not None and _STORED_NAME.match(attachment.stored):
        (attachments_dir() / attachment.stored).unlink(missing_ok=True)


async def attachment_for(*, message_id: int, user_id: int) -> ServedAttachment:
    """An attachment for download: a user of the ticket's account or a manager; anybody else gets not found."""
    user = await User.get_or_none(id=user_id, is_active=True)
    message = await TicketMessage.get_or_none(id=message_id)
    if user is None or message is None or not _STORED_NAME.match(message.attachment_stored):
        raise NotFound('attachment')
    if user.role is not UserRole.manager and not await _own_ticket(message.ticket_id, user.account_id):
        raise NotFound('attachment')
    path = attachments_dir() / message.attachment_stored
    if not path.is_file():
        raise NotFound('attachment')
    content_type, inline = content_type_of(message.attachment_type)
    return ServedAttachment(path=path, filename=message.attachment_name, content_type=content_type, inline=inline)


async def _own_ticket(ticket_id: int, account_id: int | None) -> bool:
    return account_id is not None and await Ticket.exists(id=ticket_id, account_id=account_id)
