"""Subscribers of a base: add, edit, list, delete, move and bulk add, scoped to the account, on both databases."""

from datetime import date

import pytest

from domain.errors import DomainError, NotFound
from domain.services import bases
from domain.services import subscribers as subs
from domain.services.subscribers import ListQuery, SubscriberInput
from storage.models import Account, PhoneBase, Subscriber

MOSCOW_MTS = '+79161234567'
NOVOSIBIRSK_MEGAFON = '+79231234567'
ROSTOV_T2 = '+79001234567'
UNALLOCATED = '+79401234567'


async def _base(name: str = 'Новая база') -> tuple[int, int]:
    account = await Account.create(name=f'ООО {name}')
    base = await bases.create_base(account_id=account.id, name=name)
    return account.id, base.id


async def _count_is_right(base_id: int) -> int:
    cached = (await PhoneBase.get(id=base_id)).subscriber_count
    assert cached == await Subscriber.filter(base_id=base_id).count()
    return cached


async def _fill(account_id: int, base_id: int) -> None:
    people = [
        SubscriberInput(phone='8 916 123-45-67', last_name='Петров', first_name='Иван', notes={'note1': 'Заказ A-17'}),
        SubscriberInput(phone='+7(923)1234567', last_name='Сидорова', first_name='Анна', gender='female'),
        SubscriberInput(phone='79001234567', last_name='ПЕТРОВСКИЙ', first_name='Олег', notes={'note1': 'b-2'}),
        SubscriberInput(phone='9401234567', last_name='Smith', first_name='John'),
    ]
    for person in people:
        await subs.add_subscriber(account_id=account_id, base_id=base_id, data=person)


async def test_an_added_number_is_normalised_and_its_region_operator_and_time_zone_detected(db: str) -> None:
    account_id, base_id = await _base()
    row = await subs.add_subscriber(
        account_id=account_id,
        base_id=base_id,
        data=SubscriberInput(phone='8 (916) 123-45-67', last_name=' Петров ', birth_date=date(1980, 5, 17)),
    )
    assert (row.phone, row.last_name, row.birth_date) == (MOSCOW_MTS, 'Петров', date(1980, 5, 17))
    assert (row.region, row.operator, row.timezone) == ('Город Москва', 'МТС', 'Europe/Moscow')
    assert await _count_is_right(base_id) == 1


@pytest.mark.parametrize(('raw', 'code'), [('12', 'phone_too_short'), ('abc', 'phone_letters'), ('', 'phone_empty')])
async def test_a_bad_number_is_refused_with_its_reason(db: str, raw: str, code: str) -> None:
    account_id, base_id = await _base()
    with pytest.raises(DomainError) as error:
        await subs.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=raw))
    assert error.value.code == code
    assert await _count_is_right(base_id) == 0


async def test_the_same_number_typed_differently_is_a_duplicate_in_one_base(db: str) -> None:
    account_id, base_id = await _base()
    await subs.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=MOSCOW_MTS))
    with pytest.raises(DomainError) as error:
        await subs.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone='89161234567'))
    assert error.value.code == 'subscriber_duplicate'
    assert await _count_is_right(base_id) == 1


async def test_editing_the_number_re_detects_it_and_a_taken_number_is_refused(db: str) -> None:
    account_id, base_id = await _base()
    first = await subs.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=MOSCOW_MTS))
    await subs.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=ROSTOV_T2))
    edited = await subs.update_subscriber(
        account_id=account_id,
        base_id=base_id,
        subscriber_id=first.id,
        data=SubscriberInput(phone='9231234567', first_name='Анна'),
    )
    assert (edited.phone, edited.region, edited.operator) == (NOVOSIBIRSK_MEGAFON, 'Новосибирская область', 'МегаФон')
    assert edited.timezone == 'Asia/Novosibirsk'
    assert await subs.get_subscriber(account_id=account_id, base_id=base_id, subscriber_id=first.id) == edited
    with pytest.raises(DomainError) as error:
        await subs.update_field(
            account_id=account_id, base_id=base_id, subscriber_id=first.id, key='phone', raw=ROSTOV_T2
        )
    assert error.value.code == 'subscriber_duplicate'
    assert await _count_is_right(base_id) == 2


