"""СМС-сообщения: the composer's sender list, text, counter, templates and the refusals shown before anything is sent.

The helpers here (`sending_world`, `open_composer`) also set up the worlds of the other sending windows' tests.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from nicegui import ui
from nicegui.testing import User

import ui_text as t
from domain.base_fields import FieldSetting, default_settings
from domain.fields import SubscriberField
from domain.sender_names import SenderStatus
from domain.services import bases, billing, dispatch, subscribers, templates
from domain.services.subscriber_input import SubscriberInput
from storage.models import Account, SenderName
from tests.ui.conftest import CLIENT_PASSWORD, log_in, make_client
from tests.ui.conftest import eventually as wait_for  # re-exported: other UI tests import it from here
from ui_text import sending as ts


@dataclass(kw_only=True, slots=True)
class World:
    """A client account ready to send: its id, the base «Новая база» and its subscribers."""

    account_id: int
    base_id: int


async def sending_world(
    *,
    balance: Decimal = Decimal('100'),
    approved: tuple[str, ...] = ('INCORE',),
    phones: tuple[str, ...] = ('+79161234567',),
    note1: str = 'Примечание абонента',
) -> World:
    """A client «ООО Ромашка» with approved sender names, a base of subscribers and money on the account."""
    await make_client()
    account = await Account.get(name='ООО Ромашка')
    for name in approved:
        await SenderName.create(account_id=account.id, name=name, status=SenderStatus.approved)
    base = await bases.create_base(account_id=account.id, name='Новая база')
    settings = {**default_settings(), 'note1': FieldSetting(key=SubscriberField.note1, enabled=True)}
    await bases.update_base(account_id=account.id, base_id=base.id, name=base.name, description='', settings=settings)
    for phone in phones:
        await subscribers.add_subscriber(
            account_id=account.id, base_id=base.id, data=SubscriberInput(phone=phone, notes={'note1': note1})
        )
    if balance:
        await billing.top_up(account_id=account.id, amount=balance, reference='test:top-up')
    return World(account_id=account.id, base_id=base.id)


async def open_composer(user: User) -> None:
    """Log in as the client and open «СМС-сообщения»."""
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/send')
    await user.should_see(t.WINDOW_TITLES['send'], retries=20)


def value_of(user: User, marker: str) -> object:
    """The value of the input element with this marker."""
    (element,) = user.find(marker=marker).elements
    return getattr(element, 'value', None)


def set_value(user: User, marker: str, value: object) -> None:
    """Set an input's value as the browser would after the user typed or picked it."""
    (element,) = user.find(marker=marker).elements
    element.set_value(value)  # type: ignore[attr-defined]


async def test_only_approved_sender_names_are_offered_and_the_default_is_preselected(user: User) -> None:
    world = await sending_world(approved=('INCORE', 'ALPHA'))
    await SenderName.create(account_id=world.account_id, name='PENDING', status=SenderStatus.pending)
    await SenderName.create(account_id=world.account_id, name='REJECTED', status=SenderStatus.rejected)
    await Account.filter(id=world.account_id).update(default_sender='INCORE')
    await open_composer(user)
    (select,) = user.find(marker='send-sender').elements
    assert isinstance(select, ui.select)
    assert list(select.options) == ['ALPHA', 'INCORE']
    assert select.value == 'INCORE'


async def test_without_a_default_sender_the_first_approved_name_is_preselected(user: User) -> None:
    await sending_world(approved=('ZETA', 'ALPHA'))
    await open_composer(user)
    assert value_of(user, 'send-sender') == 'ALPHA'


async def test_without_an_approved_name_the_composer_explains_and_links_to_the_registry(user: User) -> None:
    world = await sending_world(approved=())
    await SenderName.create(account_id=world.account_id, name='PENDING', status=SenderStatus.pending)
    await open_composer(user)
    await user.should_see(ts.NO_APPROVED_SENDERS)
    await user.should_see(marker='to-senders')
    (select,) = user.find(marker='send-sender').elements
    assert isinstance(select, ui.select) and not select.enabled and select.options == []


async def test_the_counter_follows_the_text_and_a_template_is_inserted_editable(user: User) -> None:
    world = await sending_world()
    labels = await templates.insert_labels(account_id=world.account_id, defaults=t.FIELD_LABELS)
    await templates.create_template(
        account_id=world.account_id, name='Номер телефона', display='Тел. [Номер телефона]', labels=labels
    )
    await open_composer(user)
    user.find(marker='send-text').type('я' * 71)
    await user.should_see(t.segment_summary(t.ENCODING_UCS2, 71, 63, 2), retries=20)
    user.find(marker='send-text').clear().type('Привет! ')
    user.javascript_rules[re.compile(r'selectionStart')] = lambda _: len('Привет! ')
    user.find(marker='send-template').click()
    user.find('Номер телефона').click()
    await wait_for(lambda: value_of(user, 'send-text') == 'Привет! Тел. [Номер телефона]')
    user.find(marker='send-insert-note1').click()
    await wait_for(lambda: '[Примечание 1]' in str(value_of(user, 'send-text')))


async def test_an_unknown_insert_is_explained_under_the_text(user: User) -> None:
    await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Код [Нет такого поля]')
    await user.should_see(t.ERRORS['unknown_label'], retries=20)


async def test_the_built_in_simulator_is_labelled(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    async def simulator_engine() -> dispatch.EngineState:
        return dispatch.EngineState(
            label='simulator', is_simulator=True, running=True, connected=True, per_second=0.0, queue_length=0
        )

    monkeypatch.setattr(dispatch, 'engine_state', simulator_engine)
    await sending_world()
    await open_composer(user)
    await user.should_see(ts.SIMULATOR)


async def test_without_the_simulator_there_is_no_simulator_label(user: User) -> None:
    await sending_world()
    await open_composer(user)  # the UI tests run no delivery engine
    await user.should_not_see(ts.SIMULATOR)


async def test_a_planned_send_without_a_date_is_refused_on_the_page(user: User) -> None:
    await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    set_value(user, 'send-when', 'later')
    set_value(user, 'send-time', '10:00')
    user.find(marker='send-button').click()
    await user.should_see(ts.BAD_DATE, retries=20)


async def test_a_validity_that_is_not_a_whole_number_is_refused(user: User) -> None:
    await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    set_value(user, 'send-validity', '1.5')
    user.find(marker='send-button').click()
    await user.should_see(ts.BAD_VALIDITY, retries=20)


async def test_a_window_with_equal_ends_is_refused(user: User) -> None:
    await sending_world()
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker='send-use-window').click()
    set_value(user, 'send-window-from', '09:00')
    set_value(user, 'send-window-to', '09:00')
    user.find(marker='send-button').click()
    await user.should_see(ts.BAD_WINDOW, retries=20)
