import pytest

from domain.credentials import clean_login, generate_password, login_problem, password_problem


@pytest.mark.parametrize(
    ('raw', 'expected'),
    [('Ivanov', 'ivanov'), ('  demo  ', 'demo'), ('MANAGER', 'manager'), ('a.b-c_d@e', 'a.b-c_d@e')],
)
def test_logins_are_trimmed_and_case_folded(raw: str, expected: str) -> None:
    assert clean_login(raw) == expected


@pytest.mark.parametrize(
    ('login', 'problem'),
    [
        ('', 'login_empty'),
        ('x' * 65, 'login_too_long'),
        ('x' * 64, None),
        ('иванов', 'login_characters'),
        ("a' or 1=1", 'login_characters'),
        ('<script>', 'login_characters'),
        ('.dot', 'login_characters'),
        ('ivanov', None),
    ],
)
def test_login_rules(login: str, problem: str | None) -> None:
    assert login_problem(login) == problem


@pytest.mark.parametrize(
    ('password', 'problem'),
    [('short', 'password_too_short'), ('12345678', None), ('x' * 256, None), ('x' * 257, 'password_too_long')],
)
def test_password_rules(password: str, problem: str | None) -> None:
    assert password_problem(password) == problem


def test_generated_passwords_are_long_distinct_and_acceptable() -> None:
    passwords = {generate_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(password_problem(p) is None and len(p) == 14 for p in passwords)
