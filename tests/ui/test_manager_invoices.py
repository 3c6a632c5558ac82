"""Менеджер → Счета: a client's invoice marked paid credits the account once."""

from decimal import Decimal

from nicegui.testing import User

import ui_text as t
from domain.services import billing, invoices
from storage.models import Account
from storage.models import User as UserRow
from tests.ui.conftest import MANAGER_PASSWORD, log_in, make_client, make_manager, table_rows


async def test_the_manager_marks_an_invoice_paid_and_the_account_is_credited(user: User) -> None:
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    client = await UserRow.get(login='client')
    invoice = await invoices.request_invoice(
        account_id=account.id, user_id=client.id, amount=Decimal('5000'), company_name='ООО Ромашка', inn='7707083893'
    )
    await make_manager()
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/invoices')
    (row,) = table_rows(user, 'invoices-table')
    assert row['number'] == invoice.id and row['company'] == 'ООО Ромашка (ИНН 7707083893)'
    user.find(marker='invoices-table').trigger('paid', row)
    await user.should_see(t.invoice_paid(invoice.id), retries=20)
    await user.should_see(t.NO_PENDING_INVOICES, retries=20)
    assert await billing.balance(account.id) == Decimal('5000.00')
