"""Rules for files people attach (sender-name documents, support attachments): size, real type, safe names."""

import re
import unicodedata
from dataclasses import dataclass

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# The content decides the type, never the name: an .exe renamed .pdf is still an .exe.
_SIGNATURES = (
    (b'%PDF-', 'application/pdf', '.pdf'),
    (b'\x89PNG\r\n\x1a\n', 'image/png', '.png'),
    (b'\xff\xd8\xff', 'image/jpeg', '.jpg'),
)
_UNSAFE = re.compile(r'[^\w.\- ()]+', re.UNICODE)


@dataclass(kw_only=True, slots=True, frozen=True)
class DocumentType:
    """What the bytes of an accepted document are."""

    content_type: str
    extension: str


def document_problem(data: bytes, *, limit: int = MAX_DOCUMENT_BYTES) -> str | None:
    """Why an attached document is refused (empty, too large, not a PDF/JPG/PNG), or None."""
    if not data:
        return 'document_empty'
    if len(data) > limit:
        return 'document_too_large'
    if document_type(data) is None:
        return 'document_type'
    return None


def document_type(data: bytes) -> DocumentType | None:
    """The type told by the file's first bytes, or None when it is not a PDF, PNG or JPEG."""
    for signature, content_type, extension in _SIGNATURES:
        if data.startswith(signature):
            return DocumentType(content_type=content_type, extension=extension)
    return None


def safe_filename(name: str, *, fallback: str = 'document') -> str:
    """A display name without directories, control characters or path tricks (`../../etc/passwd` -> `passwd`)."""
    base = name.replace('\\', '/').rsplit('/', 1)[-1]
    base = ''.join(ch for ch in unicodedata.normalize('NFC', base) if unicodedata.category(ch)[0] != 'C')
    base = _UNSAFE.sub('_', base).strip(' .')
    return base[:120] or fallback