@pytest.mark.parametrize(
    ('key', 'raw', 'attribute', 'expected'),
    [
        ('birth_date', '17.05.1980', 'birth_date', date(1980, 5, 17)),
        ('birth_date', '1980-05-17', 'birth_date', date(1980, 5, 17)),
        ('birth_date', '', 'birth_date', None),
        ('gender', 'ж', 'gender', 'female'),
        ('gender', 'М', 'gender', 'male'),
        ('gender', 'female', 'gender', 'female'),
        ('first_name', '  Мария ', 'first_name', 'Мария'),
        ('phone', '+7 900 123 45 67', 'operator', 'Т2'),
    ],
)
async def test_a_cell_edit_parses_the_field_type(db: str, key: str, raw: str, attribute: str, expected: object) -> None:
    account_id, base_id = await _base()
    row = await subs.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=MOSCOW_MTS))
    edited = await subs.update_field(account_id=account_id, base_id=base_id, subscriber_id=row.id, key=key, raw=raw)
    assert getattr(edited, attribute) == expected
    page = await subs.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery())
    assert getattr(page.rows[0], attribute) == expected


@pytest.mark.parametrize(
    ('key', 'raw', 'code'),
    [
        ('birth_date', '31.02.1980', 'birth_date_invalid'),
        ('birth_date', 'вчера', 'birth_date_invalid'),
        ('birth_date', '01.01.1800', 'birth_date_invalid'),
        ('gender', 'x', 'gender_invalid'),
        ('phone', '12345', 'phone_too_short'),
        ('region', 'Москва', 'field_read_only'),
        ('note11', 'x', 'field_unknown'),
        ('last_name', 'я' * 101, 'name_too_long'),
        ('note3', 'я' * 256, 'note_too_long'),
    ],
)
async def test_a_bad_cell_value_is_refused_with_a_code(db: str, key: str, raw: str, code: str) -> None:
    account_id, base_id = await _base()
    row = await subs.add_subscriber(account_id=account_id, base_id=base_id, data=SubscriberInput(phone=MOSCOW_MTS))
    with pytest.raises(DomainError) as error:
        await subs.update_field(account_id=account_id, base_id=base_id, subscriber_id=row.id, key=key, raw=raw)
    assert error.value.code == code


@pytest.mark.parametrize(
    ('query', 'phones'),
    [
        (ListQuery(phone='8916'), [MOSCOW_MTS]),
        (ListQuery(phone='+7 92'), [NOVOSIBIRSK_MEGAFON]),
        (ListQuery(phone='79'), [MOSCOW_MTS, NOVOSIBIRSK_MEGAFON, ROSTOV_T2, UNALLOCATED]),
        (ListQuery(phone='401'), [UNALLOCATED]),
        (ListQuery(name='петр'), [MOSCOW_MTS, ROSTOV_T2]),
        (ListQuery(name='ПЕТРОВ ИВ'), [MOSCOW_MTS]),
        (ListQuery(name='smith'), [UNALLOCATED]),
        (ListQuery(region='Новосибирская область'), [NOVOSIBIRSK_MEGAFON]),
        (ListQuery(operator='Т2'), [ROSTOV_T2]),
        (ListQuery(unknown_only=True), [UNALLOCATED]),
        (ListQuery(notes={'note1': 'a-1'}), [MOSCOW_MTS]),
        (ListQuery(notes={'note1': '%'}), []),
        (ListQuery(name='петр', phone='7900'), [ROSTOV_T2]),
    ],
)
async def test_filters_find_what_they_should_and_count_it(db: str, query: ListQuery, phones: list[str]) -> None:
    account_id, base_id = await _base()
    await _fill(account_id, base_id)
    page = await subs.list_subscribers(account_id=account_id, base_id=base_id, query=query)
    assert sorted(row.phone for row in page.rows) == sorted(phones)
    assert page.total == len(phones)


