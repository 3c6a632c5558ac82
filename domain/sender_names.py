"""Sender names: the rule a new name must pass before a manager reviews it.

The manual (section 8) asks for "at least 3 Latin characters and at most 11 Latin characters, digits, signs
\\'""?><,.-_=+/!@#$%^&*() or 15 digits". It is read as two forms:

- alphanumeric: 3..11 characters from Latin letters, digits, those signs and the space, with at least one Latin
  letter. The upper bound plainly counts every character, so "3 Latin characters" is read the same way, as a length;
  the letter requirement keeps the part of it that is about letters: a name of digits alone is the numeric form, and
  one of digits and signs only ("123-45", "+7(495)") names no sender.
- numeric: digits only, 3..15 of them (the same minimum length as the other form).

Space: the manual's list does not name it. It is accepted inside a name because it is a plain GSM character that
fits the originator field, a two-word brand ("MY SHOP") would otherwise have to be spelt unlike the brand, and the
manager still reviews every name before an operator sees it. A leading, trailing or doubled space is refused: it is
invisible in the form, some SMSCs trim it, and the name approved would then differ from the name subscribers see.

A name is compared with the account's existing ones ignoring case: operators treat "INCORE" and "Incore" as one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

MIN_LENGTH = 3
MAX_ALPHANUMERIC_LENGTH = 11
MAX_NUMERIC_LENGTH = 15

LATIN_LETTERS = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')
DIGITS = frozenset('0123456789')
SYMBOLS = frozenset('\\\'"?><,.-_=+/!@#$%^&*()')
ALLOWED = LATIN_LETTERS | DIGITS | SYMBOLS | {' '}

# Cyrillic, its Supplement and Extended-A/B/C: a Cyrillic look-alike (U+0410 A, U+043E o) in a Latin name lands here.
_CYRILLIC_BLOCKS = (('\u0400', '\u052f'), ('\u1c80', '\u1c8f'), ('\u2de0', '\u2dff'), ('\ua640', '\ua69f'))


class SenderNameRule(StrEnum):
    """The rule a refused sender name broke."""

    empty = 'empty'
    too_short = 'too_short'
    too_long = 'too_long'
    digits_too_long = 'digits_too_long'
    cyrillic = 'cyrillic'
    forbidden_characters = 'forbidden_characters'
    no_latin_letter = 'no_latin_letter'
    misplaced_space = 'misplaced_space'
    duplicate = 'duplicate'


@dataclass(kw_only=True, slots=True, frozen=True)
class SenderNameProblem:
    """One broken rule; `chars` lists the offending characters (each once, in order) where the rule is about them."""

    rule: SenderNameRule
    chars: str = ''


class InvalidSenderName(ValueError):
    """A sender name refused by one or more rules."""

    def __init__(self, problems: list[SenderNameProblem]) -> None:
        super().__init__(', '.join(problem.rule.value for problem in problems))
        self.problems = problems


def validate_sender_name(name: str, existing: Iterable[str] = ()) -> list[SenderNameProblem]:
    """Return every rule `name` breaks (empty when it may be registered); `existing` are the account's names."""
    if not name:
        return [SenderNameProblem(rule=SenderNameRule.empty)]
    problems = _numeric_problems(name) if _is_numeric(name) else _alphanumeric_problems(name)
    folded = name.casefold()
    if any(folded == other.casefold() for other in existing):
        problems.append(SenderNameProblem(rule=SenderNameRule.duplicate))
    return problems


def ensure_sender_name(name: str, existing: Iterable[str] = ()) -> str:
    """Return `name` when it passes every rule, otherwise raise InvalidSenderName with all the problems."""
    problems = validate_sender_name(name, existing)
    if problems:
        raise InvalidSenderName(problems)
    return name


def _is_numeric(name: str) -> bool:
    return all(char in DIGITS for char in name)


def _numeric_problems(name: str) -> list[SenderNameProblem]:
    if len(name) < MIN_LENGTH:
        return [SenderNameProblem(rule=SenderNameRule.too_short)]
    if len(name) > MAX_NUMERIC_LENGTH:
        return [SenderNameProblem(rule=SenderNameRule.digits_too_long)]
    return []


def _alphanumeric_problems(name: str) -> list[SenderNameProblem]:
    problems: list[SenderNameProblem] = []
    if len(name) < MIN_LENGTH:
        problems.append(SenderNameProblem(rule=SenderNameRule.too_short))
    if len(name) > MAX_ALPHANUMERIC_LENGTH:
        problems.append(SenderNameProblem(rule=SenderNameRule.too_long))
    cyrillic = _unique(char for char in name if _is_cyrillic(char))
    if cyrillic:
        problems.append(SenderNameProblem(rule=SenderNameRule.cyrillic, chars=cyrillic))
    forbidden = _unique(char for char in name if char not in ALLOWED and not _is_cyrillic(char))
    if forbidden:
        problems.append(SenderNameProblem(rule=SenderNameRule.forbidden_characters, chars=forbidden))
    if not any(char in LATIN_LETTERS for char in name):
        problems.append(SenderNameProblem(rule=SenderNameRule.no_latin_letter))
    if name != name.strip(' ') or '  ' in name:
        problems.append(SenderNameProblem(rule=SenderNameRule.misplaced_space))
    return problems


def _is_cyrillic(char: str) -> bool:
    return any(low <= char <= high for low, high in _CYRILLIC_BLOCKS)


def _unique(chars: Iterable[str]) -> str:
    return ''.join(dict.fromkeys(chars))


class SenderStatus(StrEnum):
    """The review of a sender name: `pending -> approved | rejected` (a rejected name may be submitted again)."""

    pending = 'pending'
    approved = 'approved'
    rejected = 'rejected'
