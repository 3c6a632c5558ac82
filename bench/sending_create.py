"""Benchmark: creating a mailing to a 100,000-subscriber base — prepare (resolve, render, price, schedule) + confirm
(one transaction: the mailing, 100,000 message rows, the charge).

Run `python -m bench.sending_create` (a temporary SQLite file) or with DATABASE_URL=postgres://... (a server whose user
may create databases; a fresh database is made and dropped). Prints `metric mailing_create_100k_s <seconds> s`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

import numpy as np
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from domain.numbering import detect_many
from domain.services import billing
from domain.services import mailings as m
from storage import subscribers as store
from storage.db import migrate, tortoise_config
from storage.models import Account, PhoneBase, SenderName
from storage.numbering_file import load_table
from storage.subscriber_queries import connection

SEED = 20261127
TEXT = 'Здравствуйте, {{first_name}}! Ваш номер {{phone}}, скидка {{note1}} до конца месяца.'
FIRST_NAMES = ('Александр', 'Мария', 'Дмитрий', 'Анна', 'Сергей', 'Елена', 'Андрей', 'Ольга')


def measure_create(n: int = 100_000, database_url: str | None = None) -> float:
    """Seconds to prepare and confirm a mailing to an n-subscriber base (a fresh database each call)."""
    url = database_url or os.environ.get('DATABASE_URL', '')
    if url.startswith('postgres'):
        return asyncio.run(_run(f'{url.rsplit("/", 1)[0]}/bench_sending_{uuid.uuid4().hex[:8]}', n, create=True))
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_run(f'sqlite://{Path(folder) / "bench.sqlite3"}', n, create=False))


async def _run(url: str, n: int, *, create: bool) -> float:
    await Tortoise.init(config=tortoise_config(url), _create_db=create)
    try:
        await migrate()
        draft = await _world(n)
        stalls: list[float] = []
        watcher = asyncio.create_task(_watch_loop(stalls))
        started = time.perf_counter()
        quote = await m.prepare(draft)
        prepared = time.perf_counter()
        created = await m.confirm(quote.token, draft)
        elapsed = time.perf_counter() - started
        watcher.cancel()
        if os.environ.get('BENCH_VERBOSE'):
            print(
                f'prepare {prepared - started:.2f} s, confirm {elapsed - (prepared - started):.2f} s, '
                f'longest event-loop stall {max(stalls, default=0) * 1000:.0f} ms',
                file=sys.stderr,
            )
        if created.messages != n:
            raise RuntimeError(f'expected {n} messages, created {created.messages}')
        return elapsed
    finally:
        if create:
            await Tortoise._drop_databases()
        else:
            await Tortoise.close_connections()


async def _watch_loop(stalls: list[float], tick: float = 0.01) -> None:
    """Record how late a 10 ms sleep wakes up: how long the event loop was kept busy."""
    while True:
        before = time.perf_counter()
        await asyncio.sleep(tick)
        stalls.append(time.perf_counter() - before - tick)


async def _world(n: int) -> m.Draft:
    account = await Account.create(name='Bench')
    await SenderName.create(account_id=account.id, name='BENCH', status='approved')
    await billing.top_up(account_id=account.id, amount=Decimal('10000000'), reference='payment:bench')
    base = await PhoneBase.create(account_id=account.id, name='100k')
    rng = np.random.default_rng(SEED)
    numbers = np.unique(rng.integers(79_000_000_000, 80_000_000_000, size=n + n // 10 + 100, dtype=np.int64))
    phones = [f'+{number}' for number in rng.permutation(numbers)[:n].tolist()]
    found = detect_many(load_table(), phones)
    columns = {
        'phone': phones,
        'first_name': [FIRST_NAMES[i % len(FIRST_NAMES)] for i in range(n)],
        'note1': [f'{5 + i % 20}%' for i in range(n)],
        'region': [value or '' for value in found.region],
        'operator': [value or '' for value in found.operator],
        'timezone': [value or '' for value in found.timezone],
    }
    async with in_transaction():
        conn = connection()
        await store.insert_columns(conn, base_id=base.id, columns=columns)
        await store.set_count(conn, base_id=base.id)
    return m.Draft(
        account_id=account.id,
        user_id=None,
        text=TEXT,
        sender='BENCH',
        recipients=m.Recipients(bases=(m.BaseFilter(base_id=base.id),)),
    )


def main() -> None:
    """Print the figure."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f'metric mailing_create_100k_s {measure_create(count):.2f} s')


if __name__ == '__main__':
    main()
