"""A migrated, empty SQLite database built once per set of migrations: tests copy it instead of migrating.

Migrating takes a second or two; a file copy takes milliseconds. The template is built by `python main.py
migrate` in a child process (so no ORM state of the test process is touched), into a temporary name that is
renamed only when complete, so concurrent test runs and interrupted builds never see half a template.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = ROOT / 'storage' / 'migrations'


def schema_key() -> str:
    """A digest of the migration files: a new or changed migration means a new template."""
    digest = hashlib.sha256()
    for path in sorted(MIGRATIONS.glob('*.py')):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def sqlite_template() -> Path:
    """The template file for the current migrations, built when missing."""
    path = Path(tempfile.gettempdir()) / f'cabinet_template_{schema_key()}.sqlite3'
    if path.exists():
        return path
    building = path.with_suffix(f'.{uuid.uuid4().hex[:8]}.building')
    env = {**os.environ, 'DATABASE_URL': f'sqlite://{building}', 'DEMO_ACCOUNTS': 'false'}
    subprocess.run([sys.executable, 'main.py', 'migrate'], cwd=ROOT, env=env, check=True, capture_output=True)
    with sqlite3.connect(building) as conn:  # fold the WAL into the file so one file copy is the whole database
        conn.execute('PRAGMA wal_checkpoint(TRUNCATE)')
        conn.execute('PRAGMA journal_mode=DELETE')
    building.replace(path)
    return path


def copy_sqlite_template(target: Path) -> Path:
    """A fresh migrated database at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sqlite_template(), target)
    return target
