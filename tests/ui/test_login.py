"""The login window: who gets in, and what the others are told."""

from nicegui.testing import User

import ui_text as t
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client


async def test_a_visitor_without_session_is_sent_to_login(user: User) -> None:
    await user.open('/')
    await user.should_see(t.LOGIN_TITLE)


async def test_client_logs_in_and_sees_account_and_balance(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.should_see(f'{t.BALANCE}: 0,00')
    await user.should_see(t.ITEM_BASES)
    await user.should_see(t.TOP_UP)


async def test_login_is_case_insensitive_and_trimmed(user: User) -> None:
    await make_client()
    await log_in(user, '  CLIENT ', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)


async def test_wrong_password_is_refused_with_a_message(user: User) -> None:
    await make_client()
    await log_in(user, 'client', 'not-the-password')
    await user.should_see(t.LOGIN_ERRORS['bad_credentials'], retries=50)
    await user.should_not_see('ООО Ромашка')


async def test_unknown_login_gets_the_same_message_as_a_wrong_password(user: User) -> None:
    await log_in(user, 'nobody', 'whatever-password')
    await user.should_see(t.LOGIN_ERRORS['bad_credentials'], retries=50)


async def test_empty_fields_are_refused(user: User) -> None:
    await user.open('/login')
    user.find(marker='sign-in').click()
    await user.should_see(t.LOGIN_ERRORS['empty'])


async def test_a_10_kb_login_is_refused_as_too_long(user: User) -> None:
    await log_in(user, 'x' * 10_000, 'password')
    await user.should_see(t.LOGIN_ERRORS['too_long'], retries=50)


async def test_sql_looking_login_is_just_a_wrong_login(user: User) -> None:
    await make_client()
    await log_in(user, "client' OR '1'='1", "' OR 1=1 --")
    await user.should_see(t.LOGIN_ERRORS['bad_credentials'], retries=50)


async def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(user: User) -> None:
    await make_client()
    for _ in range(5):
        await log_in(user, 'client', 'wrong-password')
        await user.should_see(t.LOGIN_ERRORS['bad_credentials'], retries=20)
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('Слишком много неверных попыток входа', retries=50)
    await user.should_not_see('ООО Ромашка')


async def test_logout_ends_the_session(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/logout')
    await user.open('/bases')
    await user.should_see(t.LOGIN_TITLE)


async def test_next_parameter_cannot_send_the_user_to_another_site(user: User) -> None:
    await make_client()
    await user.open('/login?next=//evil.example/steal')
    user.find(marker='login').type('client')
    user.find(marker='password').type(CLIENT_PASSWORD)
    user.find(marker='sign-in').click()
    await user.should_see(t.CABINET, retries=50)
