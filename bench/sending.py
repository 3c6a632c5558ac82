"""Benchmark: creating a 100,000-recipient mailing, and sending over SMPP while the cabinet serves pages.

Run `python -m bench.sending [--messages 20000] [--postgres URL] [--skip-create]`. The dispatch figure runs the real
app (`python main.py`, GATEWAY=smpp) against a fresh SQLite file (or a fresh PostgreSQL database) holding one
mailing of `--messages` messages, with the Node SMSC peer of tests/smsc on 127.0.0.1 returning a receipt for each.
Messages per second = messages / (last one delivered - first submit_sm at the peer), so receipts are included.
While it sends, the login page is fetched every 100 ms; the slowest answer is `dispatch_ui_page_ms` (the median
is printed too). Needs node and `npm ci` in tests/smsc.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from bench.sending_create import measure_create
from domain.statuses import MessageStatus
from storage import dispatch_queries as q
from storage.db import migrate, tortoise_config
from tests.integration.dispatch_app import AppProcess, counts, prepare_messages
from tests.smsc.peer import smsc_missing, start_smsc

WARM_UP_S = 8.0  # the mailing falls due this long after the app starts, so start-up is not measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--messages', type=int, default=20_000)
    parser.add_argument('--postgres', default='', help='also measure on PostgreSQL (a user that may create databases)')
    parser.add_argument('--skip-create', action='store_true', help='skip the mailing creation figure')
    args = parser.parse_args()
    missing = smsc_missing()
    if missing:
        raise SystemExit(f'bench.sending needs the SMPP peer: {missing}')
    if not args.skip_create:
        print(f'metric mailing_create_100k_s {measure_create():.2f} s')
    with tempfile.TemporaryDirectory() as folder:
        rate, pages = measure_dispatch(f'sqlite://{Path(folder) / "bench.sqlite3"}', Path(folder), args.messages)
    print(f'metric dispatch_smpp_msgs_per_s {rate:.0f} msg/s')
    print(f'metric dispatch_ui_page_ms {max(pages) * 1000:.0f} ms')
    print(f'metric dispatch_ui_page_median_ms {statistics.median(pages) * 1000:.0f} ms')
    if os.environ.get('BENCH_VERBOSE'):
        slowest = ', '.join(f'{p * 1000:.0f}' for p in sorted(pages)[-8:])
        print(f'# {len(pages)} pages, slowest (ms): {slowest}', file=sys.stderr)
    if args.postgres:
        url = f'{args.postgres.rsplit("/", 1)[0]}/bench_dispatch_{uuid.uuid4().hex[:8]}'
        with tempfile.TemporaryDirectory() as folder:
            rate, pages = measure_dispatch(url, Path(folder), args.messages)
        print(f'metric dispatch_smpp_postgres_msgs_per_s {rate:.0f} msg/s')
        print(f'metric dispatch_ui_page_postgres_ms {max(pages) * 1000:.0f} ms')


def measure_dispatch(url: str, folder: Path, count: int) -> tuple[float, list[float]]:
    """Send `count` messages through the app and the peer; (messages per second, page times in seconds)."""
    asyncio.run(_prepare(url, count))
    with start_smsc(folder / 'smsc', receipt_delay_ms=200, receipt_jitter_ms=300) as peer:
        app = AppProcess(url, folder / 'var', peer.port)
        pages: list[float] = []
        sending = threading.Event()
        done = threading.Event()
        prober = threading.Thread(target=_probe, args=(app, sending, done, pages), daemon=True)
        try:
            app.start()
            app.wait_ready()
            prober.start()
            finished_at = asyncio.run(_watch(url, count, peer.log_path, sending))
        finally:
            done.set()
            app.stop()
        prober.join(timeout=10)
        first_submit = _first_submit_s(peer.log_path)
    asyncio.run(_drop(url))
    return count / (finished_at - first_submit), pages or [float('nan')]


async def _prepare(url: str, count: int) -> None:
    EXECUTOR_CACHE.clear()  # cached INSERTs are per connection name: the other database's dialect may be in it
    await Tortoise.init(config=tortoise_config(url), _create_db=url.startswith('postgres'))
    try:
        await migrate()
        await prepare_messages(count, due_in_s=WARM_UP_S)
    finally:
        await Tortoise.close_connections()


async def _drop(url: str) -> None:
    if not url.startswith('postgres'):
        return
    await Tortoise.init(config=tortoise_config(url))
    await Tortoise._drop_databases()


async def _watch(url: str, count: int, journal: Path, sending: threading.Event) -> float:
    """Wait until every message is delivered; the wall-clock time (epoch seconds) it happened."""
    await Tortoise.init(config=tortoise_config(url))
    try:
        deadline = time.monotonic() + WARM_UP_S + 60 + count / 200
        while time.monotonic() < deadline:
            if not sending.is_set() and journal.exists() and journal.stat().st_size > 0:
                sending.set()
            rows = await q.connection().execute_query_dict('SELECT status, COUNT(*) AS n FROM message GROUP BY status')
            if counts(rows).get(MessageStatus.delivered, 0) >= count:
                return time.time()
            await asyncio.sleep(0.1)
        raise RuntimeError(f'not every message was delivered in time: {counts(rows)}')
    finally:
        await Tortoise.close_connections()


def _probe(app: AppProcess, sending: threading.Event, done: threading.Event, pages: list[float]) -> None:
    """Fetch the login page every 100 ms while messages are being sent."""
    while not done.is_set():
        if sending.is_set():
            try:
                pages.append(app.get('/login'))
            except OSError:
                pages.append(5.0)
        time.sleep(0.1)


def _first_submit_s(journal: Path) -> float:
    with journal.open(encoding='utf-8') as lines:
        for line in lines:
            record = json.loads(line)
            if record.get('kind') == 'submit':
                return float(record['t']) / 1000
    raise RuntimeError('the SMSC peer received nothing')


if __name__ == '__main__':
    main()
