"""What may be attached to a support question: the content decides, the name must agree with it."""

import io
import zipfile

import pytest

from domain.attachments import MAX_ATTACHMENT_BYTES, check_attachment, content_type_of
from domain.errors import DomainError

PDF = b'%PDF-1.7\n%...'
PNG = b'\x89PNG\r\n\x1a\n' + b'\0' * 20
JPEG = b'\xff\xd8\xff\xe0' + b'\0' * 20
GIF = b'GIF89a' + b'\0' * 20
WEBP = b'RIFF\x10\x00\x00\x00WEBPVP8 ' + b'\0' * 20
EXE = b'MZ\x90\x00' + b'\0' * 60
OLE2 = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'
DOC = OLE2 + b'\0' * 40 + 'WordDocument'.encode('utf-16-le')
XLS = OLE2 + b'\0' * 40 + 'Workbook'.encode('utf-16-le')


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        for name in names:
            archive.writestr(name, '<x/>')
    return buffer.getvalue()


DOCX = _zip('[Content_Types].xml', 'word/document.xml')
XLSX = _zip('[Content_Types].xml', 'xl/workbook.xml')


@pytest.mark.parametrize(
    ('filename', 'data', 'kind', 'inline'),
    [
        ('scan.pdf', PDF, 'pdf', False),
        ('photo.PNG', PNG, 'png', True),
        ('photo.jpeg', JPEG, 'jpeg', True),
        ('photo.png', JPEG, 'jpeg', True),  # any image name holds any image
        ('anim.gif', GIF, 'gif', True),
        ('pic.webp', WEBP, 'webp', True),
        ('letter.doc', DOC, 'doc', False),
        ('table.xls', XLS, 'xls', False),
        ('letter.docx', DOCX, 'docx', False),
        ('table.xlsx', XLSX, 'xlsx', False),
        ('notes.txt', 'Привет, поддержка!\r\n'.encode(), 'txt', False),
        ('notes.txt', 'Привет'.encode('cp1251'), 'txt', False),
        ('notes.txt', '\ufeffПривет'.encode('utf-16'), 'txt', False),
        ('list.csv', b'phone;name\n79001234567;Ann\n', 'csv', False),
        ('page.txt', b'<html><script>alert(1)</script></html>', 'txt', False),  # text, served as text/plain
    ],
)
def test_allowed_files_are_told_by_their_content(filename: str, data: bytes, kind: str, inline: bool) -> None:
    found = check_attachment(filename, data)
    assert (found.kind, found.inline) == (kind, inline)
    assert content_type_of(found.kind) == (found.content_type, inline)


@pytest.mark.parametrize(
    ('filename', 'data', 'code'),
    [
        ('empty.pdf', b'', 'attachment_empty'),
        ('big.pdf', PDF + b'\0' * MAX_ATTACHMENT_BYTES, 'attachment_too_large'),
        ('setup.exe', EXE, 'attachment_type'),
        ('noextension', PDF, 'attachment_type'),
        ('vector.svg', b'<svg onload="alert(1)"/>', 'attachment_type'),
        ('page.html', b'<html></html>', 'attachment_type'),
        ('../../etc/passwd', b'root:x:0:0', 'attachment_type'),
        ('invoice.pdf', EXE, 'attachment_mismatch'),
        ('invoice.pdf', PNG, 'attachment_mismatch'),
        ('notes.txt', PDF + bytes(range(32)) * 4, 'attachment_mismatch'),
        ('notes.txt', EXE, 'attachment_mismatch'),
        ('letter.docx', XLSX, 'attachment_mismatch'),
        ('letter.docx', _zip('word/document.xml'), 'attachment_mismatch'),
        ('letter.doc', XLS, 'attachment_mismatch'),
        ('letter.doc', OLE2 + b'\0' * 40, 'attachment_mismatch'),
        ('archive.xlsx', b'PK\x03\x04broken', 'attachment_mismatch'),
        ('macro.xlsx', _zip('[Content_Types].xml', 'xl/workbook.xml', 'xl/vbaProject.bin'), 'attachment_macros'),
    ],
)
def test_bad_files_are_refused_with_a_reason(filename: str, data: bytes, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_attachment(filename, data)
    assert refused.value.code == code


def test_an_unknown_kind_is_served_as_a_download() -> None:
    assert content_type_of('') == ('application/octet-stream', False)
