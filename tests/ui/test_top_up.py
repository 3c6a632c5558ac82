"""«Пополнение счета»: amount <-> SMS by the tariff, limits, and the start of a payment."""

from nicegui.testing import User

import ui_text as t
from storage.models import Payment
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client


async def _open_dialog(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    user.find(marker='top-up-button').click()
    await user.should_see(t.TOP_UP_TITLE, retries=20)


async def test_an_amount_gives_the_number_of_sms_by_the_mts_price_and_back(user: User) -> None:
    await _open_dialog(user)
    user.find(marker='top-up-amount').type('1000').trigger('keyup')
    sms = user.find(marker='top-up-sms').elements.pop()
    assert sms.value == '181'  # type: ignore[attr-defined]  # 1000 / 5.50 rounded down
    user.find(marker='top-up-sms').clear().type('200').trigger('keyup')
    amount = user.find(marker='top-up-amount').elements.pop()
    assert amount.value == '1100.00'  # type: ignore[attr-defined]


async def test_an_amount_below_the_minimum_is_refused(user: User) -> None:
    await _open_dialog(user)
    user.find(marker='top-up-amount').type('50')
    user.find(marker='payer-contact').type('buh@example.ru')
    user.find(marker='top-up-pay').click()
    await user.should_see(t.ERRORS['top_up_too_small'], retries=20)
    assert await Payment.all().count() == 0


async def test_a_card_payment_is_started_in_the_test_checkout(user: User) -> None:
    await _open_dialog(user)
    user.find(marker='top-up-amount').type('1000')
    user.find(marker='payer-name').type('Иванов И. И.')
    user.find(marker='payer-contact').type('buh@example.ru')
    user.find(marker='top-up-pay').click()
    await user.should_see(t.TOP_UP_OPENED, retries=20)
    payment = await Payment.get()
    assert (payment.method, str(payment.amount), payment.status.value) == ('card_test', '1000.00', 'pending')
