"""Shared test helpers: where PostgreSQL and Chromium are, and how a missing one is reported."""

import os
import shutil

import pytest

CHROMIUM = '/usr/bin/chromium'


def in_ci() -> bool:
    """True in CI, where a missing PostgreSQL or Chromium fails the test instead of skipping it."""
    return os.environ.get('CI', '').lower() in {'1', 'true', 'yes'}


def require(condition: bool, reason: str) -> None:
    """Fail in CI, skip locally, when a real dependency of the test is missing."""
    if condition:
        return
    if in_ci():
        pytest.fail(f'{reason} (CI must provide it)', pytrace=False)
    pytest.skip(reason)


def postgres_url() -> str:
    """The URL of a PostgreSQL database whose user may create databases (TEST_POSTGRES_URL)."""
    url = os.environ.get('TEST_POSTGRES_URL', '')
    require(bool(url), 'TEST_POSTGRES_URL is not set: no PostgreSQL to test against')
    return url


def chromium_path() -> str:
    """Debian's Chromium, which Playwright drives (no downloaded browser)."""
    require(os.path.exists(CHROMIUM) or bool(shutil.which('chromium')), f'{CHROMIUM} is not installed')
    return CHROMIUM


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last: sync Playwright keeps its own event loop running until the session ends."""
    items.sort(key=lambda item: 'tests/e2e/' in item.nodeid.replace('\\', '/'))
