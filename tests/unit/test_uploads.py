import pytest

from domain.uploads import MAX_DOCUMENT_BYTES, document_problem, document_type, safe_filename

PDF = b'%PDF-1.7\n%...'
PNG = b'\x89PNG\r\n\x1a\n' + b'\0' * 20
JPEG = b'\xff\xd8\xff\xe0' + b'\0' * 20
EXE = b'MZ\x90\x00' + b'\0' * 60


@pytest.mark.parametrize(('data', 'content_type'), [(PDF, 'application/pdf'), (PNG, 'image/png'), (JPEG, 'image/jpeg')])
def test_documents_are_recognised_by_their_bytes(data: bytes, content_type: str) -> None:
    found = document_type(data)
    assert found is not None and found.content_type == content_type
    assert document_problem(data) is None


@pytest.mark.parametrize(
    ('data', 'problem'),
    [
        (b'', 'document_empty'),
        (EXE, 'document_type'),
        (b'<html><script>alert(1)</script>', 'document_type'),
        (PDF + b'\0' * MAX_DOCUMENT_BYTES, 'document_too_large'),
    ],
)
def test_bad_documents_are_refused_with_a_reason(data: bytes, problem: str) -> None:
    assert document_problem(data) == problem


@pytest.mark.parametrize(
    ('name', 'safe'),
    [
        ('../../etc/passwd', 'passwd'),
        ('..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'),
        ('Устав ООО.pdf', 'Устав ООО.pdf'),
        ('a\x00b\x1f.pdf', 'ab.pdf'),
        ('<script>.pdf', '_script_.pdf'),
        ('...', 'document'),
        ('', 'document'),
    ],
)
def test_file_names_lose_directories_and_tricks(name: str, safe: str) -> None:
    assert safe_filename(name) == safe
