"""ИНН (taxpayer number) of a Russian company (10 digits) or individual entrepreneur (12 digits) and its checksum."""

from enum import StrEnum

_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


class InnProblem(StrEnum):
    """Why a typed ИНН was refused."""

    empty = 'inn_empty'
    wrong_length = 'inn_wrong_length'
    not_digits = 'inn_not_digits'
    bad_checksum = 'inn_bad_checksum'


def inn_problem(inn: str) -> InnProblem | None:
    """Return what is wrong with an ИНН (spaces around it ignored), or None when it is valid."""
    text = inn.strip()
    if not text:
        return InnProblem.empty
    if not (text.isascii() and text.isdigit()):
        return InnProblem.not_digits
    if len(text) not in (10, 12):
        return InnProblem.wrong_length
    digits = [int(char) for char in text]
    if len(digits) == 10:
        return None if _check_digit(digits, _WEIGHTS_10) == digits[9] else InnProblem.bad_checksum
    if _check_digit(digits, _WEIGHTS_11) != digits[10] or _check_digit(digits, _WEIGHTS_12) != digits[11]:
        return InnProblem.bad_checksum
    return None


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10
