"""Rules for logins and passwords typed by people."""

import re
import secrets
import string

MAX_LOGIN_LENGTH = 64
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
_LOGIN_RE = re.compile(r'^[a-z0-9][a-z0-9._@-]*$')


def clean_login(raw: str) -> str:
    """The canonical form of a login: trimmed and case-folded."""
    return raw.strip().casefold()


def login_problem(login: str) -> str | None:
    """Why a new login is not acceptable, or None."""
    if not login:
        return 'login_empty'
    if len(login) > MAX_LOGIN_LENGTH:
        return 'login_too_long'
    if not _LOGIN_RE.match(login):
        return 'login_characters'
    return None


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return 'password_too_short'
    if len(password) > MAX_PASSWORD_LENGTH:
        return 'password_too_long'
    return None


def generate_password(length: int = 14) -> str:
    """A random password without look-alike characters."""
    alphabet = ''.join(c for c in string.ascii_letters + string.digits if c not in 'lIO0o1')
    return ''.join(secrets.choice(alphabet) for _ in range(length))
