"""Phone bases are scoped to their account: another account's base is simply not found."""

import pytest

from domain.errors import DomainError, NotFound
from domain.services import bases
from storage.models import Account


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
