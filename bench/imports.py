"""Benchmark: file imports end to end (worker process, one transaction) into an empty base.

Run `python -m bench.imports [--postgres URL] [--rows N]` (default: a temporary SQLite file, 1,000,000 CSV rows).
Files are generated in a temporary folder: a Windows-1251 CSV (phone, name, two notes), an XLSX written by openpyxl
and, when LibreOffice's `soffice` is installed, an XLS that LibreOffice converts from a CSV. Peak memory is the
largest sum of the resident sizes of this process and all its descendants (the import worker and, for a big file,
its reader process), sampled from /proc every 50 ms during the CSV import (the process tree is re-read every
0.5 s); it is never below this process's peak plus that of its largest child (getrusage).
"""

import argparse
import asyncio
import itertools
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import openpyxl
from tortoise import Tortoise

from bench.exports import measure_exports
from domain.services.imports import ImportRequest, ImportResult, start_import
from storage.db import migrate, tortoise_config
from storage.models import Account, PhoneBase

SEED = 20261127
LAST_NAMES = ('Иванов', 'Смирнова', 'Кузнецов', 'Попова', 'Васильев', 'Петрова', 'Соколов', 'Михайлова')
FIRST_NAMES = ('Александр', 'Мария', 'Дмитрий', 'Анна', 'Сергей', 'Елена', 'Андрей', 'Ольга')
CITIES = ('Москва', 'Тверь', 'Казань', 'Новосибирск', 'Ростов-на-Дону')
MAPPING: list[str | None] = ['phone', 'fio', 'note1', 'note2']


def main() -> None:
    """Parse the flags and run the benchmark on SQLite or PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--postgres', metavar='URL', help='a PostgreSQL server URL whose user may create databases')
    parser.add_argument('--rows', type=int, default=1_000_000, help='rows of the CSV')
    parser.add_argument('--no-exports', action='store_true', help='skip the export figures (bench.exports)')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.postgres:
            url, create = f'{args.postgres.rsplit("/", 1)[0]}/bench_imports_{uuid.uuid4().hex[:8]}', True
        else:
            url, create = f'sqlite://{Path(folder) / "bench.sqlite3"}', False
        asyncio.run(_run(url, Path(folder), rows=args.rows, create=create))
    if not args.no_exports:
        # the issue asks for the export figures under this benchmark too; bench.exports measures them
        for name, value, unit in measure_exports():
            print(f'metric {name} {value:.1f} {unit}')


async def _run(url: str, folder: Path, *, rows: int, create: bool) -> None:
    await Tortoise.init(config=tortoise_config(url), _create_db=create)
    try:
        await migrate()
        account = await Account.create(name='Bench')
        csv_path = _write_csv(folder / 'base.csv', rows)
        with _TreeMemory() as tree:
            seconds = await _timed(url, account.id, csv_path, delimiter=';', encoding='cp1251')
        print(f'metric import_csv_1m_s {seconds:.1f} s')
        print(f'metric import_csv_1m_peak_mb {max(tree.peak_mb, _peak_mb()):.0f} MB')
        xlsx_path = _write_xlsx(folder / 'base.xlsx', 200_000)
        print(f'metric import_xlsx_200k_s {await _timed(url, account.id, xlsx_path):.1f} s')
        xls_path = _write_xls(folder, 60_000)
        if xls_path is None:
            print('soffice is not installed: no XLS to import, import_xls_60k_s not measured', file=sys.stderr)
        else:
            print(f'metric import_xls_60k_s {await _timed(url, account.id, xls_path):.1f} s')
    finally:
        if create:
            await Tortoise._drop_databases()
        else:
            await Tortoise.close_connections()


async def _timed(url: str, account_id: int, path: Path, *, delimiter: str = '', encoding: str = '') -> float:
    base = await PhoneBase.create(account_id=account_id, name=path.name)
    request = ImportRequest(
        account_id=account_id, base_id=base.id, path=path, filename=path.name, sheet_names=_sheets(path),
        encoding=encoding, delimiter=delimiter, has_header=False, mapping=MAPPING,
    )  # fmt: skip
    started = time.perf_counter()
    result = await start_import(request, database_url=url).result()
    seconds = time.perf_counter() - started
    _check(result, path)
    return seconds


def _check(result: ImportResult, path: Path) -> None:
    if result.invalid or not result.imported:
        raise RuntimeError(f'{path.name}: {result.imported} imported, {len(result.invalid)} invalid')


def _sheets(path: Path) -> list[str]:
    return [''] if path.suffix == '.csv' else ['Sheet1'] if path.suffix == '.xlsx' else ['base']


def _people(count: int) -> Iterator[tuple[str, str, str, str]]:
    """Distinct mobile numbers in shuffled order with names and notes, generated lazily (this process stays small)."""
    rng = random.Random(SEED)
    step = 999_999_999 // count
    for n in range(count):
        number = 9_000_000_000 + (n * 7919 % count) * step + rng.randrange(step)  # 7919 is prime: a shuffle
        yield f'8{number}', f'{LAST_NAMES[n % 8]} {FIRST_NAMES[n // 8 % 8]}', rng.choice(CITIES), f'Заказ №{n}'


def _write_csv(path: Path, count: int) -> Path:
    with path.open('w', encoding='cp1251', newline='') as file:
        for person in _people(count):
            file.write(';'.join(person) + '\r\n')
    return path


def _write_xlsx(path: Path, count: int) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet('Sheet1')
    for phone, name, city, order in _people(count):
        sheet.append([int(phone), name, city, order])  # numbers stored as numbers, as Excel users keep them
    book.save(path)
    return path


def _write_xls(folder: Path, count: int) -> Path | None:
    soffice = shutil.which('soffice')
    if soffice is None:
        return None
    (folder / 'xls').mkdir()
    source = _write_csv(folder / 'xls' / 'base.csv', count)
    # 59,34,34: ';' separated, '"' quoted, Windows-1251 (LibreOffice's encoding number 34)
    command = [soffice, '--headless', '--infilter=CSV:59,34,34', '--convert-to', 'xls', '--outdir', str(folder)]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=600)
    return folder / 'base.xls'


class _TreeMemory:
    """The largest sum of resident sizes of this process and its descendants, sampled in a thread."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> '_TreeMemory':
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        # reading every process's stat costs a few ms, so the tree is re-read only every tenth sample
        page_mb = os.sysconf('SC_PAGE_SIZE') / 2**20
        pids: list[int] = []
        for count in itertools.count():
            if self._stop.wait(0.05):
                return
            if count % 10 == 0:
                pids = _tree(os.getpid())
            self.peak_mb = max(self.peak_mb, sum(_rss_pages(pid) for pid in pids) * page_mb)


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.scandir('/proc'):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, 'stat').read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(')', 1)[1].split()[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _rss_pages(pid: int) -> int:
    try:
        return int(Path(f'/proc/{pid}/statm').read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _peak_mb() -> float:
    # a worker may still be checkpointing after it answered; its memory counts once it has ended and been waited for
    for child in multiprocessing.active_children():
        child.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


if __name__ == '__main__':
    main()
