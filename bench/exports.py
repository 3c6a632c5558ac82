"""Benchmark: export a 1,000,000-subscriber base to CSV and XLSX, and 200,000 subscribers to XLSX.

Run `python -m bench.exports` (a temporary SQLite file). Prints the times, the peak resident memory while
exporting (sampled every 10 ms) and the longest stall of the event loop (a 10 ms ticker) during the 200k XLSX
export. measure_exports() returns the same figures for bench/imports.py.
"""

import asyncio
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from tortoise import Tortoise

from bench.bases import COUNT, SEED, _build, _unique_numbers
from domain.services.exports import ExportFile, export_base
from domain.services.subscribers import ListQuery
from storage.db import migrate, tortoise_config
from storage.models import Account, PhoneBase
from storage.numbering_file import load_table

SMALL = 200_000
TICK = 0.01
LABELS = {'phone': 'phone', 'region': 'region', 'operator': 'operator', 'timezone': 'timezone'}
Metric = tuple[str, float, str]


def main() -> None:
    """Print every export figure as a metric line."""
    for name, value, unit in measure_exports():
        print(f'metric {name} {value:.1f} {unit}')


def measure_exports() -> list[Metric]:
    """Build the bases in a temporary SQLite file and measure the exports (call it outside an event loop)."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ['VAR_DIR'] = folder
        return asyncio.run(_run(f'sqlite://{Path(folder) / "bench.sqlite3"}'))


async def _run(url: str) -> list[Metric]:
    table = load_table()
    e164 = [f'+{number}' for number in _unique_numbers(table, np.random.default_rng(SEED)).tolist()]
    await Tortoise.init(config=tortoise_config(url))
    try:
        await migrate()
        account = await Account.create(name='Bench')
        big = await PhoneBase.create(account_id=account.id, name='1M')
        small = await PhoneBase.create(account_id=account.id, name='200k')
        await _build(big.id, table, e164[:COUNT])
        await _build(small.id, table, e164[:SMALL])
        del e164
        return await _measure(account.id, big.id, small.id)
    finally:
        await Tortoise.close_connections()


async def _measure(account_id: int, big: int, small: int) -> list[Metric]:
    before = _rss_mb()
    watch = _Watch()
    ticker = asyncio.ensure_future(watch.run())
    csv_1m = await _timed(account_id, big, 'csv', watch, expect=COUNT)
    stall_before = watch.reset_stall()
    xlsx_200k = await _timed(account_id, small, 'xlsx', watch, expect=SMALL)
    stall = watch.reset_stall()
    xlsx_1m = await _timed(account_id, big, 'xlsx', watch, expect=COUNT)
    ticker.cancel()
    return [
        ('export_csv_1m_s', csv_1m, 's'),
        ('export_xlsx_1m_s', xlsx_1m, 's'),
        ('export_xlsx_200k_s', xlsx_200k, 's'),
        ('export_peak_mb', watch.peak_mb, 'MB'),
        ('export_rss_before_mb', before, 'MB'),
        ('export_loop_stall_ms', stall * 1000, 'ms'),
        ('export_csv_loop_stall_ms', stall_before * 1000, 'ms'),
    ]


async def _timed(account_id: int, base_id: int, fmt: str, watch: '_Watch', *, expect: int) -> float:
    started = time.perf_counter()
    done: ExportFile = await export_base(
        account_id=account_id,
        base_id=base_id,
        fmt=fmt,  # type: ignore[arg-type]
        labels=LABELS,
        query=ListQuery(),
    )
    seconds = time.perf_counter() - started
    done.path.unlink()
    if done.rows != expect:
        raise RuntimeError(f'exported {done.rows} rows, expected {expect}')
    return seconds


class _Watch:
    """A 10 ms ticker: the longest gap between its ticks, and the peak resident memory it saw."""

    def __init__(self) -> None:
        self.stall = 0.0
        self.peak_mb = 0.0

    async def run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            self.stall = max(self.stall, now - last - TICK)
            self.peak_mb = max(self.peak_mb, _rss_mb())
            last = now

    def reset_stall(self) -> float:
        stall, self.stall = self.stall, 0.0
        return stall


def _rss_mb() -> float:
    with open('/proc/self/status', encoding='ascii') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return 0.0


if __name__ == '__main__':
    main()
