"""Phone bases are scoped to their account: another account's base is simply not found."""

import pytest

from domain.base_fields import FieldSetting
from domain.errors import DomainError, NotFound
from domain.fields import SubscriberField
from domain.services import bases, subscribers
from domain.services.subscriber_input import SubscriberInput
from storage.models import Account, Subscriber


async def test_a_client_sees_only_its_own_bases_and_cannot_open_anothers(db: str) -> None:
    a = await Account.create(name='ООО А')
    b = await Account.create(name='ООО Б')
    own = await bases.create_base(account_id=a.id, name='  Новая   база ')
    foreign = await bases.create_base(account_id=b.id, name='Чужая база')
    assert own.name == 'Новая база'
    assert [x.name for x in await bases.list_bases(account_id=a.id)] == ['Новая база']
    assert (await bases.get_base(account_id=a.id, base_id=own.id)).id == own.id
    with pytest.raises(NotFound):
        await bases.get_base(account_id=a.id, base_id=foreign.id)
    with pytest.raises(NotFound):
        await bases.get_base(account_id=a.id, base_id=10_000_000)


@pytest.mark.parametrize(('name', 'code'), [('   ', 'base_name_empty'), ('я' * 201, 'base_name_too_long')])
async def test_bad_base_names_are_refused_and_nothing_is_written(db: str, name: str, code: str) -> None:
    account = await Account.create(name='ООО А')
    with pytest.raises(DomainError) as error:
        await bases.create_base(account_id=account.id, name=name)
    assert error.value.code == code
    assert await bases.list_bases(account_id=account.id) == []


async def test_sql_and_html_looking_names_are_stored_verbatim(db: str) -> None:
    account = await Account.create(name='ООО А')
    name = "'); DROP TABLE phone_base; -- <img src=x onerror=alert(1)>"
    created = await bases.create_base(account_id=account.id, name=name)
    assert (await bases.get_base(account_id=account.id, base_id=created.id)).name == name


async def test_settings_rename_relabel_and_survive_a_reload(db: str) -> None:
    account = await Account.create(name='ООО А')
    base = await bases.create_base(account_id=account.id, name='Новая база')
    settings = dict(base.settings)
    settings['note1'] = FieldSetting(key=SubscriberField.note1, enabled=True, label='Номер заказа')
    saved = await bases.update_base(
        account_id=account.id, base_id=base.id, name=' Клиенты ', description='Для акций', settings=settings
    )
    reloaded = await bases.get_base(account_id=account.id, base_id=base.id)
    assert reloaded == saved
    assert (reloaded.name, reloaded.description) == ('Клиенты', 'Для акций')
    assert reloaded.settings['note1'].enabled and reloaded.settings['note1'].label == 'Номер заказа'


async def test_deleting_a_base_takes_its_subscribers_and_nothing_else(db: str) -> None:
    account = await Account.create(name='ООО А')
    doomed = await bases.create_base(account_id=account.id, name='Удаляемая')
    kept = await bases.create_base(account_id=account.id, name='Остаётся')
    rows = [SubscriberInput(phone=f'7916123456{i}') for i in range(5)]
    await subscribers.bulk_add(account_id=account.id, base_id=doomed.id, rows=rows)
    await subscribers.bulk_add(account_id=account.id, base_id=kept.id, rows=rows[:2])
    assert await bases.delete_base(account_id=account.id, base_id=doomed.id) == 5
    assert [b.name for b in await bases.list_bases(account_id=account.id)] == ['Остаётся']
    assert await Subscriber.filter(base_id=kept.id).count() == 2
    assert await Subscriber.filter(base_id=doomed.id).count() == 0


async def test_another_account_can_neither_change_nor_delete_a_base(db: str) -> None:
    owner = await Account.create(name='ООО А')
    intruder = await Account.create(name='ООО Б')
    base = await bases.create_base(account_id=owner.id, name='Чужая')
    with pytest.raises(NotFound):
        await bases.update_base(account_id=intruder.id, base_id=base.id, name='Взлом', description='', settings={})
    with pytest.raises(NotFound):
        await bases.delete_base(account_id=intruder.id, base_id=base.id)
    assert (await bases.get_base(account_id=owner.id, base_id=base.id)).name == 'Чужая'
