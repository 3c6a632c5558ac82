"""Reading rules of subscriber files: encodings, delimiters, header rows, column guesses, names, cells, clipboard."""

from datetime import date, datetime

import pytest

from domain.errors import DomainError
from domain.import_rules import (
    FIO,
    cell_text,
    detect_delimiter,
    detect_encoding,
    guess_mapping,
    looks_like_header,
    parse_clipboard,
    split_fio,
)

TEXT = 'Телефон;ФИО\n89161234567;Иванов Иван\n'
ALL = ['phone', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'note1', 'note2']


@pytest.mark.parametrize(
    ('sample', 'encoding'),
    [
        (b'\xef\xbb\xbf' + TEXT.encode('utf-8'), 'utf-8-sig'),
        (TEXT.encode('utf-8'), 'utf-8'),
        (TEXT.encode('cp1251'), 'cp1251'),
        (b'\xff\xfe' + TEXT.encode('utf-16-le'), 'utf-16'),
        (b'\xfe\xff' + TEXT.encode('utf-16-be'), 'utf-16'),
        (b'89161234567\n', 'utf-8'),
        (TEXT.encode('utf-8')[:-3] + 'Ж'.encode()[:1], 'utf-8'),
    ],
)
def test_the_encoding_is_told_by_bom_then_utf8_then_windows_1251(sample: bytes, encoding: str) -> None:
    assert detect_encoding(sample) == encoding


@pytest.mark.parametrize('sample', [b'\x00\x01\x02PK\x03\x04' * 20, bytes(range(128, 256)) * 10])
def test_binary_bytes_are_not_taken_for_text(sample: bytes) -> None:
    with pytest.raises(DomainError) as error:
        detect_encoding(sample)
    assert error.value.code == 'import_binary_garbage'


@pytest.mark.parametrize(
    ('text', 'delimiter'),
    [
        ('a;b;c\n1;2;3\n', ';'),
        ('a\tb\n1\t2\n', '\t'),
        ('a,b\n1,2\n', ','),
        ('a|b\n1|2\n', '|'),
        ('89161234567\n89031234567\n', ''),
        ('Иванов, Иван;89161234567\nПетров, Пётр;89031234567\n', ';'),
        ('phone;note\n8916;a,b,c\n8903;d\n8904;e\n', ';'),
    ],
)
def test_the_delimiter_is_the_one_repeated_alike_on_most_lines(text: str, delimiter: str) -> None:
    assert detect_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ('row', 'expected'),
    [
        (['Телефон', 'ФИО'], True),
        (['Номер', 'Комментарий'], True),
        (['Contacts', 'Who'], True),
        (['89161234567', 'Иванов'], False),
        (['', ''], False),
    ],
)
def test_a_header_row_names_columns_above_phone_numbers(row: list[str], expected: bool) -> None:
    body = [['89031234567', 'Петров'], ['+7 916 765-43-21', 'Сидоров']]
    assert looks_like_header(row, body) is expected


def test_header_words_map_columns_to_the_enabled_fields() -> None:
    header = ['Мобильный тел.', 'ФИО', 'Дата рождения', 'Пол', 'Примечание 2', 'Город', 'Оператор']
    mapping = guess_mapping(header, [], ALL)
    assert mapping == ['phone', FIO, 'birth_date', 'gender', 'note2', 'note1', None]


def test_a_city_is_not_loaded_when_no_note_is_enabled() -> None:
    assert guess_mapping(['Телефон', 'Город'], [], ['phone', 'last_name']) == ['phone', None]


def test_a_base_label_wins_over_header_words_so_an_export_reimports() -> None:
    mapping = guess_mapping(['Телефон', 'Номер заказа'], [], ALL, labels={'note2': 'Номер заказа'})
    assert mapping == ['phone', 'note2']


def test_the_column_full_of_phone_numbers_is_the_phone_without_a_header() -> None:
    rows = [['Иванов Иван', '8 916 123-45-67', '01.02.1990', 'м'], ['Петров Пётр', '89031234567', '', 'ж']]
    assert guess_mapping(None, rows, ALL) == [FIO, 'phone', 'birth_date', 'gender']


def test_a_field_is_guessed_for_one_column_only() -> None:
    assert guess_mapping(['Телефон', 'Номер', 'Фамилия', 'Фамилия'], [], ALL) == ['phone', None, 'last_name', None]


