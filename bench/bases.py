"""Benchmark: a 1,000,000-subscriber base — build, first page, sorts, filters with totals, delete all.

Run `python -m bench.bases [--postgres URL]` (default: a temporary SQLite file). Numbers are drawn from real
ranges of the shipped numbering table (seeded) and stored through storage.subscribers.upsert; every list figure
is the median of a few calls of the service, in milliseconds of server time.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import numpy as np
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from domain.numbering import NumberingTable, detect_many, lookup_many
from domain.services import subscribers as subs
from domain.services.subscriber_input import search_name
from domain.services.subscribers import ListQuery
from storage import subscriber_queries as queries
from storage import subscribers as store
from storage.db import migrate, tortoise_config
from storage.models import Account, PhoneBase
from storage.numbering_file import load_table

COUNT = 1_000_000
CHUNK = 50_000
SEED = 20261127
RUNS = 5
LAST_NAMES = ('Иванов', 'Смирнова', 'Кузнецов', 'Попова', 'Васильев', 'Петрова', 'Соколов', 'Михайлова')
FIRST_NAMES = ('Александр', 'Мария', 'Дмитрий', 'Анна', 'Сергей', 'Елена', 'Андрей', 'Ольга')


def main() -> None:
    """Parse the flags and run the benchmark on SQLite or PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--postgres', metavar='URL', help='a PostgreSQL server URL whose user may create databases')
    args = parser.parse_args()
    if args.postgres:
        asyncio.run(_run(f'{args.postgres.rsplit("/", 1)[0]}/bench_bases_{uuid.uuid4().hex[:8]}', create=True))
        return
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_run(f'sqlite://{Path(folder) / "bench.sqlite3"}', create=False))


async def _run(url: str, *, create: bool) -> None:
    table = load_table()
    numbers = _unique_numbers(table, np.random.default_rng(SEED))
    e164 = [f'+{number}' for number in numbers.tolist()]
    print(f'metric lookup_1m_s {_median_seconds(lambda: lookup_many(table, e164), runs=3):.3f} s')
    await Tortoise.init(config=tortoise_config(url), _create_db=create)
    try:
        await migrate()
        await _measure(table, e164)
    finally:
        if create:
            await Tortoise._drop_databases()
        else:
            await Tortoise.close_connections()


async def _measure(table: NumberingTable, e164: list[str]) -> None:
    account = await Account.create(name='Bench')
    base = await PhoneBase.create(account_id=account.id, name='1M')
    started = time.perf_counter()
    await _build(base.id, table, e164)
    print(f'metric base_build_1m_s {time.perf_counter() - started:.1f} s')

    def listing(**query: Any) -> Callable[[], Awaitable[object]]:
        return lambda: subs.list_subscribers(account_id=account.id, base_id=base.id, query=ListQuery(**query))

    page = await _median_ms(listing())
    sort = max(await _median_ms(listing(sort='phone', descending=True)), await _median_ms(listing(sort='region')))
    region = await _median_ms(listing(region='Город Москва'))
    prefix = await _median_ms(listing(phone='8916'))
    print(f'metric base_page_1m_ms {page:.1f} ms')
    print(f'metric base_sort_1m_ms {sort:.1f} ms')
    print(f'metric base_filter_1m_ms {max(region, prefix):.1f} ms')
    started = time.perf_counter()
    removed = await subs.delete_subscribers(account_id=account.id, base_id=base.id)
    print(f'metric base_delete_all_1m_s {time.perf_counter() - started:.2f} s')
    if removed != len(e164):
        raise RuntimeError(f'deleted {removed} subscribers, expected {len(e164)}')


async def _build(base_id: int, table: NumberingTable, e164: list[str]) -> None:
    async with in_transaction() as conn:
        for start in range(0, len(e164), CHUNK):
            await store.upsert(conn, base_id=base_id, rows=_rows(table, e164[start : start + CHUNK], start))
        await store.set_count(conn, base_id=base_id)


def _rows(table: NumberingTable, phones: list[str], offset: int) -> list[dict[str, Any]]:
    found = detect_many(table, phones)
    rows = []
    for index, phone in enumerate(phones):
        last, first = LAST_NAMES[(offset + index) % 8], FIRST_NAMES[(offset + index) // 8 % 8]
        rows.append(
            {
                'phone': phone,
                'last_name': last,
                'first_name': first,
                'middle_name': '',
                'birth_date': None,
                'gender': '',
                'region': found.region[index] or '',
                'operator': found.operator[index] or '',
                'timezone': found.timezone[index] or '',
                **dict.fromkeys(queries.NOTE_COLUMNS, ''),
                'search_name': search_name(last, first, ''),
            }
        )
    return rows


def _unique_numbers(table: NumberingTable, rng: np.random.Generator) -> np.ndarray:
    """COUNT distinct numbers from random real ranges, in random order (as an import would bring them)."""
    picked = rng.integers(0, table.range_count, COUNT * 11 // 10)
    sizes = table.ends[picked] - table.starts[picked] + 1
    numbers = np.unique(table.starts[picked] + (rng.random(len(picked)) * sizes).astype(np.int64))
    return rng.permutation(numbers)[:COUNT]


def _median_seconds(action: Callable[[], object], *, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


async def _median_ms(action: Callable[[], Awaitable[object]]) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        await action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


if __name__ == '__main__':
    main()
