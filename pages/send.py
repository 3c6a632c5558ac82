"""СМС → Отправка СМС сообщений: the window «СМС-сообщения» (text, sender, recipients, scheduling, sending)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import ui

import ui_text as t
from components.caret import insert_at_caret
from components.confirm import confirm
from components.segment_counter import SegmentCounter
from domain.errors import DomainError
from domain.phones import PhoneStyle
from domain.services import account_settings, bases, dispatch, mailings, senders, templates
from domain.services.auth import SessionUser
from domain.services.bases import BaseInfo
from domain.services.mailings import Draft, Quote
from domain.services.templates import TemplateInfo
from domain.services.var_dir import var_subdir
from domain.templates import find_inserts, to_stored
from pages.bases import client_account
from pages.send_confirm import open_confirmation
from pages.send_recipients import RecipientsPanel
from pages.send_settings import Refusal, SendSettings
from pages.session import cabinet_page, page_frame
from ui_text import sending as ts

TITLE = t.WINDOW_TITLES['send']
PATH = '/send'


def create() -> None:
    """Register the composer."""

    @cabinet_page(PATH, title=TITLE)
    async def send_page(user: SessionUser) -> None:
        data = await _load(client_account(user), user.user_id)
        with page_frame(TITLE, user=user, path=PATH):
            Composer(user, data).build()


@dataclass(kw_only=True, slots=True, frozen=True)
class ComposerData:
    """What the composer offers: inserts, templates, approved senders, bases and the account's defaults."""

    account_id: int
    labels: dict[str, str]
    phone_style: PhoneStyle
    parts_cap: int
    senders: list[str]
    default_sender: str
    validity_hours: int
    templates: list[TemplateInfo]
    bases: list[BaseInfo]
    simulator: bool


