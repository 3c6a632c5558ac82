"""What a file attached to a support question may be: its size, and a type told by its content, not its name.

Allowed: images (JPG, PNG, GIF, WEBP), PDF, TXT/CSV text, Word (DOC, DOCX) and Excel (XLS, XLSX) without macros.
The extension must agree with the content: a program renamed `.pdf` or a PDF renamed `.txt` is refused.
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass

from domain.errors import DomainError
from domain.uploads import document_type

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.pdf,.txt,.csv,.doc,.docx,.xls,.xlsx'

_OLE2 = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'
_IMAGES = frozenset({'png', 'jpeg', 'gif', 'webp'})
_KINDS_BY_EXTENSION = {
    '.pdf': frozenset({'pdf'}),
    '.png': _IMAGES,
    '.jpg': _IMAGES,
    '.jpeg': _IMAGES,
    '.gif': _IMAGES,
    '.webp': _IMAGES,
    '.txt': frozenset({'text'}),
    '.csv': frozenset({'text'}),
    '.doc': frozenset({'doc'}),
    '.docx': frozenset({'docx'}),
    '.xls': frozenset({'xls'}),
    '.xlsx': frozenset({'xlsx'}),
}
_TYPES = {
    'pdf': ('application/pdf', '.pdf'),
    'png': ('image/png', '.png'),
    'jpeg': ('image/jpeg', '.jpg'),
    'gif': ('image/gif', '.gif'),
    'webp': ('image/webp', '.webp'),
    'doc': ('application/msword', '.doc'),
    'xls': ('application/vnd.ms-excel', '.xls'),
    'docx': ('application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.docx'),
    'xlsx': ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xlsx'),
    'txt': ('text/plain', '.txt'),
    'csv': ('text/csv', '.csv'),
}


@dataclass(kw_only=True, slots=True, frozen=True)
class AttachmentType:
    """How an accepted attachment is stored and handed out; `kind` is the short code kept with it (pdf, png, jpeg,
    gif, webp, doc, xls, docx, xlsx, txt, csv), `content_type` follows from it (see `content_type_of`)."""

    kind: str
    content_type: str
    extension: str
    inline: bool  # images are shown in the browser; everything else is downloaded


def check_attachment(filename: str, data: bytes, *, limit: int = MAX_ATTACHMENT_BYTES) -> AttachmentType:
    """The type of an acceptable attachment, or DomainError attachment_empty | _too_large | _type | _mismatch |
    _macros."""
    if not data:
        raise DomainError('attachment_empty')
    if len(data) > limit:
        raise DomainError('attachment_too_large', limit_mb=limit // (1024 * 1024))
    extension = _extension(filename)
    allowed = _KINDS_BY_EXTENSION.get(extension)
    if allowed is None:
        raise DomainError('attachment_type', extension=extension)
    kind = content_kind(data)
    if kind == 'macros':
        raise DomainError('attachment_macros')
    if kind not in allowed:
        raise DomainError('attachment_mismatch', extension=extension)
    if kind == 'text':
        kind = extension.lstrip('.')
    content_type, stored_extension = _TYPES[kind]
    return AttachmentType(kind=kind, content_type=content_type, extension=stored_extension, inline=kind in _IMAGES)


def content_type_of(kind: str) -> tuple[str, bool]:
    """The MIME type an attachment of this kind is served with, and whether the browser may show it inline."""
    if kind not in _TYPES:
        return 'application/octet-stream', False
    return _TYPES[kind][0], kind in _IMAGES


def content_kind(data: bytes) -> str:
    """What the bytes are: pdf, png, jpeg, gif, webp, doc, xls, docx, xlsx, macros, text, or unknown."""
    if known := document_type(data):
        return {'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpeg'}[known.content_type]
    if data.startswith((b'GIF87a', b'GIF89a')):
        return 'gif'
    if data[:4] == b'RIFF' and data[8:12] == b'WEBP':
        return 'webp'
    if data.startswith(_OLE2):
        return _ole_kind(data)
    if data.startswith(b'PK\x03\x04'):
        return _office_zip_kind(data)
    return 'text' if _is_text(data) else 'unknown'


def _extension(filename: str) -> str:
    name = filename.replace('\\', '/').rsplit('/', 1)[-1].strip().lower()
    return f'.{name.rsplit(".", 1)[-1]}' if '.' in name else ''


def _ole_kind(data: bytes) -> str:
    # the directory of a compound file names its streams in UTF-16: Word keeps "WordDocument", Excel "Workbook"/"Book"
    if 'WordDocument'.encode('utf-16-le') in data:
        return 'doc'
    if 'Workbook'.encode('utf-16-le') in data or 'Book'.encode('utf-16-le') in data:
        return 'xls'
    return 'unknown'


def _office_zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return 'unknown'
    if any(name.lower().endswith('vbaproject.bin') for name in names):
        return 'macros'
    if '[Content_Types].xml' not in names:
        return 'unknown'
    if 'word/document.xml' in names:
        return 'docx'
    if 'xl/workbook.xml' in names:
        return 'xlsx'
    return 'unknown'


def _is_text(data: bytes) -> bool:
    """Plain text in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1251; binary junk is not text."""
    if data.startswith((b'\xff\xfe', b'\xfe\xff')):
        try:
            text = data.decode('utf-16')
        except UnicodeDecodeError:
            return False
    elif b'\x00' in data:
        return False
    else:
        try:
            text = data.decode('utf-8-sig')
        except UnicodeDecodeError:
            text = data.decode('cp1251', errors='replace')
    bad = sum(1 for ch in text if ch == '\ufffd' or (unicodedata.category(ch) == 'Cc' and ch not in '\t\n\r\f\x1a'))
    return bad <= len(text) // 200
