"""The login page (Вход в личный кабинет) and logout."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

import ui_text as t
from components import theme
from domain.services import audit, auth
from pages.session import current_user, forget, remember


def create() -> None:
    """Register /login and /logout."""

    @ui.page('/login', title=f'{t.LOGIN_TITLE} · {t.APP_TITLE}')
    async def login_page(request: Request, next: str = '/') -> RedirectResponse | None:
        target = _safe_target(next)
        if await current_user() is not None:
            return RedirectResponse(target, status_code=303)
        _login_form(ip=request.client.host if request.client else '', target=target)
        return None

    @ui.page('/logout')
    async def logout_page(request: Request) -> RedirectResponse:
        user = await current_user()
        if user is not None:
            ip = request.client.host if request.client else ''
            await audit.record(
                audit.AuditKind.logout, user_id=user.user_id, account_id=user.account_id, login=user.login, ip=ip
            )
        forget()
        return RedirectResponse('/login', status_code=303)


def _login_form(*, ip: str, target: str) -> None:
    theme.apply()
    with ui.card().classes('absolute-center w-96 q-pa-lg gap-3').mark('login-card'):
        ui.label(t.APP_TITLE).classes('text-h5 text-primary')
        ui.label(t.LOGIN_TITLE).classes('text-subtitle1')
        login = ui.input(t.LOGIN).props('outlined autofocus maxlength=10000').classes('w-full').mark('login')
        password = (
            ui.input(t.PASSWORD, password=True, password_toggle_button=True)
            .props('outlined')
            .classes('w-full')
            .mark('password')
        )
        error = ui.label('').classes('text-negative').mark('login-error')
        error.set_visibility(False)

        async def submit() -> None:
            button.disable()
            try:
                user = await auth.authenticate(login.value or '', password.value or '', ip=ip)
            except auth.LoginRefused as refusal:
                error.text = _refusal_text(refusal)
                error.set_visibility(True)
                password.value = ''
                return
            finally:
                button.enable()
            remember(user)
            ui.navigate.to(target)

        password.on('keydown.enter', submit)
        button = ui.button(t.SIGN_IN, on_click=submit).classes('w-full').mark('sign-in')


def _refusal_text(refusal: auth.LoginRefused) -> str:
    if refusal.code == 'locked':
        return t.login_locked(int(str(refusal.details.get('seconds', 300))))
    return t.LOGIN_ERRORS.get(refusal.code, t.LOGIN_ERRORS['bad_credentials'])


def _safe_target(target: str) -> str:
    """Only local paths: a crafted ?next= must not send the user to another site."""
    if not target.startswith('/') or target.startswith('//') or '\\' in target:
        return '/'
    return target
