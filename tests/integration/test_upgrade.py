"""Upgrading a database of an older version keeps its data."""

from pathlib import Path

import pytest
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from storage.db import APP_LABEL, migrate, tortoise_config
from storage.models import Account, PhoneBase


@pytest.fixture
async def first_version_db(tmp_path: Path):
    """A SQLite file migrated only to the first released schema."""
    url = f'sqlite://{tmp_path / "old.sqlite3"}'
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url))
    apps = tortoise_config(url)['apps']
    await MigrationExecutor(connections.get('default'), apps).migrate(
        [MigrationTarget(app_label=APP_LABEL, name='0001_initial')]
    )
    yield
    await Tortoise.close_connections()


async def test_upgrading_from_the_first_schema_keeps_accounts_and_bases(first_version_db: None) -> None:
    conn = connections.get('default')
    await conn.execute_query(
        'INSERT INTO account (name, balance, credit_limit, timezone, is_active, created_at) '
        "VALUES ('ООО Старое', 12.5, 0, 'Europe/Moscow', 1, '2026-01-01 00:00:00+00:00')"
    )
    await conn.execute_query(
        'INSERT INTO phone_base (account_id, name, description, created_at, updated_at) '
        "VALUES (1, 'Старая база', '', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')"
    )
    await migrate()
    account = await Account.get(name='ООО Старое')
    assert str(account.balance) == '12.50'
    base = await PhoneBase.get(name='Старая база')
    assert base.account_id == account.id and base.subscriber_count == 0 and base.field_settings is None
