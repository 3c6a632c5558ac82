"""The real app as a subprocess sending through the Node SMSC peer, for the crash test and bench.sending.

`prepare_messages` fills a database with one mailing of n messages (unique numbers and texts, never ending in the
peer's special 000/888/999); `AppProcess` runs `python main.py` against it with GATEWAY=smpp, and can kill -9 it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from storage import dispatch_queries as q
from storage.models import Account, Mailing

PROJECT = Path(__file__).resolve().parents[2]
TEXT = 'Здравствуйте! Ваш заказ №{n} готов, ждём вас.'  # UCS-2, one part


def phone_of(n: int) -> str:
    """The number of message n: +7916nnnnnn1 (never ends in 000, 888 or 999)."""
    return f'+7916{n:06d}1'


async def prepare_messages(count: int, *, due_in_s: float = 0.0, valid_s: float = 3600.0) -> int:
    """Insert one mailing of `count` scheduled messages (Tortoise is initialised); returns the mailing id."""
    account = await Account.create(name='ООО «Нагрузка»')
    mailing = await Mailing.create(account=account, sender='INCORE', text=TEXT, recipients=count)
    conn = q.connection()
    now = datetime.now(UTC)
    at, due = q.stamp(conn, now), q.stamp(conn, now + timedelta(seconds=due_in_s))
    expires = q.stamp(conn, now + timedelta(seconds=valid_s))
    sql = (
        'INSERT INTO message (account_id, mailing_id, phone, sender, text, parts, ucs2, operator, region, timezone, '
        'price, cost, status, status_at, due_at, expires_at, attempts, stat, err, created_at) '
        "VALUES (?, ?, ?, 'INCORE', ?, 1, ?, '', '', '', 0, 0, 'scheduled', ?, ?, ?, 0, '', '', ?)"
    )
    rows = [(account.id, mailing.id, phone_of(n), TEXT.format(n=n), True, at, due, expires, at) for n in range(count)]
    for start in range(0, count, 5000):
        await conn.execute_many(q._sql(conn, sql), q._rows(rows[start : start + 5000]))
    return int(mailing.id)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return int(probe.getsockname()[1])


@dataclass
class AppProcess:
    """`python main.py` serving on 127.0.0.1 and sending through the SMSC peer on `smsc_port`."""

    database_url: str
    var_dir: Path
    smsc_port: int
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(('PYTEST', 'NICEGUI'))},
            'DATABASE_URL': self.database_url,
            'VAR_DIR': str(self.var_dir),
            'HOST': '127.0.0.1',
            'PORT': str(self.port),
            'STORAGE_SECRET': 'dispatch-test-secret',
            'DEMO_ACCOUNTS': 'false',
            'SCHEDULER_ENABLED': 'true',
            'GATEWAY': 'smpp',
            'SMPP_HOST': '127.0.0.1',
            'SMPP_PORT': str(self.smsc_port),
            'SMPP_SYSTEM_ID': 'cabinet',
            'SMPP_PASSWORD': 'secret',
            **self.extra_env,
        }
        self.var_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.var_dir / 'app.log', 'ab')  # noqa: SIM115 - the child writes to it until it ends
        self.process = subprocess.Popen(
            [sys.executable, 'main.py'], cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()

    def wait_ready(self, timeout_s: float = 30.0) -> None:
        """Wait until the login page answers."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f'the app exited with {self.process.returncode}: {self.log_tail()}')
            try:
                self.get('/login', timeout_s=2)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError(f'the app did not answer in {timeout_s} s: {self.log_tail()}')

    def get(self, path: str, *, timeout_s: float = 5.0) -> float:
        """GET a page; seconds until its whole body arrived."""
        started = time.perf_counter()
        with urllib.request.urlopen(f'http://127.0.0.1:{self.port}{path}', timeout=timeout_s) as response:
            response.read()
        return time.perf_counter() - started

    def kill(self) -> None:
        """kill -9, as a crash."""
        self._end(signal.SIGKILL)

    def stop(self) -> None:
        """Stop as an operator would (SIGINT), so the engine commits what it has."""
        self._end(signal.SIGINT)

    def log_tail(self, lines: int = 30) -> str:
        path = self.var_dir / 'app.log'
        return '\n'.join(path.read_text(errors='replace').splitlines()[-lines:]) if path.exists() else ''

    def _end(self, how: signal.Signals) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(how)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """{status: n} from rows of (status, n)."""
    return {row['status']: int(row['n']) for row in rows}
