"""Сгенерированные отчеты on SQLite and PostgreSQL: export read back (XLSX, CSV UTF-8, Windows-1251), formula-safe
cells, only the owner downloads, cancel, delete, cleaning after the TTL."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from domain.errors import NotFound
from domain.services import reports
from domain.services.detail_stats import DetailFilter
from domain.spreadsheet_safety import restore_cell
from domain.stats import Period
from domain.statuses import MessageStatus
from storage import stats_queries
from storage.models import Account, Report
from storage.stats_seed import SeedMessage, add_mailing, add_messages
from storage.subscriber_queries import connection
from ui_text import statistics as ts

DAY = Period(date_from=date(2026, 2, 10), date_to=date(2026, 2, 10))
AT = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
TEXTS = ['=HYPERLINK("http://evil")', '+7 и ещё', 'Обычный текст; с точкой с запятой', "'@SUM(1)", 'Ёлка ✓ «кавычки»']
HEADERS = list(ts.DETAIL_COLUMNS.values())


@pytest.fixture(autouse=True)
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))
    return tmp_path / 'var'


async def _account_with_messages(name: str) -> int:
    account = await Account.create(name=name, timezone='Europe/Moscow')
    conn = connection()
    mailing_id = await add_mailing(conn, account_id=account.id, name='=Рассылка', sender='Shop', created_at=AT)
    messages = [
        SeedMessage(
            phone=f'+7916000000{n}',
            created_at=AT + timedelta(minutes=n),
            status=(MessageStatus.delivered, MessageStatus.undelivered)[n % 2],
            text=text,
            parts=2,
            cost=Decimal('4.70'),
            err='' if n % 2 == 0 else '013',
        )
        for n, text in enumerate(TEXTS)
    ]
    await add_messages(conn, account_id=account.id, mailing_id=mailing_id, sender='Shop', messages=messages)
    return int(account.id)


async def _report(account_id: int, **filters: object) -> int:
    report_id = await reports.start_report(
        account_id=account_id,
        user_id=None,
        tz='Europe/Moscow',
        where=DetailFilter(period=DAY, **filters),  # type: ignore[arg-type]
        sort='created_at',
        descending=False,
    )
    status = await reports.run_report(report_id, headers=HEADERS, status_labels=ts.STATUS_LABELS)
    assert status == 'done'
    return report_id


async def test_an_export_reads_back_from_xlsx_and_both_csv_encodings(db: str) -> None:
    account_id = await _account_with_messages('ООО Отчёт')
    report_id = await _report(account_id)
    (info,) = await reports.list_reports(account_id=account_id)
    assert (info.status, info.rows, info.params['date_from']) == ('done', 5, '2026-02-10')

    xlsx = await reports.report_file(account_id=account_id, report_id=report_id, kind='xlsx', title='Отчет')
    sheet = openpyxl.load_workbook(xlsx.path).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    assert [row[7] for row in rows[1:]] == TEXTS  # texts exactly, none turned into a formula
    first = rows[1]
    assert first[0] == '10.02.2026 12:00:00'  # created, in the account's zone
    assert first[3] == '+7 916 000-00-00'
    assert (first[6], first[8], first[9], first[10]) == ('=Рассылка', 2, 4.7, ts.STATUS_LABELS['delivered'])
    assert rows[2][12] == '013'
    assert sheet['H2'].data_type == 's' and sheet['H2'].quotePrefix  # Excel's hidden quote before '='

    text = xlsx.path.with_suffix('.csv').read_bytes()
    assert text.startswith(b'\xef\xbb\xbf')
    parsed = list(csv.reader(io.StringIO(text.decode('utf-8-sig')), delimiter=';'))
    assert parsed[0] == HEADERS
    assert [restore_cell(row[7]) for row in parsed[1:]] == TEXTS
    assert parsed[1][7].startswith("'=")  # the visible apostrophe of CSV
    assert (parsed[1][3], parsed[1][9]) == ('8 916 000-00-00', '4,70')

    cp1251 = await reports.report_file(account_id=account_id, report_id=report_id, kind='csv1251', title='Отчет')
    assert cp1251.cp1251 and cp1251.filename.endswith('.csv')
    legacy = b''.join(cp1251.chunks()).decode('cp1251')
    assert legacy.splitlines()[0] == ';'.join(HEADERS)
    assert 'Ёлка ? «кавычки»' in legacy  # ✓ has no Windows-1251 code


async def test_a_filtered_export_holds_only_the_matching_rows(db: str) -> None:
    account_id = await _account_with_messages('ООО Фильтр')
    report_id = await _report(account_id, status=MessageStatus.undelivered)
    path = (await reports.report_file(account_id=account_id, report_id=report_id, kind='csv', title='x')).path
    parsed = list(csv.reader(io.StringIO(path.read_text(encoding='utf-8-sig')), delimiter=';'))
    assert len(parsed) == 3
    assert {row[10] for row in parsed[1:]} == {ts.STATUS_LABELS['undelivered']}


@pytest.mark.parametrize('few_rows', [stats_queries.FEW_ROWS, 1], ids=['sorted-selection', 'read-in-index-order'])
async def test_a_report_keeps_the_sender_operator_and_mailing_sorts(
    db: str, few_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stats_queries, 'FEW_ROWS', few_rows)
    monkeypatch.setattr(reports, 'BATCH', 3)  # several batches, each continuing after the last row of the one before
    account_id = await _account_with_messages('ООО Порядок')  # «=Рассылка» from Shop, all МТС
    conn = connection()
    other = await add_mailing(conn, account_id=account_id, name='Яблочная акция', sender='Apteka', created_at=AT)
    messages = [
        SeedMessage(phone=f'+7903000000{n}', created_at=AT + timedelta(minutes=n, seconds=30), operator='Билайн')
        for n in range(4)
    ]
    await add_messages(conn, account_id=account_id, mailing_id=other, sender='Apteka', messages=messages)
    for sort, column in (('sender', 2), ('operator', 4), ('mailing', 6)):
        for descending in (False, True):
            report_id = await reports.start_report(
                account_id=account_id,
                user_id=None,
                tz='Europe/Moscow',
                where=DetailFilter(period=DAY),
                sort=sort,
                descending=descending,
            )
            formats = ('csv',)
            status = await reports.run_report(
                report_id, headers=HEADERS, status_labels=ts.STATUS_LABELS, formats=formats
            )
            assert status == 'done'
            path = (await reports.report_file(account_id=account_id, report_id=report_id, kind='csv', title='x')).path
            parsed = list(csv.reader(io.StringIO(path.read_text(encoding='utf-8-sig')), delimiter=';'))[1:]
            assert len(parsed) == 9, sort
            keys = [(restore_cell(row[column]), row[0]) for row in parsed]  # then by time (one day: text order)
            assert keys == sorted(keys, reverse=descending), (sort, descending)
            assert len({row[3] for row in parsed}) == 9  # every number once
            (info,) = [r for r in await reports.list_reports(account_id=account_id) if r.id == report_id]
            assert ts.report_params(info.params).endswith(f'сортировка {ts.SORT_NAMES[sort]}')


async def test_another_accounts_report_is_never_served_listed_or_deleted(db: str) -> None:
    owner = await _account_with_messages('ООО Владелец')
    stranger = int((await Account.create(name='ООО Чужой')).id)
    report_id = await _report(owner)
    assert await reports.list_reports(account_id=stranger) == []
    for kind in reports.KINDS:
        with pytest.raises(NotFound):
            await reports.report_file(account_id=stranger, report_id=report_id, kind=kind, title='x')
    with pytest.raises(NotFound):
        await reports.delete_report(account_id=stranger, report_id=report_id)
    with pytest.raises(NotFound):
        await reports.cancel_report(account_id=stranger, report_id=report_id)
    assert await Report.filter(id=report_id).exists()


async def test_a_cancelled_report_ends_cancelled_without_files(db: str, var_dir: Path) -> None:
    account_id = await _account_with_messages('ООО Отмена')
    report_id = await reports.start_report(
        account_id=account_id, user_id=None, tz='Europe/Moscow', where=DetailFilter(period=DAY), sort='phone',
        descending=True,
    )  # fmt: skip
    await reports.cancel_report(account_id=account_id, report_id=report_id)
    status = await reports.run_report(report_id, headers=HEADERS, status_labels=ts.STATUS_LABELS)
    assert status == 'cancelled'
    assert (await Report.get(id=report_id)).status == 'cancelled'
    assert list((var_dir / 'reports').iterdir()) == []
    with pytest.raises(NotFound):
        await reports.report_file(account_id=account_id, report_id=report_id, kind='xlsx', title='x')


async def test_reports_older_than_the_ttl_are_deleted_with_their_files(db: str, var_dir: Path) -> None:
    account_id = await _account_with_messages('ООО Срок')
    old_id = await _report(account_id)
    new_id = await _report(account_id)
    old = await Report.get(id=old_id)
    await Report.filter(id=old_id).update(created_at=datetime.now(UTC) - timedelta(hours=169))
    assert await reports.delete_expired(ttl_hours=168) == 1
    assert not await Report.filter(id=old_id).exists()
    names = {path.name for path in (var_dir / 'reports').iterdir()}
    assert not any(name.startswith(old.stored_name) for name in names)
    new = await Report.get(id=new_id)
    assert {f'{new.stored_name}.xlsx', f'{new.stored_name}.csv'} == names


async def test_deleting_a_report_removes_its_files(db: str, var_dir: Path) -> None:
    account_id = await _account_with_messages('ООО Удаление')
    report_id = await _report(account_id)
    await reports.delete_report(account_id=account_id, report_id=report_id)
    assert list((var_dir / 'reports').iterdir()) == []
    assert await reports.list_reports(account_id=account_id) == []


async def test_a_report_left_running_by_a_restart_is_marked_failed(db: str) -> None:
    account_id = await _account_with_messages('ООО Перезапуск')
    report_id = await reports.start_report(
        account_id=account_id, user_id=None, tz='Europe/Moscow', where=DetailFilter(period=DAY), sort='created_at',
        descending=False,
    )  # fmt: skip
    await Report.filter(id=report_id).update(created_at=datetime.now(UTC) - timedelta(hours=7))
    assert await reports.delete_expired(ttl_hours=168) == 0
    report = await Report.get(id=report_id)
    assert (report.status, report.error) == ('failed', 'lost')
    assert reports.progress_of(report_id) is None
