"""Texts people write to each other are trimmed, bounded and cleaned of invisible junk, never interpreted."""

import pytest

from domain.errors import DomainError
from domain.texts import clean_text, preview


def test_line_breaks_stay_and_control_characters_go() -> None:
    assert clean_text('  первая\r\nвторая\rтре\x00ть\x07я\t ', field='x', limit=100) == 'первая\nвторая\nтретья'


def test_a_one_line_text_folds_its_whitespace() -> None:
    assert clean_text(' Тема\n  вопроса\t ', field='x', limit=100, multiline=False) == 'Тема вопроса'


def test_markup_is_kept_as_it_was_written() -> None:
    text = '<script>alert(1)</script> <img src=x onerror=alert(2)> **жирный**'
    assert clean_text(text, field='x', limit=100) == text


@pytest.mark.parametrize(('value', 'code'), [('', 'x_empty'), (' \n\x00 ', 'x_empty'), ('абвгд' * 3, 'x_too_long')])
def test_empty_and_too_long_texts_are_refused(value: str, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        clean_text(value, field='x', limit=10)
    assert refused.value.code == code


def test_a_preview_is_cut_at_a_word() -> None:
    assert preview('короткий текст') == 'короткий текст'
    assert preview('слово ' * 100, limit=20) == 'слово слово слово…'
