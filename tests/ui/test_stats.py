"""Статистика СМС in the user fixture: general statistics with the chart, the detailed table, reports, the monitor."""

import asyncio
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import openpyxl
from nicegui import ui
from nicegui.testing import User

import pages.monitor
from domain.statuses import MessageStatus
from storage.models import Account, Report
from storage.stats_seed import SeedMessage, add_mailing, add_messages
from storage.subscriber_queries import connection
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client, table_rows
from ui_text import statistics as ts

STATUSES = [MessageStatus.delivered] * 3 + [MessageStatus.undelivered, MessageStatus.submitted, MessageStatus.expired]


async def seed_today(account_name: str = 'ООО Ромашка', sender: str = 'Romashka') -> int:
    """Six messages of one mailing sent an hour ago (today in any Russian zone, so in «Месяц» and «Неделя»)."""
    account = await Account.get(name=account_name)
    at = datetime.now(UTC) - timedelta(minutes=5)
    conn = connection()
    mailing_id = await add_mailing(conn, account_id=account.id, name='Весенняя акция', sender=sender, created_at=at)
    messages = [
        SeedMessage(
            phone=f'+7916123450{n}',
            created_at=at,
            status=status,
            operator='МТС' if n % 2 else 'МегаФон',
            text='=HYPERLINK("http://x")' if n == 0 else 'Скидка 20%',
            cost=Decimal('2.35'),
        )
        for n, status in enumerate(STATUSES)
    ]
    await add_messages(
        conn, account_id=account.id, mailing_id=mailing_id, sender=sender, messages=messages, with_events=True
    )
    return account.id


async def open_as_client(user: User, path: str) -> None:
    await make_client()
    await seed_today()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=30)
    await user.open(path)


async def rows_when(user: User, marker: str, check, tries: int = 40) -> list[dict]:
    """The table's rows once `check(rows)` holds (the page fills it in the background), or the last seen."""
    rows: list[dict] = []
    for _ in range(tries):
        try:
            rows = table_rows(user, marker)
        except AssertionError:  # not drawn yet
            rows = []
        if rows and check(rows):
            break
        await asyncio.sleep(0.1)
    return rows


async def test_general_statistics_show_a_chart_and_a_table_with_totals_and_the_note(user: User) -> None:
    await open_as_client(user, '/stats')
    await user.should_see(ts.NOTE, retries=30)
    rows = await rows_when(user, 'stats-table', lambda r: r and r[-1]['messages'] == 6)
    total = rows[-1]
    assert total['label'] == ts.TOTAL
    assert (total['delivered'], total['undelivered'], total['expired'], total['pending']) == (3, 1, 1, 1)
    assert total['share'] == '50,0'
    (chart,) = user.find(kind=ui.plotly).elements
    figure = chart.figure
    assert [trace['name'] for trace in figure['data']] == list(ts.GROUP_LABELS.values())
    assert figure['layout']['barmode'] == 'stack'
    assert figure['layout']['yaxis']['title']['text'] == ts.CHART_Y


async def test_changing_the_grouping_recounts_by_operator(user: User) -> None:
    await open_as_client(user, '/stats')
    await rows_when(user, 'stats-table', lambda r: r and r[-1]['messages'] == 6)
    (grouping,) = user.find(kind=ui.select, marker='grouping').elements
    grouping.value = 'operator'
    rows = await rows_when(user, 'stats-table', lambda r: {'МТС', 'МегаФон'} <= {row['label'] for row in r})
    by_operator = {row['label']: row['messages'] for row in rows}
    assert by_operator == {'МТС': 3, 'МегаФон': 3, ts.TOTAL: 6}
    (chart,) = user.find(kind=ui.plotly).elements
    assert chart.figure['data'][0]['x'] == ['МТС', 'МегаФон'] or chart.figure['data'][0]['x'] == ['МегаФон', 'МТС']


async def test_a_reversed_period_is_refused_in_russian(user: User) -> None:
    await open_as_client(user, '/stats')
    await user.should_see(ts.NOTE, retries=30)
    user.find(marker='period-from').clear().type('01.03.2026')
    user.find(marker='period-to').clear().type('01.02.2026')
    user.find(marker='recalculate').click()
    await user.should_see(ts.ERRORS['stats_period_reversed'], retries=20)


async def test_detailed_statistics_filter_by_status_and_show_a_messages_history(user: User) -> None:
    await open_as_client(user, '/stats/detail')
    rows = await rows_when(user, 'detail-table', lambda r: len(r) == 6)
    assert len(rows) == 6
    (status,) = user.find(kind=ui.select, marker='filter-status').elements
    status.value = 'delivered'
    user.find(marker='apply-filters').click()
    rows = await rows_when(user, 'detail-table', lambda r: len(r) == 3)
    assert {row['status'] for row in rows} == {ts.STATUS_LABELS['delivered']}
    assert {row['phone'] for row in rows} <= {f'+7 916 123-45-0{n}' for n in range(6)}
    await user.should_see(ts.detail_total(3), retries=20)
    user.find(marker='detail-table').trigger('rowClick', [{}, rows[0], 0])
    await user.should_see(ts.HISTORY_TITLE, retries=20)
    history = await rows_when(user, 'history-table', lambda r: len(r) >= 5)
    assert [row['status'] for row in history][-1] == ts.STATUS_LABELS['delivered']