@pytest.mark.parametrize(
    ('sort', 'ascending'),
    [
        ('phone', [ROSTOV_T2, MOSCOW_MTS, NOVOSIBIRSK_MEGAFON, UNALLOCATED]),
        ('first_name', [UNALLOCATED, NOVOSIBIRSK_MEGAFON, MOSCOW_MTS, ROSTOV_T2]),
        ('id', [MOSCOW_MTS, NOVOSIBIRSK_MEGAFON, ROSTOV_T2, UNALLOCATED]),
    ],
)
async def test_sorting_works_in_both_directions(db: str, sort: str, ascending: list[str]) -> None:
    account_id, base_id = await _base()
    await _fill(account_id, base_id)
    up = await subs.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery(sort=sort))
    down = await subs.list_subscribers(
        account_id=account_id, base_id=base_id, query=ListQuery(sort=sort, descending=True)
    )
    assert [row.phone for row in up.rows] == ascending
    assert [row.phone for row in down.rows] == ascending[::-1]


async def test_an_unknown_sort_column_is_refused(db: str) -> None:
    account_id, base_id = await _base()
    with pytest.raises(DomainError) as error:
        await subs.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery(sort='id; DROP TABLE x'))
    assert error.value.code == 'sort_unknown'


async def test_pages_split_the_base_and_keep_the_total(db: str) -> None:
    account_id, base_id = await _base()
    rows = [SubscriberInput(phone=f'+7916000{n:04d}') for n in range(25)]
    await subs.bulk_add(account_id=account_id, base_id=base_id, rows=rows)
    seen: list[str] = []
    for offset in (0, 10, 20):
        query = ListQuery(sort='phone', offset=offset, limit=10)
        page = await subs.list_subscribers(account_id=account_id, base_id=base_id, query=query)
        assert page.total == 25
        seen += [row.phone for row in page.rows]
    assert seen == sorted(f'+7916000{n:04d}' for n in range(25))


async def test_delete_by_ids_by_filter_and_all_keeps_the_count_right(db: str) -> None:
    account_id, base_id = await _base()
    await _fill(account_id, base_id)
    page = await subs.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery(sort='phone'))
    assert await subs.delete_subscribers(account_id=account_id, base_id=base_id, ids=[page.rows[0].id]) == 1
    assert await _count_is_right(base_id) == 3
    unknown = ListQuery(unknown_only=True)
    assert await subs.delete_subscribers(account_id=account_id, base_id=base_id, query=unknown) == 1
    assert await _count_is_right(base_id) == 2
    assert await subs.delete_subscribers(account_id=account_id, base_id=base_id) == 2
    assert await _count_is_right(base_id) == 0


async def test_moving_merges_numbers_the_target_has_and_counts_both(db: str) -> None:
    account_id, source_id = await _base()
    target_id = (await bases.create_base(account_id=account_id, name='Цель')).id
    await _fill(account_id, source_id)
    await subs.add_subscriber(
        account_id=account_id, base_id=target_id, data=SubscriberInput(phone=MOSCOW_MTS, last_name='Целевой')
    )
    result = await subs.move_subscribers(
        account_id=account_id, base_id=source_id, target_base_id=target_id, query=ListQuery(phone='79')
    )
    assert (result.moved, result.merged) == (3, 1)
    assert await _count_is_right(source_id) == 0
    assert await _count_is_right(target_id) == 4
    kept = await subs.list_subscribers(account_id=account_id, base_id=target_id, query=ListQuery(phone='8916'))
    assert [row.last_name for row in kept.rows] == ['Целевой']


