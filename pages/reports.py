"""Статистика СМС → Сгенерированные отчеты: every export with its parameters, rows, status and time; download as
Excel (XLSX) or CSV (UTF-8 with BOM / Windows-1251), cancel a running one, delete; and the protected download route."""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import quote

from fastapi import Response
from fastapi.responses import FileResponse, StreamingResponse
from nicegui import app, ui
from nicegui.events import GenericEventArguments

import ui_text as t
from components.confirm import confirm
from domain.clock import format_local
from domain.errors import NotFound
from domain.services import reports
from domain.services.auth import SessionUser
from domain.services.reports import ReportInfo
from pages.bases import client_account
from pages.session import cabinet_page, current_user, page_frame
from ui_text import statistics as ts

TITLE = t.WINDOW_TITLES['reports']
PATH = '/reports'
POLL_SECONDS = 1.0


def create() -> None:
    """Register the reports window and /reports/{id}/download/{kind}."""

    @cabinet_page(PATH, title=TITLE)
    async def reports_page(user: SessionUser) -> None:
        account_id = client_account(user)
        found = await reports.list_reports(account_id=account_id)
        with page_frame(TITLE, user=user, path=PATH):
            ReportsView(account_id=account_id, tz=user.timezone).build(found)

    @app.get('/reports/{report_id}/download/{kind}')
    async def download(report_id: int, kind: str) -> Response:
        user = await current_user()
        try:
            if user is None or user.account_id is None:
                raise NotFound('report')
            stored = await reports.report_file(
                account_id=user.account_id, report_id=report_id, kind=kind, title=ts.REPORT_FILE_TITLE
            )
        except NotFound:
            return Response(t.OBJECT_NOT_FOUND, status_code=404, media_type='text/plain; charset=utf-8')
        if stored.cp1251:
            headers = {'Content-Disposition': f"attachment; filename*=utf-8''{quote(stored.filename)}"}
            return StreamingResponse(stored.chunks(), media_type=stored.media_type, headers=headers)
        return FileResponse(stored.path, media_type=stored.media_type, filename=stored.filename)


class ReportsView:
    """The table of reports; running ones show their progress (read from this process, not the database)."""

    def __init__(self, *, account_id: int, tz: str) -> None:
        self.account_id = account_id
        self.tz = tz
        self.reports: list[ReportInfo] = []

    def build(self, found: list[ReportInfo]) -> None:
        """Draw the table and start following running reports."""
        ui.label(ts.reports_ttl(reports.report_ttl_hours())).classes('text-grey-7')
        self.empty = ui.row().classes('items-center gap-2')
        with self.empty:
            ui.label(ts.NO_REPORTS).classes('text-grey-7').mark('no-reports')
            ui.link(ts.TO_DETAIL, '/stats/detail')
        columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in ts.REPORT_COLUMNS.items()]
        columns[1]['style'] = 'white-space: normal; min-width: 14rem'
        self.table = ui.table(columns=columns, rows=[], row_key='id', pagination=50).classes('w-full')
        self.table.props('flat bordered').mark('reports-table')
        self.table.add_slot('body-cell-actions', _ACTIONS)
        for kind in reports.KINDS:
            self.table.on(kind, lambda e, k=kind: self.download(e, k))
        self.table.on('cancel', self.cancel)
        self.table.on('remove', self.remove)
        self.show(found)
        self.timer = ui.timer(POLL_SECONDS, self.poll)

    def show(self, found: list[ReportInfo]) -> None:
        """Put the reports into the table."""
        self.reports = found
        self.table.rows = [self._row(report) for report in found]
        self.table.update()
        self.empty.set_visibility(not found)
        self.table.set_visibility(bool(found))

    async def poll(self) -> None:
        """Refresh running reports' progress; reload the list when one of them has ended."""
        running = [r for r in self.reports if r.status == 'running']
        if not running:
            return
        if any(reports.progress_of(r.id) is None for r in running):
            self.show(await reports.list_reports(account_id=self.account_id))
            return
        self.table.rows = [self._row(report) for report in self.reports]
        self.table.update()

    def download(self, event: GenericEventArguments, kind: str) -> None:
        """Send one format of a finished report."""
        ui.download.from_url(f'/reports/{int(event.args["id"])}/download/{kind}')

    async def cancel(self, event: GenericEventArguments) -> None:
        """Stop a running report."""
        await reports.cancel_report(account_id=self.account_id, report_id=int(event.args['id']))

    def remove(self, event: GenericEventArguments) -> None:
        """Delete a report after a confirmation."""
        report_id = int(event.args['id'])

        async def delete() -> None:
            with contextlib.suppress(NotFound):
                await reports.delete_report(account_id=self.account_id, report_id=report_id)
            ui.notify(ts.REPORT_DELETED, type='positive')
            self.show(await reports.list_reports(account_id=self.account_id))

        confirm(ts.confirm_delete_report(report_id), delete)

    def _row(self, report: ReportInfo) -> dict[str, Any]:
        status = ts.REPORT_STATUSES.get(report.status, report.status)
        progress = reports.progress_of(report.id) if report.status == 'running' else None
        if progress is not None:
            status = ts.report_progress(*progress)
        return {
            'id': report.id,
            'created_at': format_local(report.created_at, self.tz),
            'params': ts.report_params(report.params),
            'rows': progress[0] if progress else report.rows,
            'status': status,
            'status_code': report.status,
            'finished_at': format_local(report.finished_at, self.tz),
        }


def _button(event: str, label: str, condition: str, extra: str) -> str:
    click = f"$parent.$emit('{event}', props.row)"
    return (
        f'<q-btn v-if="{condition}" dense no-caps size="md" label="{label}" {extra} '
        f'data-marker="report-{event}" @click="{click}" />'
    )


_DONE = "props.row.status_code === 'done'"
_ACTIONS = (
    '<q-td :props="props"><div class="row items-center q-gutter-xs">'
    + _button('xlsx', ts.DOWNLOAD_XLSX, _DONE, 'unelevated color="primary" icon="download"')
    + _button('csv', ts.DOWNLOAD_CSV, _DONE, 'outline color="primary"')
    + _button('csv1251', ts.DOWNLOAD_CSV_1251, _DONE, 'outline color="primary"')
    + _button('cancel', ts.CANCEL_REPORT, "props.row.status_code === 'running'", 'flat icon="stop_circle"')
    + _button('remove', ts.DELETE_REPORT, 'true', 'flat color="negative" icon="delete"')
    + '</div></q-td>'
)
