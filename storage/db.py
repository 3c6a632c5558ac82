"""Database set-up: the Tortoise config, a reachability check and applying migrations."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from tortoise import Tortoise, connections
from tortoise.migrations.executor import MigrationExecutor

APP_LABEL = 'models'
MODELS = ['storage.models']
MIGRATIONS = 'storage.migrations'


class DatabaseUnavailable(Exception):
    """The configured database cannot be opened; the message is one line for the operator."""


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise configuration for one database URL (sqlite://path or postgres://...)."""
    return {
        'connections': {'default': _with_sqlite_pragmas(database_url)},
        'apps': {
            APP_LABEL: {'models': MODELS, 'default_connection': 'default', 'migrations': MIGRATIONS},
        },
        'use_tz': True,
        'timezone': 'UTC',
    }


async def check_database(database_url: str, *, timeout: float = 5.0) -> None:
    """Open one connection and run `SELECT 1`, or raise DatabaseUnavailable with a one-line reason."""
    _ensure_sqlite_dir(database_url)
    try:
        await asyncio.wait_for(_probe(database_url), timeout)
    except TimeoutError as error:
        raise DatabaseUnavailable(f'database {_redacted(database_url)} did not answer in {timeout:.0f} s') from error
    except DatabaseUnavailable:
        raise
    except Exception as error:  # every driver has its own exceptions; the operator needs one line
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DatabaseUnavailable(f'cannot open database {_redacted(database_url)}: {reason}') from error


async def migrate(*, progress: Any = None) -> None:
    """Apply every migration not yet applied to the connected database (Tortoise is initialised)."""
    config = tortoise_config('sqlite://:memory:')['apps']
    executor = MigrationExecutor(connections.get('default'), config)
    await executor.migrate(None, progress=progress)


async def _probe(database_url: str) -> None:
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=False)
    try:
        await connections.get('default').execute_query('SELECT 1')
    finally:
        await Tortoise.close_connections()


def _with_sqlite_pragmas(url: str) -> str:
    """SQLite in WAL mode with a busy timeout, so the UI and the scheduler can share the file."""
    if not url.startswith('sqlite://') or ':memory:' in url or '?' in url:
        return url
    # a 256 MB page cache: bulk deletes and inserts on million-row bases touch many index pages
    return f'{url}?journal_mode=WAL&synchronous=NORMAL&busy_timeout=5000&foreign_keys=ON&cache_size=-262144'


def _ensure_sqlite_dir(url: str) -> None:
    if url.startswith('sqlite://') and ':memory:' not in url:
        Path(url.removeprefix('sqlite://').split('?', 1)[0]).parent.mkdir(parents=True, exist_ok=True)


def _redacted(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f':{parsed.password}@', ':***@')
    return url
