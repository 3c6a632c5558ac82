"""«Подтверждение рассылки»: what confirming creates and costs; then creating it with progress, cancel and result."""

from __future__ import annotations

import threading

from nicegui import ui

import ui_text as t
from domain.access import Capability
from domain.clock import format_local
from domain.errors import DomainError
from domain.money import format_rub
from domain.services import mailings
from domain.services.auth import SessionUser
from domain.services.mailings import Created, Draft, Quote
from domain.statuses import MailingStatus
from pages.send_common import columns, phone_text, refresh_balance, refusal
from pages.top_up import open_top_up
from ui_text import sending as ts


def open_confirmation(*, quote: Quote, draft: Draft, user: SessionUser) -> None:
    """Show the figures of a prepared mailing; «Подтвердить» creates it."""
    with ui.dialog() as dialog, ui.card().classes('w-[46rem] max-w-full').mark('confirm-mailing'):
        ui.label(ts.CONFIRM_TITLE).classes('text-h6')
        _figures(quote, draft, user.timezone)
        if quote.invalid_sample:
            _invalid_sample(quote)
        if quote.preview:
            ui.label(ts.Q_PREVIEW).classes('text-subtitle2')
            for phone, text in quote.preview:
                ui.label(f'{phone_text(phone)}: {text}').classes('text-body2 whitespace-pre-wrap').mark('q-preview')
        if quote.over_cap:
            ui.label(ts.over_cap(quote.over_cap)).classes('text-negative').mark('q-over-cap')
        if quote.awaiting_payment:
            with ui.row().classes('w-full items-center gap-2 bg-orange-1 q-pa-sm rounded-borders').mark('q-awaiting'):
                ui.icon('warning', color='orange-9')
                note = (
                    f'{ts.AWAITING_NOTE} {ts.shortfall(format_rub(quote.shortfall))}'
                    if quote.shortfall
                    else ts.AWAITING_NOTE
                )
                ui.label(note).classes('flex-1')
                if user.can(Capability.pay):
                    ui.button(ts.TOP_UP_LINK, on_click=lambda: open_top_up(user)).props('flat color=green-8')
        error = ui.label('').classes('text-negative').mark('q-error')

        async def go() -> None:
            dialog.close()
            created = await _create(quote, draft, error_to=error, dialog=dialog)
            if created is not None and user.account_id is not None:
                await refresh_balance(user.account_id)
                _result(created)

        with ui.row().classes('w-full justify-end'):
            ui.button(ts.BACK, on_click=dialog.close).props('flat').mark('q-back')
            yes = ui.button(ts.CONFIRM_SEND, icon='check', on_click=go).mark('q-confirm')
            if quote.over_cap:
                yes.disable()
    dialog.open()


def _figures(quote: Quote, draft: Draft, timezone: str) -> None:
    rows = [
        (ts.Q_RECIPIENTS, str(quote.recipients), 'q-recipients'),
        (ts.Q_STOPLIST, str(quote.excluded_stoplist), 'q-stoplist'),
        (ts.Q_EXCLUDED_BASES, str(quote.excluded_bases), 'q-excluded-bases'),
        (ts.Q_DUPLICATES, str(quote.duplicates), 'q-duplicates'),
        (ts.Q_INVALID, str(quote.invalid), 'q-invalid'),
        *([(ts.Q_EMPTY, str(quote.empty), 'q-empty')] if quote.empty else []),
        (ts.Q_ENCODING, t.ENCODING_GSM if quote.encoding == 'GSM-7' else t.ENCODING_UCS2, 'q-encoding'),
        (ts.Q_PARTS_MAX, str(quote.parts_max), 'q-parts-max'),
        (ts.Q_PARTS_TOTAL, str(quote.parts_total), 'q-parts-total'),
        (ts.Q_COST, format_rub(quote.cost), 'q-cost'),
        (ts.Q_BALANCE_BEFORE, format_rub(quote.balance_before), 'q-balance-before'),
        (ts.Q_BALANCE_AFTER, format_rub(quote.balance_after), 'q-balance-after'),
        (ts.Q_SEND_TIME, _send_time(quote, draft, timezone), 'q-send-time'),
    ]
    with ui.grid(columns='auto 1fr').classes('w-full gap-x-6 gap-y-1'):
        for label, value, marker in rows:
            ui.label(label).classes('text-grey-8')
            ui.label(value).classes('text-weight-medium').mark(marker)