async def test_moving_selected_ids_and_into_the_same_base(db: str) -> None:
    account_id, source_id = await _base()
    target_id = (await bases.create_base(account_id=account_id, name='Цель')).id
    await _fill(account_id, source_id)
    page = await subs.list_subscribers(account_id=account_id, base_id=source_id, query=ListQuery(operator='МТС'))
    ids = [row.id for row in page.rows]
    result = await subs.move_subscribers(account_id=account_id, base_id=source_id, target_base_id=target_id, ids=ids)
    assert (result.moved, result.merged) == (1, 0)
    assert (await _count_is_right(source_id), await _count_is_right(target_id)) == (3, 1)
    with pytest.raises(DomainError) as error:
        await subs.move_subscribers(account_id=account_id, base_id=source_id, target_base_id=source_id)
    assert error.value.code == 'move_same_base'


async def test_another_accounts_base_and_subscribers_cannot_be_reached_by_id(db: str) -> None:
    a_id, a_base = await _base('База А')
    b_id, b_base = await _base('База Б')
    b_row = await subs.add_subscriber(account_id=b_id, base_id=b_base, data=SubscriberInput(phone=MOSCOW_MTS))
    a_row = await subs.add_subscriber(account_id=a_id, base_id=a_base, data=SubscriberInput(phone=ROSTOV_T2))
    attempts = [
        subs.list_subscribers(account_id=a_id, base_id=b_base, query=ListQuery()),
        subs.add_subscriber(account_id=a_id, base_id=b_base, data=SubscriberInput(phone=ROSTOV_T2)),
        subs.get_subscriber(account_id=a_id, base_id=b_base, subscriber_id=b_row.id),
        subs.get_subscriber(account_id=a_id, base_id=a_base, subscriber_id=b_row.id),
        subs.update_field(account_id=a_id, base_id=b_base, subscriber_id=b_row.id, key='last_name', raw='X'),
        subs.update_field(account_id=a_id, base_id=a_base, subscriber_id=b_row.id, key='last_name', raw='X'),
        subs.delete_subscribers(account_id=a_id, base_id=b_base),
        subs.move_subscribers(account_id=a_id, base_id=a_base, target_base_id=b_base),
        subs.move_subscribers(account_id=a_id, base_id=b_base, target_base_id=a_base),
        subs.bulk_add(account_id=a_id, base_id=b_base, rows=[SubscriberInput(phone=ROSTOV_T2)]),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            await attempt
    assert await subs.delete_subscribers(account_id=a_id, base_id=a_base, ids=[b_row.id, a_row.id]) == 1
    assert await _count_is_right(b_base) == 1
    assert await _count_is_right(a_base) == 0


async def test_bulk_add_reports_invalid_and_repeated_rows_and_updates_known_numbers(db: str) -> None:
    account_id, base_id = await _base()
    await subs.add_subscriber(
        account_id=account_id,
        base_id=base_id,
        data=SubscriberInput(phone=MOSCOW_MTS, last_name='Старый', first_name='Пётр'),
    )
    rows = [
        SubscriberInput(phone='89161234567', last_name='Новый'),
        SubscriberInput(phone='abc'),
        SubscriberInput(phone='79231234567.0'),
        SubscriberInput(phone='+79231234567', first_name='Анна', notes={'note2': 'VIP'}),
        SubscriberInput(phone=ROSTOV_T2, gender='не знаю'),
        SubscriberInput(phone=UNALLOCATED, gender='м'),
    ]
    result = await subs.bulk_add(account_id=account_id, base_id=base_id, rows=rows)
    assert (result.added, result.updated, result.duplicates_in_input) == (2, 1, 1)
    assert result.invalid == [(1, 'abc', 'phone_letters'), (4, ROSTOV_T2, 'gender_invalid')]
    assert await _count_is_right(base_id) == 3
    page = await subs.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery(sort='phone'))
    moscow, novosibirsk, unallocated = page.rows
    assert (moscow.last_name, moscow.first_name) == ('Новый', 'Пётр')
    assert (novosibirsk.first_name, novosibirsk.notes['note2'], novosibirsk.region) == (
        'Анна',
        'VIP',
        'Новосибирская область',
    )
    assert (unallocated.gender, unallocated.region, unallocated.operator) == ('male', '', '')
    found = await subs.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery(name='новый пётр'))
    assert [row.phone for row in found.rows] == [MOSCOW_MTS]
