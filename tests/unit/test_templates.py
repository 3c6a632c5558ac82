"""Templates: editor text and stored text round-trip, rendering fills fields, never crashes on unknown keys."""

import random
from datetime import UTC, date, datetime

import pytest

from domain.fields import Gender
from domain.segments import count_segments
from domain.templates import (
    InvalidTemplateText,
    PhoneStyle,
    Rendered,
    TemplateProblem,
    find_inserts,
    format_value,
    render,
    render_many,
    to_display,
    to_stored,
)

LABELS = {
    'phone': 'Номер телефона',
    'last_name': 'Фамилия',
    'first_name': 'Имя',
    'middle_name': 'Отчество',
    'birth_date': 'Дата рождения',
    'gender': 'Пол',
    'region': 'Область',
    'operator': 'Оператор',
    **{f'note{n}': f'Примечание {n}' for n in range(1, 11)},
}
E164 = PhoneStyle.E164


def test_the_manuals_example_is_stored_with_the_phone_key() -> None:
    assert to_stored('Тел. для связи [Номер телефона]', LABELS) == 'Тел. для связи {{phone}}'


def test_stored_text_is_shown_with_labels() -> None:
    stored = 'Здравствуйте, {{first_name}} {{middle_name}}! Заказ {{note1}}'
    assert to_display(stored, LABELS) == 'Здравствуйте, [Имя] [Отчество]! Заказ [Примечание 1]'


def test_renaming_a_label_changes_the_display_but_not_the_stored_template() -> None:
    stored = to_stored('Заказ [Примечание 1] готов', LABELS)
    renamed = {**LABELS, 'note1': 'Номер заказа'}
    assert stored == 'Заказ {{note1}} готов'
    assert to_display(stored, renamed) == 'Заказ [Номер заказа] готов'
    assert to_stored('Заказ [Номер заказа] готов', renamed) == stored
    assert render(stored, {'note1': 'A-17'}, phone_style=E164).text == 'Заказ A-17 готов'


def test_labels_match_ignoring_case_and_surrounding_spaces() -> None:
    assert to_stored('[ номер ТЕЛЕФОНА ]', LABELS) == '{{phone}}'


def test_literal_brackets_are_doubled_in_the_editor_and_single_in_storage() -> None:
    stored = to_stored('[[акция] для [Имя]: скидка [[10%]', LABELS)
    assert stored == '[акция] для {{first_name}}: скидка [10%]'
    assert to_display(stored, LABELS) == '[[акция] для [Имя]: скидка [[10%]'
    assert render(stored, {'first_name': 'Анна'}, phone_style=E164).text == '[акция] для Анна: скидка [10%]'


def test_a_single_brace_next_to_an_insert_survives_the_round_trip() -> None:
    display = '{[Имя]} и {x}'
    stored = to_stored(display, LABELS)
    assert stored == '{{{first_name}}} и {x}'
    assert find_inserts(stored) == ['first_name']
    assert to_display(stored, LABELS) == display


def test_a_field_without_a_usable_label_is_shown_and_read_back_by_its_key() -> None:
    labels = {**LABELS, 'note2': 'Примечание 1', 'note3': 'Цена [руб]', 'note4': 'phone'}
    stored = '{{note1}} {{note2}} {{note3}} {{note4}} {{phone}}'
    display = to_display(stored, labels)
    assert display == '[note1] [note2] [note3] [note4] [Номер телефона]'
    assert to_stored(display, labels) == stored


@pytest.mark.parametrize(
    ('display', 'problem', 'position', 'fragment'),
    [
        ('Привет, [Кличка]!', TemplateProblem.unknown_label, 8, '[Кличка]'),
        ('[Имя] и []', TemplateProblem.unknown_label, 8, '[]'),
        ('Код [note99]', TemplateProblem.unknown_label, 4, '[note99]'),
        ('Скидка [10%', TemplateProblem.unclosed_insert, 7, '[10%'),
        ('Ваш {{phone}}', TemplateProblem.reserved_braces, 4, '{{'),
    ],
)
def test_editor_text_that_cannot_be_stored_names_the_problem_and_its_position(
    display: str, problem: TemplateProblem, position: int, fragment: str
) -> None:
    with pytest.raises(InvalidTemplateText) as raised:
        to_stored(display, LABELS)
    assert (raised.value.reason, raised.value.position, raised.value.fragment) == (problem, position, fragment)
    assert raised.value.code == problem.value
    assert display[position:].startswith(fragment)


@pytest.mark.parametrize('seed', range(10))
def test_random_editor_texts_round_trip_through_storage(seed: int) -> None:
    rng = random.Random(seed)
    atoms = ['Привет', ' ', 'a', '[[', ']', '{', '}', '!', *(f'[{label}]' for label in LABELS.values())]
    for _ in range(100):
        display = ''.join(rng.choice(atoms) for _ in range(rng.randrange(0, 20)))
        if '{{' in display:
            continue
        stored = to_stored(display, LABELS)
        assert to_display(stored, LABELS) == display
        assert to_stored(to_display(stored, LABELS), LABELS) == stored


def test_inserts_are_found_once_each_in_order_of_first_use() -> None:
    stored = '{{first_name}}, {{phone}} {{first_name}} {{note99}}'
    assert find_inserts(stored) == ['first_name', 'phone', 'note99']
    assert find_inserts('no inserts') == []


