"""Every integration test runs twice: on a real SQLite file and on a fresh PostgreSQL database."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from storage.db import check_database, migrate, tortoise_config
from tests.conftest import postgres_url


@pytest.fixture(params=['sqlite', pytest.param('postgres', marks=pytest.mark.postgres)])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty, migrated database; yields its URL."""
    if request.param == 'sqlite':
        url = f'sqlite://{tmp_path / "test.sqlite3"}'
        created = False
    else:
        base = postgres_url()
        await check_database(base)
        url = f'{base.rsplit("/", 1)[0]}/cabinet_test_{uuid.uuid4().hex[:12]}'
        created = True
    # Tortoise caches INSERT statements per connection *name*; switching dialects under one name needs a clean cache.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url), _create_db=created)
    await migrate()
    try:
        yield url
    finally:
        if created:
            await Tortoise._drop_databases()
        else:
            await Tortoise.close_connections()