def _send_time(quote: Quote, draft: Draft, timezone: str) -> str:
    schedule = draft.schedule
    immediate = schedule.send_at is None and schedule.window_start is None and schedule.rate_per_minute is None
    if immediate or quote.first_due is None:
        return ts.SEND_IMMEDIATELY
    first = format_local(quote.first_due, timezone)
    last = format_local(quote.last_due or quote.first_due, timezone)
    return ts.send_window(first, last)


def _invalid_sample(quote: Quote) -> None:
    ui.label(ts.Q_INVALID_SAMPLE).classes('text-subtitle2')
    rows = [
        {'id': i, 'source': ts.invalid_source(item.source), 'raw': item.raw, 'reason': t.error_text(item.reason)}
        for i, item in enumerate(quote.invalid_sample)
    ]
    ui.table(columns=columns(ts.INVALID_SAMPLE_COLUMNS), rows=rows, row_key='id').props('dense flat').classes(
        'w-full'
    ).mark('q-invalid-sample')


async def _create(quote: Quote, draft: Draft, *, error_to: ui.label, dialog: ui.dialog) -> Created | None:
    """Run confirm with a progress bar and «Отмена»; a refusal reopens the confirmation with the reason."""
    progress: dict[str, int] = {'done': 0, 'total': quote.recipients}
    stop = threading.Event()
    with ui.dialog().props('persistent') as running, ui.card().classes('w-96').mark('send-creating'):
        ui.label(ts.CREATING).classes('text-subtitle1')
        bar = ui.linear_progress(value=0, show_value=False).classes('w-full')
        line = ui.label('').classes('text-grey-8').mark('send-creating-count')
        ui.button(t.CANCEL, on_click=stop.set).props('flat color=negative').mark('send-cancel')

    def tick() -> None:
        total = progress['total'] or 1
        bar.value = min(1.0, progress['done'] / total)
        line.text = ts.creating(progress['done'], progress['total'])

    timer = ui.timer(0.2, tick)
    running.open()
    try:
        return await mailings.confirm(
            quote.token,
            draft,
            progress=lambda done, total: progress.update(done=done, total=total),
            cancelled=stop.is_set,
        )
    except DomainError as problem:
        if problem.code == 'mailing_create_cancelled':
            ui.notify(t.error_text(problem.code), type='info')
            return None
        error_to.text = refusal(problem)
        dialog.open()
        return None
    finally:
        timer.cancel()
        running.close()
        running.delete()


def _result(created: Created) -> None:
    awaiting = created.status is MailingStatus.awaiting_payment
    with ui.dialog() as dialog, ui.card().classes('w-[32rem] max-w-full').mark('send-result'):
        ui.label(ts.CREATED_TITLE).classes('text-h6')
        text = (
            ts.created_awaiting(created.messages)
            if awaiting
            else ts.created(created.messages, format_rub(created.charged))
        )
        ui.label(text).mark('send-result-text')
        ui.label(f'{ts.FILTER_STATUS}: {ts.MAILING_STATUSES[created.status.value]}').classes('text-grey-8')
        with ui.row().classes('w-full justify-end items-center gap-4'):
            if awaiting:
                ui.link(ts.TO_AWAITING, '/awaiting').mark('result-awaiting')
            ui.link(ts.OPEN_MAILING, f'/scheduled/{created.mailing_id}').mark('result-open-mailing')
            ui.button(t.CLOSE, on_click=dialog.close).props('flat')
    dialog.open()
