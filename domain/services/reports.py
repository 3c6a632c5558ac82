"""Сгенерированные отчеты: a detail selection exported in the background to XLSX and CSV, kept as a Report row with
its parameters, row count, status and time; downloaded only by its account; deleted after a configurable time.

`start_report` stores the row (status running) and `run_report` writes both files in one pass over the selection
(keyset batches read on the event loop, each batch written in a worker thread while the next is read). Progress
and cancellation live in this process (`progress_of`, `cancel_report`); the row holds the outcome:
`running -> done | failed | cancelled`. Files are VAR_DIR/reports/<stored_name>.xlsx and .csv.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import AsyncGenerator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from config import load_settings
from domain.errors import DomainError, NotFound
from domain.services.detail_stats import DetailFilter, selection
from domain.services.report_files import CsvReport, XlsxReport, cp1251_chunks
from domain.services.var_dir import var_subdir
from domain.spreadsheet_safety import safe_filename
from domain.stats import Period, offset_segments
from domain.statuses import MessageStatus
from storage import stats_queries as queries
from storage.models import Report
from storage.subscriber_queries import connection

FORMATS = ('xlsx', 'csv')
KINDS = ('xlsx', 'csv', 'csv1251')
BATCH = 10_000  # rows read and written at once: fewer round trips than 5000 (faster on SQLite), bounded memory
# a report still `running` this long after it was asked for lost its process (a restart): it is marked failed
STALE_AFTER = timedelta(hours=6)
_MEDIA = {
    'xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'csv': 'text/csv; charset=utf-8',
    'csv1251': 'text/csv; charset=windows-1251',
}
_log = logging.getLogger(__name__)
Rows = list[Any]  # the driver's row objects: (*keyset, *report_files.COLUMNS)


@dataclass(kw_only=True, slots=True)
class _Job:
    cancel: threading.Event = field(default_factory=threading.Event)
    done: int = 0
    total: int = 0


_JOBS: dict[int, _Job] = {}


class _Cancelled(Exception):
    pass


@dataclass(kw_only=True, slots=True, frozen=True)
class ReportInfo:
    """A row of «Сгенерированные отчеты»."""

    id: int
    created_at: datetime
    finished_at: datetime | None
    status: str
    rows: int
    params: dict[str, Any]
    error: str


@dataclass(kw_only=True, slots=True, frozen=True)
class ReportFile:
    """What a download sends: the stored file, the name offered, the media type; `cp1251` re-encodes on the fly."""

    path: Path
    filename: str
    media_type: str
    cp1251: bool = False

    def chunks(self) -> Iterator[bytes]:
        """The Windows-1251 bytes of the UTF-8 CSV (only for a cp1251 download)."""
        return cp1251_chunks(self.path)


def params_of(where: DetailFilter, *, sort: str, descending: bool, tz: str) -> dict[str, Any]:
    """The JSON parameters of a report (what the list shows and what the job selects)."""
    return {
        'date_from': where.period.date_from.isoformat(),
        'date_to': where.period.date_to.isoformat(),
        'sender': where.sender,
        'phone': where.phone,
        'operator': where.operator,
        'mailing': where.mailing,
        'status': where.status.value if where.status else '',
        'sort': sort,
        'descending': descending,
        'timezone': tz,
    }


def filter_of(params: Mapping[str, Any]) -> DetailFilter:
    """The detail filter stored in a report's parameters."""
    period = Period(date_from=date.fromisoformat(params['date_from']), date_to=date.fromisoformat(params['date_to']))
    status = params.get('status') or ''
    return DetailFilter(
        period=period,
        sender=params.get('sender', ''),
        phone=params.get('phone', ''),
        operator=params.get('operator', ''),
        mailing=params.get('mailing', ''),
        status=MessageStatus(status) if status else None,
    )


async def start_report(
    *, account_id: int, user_id: int | None, tz: str, where: DetailFilter, sort: str, descending: bool
) -> int:
    """Record a new report (running) of the selection; the caller then runs `run_report` in the background."""
    if sort not in queries.SORTS:
        raise DomainError('sort_unknown', sort=sort)
    report = await Report.create(
        account_id=account_id,
        created_by_id=user_id,
        params=params_of(where, sort=sort, descending=descending, tz=tz),
        status='running',
        stored_name=uuid.uuid4().hex,
    )
    _JOBS[report.id] = _Job()
    return int(report.id)


async def run_report(
    report_id: int, *, headers: Sequence[str], status_labels: Mapping[str, str], formats: Sequence[str] = FORMATS
) -> str:
    """Write the report's files; returns the final status (done, failed or cancelled) also stored in its row."""
    report = await Report.get(id=report_id)
    job = _JOBS.setdefault(report_id, _Job())
    paths = [_path(report.stored_name, fmt) for fmt in formats]
    status, error = 'done', ''
    try:
        await _write(report, job, paths, headers, status_labels)
    except _Cancelled:
        status = 'cancelled'
    except Exception as problem:  # the report row must end either way; the reason is kept and logged
        _log.exception('report %s failed', report_id)
        status, error = 'failed', f'{type(problem).__name__}: {problem}'[:500]
    finally:
        _JOBS.pop(report_id, None)
    if status != 'done':
        _unlink(paths)
    finished = {'status': status, 'rows': job.done, 'error': error, 'finished_at': datetime.now(UTC)}
    if not await Report.filter(id=report_id, status='running').update(**finished):
        _unlink(paths)  # deleted while it ran
    return status


def progress_of(report_id: int) -> tuple[int, int] | None:
    """(rows written, rows selected) of a report running in this process, else None."""
    job = _JOBS.get(report_id)
    return (job.done, job.total) if job else None


