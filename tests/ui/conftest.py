"""UI tests: every test gets a fresh SQLite file, no scheduler and no demo accounts."""

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from nicegui.testing import User

from components.menu import MenuBadge
from domain.roles import UserRole
from domain.services import accounts
from tests.sqlite_template import copy_sqlite_template


@pytest.fixture(autouse=True)
def fresh_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point main.py at a new database for this test (a copy of the migrated template: start-up migrates nothing)."""
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))
    monkeypatch.setenv('DATABASE_URL', f'sqlite://{copy_sqlite_template(tmp_path / "ui.sqlite3")}')
    monkeypatch.setenv('STORAGE_SECRET', 'ui-test-secret')
    monkeypatch.setenv('SCHEDULER_ENABLED', 'false')
    monkeypatch.setenv('DEMO_ACCOUNTS', 'false')
    yield


CLIENT_PASSWORD = 'client-password-1'
MANAGER_PASSWORD = 'manager-password-1'


async def make_client(login: str = 'client', account: str = 'ООО Ромашка') -> None:
    """A client user with a known password."""
    await accounts.create_user(login=login, role=UserRole.client, password=CLIENT_PASSWORD, account_name=account)


async def make_manager(login: str = 'boss') -> None:
    """A manager user with a known password."""
    await accounts.create_user(login=login, role=UserRole.manager, password=MANAGER_PASSWORD)


async def log_in(user: User, login: str, password: str) -> None:
    """Fill the login form, submit it and wait for its answer (argon2 runs in a thread; slow under load)."""
    await user.open('/login')
    user.find(marker='login').type(login)
    user.find(marker='password').type(password)
    user.find(marker='sign-in').click()
    for _ in range(200):
        await asyncio.sleep(0.05)
        if _answered(user):
            return


def _answered(user: User) -> bool:
    """The login page showed a refusal, or the browser left it and the cabinet's page is drawn."""
    try:
        error = next(iter(user.find(marker='login-error').elements))
    except (AssertionError, StopIteration):
        return _drawn(user)
    return bool(error.visible)


def _drawn(user: User) -> bool:
    """The frame's title is there (between two pages the simulated browser shows an empty one for a moment)."""
    try:
        user.find(marker='page-title')
    except AssertionError:
        return False
    return True


def table_rows(user: User, marker: str) -> list[dict]:
    """The rows of the table with this marker (table cells are data, not text elements, for the user fixture)."""
    (table,) = user.find(marker=marker).elements
    return list(table.rows)  # type: ignore[attr-defined]


async def eventually(condition: Callable[[], object]) -> None:
    """Wait until the page shows what the condition looks for (table rows are data, not text to wait for)."""
    for _ in range(100):
        try:
            if condition():
                return
        except AssertionError:  # not drawn yet
            pass
        await asyncio.sleep(0.05)
    assert condition()


def menu_badge(user: User, key: str) -> str:
    """The text of a menu badge, or '' while it is hidden (the user fixture finds visible elements only)."""
    try:
        (badge,) = user.find(kind=MenuBadge, marker=f'menu-badge-{key}').elements
    except AssertionError:
        return ''
    return str(badge.text)
