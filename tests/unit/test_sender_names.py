"""The sender-name rule of the manual: 3..11 Latin letters, digits and signs, or up to 15 digits."""

import pytest

from domain.sender_names import (
    InvalidSenderName,
    SenderNameProblem,
    SenderNameRule,
    ensure_sender_name,
    validate_sender_name,
)

R = SenderNameRule


def _rules(name: str, existing: tuple[str, ...] = ()) -> list[SenderNameRule]:
    return [problem.rule for problem in validate_sender_name(name, existing)]


@pytest.mark.parametrize(
    'name',
    [
        'INCORE',
        'abc',
        'ABCDEFGHIJK',
        'Shop24',
        'A1-B2',
        'MY SHOP',
        'My Shop 24',
        'x_y',
        'a.b.c',
        'Q&A',
        "Tom's",
        'say"hi"',
        'a?b>c<d',
        'a,b.c-d_e',
        'x=y+z',
        'a/b!c',
        'mail@shop',
        '#1$%^x',
        'A&B*C(D)',
        'back\\slash',
        '123',
        '123456789012',
        '123456789012345',
        '79161234567',
    ],
)
def test_names_the_manual_allows_are_accepted(name: str) -> None:
    assert validate_sender_name(name) == []
    assert ensure_sender_name(name) == name


@pytest.mark.parametrize(
    ('name', 'rules'),
    [
        ('', [R.empty]),
        ('ab', [R.too_short]),
        ('a', [R.too_short]),
        ('12', [R.too_short]),
        ('abcdefghijkl', [R.too_long]),
        ('ABCDEFGHIJKLMNOP', [R.too_long]),
        ('1234567890123456', [R.digits_too_long]),
        ('12345678901234567890', [R.digits_too_long]),
        ('АБВ', [R.cyrillic, R.no_latin_letter]),
        ('Магазин', [R.cyrillic, R.no_latin_letter]),
        ('INCORЕ', [R.cyrillic]),
        ('Shop№1', [R.forbidden_characters]),
        ('shop:1', [R.forbidden_characters]),
        ('a;b[c]', [R.forbidden_characters]),
        ('café', [R.forbidden_characters]),
        ('Shop😀', [R.forbidden_characters]),
        ('tab\there', [R.forbidden_characters]),
        ('123-45', [R.no_latin_letter]),
        ('+7(495)', [R.no_latin_letter]),
        ('!!!', [R.no_latin_letter]),
        (' INCORE', [R.misplaced_space]),
        ('INCORE ', [R.misplaced_space]),
        ('MY  SHOP', [R.misplaced_space]),
        ('   ', [R.no_latin_letter, R.misplaced_space]),
        ('Ab', [R.too_short]),
        ('Яa', [R.too_short, R.cyrillic]),
        ('Очень длинное имя', [R.too_long, R.cyrillic, R.no_latin_letter]),
        ('１２３', [R.forbidden_characters, R.no_latin_letter]),
    ],
)
def test_each_refusal_names_every_rule_that_failed(name: str, rules: list[SenderNameRule]) -> None:
    assert _rules(name) == rules


def test_offending_characters_are_listed_once_each_in_order() -> None:
    problems = validate_sender_name('a;b:c;d')
    assert problems == [SenderNameProblem(rule=R.forbidden_characters, chars=';:')]


def test_cyrillic_and_other_forbidden_characters_are_reported_apart() -> None:
    problems = validate_sender_name('Ёлка№1x')
    assert problems == [
        SenderNameProblem(rule=R.cyrillic, chars='Ёлка'),
        SenderNameProblem(rule=R.forbidden_characters, chars='№'),
    ]


def test_a_cyrillic_look_alike_in_a_latin_name_is_pointed_at() -> None:
    # The second letter is Cyrillic 'о' (U+043E), which looks exactly like Latin 'o'.
    assert validate_sender_name('Shоp') == [SenderNameProblem(rule=R.cyrillic, chars='\u043e')]


@pytest.mark.parametrize('existing', [('INCORE',), ('incore',), ('Other', 'InCore')])
def test_a_name_the_account_already_has_is_refused_whatever_its_case(existing: tuple[str, ...]) -> None:
    assert _rules('INCORE', existing) == [R.duplicate]


def test_a_numeric_duplicate_is_refused_too() -> None:
    assert _rules('79161234567', ('79161234567',)) == [R.duplicate]


def test_a_different_name_is_not_a_duplicate() -> None:
    assert validate_sender_name('INCORE2', ('INCORE',)) == []


def test_ensure_raises_with_every_problem() -> None:
    with pytest.raises(InvalidSenderName) as raised:
        ensure_sender_name('АБВГДЕЖЗИЙКЛ')
    assert [problem.rule for problem in raised.value.problems] == [R.too_long, R.cyrillic, R.no_latin_letter]
    assert str(raised.value) == 'too_long, cyrillic, no_latin_letter'