async def test_detailed_statistics_sort_by_sender_operator_and_mailing_from_the_headers(user: User) -> None:
    await make_client()
    await seed_today()
    await seed_today(sender='Apteka')  # a second mailing of the same name, made after the first
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=30)
    await user.open('/stats/detail')
    await rows_when(user, 'detail-table', lambda r: len(r) == 12)
    (table,) = user.find(marker='detail-table').elements
    sortable = {column['name'] for column in table.columns if column.get('sortable')}  # type: ignore[attr-defined]
    assert {'sender', 'operator', 'mailing'} <= sortable
    await user.should_see(ts.SORT_HINT, retries=10)

    async def sorted_by(sort: str, descending: bool, check) -> list[dict]:
        pagination = {'page': 1, 'rowsPerPage': 50, 'sortBy': sort, 'descending': descending}
        user.find(marker='detail-table').trigger('request', {'pagination': pagination})
        return await rows_when(user, 'detail-table', check)

    senders = ['Romashka'] * 6 + ['Apteka'] * 6  # the default order (newest first) shows Apteka first
    rows = await sorted_by('sender', True, lambda r: [row['sender'] for row in r] == senders)
    assert [row['sender'] for row in rows] == senders
    operators = ['МегаФон'] * 6 + ['МТС'] * 6
    rows = await sorted_by('operator', True, lambda r: [row['operator'] for row in r] == operators)
    assert [row['operator'] for row in rows] == operators
    # equally named mailings: mailing by mailing, the later one first when descending
    senders = ['Apteka'] * 6 + ['Romashka'] * 6
    rows = await sorted_by('mailing', True, lambda r: [row['sender'] for row in r] == senders)
    assert [row['sender'] for row in rows] == senders
    assert {row['mailing'] for row in rows} == {'Весенняя акция'}
    assert table.pagination['sortBy'] == 'mailing'  # type: ignore[attr-defined]
    user.find(marker='export-report').click()
    await user.should_see(ts.export_started(1), retries=30)
    report = await Report.get(id=1)
    assert (report.params['sort'], report.params['descending']) == ('mailing', True)


async def test_an_export_appears_in_generated_reports_and_downloads_as_xlsx(user: User) -> None:
    await open_as_client(user, '/stats/detail')
    await rows_when(user, 'detail-table', lambda r: len(r) == 6)
    user.find(marker='export-report').click()
    await user.should_see(ts.export_started(1), retries=30)
    await user.open('/reports')
    rows = await rows_when(user, 'reports-table', lambda r: r and r[0]['status_code'] == 'done', tries=100)
    if rows[0]['status_code'] != 'done':  # finished after the page was drawn: the poll reloads it
        await user.open('/reports')
        rows = await rows_when(user, 'reports-table', lambda r: r and r[0]['status_code'] == 'done', tries=50)
    assert rows[0]['status'] == ts.REPORT_STATUSES['done']
    assert rows[0]['rows'] == 6
    user.find(marker='reports-table').trigger('xlsx', rows[0])
    response = await user.download.next(timeout=5)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(ts.DETAIL_COLUMNS.values())
    assert len(values) == 7
    texts = {row[7] for row in values[1:]}
    assert '=HYPERLINK("http://x")' in texts  # kept as text, not made a formula


async def test_a_report_of_another_account_is_not_found(user: User) -> None:
    await open_as_client(user, '/stats/detail')
    await rows_when(user, 'detail-table', lambda r: len(r) == 6)
    user.find(marker='export-report').click()
    await user.should_see(ts.export_started(1), retries=30)
    await user.open('/logout')
    await make_client('other', 'ООО Другое')
    await log_in(user, 'other', CLIENT_PASSWORD)
    await user.should_see('ООО Другое', retries=30)
    for kind in ('xlsx', 'csv', 'csv1251'):
        response = await user.http_client.get(f'/reports/1/download/{kind}')
        assert response.status_code == 404


async def test_the_monitor_in_kiosk_mode_shows_todays_mailing_pushed_by_the_one_timer(user: User) -> None:
    await open_as_client(user, '/monitor?kiosk=1')
    await user.should_see(ts.MONITOR_EXIT_KIOSK, retries=30)
    await user.should_not_see('Телефонная база')  # no menu
    await pages.monitor.HUB.tick()
    await user.should_see('Весенняя акция', retries=30)
    await user.should_see(ts.MONITOR_OPERATORS, retries=10)
