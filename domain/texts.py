"""Rules for texts people write to each other (news, support questions): trimmed, bounded, no invisible junk.

These texts are always shown as plain text, never as HTML or Markdown; here they are only cleaned and measured.
"""

import unicodedata

from domain.errors import DomainError

# Line breaks and tabs are text; every other control character (NUL breaks PostgreSQL) is dropped.
_KEPT_CONTROLS = frozenset('\n\t')


def clean_text(value: str, *, field: str, limit: int, multiline: bool = True) -> str:
    """The text trimmed and without control characters; `{field}_empty` or `{field}_too_long` when it is not fit."""
    value = value.replace('\r\n', '\n').replace('\r', '\n')
    kept = _KEPT_CONTROLS if multiline else frozenset()
    text = ''.join(ch for ch in value if ch in kept or unicodedata.category(ch) != 'Cc').strip()
    if not multiline:
        text = ' '.join(text.split())
    if not text:
        raise DomainError(f'{field}_empty')
    if len(text) > limit:
        raise DomainError(f'{field}_too_long', limit=limit, length=len(text))
    return text


def preview(text: str, *, limit: int = 300) -> str:
    """The beginning of a text for a list, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(' ', 1)[0] or text[:limit]
    return f'{cut.rstrip()}…'