async def cancel_report(*, account_id: int, report_id: int) -> None:
    """Stop a running report of the account (it ends as cancelled, its partial files deleted)."""
    if not await Report.filter(id=report_id, account_id=account_id).exists():
        raise NotFound('report')
    job = _JOBS.get(report_id)
    if job is not None:
        job.cancel.set()


async def list_reports(*, account_id: int, limit: int = 200) -> list[ReportInfo]:
    """The account's reports, newest first."""
    rows = await Report.filter(account_id=account_id).order_by('-created_at', '-id').limit(limit)
    return [_info(row) for row in rows]


async def report_file(*, account_id: int, report_id: int, kind: str, title: str) -> ReportFile:
    """A finished report's file to download; another account's report, or an unfinished one, is NotFound."""
    if kind not in KINDS:
        raise NotFound('report')
    report = await Report.get_or_none(id=report_id, account_id=account_id, status='done')
    if report is None:
        raise NotFound('report')
    fmt = 'xlsx' if kind == 'xlsx' else 'csv'
    path = _path(report.stored_name, fmt)
    if not path.exists():
        raise NotFound('report')
    name = safe_filename(f'{title} {report_id}', fmt, fallback='report')
    return ReportFile(path=path, filename=name, media_type=_MEDIA[kind], cp1251=kind == 'csv1251')


async def delete_report(*, account_id: int, report_id: int) -> None:
    """Delete a report of the account with its files (a running one is cancelled)."""
    report = await Report.get_or_none(id=report_id, account_id=account_id)
    if report is None:
        raise NotFound('report')
    job = _JOBS.get(report_id)
    if job is not None:
        job.cancel.set()
    await report.delete()
    _unlink([_path(report.stored_name, fmt) for fmt in FORMATS])


async def delete_expired(*, ttl_hours: int | None = None, now: datetime | None = None) -> int:
    """Delete reports older than the TTL (REPORT_TTL_HOURS) with their files, mark lost runs failed, remove files no
    report owns; returns how many reports were deleted."""
    now = now or datetime.now(UTC)
    hours = ttl_hours if ttl_hours is not None else report_ttl_hours()
    expired = await Report.filter(created_at__lt=now - timedelta(hours=hours))
    for report in expired:
        job = _JOBS.get(report.id)
        if job is not None:
            job.cancel.set()
        _unlink([_path(report.stored_name, fmt) for fmt in FORMATS])
    await Report.filter(id__in=[r.id for r in expired]).delete()
    stale = await Report.filter(status='running', created_at__lt=now - STALE_AFTER).only('id')
    lost = [int(report.id) for report in stale]
    for report_id in lost:  # its process ended (a restart) or it never started: no report runs for hours
        _JOBS.pop(report_id, None)
    await Report.filter(id__in=lost).update(status='failed', error='lost', finished_at=now)
    await _remove_orphans(now)
    return len(expired)


def report_ttl_hours() -> int:
    """How long reports are kept: the setting REPORT_TTL_HOURS (config.Settings.report_ttl_hours)."""
    return load_settings().report_ttl_hours


async def _write(
    report: Report, job: _Job, paths: list[Path], headers: Sequence[str], labels: Mapping[str, str]
) -> None:
    params = cast(dict[str, Any], report.params)
    tz, sort = params['timezone'], params['sort']
    where = await selection(account_id=report.account_id, tz=tz, where=filter_of(params))
    conn = connection()
    job.total = await queries.count(conn, where)
    sinks = [XlsxReport(p, headers, labels) if p.suffix == '.xlsx' else CsvReport(p, headers, labels) for p in paths]
    keys = len(queries.SORTS[sort])
    batches = queries.iter_export(
        conn,
        where,
        sort=sort,
        descending=bool(params['descending']),
        segments=offset_segments(where.start, where.end, tz),
        tz=tz,
        batch=BATCH,
        total=job.total,
    )
    try:
        rows = await anext(batches, None)
        while rows is not None:
            if job.cancel.is_set():
                raise _Cancelled
            written = len(rows)
            rows = await _write_and_read(sinks, rows, keys, batches)
            job.done += written
        if job.cancel.is_set():
            raise _Cancelled
    finally:
        await batches.aclose()
        await asyncio.to_thread(lambda: [sink.close() for sink in sinks])


async def _write_and_read(
    sinks: list[XlsxReport | CsvReport],
    rows: Rows,
    skip: int,
    batches: AsyncGenerator[Rows, None],
) -> Rows | None:
    """Write one batch in a thread while the next is read; both finish before an error is raised."""

    def write() -> None:
        for sink in sinks:
            sink.write(rows, skip=skip)

    outcomes = list(await asyncio.gather(anext(batches, None), asyncio.to_thread(write), return_exceptions=True))
    for outcome in reversed(outcomes):
        if isinstance(outcome, BaseException):
            raise outcome
    return cast(Rows | None, outcomes[0])


def _info(row: Report) -> ReportInfo:
    return ReportInfo(
        id=int(row.id),
        created_at=row.created_at,
        finished_at=row.finished_at,
        status=row.status,
        rows=row.rows,
        params=cast(dict[str, Any], row.params),
        error=row.error,
    )


def _path(stored_name: str, fmt: str) -> Path:
    return var_subdir('reports') / f'{stored_name}.{fmt}'


def _unlink(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


async def _remove_orphans(now: datetime) -> None:
    """Files under VAR_DIR/reports that no report row names (older than an hour, so a starting run is safe)."""
    known = set(await Report.all().values_list('stored_name', flat=True))
    limit = now.timestamp() - 3600
    for path in var_subdir('reports').iterdir():
        if path.stem not in known and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
