import pytest

from domain.inn import InnProblem, inn_problem


@pytest.mark.parametrize(
    'inn',
    [
        '7707083893',  # a ten-digit company ИНН
        '7830002293',
        '500100732259',  # a twelve-digit ИНН of a person
        ' 7707083893 ',
    ],
)
def test_valid_inns_pass(inn: str) -> None:
    assert inn_problem(inn) is None


@pytest.mark.parametrize(
    ('inn', 'problem'),
    [
        ('', InnProblem.empty),
        ('   ', InnProblem.empty),
        ('770708389', InnProblem.wrong_length),
        ('77070838931', InnProblem.wrong_length),
        ('7707083893000', InnProblem.wrong_length),
        ('77070838 3', InnProblem.not_digits),
        ('770708389X', InnProblem.not_digits),
        ('７７０７０８３８９３', InnProblem.not_digits),
        ('7707083894', InnProblem.bad_checksum),
        ('500100732258', InnProblem.bad_checksum),
        ('500100732249', InnProblem.bad_checksum),
    ],
)
def test_invalid_inns_say_why(inn: str, problem: InnProblem) -> None:
    assert inn_problem(inn) is problem


def test_every_last_digit_but_one_fails_the_ten_digit_checksum() -> None:
    valid = [d for d in '0123456789' if inn_problem(f'770708389{d}') is None]
    assert valid == ['3']