class Composer:
    """The window's inputs and the way from «Отправить» to a confirmed mailing."""

    text: ui.textarea

    def __init__(self, user: SessionUser, data: ComposerData) -> None:
        self.user = user
        self.data = data
        self.templates = {tpl.id: tpl for tpl in data.templates}
        self.template_id: int | None = None

    def build(self) -> None:
        """Draw the window."""
        if self.data.simulator:
            with ui.row().classes('items-center gap-2 bg-amber-1 q-pa-sm rounded-borders').mark('simulator-label'):
                ui.icon('science', color='orange-9')
                ui.label(ts.SIMULATOR).classes('text-subtitle2 text-orange-10')
                ui.icon('info', color='grey-7').tooltip(ts.SIMULATOR_HINT)
        with ui.card().classes('w-full'):
            self._message()
        with ui.card().classes('w-full'):
            ui.label(ts.RECIPIENTS).classes('text-subtitle1 text-weight-medium')
            self.recipients = RecipientsPanel(
                account_id=self.data.account_id,
                bases=self.data.bases,
                labels=self.data.labels,
                uploads_dir=var_subdir('uploads'),
            )
            self.recipients.build()
        with ui.card().classes('w-full gap-1'):
            self.settings = SendSettings(validity_hours=self.data.validity_hours)
        self.error = ui.label('').classes('text-negative text-subtitle2').mark('send-error')
        self.send_button = ui.button(ts.SEND, icon='send', on_click=self.send).props('size=lg').mark('send-button')

    # the message
    def _message(self) -> None:
        if not self.data.senders:
            with ui.row().classes('w-full items-center gap-2 bg-red-1 q-pa-sm rounded-borders').mark('no-senders'):
                ui.icon('error_outline', color='negative')
                ui.label(ts.NO_APPROVED_SENDERS).classes('text-negative')
                ui.link(ts.TO_SENDERS, '/senders').mark('to-senders')
        with ui.row().classes('w-full items-start gap-4'):
            self._sender()
            choices = {tpl.id: tpl.name for tpl in self.data.templates}
            template = ui.select(choices, label=ts.CHOOSE_TEMPLATE, on_change=self._template_chosen)
            template.props('outlined dense' + ('' if choices else f' disable hint="{ts.NO_TEMPLATES_YET}"'))
            template.classes('min-w-64').mark('send-template')
            ui.space()
            with ui.button(t.INSERT, icon='playlist_add').props('flat').mark('send-insert-menu'), ui.menu():
                for key, label in self.data.labels.items():
                    ui.menu_item(label, lambda _, lb=label: insert_at_caret(self.text, f'[{lb}]')).mark(
                        f'send-insert-{key}'
                    )
        self.text = ui.textarea(ts.MESSAGE_TEXT, on_change=self._count).props('outlined autogrow')
        self.text.classes('w-full').mark('send-text')
        self.counter = SegmentCounter(self.data.parts_cap)
        self.over_recipients = ui.label('').classes('text-caption text-grey-8').mark('send-parts-total')
        self.text_problem = ui.label('').classes('text-caption text-grey-7').mark('send-text-problem')
        for caption in (self.over_recipients, self.text_problem):
            caption.bind_visibility_from(caption, 'text', backward=bool)

    def _sender(self) -> None:
        names = self.data.senders
        default = self.data.default_sender if self.data.default_sender in names else (names[0] if names else None)
        self.sender = ui.select(names, label=ts.SENDER, value=default).props('outlined dense')
        self.sender.classes('min-w-48').mark('send-sender')
        if not names:
            self.sender.disable()

    async def _template_chosen(self, event: Any) -> None:
        template = self.templates.get(event.value) if event.value is not None else None
        self.template_id = template.id if template else None
        if template is not None:
            await insert_at_caret(self.text, template.display)

    def _count(self) -> None:
        self.over_recipients.text = ''
        try:
            stored = to_stored(self.text.value or '', self.data.labels)
        except DomainError as problem:
            self.text_problem.classes(replace='text-caption text-negative')
            self.text_problem.text = t.error_text(problem.code)
            return
        self.text_problem.classes(replace='text-caption text-grey-7')
        self.text_problem.text = ts.INSERTS_COUNTED_LATER if find_inserts(stored) else ''
        preview = templates.preview(stored, None, labels=self.data.labels, phone_style=self.data.phone_style)
        self.counter.show(preview.segments)

    # Отправить
    def draft(self) -> Draft:
        """The draft the inputs describe; raises Refusal for a date, a number or an insert the page cannot read."""
        try:
            stored = to_stored(self.text.value or '', self.data.labels)
        except DomainError as problem:
            raise Refusal(t.error_text(problem.code)) from problem
        return Draft(
            account_id=self.data.account_id,
            user_id=self.user.user_id,
            text=stored,
            sender=self.sender.value or '',
            recipients=self.recipients.recipients(),
            schedule=self.settings.schedule(),
            validity_hours=self.settings.validity_hours(),
            name=self.settings.name(),
            template_id=self.template_id,
        )

    async def send(self) -> None:
        """«Отправить»: check, ask about several sources, count and price, then open the confirmation."""
        self.error.text = ''
        try:
            draft = self.draft()
        except Refusal as refusal:
            self.error.text = str(refusal)
            return
        self.send_button.disable()
        try:
            counts = await self.recipients.recount()
            filled = self.recipients.filled_names()
            if counts is not None and len(filled) > 1:
                question = ts.several_sources(', '.join(filled), counts.unique)
                confirm(question, lambda: self._prepare(draft), yes=ts.CONTINUE)
                return
            await self._prepare(draft)
        finally:
            self.send_button.enable()

    async def _prepare(self, draft: Draft) -> None:
        progress: dict[str, int] = {'done': 0, 'total': 0}
        with ui.dialog().props('persistent') as dialog, ui.card().classes('w-96').mark('send-preparing'):
            ui.label(ts.PREPARING).classes('text-subtitle1')
            bar = ui.linear_progress(value=0, show_value=False).props('indeterminate').classes('w-full')
            line = ui.label('').classes('text-grey-8')

        def tick() -> None:
            if progress['total']:
                bar.props(remove='indeterminate')
                bar.value = min(1.0, progress['done'] / progress['total'])
            line.text = ts.preparing(progress['done'], progress['total'])

        timer = ui.timer(0.2, tick)
        dialog.open()
        try:
            quote = await mailings.prepare(draft, progress=lambda done, total: progress.update(done=done, total=total))
        except DomainError as problem:
            self.error.text = t.error_text(problem.code)
            return
        finally:
            timer.cancel()
            dialog.close()
            dialog.delete()
        self._show_parts(quote)
        open_confirmation(quote=quote, draft=draft, user=self.user)

    def _show_parts(self, quote: Quote) -> None:
        self.over_recipients.text = ts.parts_over_recipients(quote.parts_max, quote.parts_total)


async def _load(account_id: int, user_id: int) -> ComposerData:
    labels = await templates.insert_labels(account_id=account_id, defaults=t.FIELD_LABELS)
    view = await account_settings.load(user_id=user_id)
    if view.account is None:
        raise DomainError('forbidden')
    engine = await dispatch.engine_state()
    return ComposerData(
        account_id=account_id,
        labels=labels,
        phone_style=view.account.phone_style,
        parts_cap=view.account.parts_cap,
        senders=await senders.approved_names(account_id=account_id),
        default_sender=view.account.default_sender,
        validity_hours=view.account.validity_hours,
        templates=await templates.list_templates(account_id=account_id, labels=labels),
        bases=await bases.list_bases(account_id=account_id),
        simulator=engine.is_simulator,
    )
