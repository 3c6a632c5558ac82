"""Менеджер → Клиенты → карточка клиента (/manager/clients/{id}): figures and settings of one account, its users,
ledger, mailings, sender names, tickets and closing documents; balance correction, credit limit and block reuse the
clients page's dialogs, the tariff is set on «Тарифы клиентов»."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from nicegui import events, ui

import ui_text as t
from components import theme
from components.confirm import confirm
from domain.clock import format_local, format_local_date
from domain.errors import DomainError
from domain.money import format_rub
from domain.services import account_card, documents, tariffs
from domain.services.account_card import AccountCard
from domain.services.accounts import AccountRow
from domain.services.auth import SessionUser
from domain.uploads import MAX_DOCUMENT_BYTES
from pages.documents import documents_table
from pages.finance import StatementView
from pages.manager import block_account, correction_dialog, credit_limit_dialog
from pages.session import cabinet_page, page_frame
from pages.settings_users import user_columns, user_rows
from ui_text import settings as ts

PATH = '/manager/clients'


def create() -> None:
    """Register the card of a client."""

    @cabinet_page('/manager/clients/{account_id}', title=t.WINDOW_TITLES['clients'], manager=True)
    async def account_page(user: SessionUser, account_id: int) -> None:
        await documents.ensure_acts(account_id=account_id, texts=ts.ACT_TEXTS)
        card = await account_card.card(manager_id=user.user_id, account_id=account_id)
        tariff_text = await _tariff_text(account_id, card.timezone)
        with page_frame(ts.card_title(card.name), user=user, path=PATH):
            ui.link(f'← {ts.BACK_TO_CLIENTS}', PATH).mark('back-to-clients')
            _summary(user, card, tariff_text)
            await _tabs(user, card)


async def _tariff_text(account_id: int, timezone: str) -> str:
    today = datetime.now(ZoneInfo(timezone)).date()
    try:
        tariff = await tariffs.tariff_for(account_id=account_id, on_date=today)
    except DomainError as problem:
        return t.error_text(problem.code)
    return ts.tariff_summary(tariff.valid_from.strftime('%d.%m.%Y'))


def _summary(user: SessionUser, card: AccountCard, tariff_text: str) -> None:
    row = AccountRow(
        id=card.id,
        name=card.name,
        balance=card.balance,
        credit_limit=card.credit_limit,
        is_active=card.is_active,
        users=len(card.users),
        last_login_at=None,
    )

    async def reload() -> None:
        ui.navigate.reload()

    with ui.card().classes('w-full gap-2').mark('card-summary'):
        ui.label(ts.CARD_SUMMARY).classes('text-h6')
        with ui.grid(columns=2).classes('gap-x-8 gap-y-1'):
            facts = (
                (t.BALANCE, format_rub(card.balance), 'balance'),
                (t.SET_CREDIT_LIMIT, format_rub(card.credit_limit), 'credit-limit'),
                (ts.CARD_FIELDS['status'], t.CLIENT_ACTIVE if card.is_active else t.CLIENT_BLOCKED, 'status'),
                (ts.CARD_FIELDS['created_at'], format_local_date(card.created_at, user.timezone), 'created'),
                (ts.CARD_FIELDS['tariff'], tariff_text, 'tariff'),
                (ts.FIELDS['timezone'], ts.ZONE_CITIES.get(card.timezone, card.timezone), 'timezone'),
                (ts.FIELDS['default_sender'], card.default_sender or ts.NO_DEFAULT_SENDER, 'default-sender'),
                (ts.FIELDS['validity_hours'], str(card.validity_hours), 'validity'),
                (ts.FIELDS['parts_cap'], str(card.parts_cap), 'parts-cap'),
                (ts.FIELDS['low_balance_threshold'], format_rub(card.low_balance_threshold), 'threshold'),
            )
            for label, value, mark in facts:
                ui.label(label).classes(theme.MUTED)
                ui.label(value).mark(f'card-{mark}')
        with ui.row().classes('gap-2'):
            ui.button(
                t.CORRECT_BALANCE, icon='account_balance_wallet', on_click=lambda: correction_dialog(user, row, reload)
            ).mark('card-correct')
            ui.button(
                t.SET_CREDIT_LIMIT, icon='credit_score', on_click=lambda: credit_limit_dialog(user, row, reload)
            ).props('outline').mark('card-limit')
            ui.button(ts.CHANGE_TARIFF, icon='sell', on_click=lambda: ui.navigate.to('/manager/tariffs')).props(
                'outline'
            ).mark('card-tariff')
            blocked = not card.is_active
            ui.button(
                t.UNBLOCK if blocked else t.BLOCK,
                icon='lock_open' if blocked else 'block',
                on_click=lambda: block_account(user, row, blocked=not blocked, done=reload),
            ).props(f'outline color={"positive" if blocked else "negative"}').mark('card-block')


async def _tabs(user: SessionUser, card: AccountCard) -> None:
    with ui.tabs().classes('w-full').props('align=left no-caps') as tabs:
        tab = {key: ui.tab(key, label=label).mark(f'tab-{key}') for key, label in ts.CARD_TABS.items()}
    with ui.tab_panels(tabs, value=tab['users']).classes('w-full'):
        with ui.tab_panel(tab['users']):
            rows = user_rows(list(card.users), timezone=user.timezone)
            ui.table(columns=user_columns(actions=False), rows=rows, row_key='id').classes('w-full').mark('card-users')
        with ui.tab_panel(tab['ledger']):
            today = datetime.now(ZoneInfo(card.timezone)).date()
            await StatementView(user, card.id).build(today - timedelta(days=90), today)
        with ui.tab_panel(tab['mailings']):
            _mailings(user, card)
        with ui.tab_panel(tab['senders']):
            _senders(user, card)
        with ui.tab_panel(tab['tickets']):
            _tickets(user, card)
        with ui.tab_panel(tab['documents']):
            await DocumentsTab(user, card.id).build()


def _mailings(user: SessionUser, card: AccountCard) -> None:
    if not card.mailings:
        ui.label(ts.NO_MAILINGS).classes(theme.MUTED).mark('card-no-mailings')
        return
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in ts.MAILING_COLUMNS.items()]
    rows = [
        {
            'id': m.id,
            'created_at': format_local(m.created_at, user.timezone),
            'name': m.name,
            'sender': m.sender,
            'recipients': m.recipients,
            'parts': m.parts,
            'cost': format_rub(m.cost),
            'send_at': format_local(m.send_at, user.timezone, empty=ts.SEND_NOW),
        }
        for m in card.mailings
    ]
    ui.table(columns=columns, rows=rows, row_key='id', pagination=20).classes('w-full').mark('card-mailings')


def _senders(user: SessionUser, card: AccountCard) -> None:
    if not card.senders:
        ui.label(t.NO_SENDERS).classes(theme.MUTED).mark('card-no-senders')
        return
    keys = ('name', 'status', 'manager_comment', 'operators', 'created_at', 'decided_at')
    columns = [{'name': k, 'label': t.SENDER_COLUMNS[k], 'field': k, 'align': 'left'} for k in keys]
    rows = [
        {
            'id': s.id,
            'name': s.name,
            'status': t.SENDER_STATUS[s.status.value],
            'manager_comment': s.manager_comment,
            'operators': s.operators,
            'created_at': format_local(s.created_at, user.timezone),
            'decided_at': format_local(s.decided_at, user.timezone),
        }
        for s in card.senders
    ]
    ui.table(columns=columns, rows=rows, row_key='id', pagination=20).classes('w-full').mark('card-senders')
    ui.link(t.ITEM_MANAGER_SENDERS, '/manager/senders')


def _tickets(user: SessionUser, card: AccountCard) -> None:
    if not card.tickets:
        ui.label(ts.NO_TICKETS).classes(theme.MUTED).mark('card-no-tickets')
        return
    columns = [{'name': k, 'label': v, 'field': k, 'align': 'left'} for k, v in ts.TICKET_COLUMNS.items()]
    rows = [
        {
            'id': item.id,
            'subject': item.subject,
            'department': ts.TICKET_DEPARTMENTS.get(item.department, item.department),
            'status': ts.TICKET_STATUSES.get(item.status, item.status),
            'updated_at': format_local(item.updated_at, user.timezone),
        }
        for item in card.tickets
    ]
    ui.table(columns=columns, rows=rows, row_key='id', pagination=20).classes('w-full').mark('card-tickets')
    ui.link(ts.TO_TICKETS, '/manager/tickets')


class DocumentsTab:
    """The card's documents: the manager's upload form and the list with «Удалить»; one per page."""

    def __init__(self, user: SessionUser, account_id: int) -> None:
        self.user = user
        self.account_id = account_id

    async def build(self) -> None:
        """The upload form (kind, month, file) above the list."""
        with ui.row().classes('items-end gap-3').mark('document-upload'):
            self.kind = ui.select(ts.DOC_KINDS, value='act', label=ts.DOC_KIND).props('outlined dense')
            self.kind.classes('min-w-32').mark('document-kind')
            last_month = date.today().replace(day=1) - timedelta(days=1)
            self.period = ui.input(ts.DOC_PERIOD, value=last_month.strftime('%Y-%m')).props('outlined dense type=month')
            self.period.mark('document-period')
            ui.upload(
                label=f'{ts.UPLOAD_DOCUMENT} ({ts.DOC_FILE_HINT})',
                auto_upload=True,
                max_file_size=MAX_DOCUMENT_BYTES,
                on_upload=self.received,
            ).props('accept=".pdf,.jpg,.jpeg,.png"').classes('min-w-96').mark('document-file')
        await self.listing()

    async def received(self, event: events.UploadEventArguments) -> None:
        """Store an uploaded file as the chosen document of the chosen month."""
        try:
            await documents.upload(
                manager_id=self.user.user_id,
                account_id=self.account_id,
                kind=self.kind.value or '',
                period=self.period.value or '',
                filename=event.file.name,
                data=await event.file.read(),
            )
        except DomainError as problem:
            ui.notify(t.error_text(problem.code), type='negative')
            return
        ui.notify(ts.DOCUMENT_UPLOADED, type='positive')
        self.listing.refresh()

    @ui.refreshable_method
    async def listing(self) -> None:
        """The account's documents with «Открыть», «Скачать», «Удалить»."""
        rows = await documents.list_documents(account_id=self.account_id)
        table = documents_table(rows, timezone=self.user.timezone, manager=True)
        if table is None:
            return

        def ask(row: dict) -> None:
            question = ts.confirm_delete_document(row['kind_key'], row['period_key'])
            confirm(question, lambda: self.delete(row['id']))

        table.on('delete', lambda e: ask(e.args))

    async def delete(self, document_id: int) -> None:
        """Remove a document after the confirmation."""
        await documents.delete(manager_id=self.user.user_id, document_id=document_id)
        ui.notify(ts.DOCUMENT_DELETED, type='positive')
        self.listing.refresh()
