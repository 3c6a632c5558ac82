"""Benchmark: statistics over 10,000,000 messages of 50 accounts in one year, on SQLite and PostgreSQL.

Run `python -m bench.statistics [--rows N] [--postgres URL] [--only sqlite|postgres] [--parts P] [--sorts S]`. The
history is generated in bulk SQL by bench/statistics_data.py into var/bench/statistics-<N>.sqlite3 and the PostgreSQL
database bench_stats (bench_stats_<N> for another N) on the server of --postgres (default: TEST_POSTGRES_URL or
postgres://postgres@127.0.0.1:5432/test); both are kept and reused by the next run (delete the file / drop the
database to generate again). All figures are for the biggest account (14 % of the traffic, about 1.4 million
messages a year, 120 thousand in the measured month), through the services the pages call:

- stats_month_by_day / by_operator: general statistics of October 2025 (median of 5 after a first run, which is
  printed as *_first);
- detail_page: the slowest first page (count + 50 rows) over every filter x every offered sort (or only those of
  --sorts, e.g. `--sorts sender,operator,mailing`) and direction for October 2025; detail_page_last /
  detail_page_next: the slowest last page and keyset next page of those;
- report_csv_1m / report_xlsx_1m: a report of about 1,000,000 rows written as CSV only / XLSX only, after a first
  CSV run that reads the rows from disk into the OS cache (printed as report_csv_1m_first); report_both_1m: both
  files in one pass, which is what «Выгрузить в Excel» does; report_peak_mb: the largest resident memory seen during
  the reports (on SQLite it includes the connection's page cache, up to 256 MB by storage/db.py: with a 2 MB cache
  the peak is ~330 MB for both 130k and 944k rows); report_loop_stall_ms: the longest event-loop stall.

Filters by sender and by operator have no index of their own; their figures are printed as they are, and once more
(labelled adhoc_index) with indexes (account_id, sender, created_at) and (account_id, operator, created_at) made
for the measurement and dropped after it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics as stats
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections

from bench.exports import _rss_mb, _Watch
from bench.statistics_data import BenchData, ensure_data
from domain.services import detail_stats, reports, statistics
from domain.services.detail_stats import DetailFilter
from domain.services.statistics import StatsQuery
from domain.stats import Grouping, Period
from domain.statuses import MessageStatus
from storage import stats_queries
from storage.db import check_database, migrate, tortoise_config
from storage.models import Account
from ui_text import statistics as ts

ROWS = 10_000_000
PROJECT = Path(__file__).resolve().parents[1]
MONTH = Period(date_from=date(2025, 10, 1), date_to=date(2025, 10, 31))
RUNS = 5
REPORT_ROWS = 1_000_000
PARTS = ('stats', 'detail', 'reports', 'adhoc')
AD_HOC = {
    'sender': 'CREATE INDEX bench_adhoc_sender ON message (account_id, sender, created_at)',
    'operator': 'CREATE INDEX bench_adhoc_operator ON message (account_id, operator, created_at)',
}
Metric = tuple[str, float, str]


def main() -> None:
    """Parse the flags, run on SQLite and PostgreSQL, print `metric` lines."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--rows', type=int, default=ROWS, help='messages to generate (default 10,000,000)')
    default_pg = os.environ.get('TEST_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432/test')
    parser.add_argument(
        '--postgres', metavar='URL', default=default_pg, help='a server whose user may create databases'
    )
    parser.add_argument('--only', choices=('sqlite', 'postgres'), help='run on one database only')
    parser.add_argument('--parts', default=','.join(PARTS), help=f'what to measure (default: {",".join(PARTS)})')
    parser.add_argument(
        '--sorts', default=','.join(detail_stats.SORTS), help='the detail sorts to measure (default: every offered one)'
    )
    args = parser.parse_args()
    parts = frozenset(args.parts.split(','))
    sorts = tuple(args.sorts.split(','))
    if unknown := set(sorts) - set(detail_stats.SORTS):
        parser.error(f'unknown sorts: {", ".join(sorted(unknown))} (offered: {", ".join(detail_stats.SORTS)})')
    suffix = '' if args.rows == ROWS else f'_{args.rows}'
    with tempfile.TemporaryDirectory() as folder:
        os.environ['VAR_DIR'] = folder  # report files go to a temporary folder
        if args.only != 'postgres':
            path = PROJECT / 'var' / 'bench' / f'statistics-{args.rows}.sqlite3'
            path.parent.mkdir(parents=True, exist_ok=True)
            _print(asyncio.run(_run(f'sqlite://{path}', rows=args.rows, postgres=False, parts=parts, sorts=sorts)), '')
        if args.only != 'sqlite':
            url = f'{args.postgres.rsplit("/", 1)[0]}/bench_stats{suffix}'
            _print(asyncio.run(_run(url, rows=args.rows, postgres=True, parts=parts, sorts=sorts)), '_pg')