def test_a_missing_field_renders_empty_and_is_reported() -> None:
    result = render('Здравствуйте, {{first_name}} {{middle_name}}!', {'first_name': 'Анна'}, phone_style=E164)
    assert result == Rendered(text='Здравствуйте, Анна !', missing_keys=('middle_name',), unknown_keys=())


@pytest.mark.parametrize('value', [None, '', '   '])
def test_none_and_blank_values_count_as_missing(value: object) -> None:
    result = render('[{{note1}}]', {'note1': value}, phone_style=E164)
    assert (result.text, result.missing_keys) == ('[]', ('note1',))


def test_an_unknown_key_renders_as_a_visible_marker_and_is_reported() -> None:
    result = render('Код {{note99}}, ещё {{note99}}', {'note99': 'x'}, phone_style=E164)
    assert result == Rendered(text='Код [?note99], ещё [?note99]', missing_keys=(), unknown_keys=('note99',))


def test_an_unknown_key_can_render_empty_for_sending() -> None:
    result = render('Код {{Phone}}.', {'phone': '+79161234567'}, phone_style=E164, unknown='empty')
    assert result == Rendered(text='Код .', missing_keys=(), unknown_keys=('Phone',))


def test_unknown_keys_shown_in_the_editor_are_refused_on_save() -> None:
    display = to_display('Код {{note99}}', LABELS)
    assert display == 'Код [note99]'
    with pytest.raises(InvalidTemplateText) as raised:
        to_stored(display, LABELS)
    assert raised.value.reason is TemplateProblem.unknown_label


@pytest.mark.parametrize(
    ('value', 'style', 'expected'),
    [
        ('+79161234567', PhoneStyle.E164, '+79161234567'),
        ('+79161234567', PhoneStyle.PLUS7_SPACED, '+7 916 123-45-67'),
        ('+79161234567', PhoneStyle.EIGHT, '89161234567'),
        ('+79161234567', PhoneStyle.SEVEN, '79161234567'),
        ('89161234567', PhoneStyle.E164, '+79161234567'),
        ('8 (916) 123-45-67', PhoneStyle.SEVEN, '79161234567'),
        (79161234567, PhoneStyle.PLUS7_SPACED, '+7 916 123-45-67'),
        ('9161234567', PhoneStyle.EIGHT, '89161234567'),
        ('+380501234567', PhoneStyle.EIGHT, '+380501234567'),
        ('+81312345678', PhoneStyle.PLUS7_SPACED, '+81312345678'),
        ('unknown', PhoneStyle.E164, 'unknown'),
    ],
)
def test_the_phone_is_rendered_in_the_accounts_style(value: object, style: PhoneStyle, expected: str) -> None:
    assert render('{{phone}}', {'phone': value}, phone_style=style).text == expected


@pytest.mark.parametrize(
    ('value', 'expected'),
    [
        (date(1990, 5, 7), '07.05.1990'),
        (datetime(1990, 5, 7, 23, 30, tzinfo=UTC), '07.05.1990'),
        ('1990-05-07', '07.05.1990'),
        ('1990-05-07T00:00:00', '07.05.1990'),
        ('1990-05-07 00:00:00', '07.05.1990'),
        ('07.05.1990', '07.05.1990'),
        ('1990-13-45', '1990-13-45'),
        ('в мае', 'в мае'),
    ],
)
def test_dates_render_as_day_month_year(value: object, expected: str) -> None:
    assert render('{{birth_date}}', {'birth_date': value}, phone_style=E164).text == expected


def test_a_date_in_a_custom_field_renders_as_day_month_year_too() -> None:
    assert render('до {{note3}}', {'note3': date(2026, 1, 2)}, phone_style=E164).text == 'до 02.01.2026'


@pytest.mark.parametrize(('value', 'expected'), [(Gender.male, 'м'), ('female', 'ж'), ('ж', 'ж')])
def test_gender_renders_as_a_short_mark(value: object, expected: str) -> None:
    assert format_value('gender', value, E164) == expected


def test_render_many_gives_the_same_results_as_render_one_by_one() -> None:
    stored = '{{last_name}} {{first_name}}, {{phone}}, {{birth_date}} {{note99}}'
    rows: list[dict[str, object]] = [
        {'last_name': 'Иванов', 'first_name': 'Иван', 'phone': '+79161234567', 'birth_date': date(1980, 1, 31)},
        {'first_name': 'Анна', 'phone': '89031112233'},
        {},
    ]
    style = PhoneStyle.PLUS7_SPACED
    assert render_many(stored, rows, phone_style=style) == [render(stored, row, phone_style=style) for row in rows]
    assert render_many(stored, rows, phone_style=style)[2].missing_keys == (
        'last_name',
        'first_name',
        'phone',
        'birth_date',
    )


def test_the_counter_uses_the_rendered_text() -> None:
    stored = 'Hello {{first_name}}, call {{phone}}'
    latin = render(stored, {'first_name': 'Ann', 'phone': '+79161234567'}, phone_style=E164).text
    cyrillic = render(stored, {'first_name': 'Анна', 'phone': '+79161234567'}, phone_style=E164).text
    assert count_segments(latin).encoding == 'gsm7'
    assert count_segments(cyrillic).encoding == 'ucs2'
