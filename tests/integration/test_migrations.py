"""The migrations in storage/migrations describe exactly the models, and re-applying them keeps data."""

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from storage.db import APP_LABEL, migrate, tortoise_config
from storage.models import Account


async def test_models_have_no_changes_missing_from_the_migrations(db: str) -> None:
    apps_config = tortoise_config(db)['apps']
    detector = MigrationAutodetector(Tortoise.apps, apps_config)
    assert await detector.changes() == [], 'run `make migrations` and commit the new migration'
    assert APP_LABEL in apps_config


async def test_migrating_an_up_to_date_database_keeps_its_data(db: str) -> None:
    await Account.create(name='ООО Сохранится')
    await migrate()
    assert await Account.filter(name='ООО Сохранится').count() == 1
