"""Статистика СМС in a real browser: general statistics with the chart, grouping, the detailed table filtered by
status with a message's history, an export downloaded from «Сгенерированные отчеты» and read back, the monitor."""

import sqlite3
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from playwright.sync_api import Page, expect

import ui_text as t
from tests.e2e.conftest import RunningApp, log_in, screenshot
from ui_text import statistics as ts

OPERATORS = ('МТС', 'МегаФон', 'Билайн', 'Т2')
# per day of the last ten: (delivered, undelivered, expired, rejected, submitted)
TRAFFIC = [(40 + 7 * (d % 4), 3 + d % 3, d % 2, 1 if d == 4 else 0, 2 if d == 0 else 0) for d in range(10)]
STATUSES = ('delivered', 'undelivered', 'expired', 'rejected', 'submitted')


def _database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite file of the app under test (app_server keeps it under its temporary VAR_DIR)."""
    (path,) = Path(tmp_path_factory.getbasetemp()).glob('e2e-var[0-9]*/cabinet.sqlite3')
    return path


def _stamp(moment: datetime) -> str:
    return moment.isoformat(' ')


def _seed(database: Path, login: str) -> int:
    """Ten days of one mailing a day for the demo client, written as the sending engine would leave them."""
    moscow = ZoneInfo('Europe/Moscow')  # the demo account's zone
    noon = datetime.combine(datetime.now(moscow).date(), time(12), moscow).astimezone(UTC)
    with sqlite3.connect(database) as conn:
        (account_id,) = conn.execute('SELECT account_id FROM app_user WHERE login = ?', (login,)).fetchone()
        number = 0
        for day, counts in enumerate(TRAFFIC):
            at = noon - timedelta(days=day)
            mailing_id = conn.execute(
                'INSERT INTO mailing (account_id, name, sender, text, template_name, local_time, validity_hours, '
                'recipients, excluded_stoplist, excluded_bases, duplicates, invalid, parts, cost, created_at) '
                "VALUES (?, ?, 'DemoShop', 'Скидка', '', 0, 24, ?, 0, 0, 0, 0, 0, 0, ?) RETURNING id",
                (account_id, f'Акция дня {day + 1}', sum(counts), _stamp(at)),
            ).fetchone()[0]
            for status, count in zip(STATUSES, counts, strict=True):
                for _ in range(count):
                    number += 1
                    sent = _stamp(at + timedelta(seconds=3))
                    message_id = conn.execute(
                        'INSERT INTO message (account_id, mailing_id, phone, sender, text, parts, ucs2, operator, '
                        'region, timezone, price, cost, status, status_at, due_at, expires_at, submitted_at, attempts, '
                        "stat, err, created_at) VALUES (?, ?, ?, 'DemoShop', ?, 1, 1, ?, 'Город Москва', "
                        "'Europe/Moscow', '2.35', '2.35', ?, ?, ?, ?, ?, 1, '', ?, ?) RETURNING id",
                        (account_id, mailing_id, f'+7916{number:07d}', f'Скидка 20% для вас, №{number}',
                         OPERATORS[number % 4], status, sent, _stamp(at), _stamp(at + timedelta(days=1)), sent,
                         '013' if status == 'undelivered' else '', _stamp(at)),
                    ).fetchone()[0]  # fmt: skip
                    path = (
                        ('scheduled', 'queued', 'submitted', status)
                        if status != 'submitted'
                        else ('scheduled', 'queued', 'submitted')
                    )
                    for step, state in enumerate(path):
                        conn.execute(
                            "INSERT INTO message_event (message_id, status, at, stat, err) VALUES (?, ?, ?, '', '')",
                            (message_id, state, _stamp(at + timedelta(seconds=step))),
                        )
    return int(account_id)


def _menu(page: Page, label: str) -> None:
    page.get_by_role('complementary').get_by_role('link', name=label, exact=True).click()


def test_statistics_from_the_chart_to_a_downloaded_report(
    page: Page, app_server: RunningApp, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    login, password = app_server.logins['client']
    _seed(_database(tmp_path_factory), login)
    log_in(page, app_server, login, password)
    expect(page.get_by_text(t.DEMO_CLIENT_ACCOUNT).first).to_be_visible()

    _menu(page, t.ITEM_STATS)
    page.get_by_role('button', name=ts.QUICK_PERIODS['week']).click()
    chart = page.locator('.js-plotly-plot')
    expect(chart.locator('.legendtext').first).to_be_visible(timeout=20_000)
    expect(chart.get_by_text(ts.GROUP_LABELS['delivered'], exact=True)).to_be_visible()
    expect(chart.get_by_text(ts.CHART_Y)).to_be_visible()
    # the toolbar speaks Russian and keeps only what means something for counts
    download = chart.locator('.modebar-btn[data-title="{}"]'.format(ts.CHART_TOOLBAR['Download plot as a PNG']))
    expect(download).to_have_count(1)
    expect(chart.locator('.modebar-btn[data-attr="dragmode"][data-val="lasso"]')).to_have_count(0)
    expect(page.get_by_text(ts.NOTE)).to_be_visible()
    total = sum(sum(day) for day in TRAFFIC[:7])
    totals = page.get_by_role('row').filter(has_text=ts.TOTAL).get_by_role('cell')
    expect(totals.nth(1)).to_have_text(str(total))
    screenshot(page, '40-stats-by-day')

    page.get_by_label(ts.GROUPING).click()
    page.get_by_role('option', name=ts.GROUPINGS['operator']).click()
    expect(chart.get_by_text('МегаФон').first).to_be_visible(timeout=20_000)
    screenshot(page, '41-stats-by-operator')

    _menu(page, t.ITEM_DETAIL)
    table = page.locator('.q-table')
    expect(table.get_by_role('cell', name='Акция дня 1').first).to_be_visible(timeout=20_000)
    page.get_by_label(ts.FILTER_STATUS).click()
    page.get_by_role('option', name=ts.STATUS_LABELS['undelivered'], exact=True).click()
    page.get_by_role('button', name=ts.SHOW).click()
    undelivered = sum(day[1] for day in TRAFFIC[:7])
    expect(page.get_by_text(ts.detail_total(undelivered))).to_be_visible(timeout=20_000)
    expect(table.get_by_role('cell', name=ts.STATUS_LABELS['delivered'], exact=True)).to_have_count(0)
    screenshot(page, '42-detail-undelivered')
    table.locator('tbody tr').first.click()
    history = page.locator('.q-dialog').filter(has_text=ts.HISTORY_TITLE)
    expect(history.get_by_role('cell', name=ts.STATUS_LABELS['undelivered'])).to_be_visible()
    page.wait_for_timeout(400)  # the dialog's fade-in
    screenshot(page, '43-message-history')
    history.get_by_role('button', name=t.CLOSE).click()

    page.get_by_role('button', name=ts.EXPORT).click()
    page.locator('.q-page').get_by_role('link', name=t.ITEM_REPORTS).click()
    reports = page.locator('.q-table')
    expect(reports.get_by_role('cell', name=ts.REPORT_STATUSES['done'], exact=True)).to_be_visible(timeout=30_000)
    screenshot(page, '44-generated-reports')
    with page.expect_download() as download_info:
        reports.get_by_role('button', name=ts.DOWNLOAD_XLSX).first.click()
    saved = tmp_path / 'report.xlsx'
    download_info.value.save_as(saved)
    assert download_info.value.suggested_filename.endswith('.xlsx')
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert list(rows[0]) == list(ts.DETAIL_COLUMNS.values())
    assert len(rows) == undelivered + 1
    assert {row[10] for row in rows[1:]} == {ts.STATUS_LABELS['undelivered']}
    assert {row[12] for row in rows[1:]} == {'013'}

    page.goto(f'{app_server.url}/monitor?kiosk=1')
    expect(page.get_by_text('Акция дня 1')).to_be_visible(timeout=20_000)
    screenshot(page, '45-monitor-kiosk')
