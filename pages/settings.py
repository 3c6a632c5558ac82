"""Дополнительно → Настройки (window «Настройки личного кабинета»): profile, time zone, message defaults, the
low-balance threshold, the password, and (for an owner) the users of the account."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from nicegui import ui

import ui_text as t
from components import theme
from domain.access import Capability
from domain.errors import DomainError
from domain.phones import PhoneStyle, format_phone
from domain.services import account_settings
from domain.services.account_settings import AccountInput, ProfileInput, SettingsInvalid, SettingsView
from domain.services.auth import SessionUser
from domain.settings_rules import MAX_PARTS_CAP, RUSSIAN_ZONES, utc_offset_hours
from pages.session import cabinet_page, keep_session, page_frame
from pages.settings_users import users_card
from ui_text import settings as ts

TITLE = t.WINDOW_TITLES['settings']
PATH = '/settings'
EXAMPLE_PHONE = '+79161234567'


def create() -> None:
    """Register /settings."""

    @cabinet_page(PATH, title=TITLE)
    async def settings_page(user: SessionUser, request: Request, saved: int = 0) -> None:
        view = await account_settings.load(user_id=user.user_id)
        ip = request.client.host if request.client else ''
        with page_frame(TITLE, user=user, path=PATH):
            if saved:
                ui.label(ts.SAVED).classes('text-positive text-subtitle1').mark('settings-saved')
            SettingsForm(user, view, ip=ip).build()
            _password_card(user, ip=ip)
            if user.can(Capability.manage_users):
                await users_card(user, ip=ip)


class SettingsForm:
    """The fields saved together by «Сохранить»."""

    def __init__(self, user: SessionUser, view: SettingsView, *, ip: str) -> None:
        self.user = user
        self.view = view
        self.ip = ip
        self.inputs: dict[str, Any] = {}
        self.with_account = view.account is not None and user.can(Capability.account_settings)

    def build(self) -> None:
        """The cards of the form and the save button."""
        profile = self.view.profile
        with _card(ts.PROFILE):
            ui.label(f'{ts.FIELDS["login"]}: {profile.login}').classes(theme.MUTED).mark('settings-login')
            self._input('full_name', profile.full_name, 'maxlength=200')
            self._input('email', profile.email, 'maxlength=200 type=email')
            self._input('phone', profile.phone, 'maxlength=32')
        if self.with_account:
            self._account_cards()
        elif self.user.is_manager:
            ui.label(ts.MANAGER_NOTE).classes(theme.MUTED)
        else:
            ui.label(ts.VIEWER_NOTE).classes(theme.MUTED).mark('viewer-note')
        self.errors = ui.column().classes('gap-1').mark('settings-errors')
        ui.button(t.SAVE, icon='save', on_click=self.save).mark('save-settings')

    def _account_cards(self) -> None:
        account = self.view.account
        assert account is not None
        zones = {zone: ts.zone_label(zone, utc_offset_hours(zone)) for zone in RUSSIAN_ZONES}
        zones.setdefault(account.timezone, account.timezone)
        senders = {'': ts.NO_DEFAULT_SENDER} | {name: name for name in self.view.approved_senders}
        sender = account.default_sender if account.default_sender in senders else ''
        styles = {s.value: ts.phone_style_label(s.value, format_phone(EXAMPLE_PHONE, s)) for s in PhoneStyle}
        with _card(ts.ACCOUNT):
            self._select('timezone', zones, account.timezone)
            self._select('default_sender', senders, sender)
        with _card(ts.MESSAGES):
            self._select('phone_style', styles, account.phone_style.value)
            self._input('parts_cap', str(account.parts_cap), f'type=number min=1 max={MAX_PARTS_CAP}')
            self._input('validity_hours', str(account.validity_hours), 'type=number min=1 max=72')
        with _card(ts.NOTIFICATIONS):
            threshold = str(account.low_balance_threshold).replace('.', ',') if account.low_balance_threshold else ''
            self._input('low_balance_threshold', threshold, 'suffix=₽')

    def _input(self, key: str, value: str, props: str = '') -> None:
        field = ui.input(ts.FIELDS[key], value=value).props(f'outlined dense {props}').classes('w-full max-w-xl')
        self.inputs[key] = field.mark(f'settings-{key}')
        self._hint(key)

    def _select(self, key: str, options: dict[str, str], value: str) -> None:
        field = ui.select(options, label=ts.FIELDS[key], value=value).props('outlined dense')
        self.inputs[key] = field.classes('w-full max-w-xl').mark(f'settings-{key}')
        self._hint(key)

    def _hint(self, key: str) -> None:
        if key in ts.HINTS:
            ui.label(ts.HINTS[key]).classes('text-caption text-grey-7')

    async def save(self) -> None:
        """Save everything or nothing; show each refused field by its name."""
        self._clear_errors()
        values = {key: field.value if field.value is not None else '' for key, field in self.inputs.items()}
        account = None
        if self.with_account:
            account = AccountInput(**{key: values[key] for key in AccountInput.__dataclass_fields__})
        profile = ProfileInput(full_name=values['full_name'], email=values['email'], phone=values['phone'])
        try:
            await account_settings.save(user_id=self.user.user_id, profile=profile, account=account, ip=self.ip)
        except SettingsInvalid as invalid:
            self._show_errors(invalid.problems)
            return
        except DomainError as problem:
            with self.errors:
                ui.label(t.error_text(problem.code)).classes('text-negative')
            return
        ui.navigate.to(f'{PATH}?saved=1')  # a new time zone and the banner show on the fresh page

    def _clear_errors(self) -> None:
        self.errors.clear()
        for field in self.inputs.values():
            field.props(remove='error')

    def _show_errors(self, problems: tuple[tuple[str, str], ...]) -> None:
        with self.errors:
            ui.label(t.error_text('settings_invalid')).classes('text-negative text-bold')
            for key, code in problems:
                text = ts.field_problem(key, t.error_text(code))
                ui.label(text).classes('text-negative').mark(f'problem-{key}')
                if key in self.inputs:
                    _mark_error(self.inputs[key], text)


def _password_card(user: SessionUser, *, ip: str) -> None:
    with _card(ts.PASSWORD).mark('password-card'):
        fields = {
            key: ui.input(ts.FIELDS[key], password=True, password_toggle_button=True)
            .props('outlined dense autocomplete=new-password')
            .classes('w-full max-w-xl')
            .mark(f'settings-{key}')
            for key in ('old_password', 'new_password', 'repeat_password')
        }
        ui.label(ts.HINTS['new_password']).classes('text-caption text-grey-7')
        errors = ui.column().classes('gap-1').mark('password-errors')

        async def change() -> None:
            errors.clear()
            for field in fields.values():
                field.props(remove='error')
            try:
                version = await account_settings.change_password(
                    user_id=user.user_id,
                    old_password=fields['old_password'].value or '',
                    new_password=fields['new_password'].value or '',
                    repeat=fields['repeat_password'].value or '',
                    ip=ip,
                )
            except SettingsInvalid as invalid:
                with errors:
                    for key, code in invalid.problems:
                        text = ts.field_problem(key, t.error_text(code))
                        ui.label(text).classes('text-negative').mark(f'problem-{key}')
                        _mark_error(fields[key], text)
                return
            keep_session(version)
            for field in fields.values():
                field.value = ''
            ui.notify(ts.PASSWORD_CHANGED, type='positive')

        ui.button(ts.CHANGE_PASSWORD, icon='key', on_click=change).mark('change-password')


def _card(title: str) -> ui.card:
    card = ui.card().classes('w-full gap-2')
    with card:
        ui.label(title).classes('text-h6')
    return card


def _mark_error(field: Any, text: str) -> None:
    field.props['error'] = True
    field.props['error-message'] = text
    field.update()
