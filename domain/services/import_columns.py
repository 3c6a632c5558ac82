"""The column-wise fast path of an import: a whole chunk of clean rows turned into stored columns at once.

Per-row SubscriberInput objects and value dicts cost more than reading the file; for the common mapping (phone,
names or 'fio', notes) and a chunk whose rows are all valid and whose numbers are all distinct, each column is
cleaned with one comprehension, the phones are normalised and detected once per chunk, and the storage builds its
INSERT tuples by zipping the columns. Any other chunk returns None and goes down the row path, which decides
refusals, repeats and merges exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.import_rules import FIO
from domain.numbering import NumberingTable, detect_many
from domain.phones import normalize_phones
from domain.services.subscriber_input import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, NAME_KEYS, NOTE_KEYS

FAST_KEYS = frozenset({'phone', FIO, *NAME_KEYS, *NOTE_KEYS})
Columns = dict[str, list[Any]]
# the columns taken from the file (phones are distinct, and the detected names are shared already)
_TYPED_KEYS = frozenset({*NAME_KEYS, *NOTE_KEYS, 'search_name'})
# what the row path stores for a field the mapping leaves out
_BLANK_ROW: dict[str, Any] = {**dict.fromkeys((*NAME_KEYS, 'gender', *NOTE_KEYS), ''), 'birth_date': None}


def fits_fast_path(mapping: Sequence[str | None]) -> bool:
    """True when every mapped field is one the column path handles ('fio' only without separate name columns)."""
    keys = {key for key in mapping if key is not None}
    return keys <= FAST_KEYS and not (FIO in keys and keys & set(NAME_KEYS))


def prepare_columns(
    rows: Sequence[Sequence[str]], mapping: Sequence[str | None], table: NumberingTable
) -> Columns | None:
    """Stored column values of clean rows with distinct numbers (same values as the row path), else None."""
    texts = {key: _column(rows, index) for index, key in enumerate(mapping) if key is not None}
    phones = normalize_phones(texts['phone']).e164
    if None in phones or len(set(phones)) != len(phones):
        return None
    columns: Columns = {'phone': phones}
    if FIO in texts:
        columns.update(_split_fio(texts[FIO]))
    else:
        for key in NAME_KEYS:
            if key in texts:
                columns[key] = [' '.join(text.split()) for text in texts[key]]
    if any(len(max(columns[key], key=len, default='')) > MAX_NAME_LENGTH for key in NAME_KEYS if key in columns):
        return None
    for key in NOTE_KEYS:
        if key in texts:
            columns[key] = [text.strip() for text in texts[key]]
            if len(max(columns[key], key=len, default='')) > MAX_NOTE_LENGTH:
                return None
    columns['search_name'] = _search_names(columns, len(phones))
    found = detect_many(table, phones)
    columns['region'] = [value or '' for value in found.region]
    columns['operator'] = [value or '' for value in found.operator]
    columns['timezone'] = [value or '' for value in found.timezone]
    return _shared(columns)


def column_rows(columns: Columns) -> list[dict[str, Any]]:
    """The rows of prepared columns as the row path's value dicts (every stored field), for merging."""
    keys = list(columns)
    return [{**_BLANK_ROW, **dict(zip(keys, values, strict=True))} for values in zip(*columns.values(), strict=True)]


def _shared(columns: Columns) -> Columns:
    """Equal texts of a column made one object.

    Less memory, and a pickled chunk (the reader process sends them to the worker) carries a repeated name or
    city once, so the worker, whose time is the import's time, unpickles it once.
    """
    for key in _TYPED_KEYS.intersection(columns):
        first: dict[str, str] = {}
        columns[key] = [first.setdefault(value, value) for value in columns[key]]
    return columns


def _column(rows: Sequence[Sequence[str]], index: int) -> list[str]:
    # a row shorter than the mapping has an empty cell there, as in the row path
    return [row[index] if index < len(row) else '' for row in rows]


def _split_fio(texts: list[str]) -> Columns:
    """'Фамилия Имя Отчество' columns split as split_fio does: a fourth word and more stay with the patronymic."""
    last: list[str] = []
    first: list[str] = []
    middle: list[str] = []
    for text in texts:
        words = text.split()
        count = len(words)
        last.append(words[0] if count else '')
        first.append(words[1] if count > 1 else '')
        middle.append(' '.join(words[2:]) if count > 2 else '')
    return {'last_name': last, 'first_name': first, 'middle_name': middle}


def _search_names(columns: Columns, count: int) -> list[str]:
    parts = [columns.get(key) or [''] * count for key in NAME_KEYS]
    return [' '.join(filter(None, names)).casefold() for names in zip(*parts, strict=True)]
