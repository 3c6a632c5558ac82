"""One typed settings object, read from the environment and an optional `.env` file."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

PROJECT_DIR = Path(__file__).resolve().parent


@dataclass(kw_only=True, slots=True, frozen=True)
class Settings:
    """Everything the cabinet reads from its environment."""

    database_url: str
    host: str
    port: int
    var_dir: Path
    storage_secret: str
    scheduler_enabled: bool
    demo_accounts: bool
    show_reload: bool = False
    # delivery: GATEWAY=simulator (the built-in SMS center simulator) or smpp (a real SMSC over SMPP 3.4)
    gateway: str = 'simulator'
    smpp_host: str = '127.0.0.1'
    smpp_port: int = 2775
    smpp_system_id: str = ''
    smpp_password: str = ''
    smpp_system_type: str = ''
    smpp_window: int = 50  # outstanding submit_sm without a response
    smpp_rate_per_s: int = 0  # submit_sm per second on the bind (0: no limit); operators often allow 100-150
    simulator_fail_share: float = 0.05  # the share of messages the simulator reports undelivered
    simulator_delay_s: float = 2.0  # the simulator's longest delay before a receipt
    dispatch_batch: int = 500  # messages claimed from the database at once
    dispatch_doubt_grace_s: float = 60.0  # after a crash: how long in-doubt messages wait for a receipt (s)
    report_ttl_hours: int = 168  # generated reports are deleted after this

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith('sqlite')


def load_settings(env_file: Path | None = None) -> Settings:
    """Read settings from the environment (a `.env` file in the project fills in what is unset)."""
    load_dotenv(env_file or PROJECT_DIR / '.env', override=False)
    var_dir = Path(os.environ.get('VAR_DIR', PROJECT_DIR / 'var')).resolve()
    default_db = f'sqlite://{var_dir / "cabinet.sqlite3"}'
    return Settings(
        database_url=os.environ.get('DATABASE_URL', default_db),
        host=os.environ.get('HOST', '127.0.0.1'),
        port=_int_env('PORT', 8080),
        var_dir=var_dir,
        storage_secret=os.environ.get('STORAGE_SECRET') or _stored_secret(var_dir),
        scheduler_enabled=_bool_env('SCHEDULER_ENABLED', True),
        demo_accounts=_bool_env('DEMO_ACCOUNTS', True),
        gateway=os.environ.get('GATEWAY', 'simulator').strip().lower() or 'simulator',
        smpp_host=os.environ.get('SMPP_HOST', '127.0.0.1'),
        smpp_port=_int_env('SMPP_PORT', 2775),
        smpp_system_id=os.environ.get('SMPP_SYSTEM_ID', ''),
        smpp_password=os.environ.get('SMPP_PASSWORD', ''),
        smpp_system_type=os.environ.get('SMPP_SYSTEM_TYPE', ''),
        smpp_window=_int_env('SMPP_WINDOW', 50),
        smpp_rate_per_s=_int_env('SMPP_RATE_PER_S', 0),
        simulator_fail_share=_float_env('SIMULATOR_FAIL_SHARE', 0.05),
        simulator_delay_s=_float_env('SIMULATOR_DELAY_S', 2.0),
        dispatch_batch=_int_env('DISPATCH_BATCH', 500),
        dispatch_doubt_grace_s=_float_env('DISPATCH_DOUBT_GRACE_S', 60.0),
        report_ttl_hours=_int_env('REPORT_TTL_HOURS', 168),
    )


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, '').strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SystemExit(f'Setting {name} must be a whole number, got {raw!r}') from error


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name, '').strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise SystemExit(f'Setting {name} must be a number, got {raw!r}') from error


def _bool_env(name: str, default: bool) -> bool:
    raw = os.environ.get(name, '').strip().lower()
    if not raw:
        return default
    return raw in {'1', 'true', 'yes', 'on'}


def _stored_secret(var_dir: Path) -> str:
    """The session secret generated on first start and kept under var/ (never in the repository)."""
    path = var_dir / 'storage_secret'
    if path.exists():
        return path.read_text(encoding='utf-8').strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret, encoding='utf-8')
    path.chmod(0o600)
    return secret
