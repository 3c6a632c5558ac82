"""Every integration test runs twice: on a real SQLite file and on a fresh PostgreSQL database.

Migrating takes seconds, so the schema is built once per set of migrations into a template (a SQLite file, a
PostgreSQL template database) and every test gets a copy of it: a fresh, empty, migrated database in milliseconds.
"""

import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from storage.db import check_database, migrate, tortoise_config
from tests.conftest import postgres_url
from tests.sqlite_template import copy_sqlite_template, schema_key


@pytest.fixture(params=['sqlite', pytest.param('postgres', marks=pytest.mark.postgres)])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty, migrated database; yields its URL."""
    # Tortoise caches INSERT statements per connection *name*; switching dialects under one name needs a clean cache.
    EXECUTOR_CACHE.clear()
    if request.param == 'sqlite':
        url = f'sqlite://{copy_sqlite_template(tmp_path / "test.sqlite3")}'
    else:
        base = postgres_url()
        await check_database(base)
        name = f'cabinet_test_{uuid.uuid4().hex[:12]}'
        await _admin(base, f'CREATE DATABASE {name} TEMPLATE {await _postgres_template(base)}')
        url = f'{base.rsplit("/", 1)[0]}/{name}'
    await Tortoise.init(config=tortoise_config(url))
    try:
        yield url
    finally:
        await Tortoise.close_connections()
        if request.param != 'sqlite':
            await _admin(postgres_url(), f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


async def _postgres_template(base: str) -> str:
    # one template per role: the copy's tables keep the owner of the template's tables
    role = re.sub(r'\W', '_', urlsplit(base).username or 'postgres')
    name = f'cabinet_template_{role}_{schema_key()}'
    if await _admin(base, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        return name
    building = f'{name}_{uuid.uuid4().hex[:8]}'
    await _migrate(f'{base.rsplit("/", 1)[0]}/{building}', create=True)
    # renamed only once complete, so an interrupted build never becomes the template; marked as a template so any
    # role that may create databases can copy it, whoever built it
    await _admin(base, f'ALTER DATABASE {building} RENAME TO {name}')
    await _admin(base, f'ALTER DATABASE {name} IS_TEMPLATE true')
    return name


async def _migrate(url: str, *, create: bool) -> None:
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url), _create_db=create)
    try:
        await migrate()
    finally:
        await Tortoise.close_connections()
    EXECUTOR_CACHE.clear()


async def _admin(base: str, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(base.replace('postgres://', 'postgresql://', 1))
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()