@pytest.mark.parametrize(
    ('text', 'parts'),
    [
        ('Иванов Иван Иванович', ('Иванов', 'Иван', 'Иванович')),
        ('  Иванов   Иван ', ('Иванов', 'Иван', '')),
        ('Иванов', ('Иванов', '', '')),
        ('Мамедов Рашид Ильхам оглы', ('Мамедов', 'Рашид', 'Ильхам оглы')),
        ('', ('', '', '')),
    ],
)
def test_a_full_name_splits_into_surname_name_and_patronymic(text: str, parts: tuple[str, str, str]) -> None:
    assert split_fio(text) == parts


@pytest.mark.parametrize(
    ('value', 'text'),
    [
        (79161234567.0, '79161234567'),
        (12.5, '12.5'),
        (42, '42'),
        (None, ''),
        (' Иванов ', 'Иванов'),
        (date(1990, 2, 1), '01.02.1990'),
        (datetime(1990, 2, 1), '01.02.1990'),
        (True, 'TRUE'),
    ],
)
def test_a_spreadsheet_cell_reads_as_the_text_a_person_sees(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ('text', 'entries'),
    [
        ('89161234567\n89031234567', [('89161234567', ''), ('89031234567', '')]),
        ('89161234567, 89031234567;89261234567', [('89161234567', ''), ('89031234567', ''), ('89261234567', '')]),
        ('89161234567\t89031234567', [('89161234567', ''), ('89031234567', '')]),
        ('89161234567 89031234567', [('89161234567', ''), ('89031234567', '')]),
        ('8 916 123 45 67', [('8 916 123 45 67', '')]),
        ('89161234567 Иван Петров', [('89161234567', 'Иван Петров')]),
        ('+7 (916) 123-45-67 - Иван', [('+7 (916) 123-45-67', 'Иван')]),
        ('89161234567, Иван\n89031234567', [('89161234567', 'Иван'), ('89031234567', '')]),
        ('Иван\n89031234567', [('Иван', ''), ('89031234567', '')]),
        ('\n\n  \n', []),
        ('12345', [('12345', '')]),
    ],
)
def test_clipboard_text_gives_numbers_and_optional_names(text: str, entries: list[tuple[str, str]]) -> None:
    assert parse_clipboard(text) == entries


def test_a_file_laid_out_as_the_manual_says_loads_every_column_by_position() -> None:
    # the manual: fields in the file as in the cabinet, the number first; an order number added after «Пол»
    rows = [
        ['89161234567', 'Иванов', 'Иван', 'Иванович', '01.02.1990', 'м', '1234'],
        ['89031234567', 'Петрова', 'Анна', '', '', 'ж', '1235'],
    ]
    expected = ['phone', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'note1']
    assert guess_mapping(None, rows, ALL) == expected


def test_position_does_not_override_content_or_take_a_field_twice() -> None:
    rows = [['89161234567', 'Иванов Иван', '01.02.1990', 'Москва'], ['89031234567', 'Петров Пётр', '', 'Тверь']]
    # the names went to «ФИО» by content, so its parts are taken: the city's position (the patronymic) is not free
    assert guess_mapping(None, rows, ALL) == ['phone', FIO, 'birth_date', None]


def test_no_position_guess_when_the_number_is_not_first_or_a_header_names_the_columns() -> None:
    assert guess_mapping(None, [['Москва', '89161234567', 'x']], ALL) == [None, 'phone', None]
    assert guess_mapping(['Телефон', 'Город'], [['89161234567', 'Тверь']], ['phone', 'last_name']) == ['phone', None]
    assert guess_mapping(None, [['89161234567', '']], ALL) == ['phone', None]


def test_shop_and_crm_columns_go_to_free_notes_in_their_order() -> None:
    header = ['Телефон', 'Фамилия', 'Пол', 'Заказ', 'E-mail', 'Компания']
    assert guess_mapping(header, [], ALL) == ['phone', 'last_name', 'gender', 'note1', 'note2', None]


def test_a_data_row_whose_note_starts_with_a_header_word_is_not_a_header() -> None:
    body = [['89031234567', 'Заказ №6'], ['+7 916 765-43-21', 'Заказ №7']]
    assert looks_like_header(['89161234567', 'Заказ №5'], body) is False
    assert looks_like_header(['Телефон', 'Заказ'], body) is True
