"""The global stop-list: adding, refusing, searching, deleting, account isolation and the mailing check."""

import pytest

from domain.errors import DomainError
from domain.services import stoplist
from storage.models import Account, StopListEntry


async def test_an_added_number_is_normalised_and_listed_with_its_comment(db: str) -> None:
    account = await Account.create(name='ООО А')
    row = await stoplist.add_entry(
        account_id=account.id, raw_phone='8 (916) 123-45-67', comment='  просил   не писать '
    )
    page = await stoplist.list_entries(account_id=account.id)
    assert (row.phone, row.comment) == ('+79161234567', 'просил не писать')
    assert (page.total, [r.id for r in page.rows]) == (1, [row.id])


@pytest.mark.parametrize(
    ('raw', 'code'),
    [('', 'phone_empty'), ('abc', 'phone_letters'), ('12345', 'phone_too_short'), ('8' * 20, 'phone_too_long')],
)
async def test_a_bad_number_is_refused_with_the_reason_and_nothing_is_written(db: str, raw: str, code: str) -> None:
    account = await Account.create(name='ООО А')
    with pytest.raises(DomainError) as error:
        await stoplist.add_entry(account_id=account.id, raw_phone=raw)
    assert error.value.code == code
    assert await StopListEntry.all().count() == 0


async def test_the_same_number_typed_another_way_is_a_duplicate(db: str) -> None:
    account = await Account.create(name='ООО А')
    await stoplist.add_entry(account_id=account.id, raw_phone='+79161234567')
    with pytest.raises(DomainError) as error:
        await stoplist.add_entry(account_id=account.id, raw_phone='89161234567')
    assert error.value.code == 'stoplist_duplicate'
    assert await StopListEntry.all().count() == 1


async def test_a_too_long_comment_is_refused(db: str) -> None:
    account = await Account.create(name='ООО А')
    with pytest.raises(DomainError) as error:
        await stoplist.add_entry(account_id=account.id, raw_phone='+79161234567', comment='я' * 256)
    assert error.value.code == 'stoplist_comment_too_long'


@pytest.mark.parametrize(
    ('search', 'expected'),
    [('', 3), ('916', 2), ('123-45', 1), ('+7 916 123-45-67', 1), ('жалоба', 1), ('ЖАЛОБА', 1), ('нет такого', 0)],
)
async def test_search_matches_number_digits_or_comment_text(db: str, search: str, expected: int) -> None:
    account = await Account.create(name='ООО А')
    await stoplist.add_entry(account_id=account.id, raw_phone='+79161234567', comment='жалоба')
    await stoplist.add_entry(account_id=account.id, raw_phone='+79167654321')
    await stoplist.add_entry(account_id=account.id, raw_phone='+79031112233', comment='сам попросил')
    page = await stoplist.list_entries(account_id=account.id, search=search)
    assert (page.total, len(page.rows)) == (expected, expected)


async def test_pages_are_newest_first_and_the_total_counts_all_matches(db: str) -> None:
    account = await Account.create(name='ООО А')
    result = await stoplist.add_many(account_id=account.id, raw_phones=[f'+7916000{n:04d}' for n in range(120)])
    page = await stoplist.list_entries(account_id=account.id, offset=100, limit=50)
    assert (result.added, page.total, len(page.rows)) == (120, 120, 20)


async def test_another_accounts_entries_are_neither_seen_nor_deleted(db: str) -> None:
    a = await Account.create(name='ООО А')
    b = await Account.create(name='ООО Б')
    own = await stoplist.add_entry(account_id=a.id, raw_phone='+79161234567')
    foreign = await stoplist.add_entry(account_id=b.id, raw_phone='+79161234567')
    assert [r.id for r in (await stoplist.list_entries(account_id=a.id)).rows] == [own.id]
    assert await stoplist.delete_entries(account_id=a.id, ids=[foreign.id]) == 0
    assert await stoplist.stopped_among(account_id=b.id, phones=['+79161234567']) == {'+79161234567'}
    assert await stoplist.delete_entries(account_id=a.id, ids=[own.id, foreign.id]) == 1
    assert await stoplist.stopped_among(account_id=a.id, phones=['+79161234567']) == set()
    assert (await stoplist.list_entries(account_id=b.id)).total == 1


async def test_a_bulk_add_counts_added_duplicates_and_invalid_values(db: str) -> None:
    account = await Account.create(name='ООО А')
    await stoplist.add_entry(account_id=account.id, raw_phone='+79161234567')
    raw = ['89161234567', '+79031112233', '9031112233', 'не номер', '123', 79261234567.0]
    result = await stoplist.add_many(account_id=account.id, raw_phones=raw, comment='из файла')
    assert (result.added, result.duplicates) == (2, 2)
    assert [(r.position, r.reason) for r in result.invalid] == [(3, 'letters'), (4, 'too_short')]
    assert (await stoplist.list_entries(account_id=account.id)).total == 3


@pytest.mark.parametrize('listed', [200, 6_000])
async def test_stopped_among_finds_exactly_the_listed_numbers_of_a_5000_number_mailing(db: str, listed: int) -> None:
    account = await Account.create(name='ООО А')
    other = await Account.create(name='ООО Б')
    stopped = [f'+7916{n:07d}' for n in range(0, 2 * listed, 2)]
    await stoplist.add_many(account_id=account.id, raw_phones=stopped)
    await stoplist.add_many(account_id=other.id, raw_phones=[f'+7916{n:07d}' for n in range(1, 10_000, 2)])
    mailing = [f'+7916{n:07d}' for n in range(5_000)]
    found = await stoplist.stopped_among(account_id=account.id, phones=mailing)
    assert found == set(stopped) & set(mailing)
    assert await stoplist.stopped_among(account_id=account.id, phones=[]) == set()