def _print(metrics: list[Metric], suffix: str) -> None:
    for name, value, unit in metrics:
        print(
            f'metric {name}{suffix} {value:.3f} {unit}' if unit == 's' else f'metric {name}{suffix} {value:.1f} {unit}'
        )
        sys.stdout.flush()


async def _run(
    url: str, *, rows: int, postgres: bool, parts: frozenset[str], sorts: tuple[str, ...] = detail_stats.SORTS
) -> list[Metric]:
    create = False
    if postgres:
        try:
            await check_database(url)
        except Exception:  # the bench database does not exist yet
            create = True
    await Tortoise.init(config=tortoise_config(url), _create_db=create)
    try:
        await migrate()
        conn = connections.get('default')
        data = await ensure_data(conn, rows=rows, postgres=postgres)
        return await _measure(data, postgres=postgres, parts=parts, sorts=sorts)
    finally:
        await Tortoise.close_connections()


async def _measure(
    data: BenchData, *, postgres: bool, parts: frozenset[str], sorts: tuple[str, ...] = detail_stats.SORTS
) -> list[Metric]:
    account = data.account_ids[0]
    tz = (await Account.get(id=account)).timezone
    metrics: list[Metric] = []
    groupings = ((Grouping.day, 'stats_month_by_day'), (Grouping.operator, 'stats_month_by_operator'))
    for grouping, name in groupings if 'stats' in parts else ():
        query = StatsQuery(period=MONTH, grouping=grouping)
        first, median = await _timed(partial(statistics.general_stats, account_id=account, tz=tz, query=query))
        metrics += [(f'{name}_10m_s', median, 's'), (f'{name}_10m_first_s', first, 's')]
    if 'detail' in parts:
        metrics += _page_metrics(await _detail_cases(account, tz, await _filters(account), sorts), '')
    if 'reports' in parts:
        metrics += await _reports(account, tz)
    if 'adhoc' in parts:
        metrics += await _ad_hoc(account, tz, postgres=postgres, sorts=sorts)
    return metrics


async def _filters(account: int) -> dict[str, DetailFilter]:
    """Every filter of the window once, with a common and a rare (or empty) value where it matters."""
    since, until = datetime(2025, 10, 10, tzinfo=UTC), datetime(2025, 10, 20, tzinfo=UTC)
    found = await stats_queries.mailing_names(connections.get('default'), account_id=account, since=since, until=until)
    names = sorted((int(row['id']), str(row['name'])) for row in found if row['name'])
    mailing = names[0][1] if names else 'Рассылка'
    return {
        'none': DetailFilter(period=MONTH),
        'status_delivered': DetailFilter(period=MONTH, status=MessageStatus.delivered),
        'status_rejected': DetailFilter(period=MONTH, status=MessageStatus.rejected),
        'phone_7916': DetailFilter(period=MONTH, phone='8916'),
        'phone_791612': DetailFilter(period=MONTH, phone='+7 916 12'),
        'sender_used': DetailFilter(period=MONTH, sender='SHOP'),
        'sender_unused': DetailFilter(period=MONTH, sender='Bank'),
        'operator_mts': DetailFilter(period=MONTH, operator='МТС'),
        'operator_t2': DetailFilter(period=MONTH, operator='Т2'),
        'mailing_one': DetailFilter(period=MONTH, mailing=mailing),
        'mailing_none': DetailFilter(period=MONTH, mailing='нет такой рассылки'),
        'status_and_phone': DetailFilter(period=MONTH, status=MessageStatus.delivered, phone='8916'),
    }


