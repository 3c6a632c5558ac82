from datetime import date

import pytest

from domain.numbering import NumberRange, build_table
from domain.recipient_lists import Recipients, Rejected, birthday_keys, split_recipients

TABLE = build_table(
    [
        NumberRange(
            start=79231000000, end=79231999999, operator='МегаФон', inn='7812014560', region='Новосибирская область'
        )
    ],
    {'Новосибирская область': 'Asia/Novosibirsk'},
    snapshot='test',
)


def test_the_first_occurrence_wins_and_later_ones_count_as_duplicates() -> None:
    merged = Recipients()
    merged.add_base_rows(
        [(1, '+79161234567', 'Город Москва', 'МТС', 'Europe/Moscow', 'Иванов'), (2, '+79161234567', '', '', '', 'X')],
        ['last_name'],
    )
    merged.add_typed('8 (916) 123-45-67\n+7 923 123 45 67, 89231234567')
    merged.add_file([(2, '9161234567', {'last_name': 'Файлов'}), (3, '+79231234568', {'note1': 'VIP', 'bad': 'x'})])

    assert merged.phones == ['+79161234567', '+79231234567', '+79231234568']
    assert merged.fields == [
        {'last_name': 'Иванов', 'phone': '+79161234567'},
        {'phone': '+79231234567'},
        {'note1': 'VIP', 'phone': '+79231234568'},
    ]
    assert (merged.from_bases, merged.from_numbers, merged.from_file, merged.duplicates) == (1, 2, 2, 4)


def test_values_that_are_not_numbers_are_counted_with_source_and_reason() -> None:
    merged = Recipients()
    merged.add_typed('+79161234567\n12345\nпозвонить')
    merged.add_file([(5, '7916123456789', {}), (6, '', {})])
    assert merged.invalid == 4 and merged.phones == ['+79161234567']
    assert merged.invalid_sample == [
        Rejected(source='numbers', raw='12345', reason='phone_too_short'),
        Rejected(source='numbers', raw='позвонить', reason='phone_letters'),
        Rejected(source='file:5', raw='7916123456789', reason='phone_too_long'),
        Rejected(source='file:6', raw='', reason='phone_empty'),
    ]


def test_the_invalid_sample_is_bounded() -> None:
    merged = Recipients()
    merged.add_typed('\n'.join(f'abc{n}' for n in range(100)))
    assert merged.invalid == 100 and len(merged.invalid_sample) == 20


def test_numbers_without_a_stored_description_are_described_by_the_numbering_plan() -> None:
    merged = Recipients()
    merged.add_base_rows([(1, '+79161234567', 'Город Москва', 'МТС', 'Europe/Moscow')], [])
    merged.add_typed('+79231234567 +79401234567')
    merged.describe_missing(TABLE)
    assert merged.regions == ['Город Москва', 'Новосибирская область', '']
    assert merged.operators == ['МТС', 'МегаФон', '']
    assert merged.zones == ['Europe/Moscow', 'Asia/Novosibirsk', '']
    assert merged.fields[1] == {'phone': '+79231234567', 'region': 'Новосибирская область', 'operator': 'МегаФон'}


def test_exclusion_bases_come_first_then_the_stop_list_sets_numbers_apart() -> None:
    split = split_recipients(['a', 'b', 'c', 'd'], excluded={'a', 'b'}, stopped={'b', 'c'})
    assert (split.send, split.stopped, split.excluded_bases) == ([3], [2], 2)


@pytest.mark.parametrize(
    ('today', 'keys'),
    [
        (date(2026, 6, 9), ('06-09',)),
        (date(2027, 2, 28), ('02-28', '02-29')),  # a common year greets the leap-day births on the 28th
        (date(2028, 2, 28), ('02-28',)),
        (date(2028, 2, 29), ('02-29',)),
    ],
)
def test_birthdays_of_today(today: date, keys: tuple[str, ...]) -> None:
    assert birthday_keys(today) == keys