async def _detail_cases(
    account: int, tz: str, filters: dict[str, DetailFilter], sorts: tuple[str, ...] = detail_stats.SORTS
) -> dict[str, dict[str, float]]:
    """{filter: {'first': worst ms, 'last': worst ms, 'next': worst ms}} over the sorts, both directions."""
    found: dict[str, dict[str, float]] = {}
    for name, where in filters.items():
        worst = {'first': 0.0, 'last': 0.0, 'next': 0.0}
        for sort in sorts:
            for descending in (True, False):
                common: dict[str, Any] = {
                    'account_id': account,
                    'tz': tz,
                    'where': where,
                    'sort': sort,
                    'descending': descending,
                }
                started = time.perf_counter()
                first = await detail_stats.detail_page(**common)
                worst['first'] = max(worst['first'], (time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                await detail_stats.detail_page(**common, total=first.total, offset=max(first.total - 50, 0))
                worst['last'] = max(worst['last'], (time.perf_counter() - started) * 1000)
                if first.total <= 50:
                    continue  # a single page: the window offers no next page
                started = time.perf_counter()
                await detail_stats.detail_page(**common, total=first.total, offset=50, after=first.last_key)
                worst['next'] = max(worst['next'], (time.perf_counter() - started) * 1000)
        found[name] = worst
        sys.stderr.write(f'  detail {name}: {worst}\n')
    return found


def _page_metrics(pages: dict[str, dict[str, float]], label: str) -> list[Metric]:
    metrics: list[Metric] = [
        (f'detail_page{label}_10m_ms', max(p['first'] for p in pages.values()), 'ms'),
        (f'detail_page_last{label}_10m_ms', max(p['last'] for p in pages.values()), 'ms'),
        (f'detail_page_next{label}_10m_ms', max(p['next'] for p in pages.values()), 'ms'),
    ]
    metrics += [(f'detail_page_{name}{label}_10m_ms', p['first'], 'ms') for name, p in pages.items()]
    return metrics


async def _reports(account: int, tz: str) -> list[Metric]:
    period = await _period_of(account, tz, REPORT_ROWS)
    watch = _Watch()
    ticker = asyncio.ensure_future(watch.run())
    before = _rss_mb()
    metrics: list[Metric] = []
    runs = (
        ('report_csv_1m_first_s', ('csv',)),  # the first read of these rows: the database file is not yet cached
        ('report_csv_1m_s', ('csv',)),
        ('report_xlsx_1m_s', ('xlsx',)),
        ('report_both_1m_s', None),
    )
    for name, formats in runs:
        report_id = await reports.start_report(
            account_id=account, user_id=None, tz=tz, where=DetailFilter(period=period), sort='created_at',
            descending=False,
        )  # fmt: skip
        started = time.perf_counter()
        status = await reports.run_report(
            report_id,
            headers=list(ts.DETAIL_COLUMNS.values()),
            status_labels=ts.STATUS_LABELS,
            formats=formats or reports.FORMATS,
        )
        metrics.append((name, time.perf_counter() - started, 's'))
        report = (await reports.list_reports(account_id=account, limit=1))[0]
        sys.stderr.write(f'  {name}: {status}, {report.rows} rows\n')
        await reports.delete_report(account_id=account, report_id=report_id)
    ticker.cancel()
    metrics += [
        ('report_rows', float(report.rows), 'rows'),
        ('report_peak_mb', watch.peak_mb, 'MB'),
        ('report_rss_before_mb', before, 'MB'),
        ('report_loop_stall_ms', watch.stall * 1000, 'ms'),
    ]
    return metrics


async def _period_of(account: int, tz: str, rows: int) -> Period:
    """From 1 January 2025 to the first local day by which the account has `rows` messages."""
    day = date(2025, 1, 31)
    while day < date(2025, 12, 31):
        where = DetailFilter(period=Period(date_from=date(2025, 1, 1), date_to=day))
        if await detail_stats.count_messages(account_id=account, tz=tz, where=where) >= rows:
            return where.period
        day = date.fromordinal(day.toordinal() + 7)
    return Period(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))


async def _ad_hoc(
    account: int, tz: str, *, postgres: bool, sorts: tuple[str, ...] = detail_stats.SORTS
) -> list[Metric]:
    """The sender and operator filters again with their missing indexes made for the measurement only."""
    conn = connections.get('default')
    filters = {name: where for name, where in (await _filters(account)).items() if name.split('_')[0] in AD_HOC}
    started = time.perf_counter()
    for sql in AD_HOC.values():
        await conn.execute_script(sql)
    if postgres:
        await conn.execute_script('ANALYZE message')
    sys.stderr.write(f'  ad hoc indexes made in {time.perf_counter() - started:.0f} s\n')
    try:
        pages = await _detail_cases(account, tz, filters, sorts)
    finally:
        for name in ('bench_adhoc_sender', 'bench_adhoc_operator'):
            await conn.execute_script(f'DROP INDEX {name}')
    return _page_metrics(pages, '_adhoc_index')


async def _timed(call: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    started = time.perf_counter()
    await call()
    first = time.perf_counter() - started
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        await call()
        runs.append(time.perf_counter() - started)
    return first, stats.median(runs)


if __name__ == '__main__':
    main()
