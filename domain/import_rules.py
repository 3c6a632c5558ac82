"""Rules for reading a subscriber file: encoding, delimiter, header row, column guesses, names, clipboard text.

Clipboard text (parse_clipboard) is read line by line; a line is cut into pieces at commas, semicolons and tabs.
A piece that begins with phone characters (digits, '+', brackets, dashes, spaces) gives a number, and the words
after them are a name ('89161234567 Иван Петров'). A piece of digit groups that is not one number as a whole but
whose space-separated groups each look like a number is several numbers ('89161234567 89161234568'). A piece
without digits names the number just before it when that number has no name yet ('89161234567, Иван').
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from domain.errors import DomainError
from domain.phones import PhoneError, normalize_phone

FIO = 'fio'
FIO_PARTS = ('last_name', 'first_name', 'middle_name')  # what a «ФИО» column is split into
SINGLE_COLUMN = ''
DELIMITERS = (';', '\t', ',', '|')
ENCODINGS = ('utf-8-sig', 'utf-8', 'utf-16', 'cp1251')
PHONE_SHARE = 0.5
_SAMPLE_LINES = 50
_BOMS = ((b'\xef\xbb\xbf', 'utf-8-sig'), (b'\xff\xfe', 'utf-16'), (b'\xfe\xff', 'utf-16'))
# Letters, digits, punctuation and spacing that a Windows-1251 text file is made of; anything else means binary.
_CP1251_TEXT = re.compile(r'[\w\s.,;:!?\'"()\[\]{}<>@#№$%&*+=/\\|~^`«»–—…-]')
_PLAUSIBLE_SHARE = 0.95
# Header words as people write them (data, not UI text): the start of a casefolded header cell -> field key.
_HEADER_WORDS: tuple[tuple[str, str], ...] = (
    ('фио', FIO),
    ('ф.и.о', FIO),
    ('full name', FIO),
    ('фамилия', 'last_name'),
    ('last name', 'last_name'),
    ('surname', 'last_name'),
    ('имя', 'first_name'),
    ('first name', 'first_name'),
    ('name', 'first_name'),
    ('отчество', 'middle_name'),
    ('middle name', 'middle_name'),
    ('дата рождения', 'birth_date'),
    ('день рождения', 'birth_date'),
    ('др', 'birth_date'),
    ('birth', 'birth_date'),
    ('пол', 'gender'),
    ('gender', 'gender'),
    ('sex', 'gender'),
    ('номер заказа', 'note'),
    ('телефон', 'phone'),
    ('тел', 'phone'),
    ('номер', 'phone'),
    ('мобильный', 'phone'),
    ('сотовый', 'phone'),
    ('phone', 'phone'),
    ('mobile', 'phone'),
    ('msisdn', 'phone'),
    ('примечание', 'note'),
    ('note', 'note'),
    ('город', 'note'),
    ('область', 'note'),
    ('регион', 'note'),
    ('region', 'note'),
    ('city', 'note'),
    # what CRM and shop exports carry besides the person: kept in a free «Примечание» for inserts
    ('заказ', 'note'),
    ('комментарий', 'note'),
    ('коммент', 'note'),
    ('comment', 'note'),
    ('e-mail', 'note'),
    ('email', 'note'),
    ('почта', 'note'),
    ('компания', 'note'),
    ('организация', 'note'),
    ('company', 'note'),
    ('адрес', 'note'),
    ('должность', 'note'),
)
_HEADER_CLEAN = re.compile(r'[\s_:*]+')
_NOTE_NUMBER = re.compile(r'(\d+)$')
_PHONE_START = re.compile(r'[+(]?\d[\d\s()+\-]*')
_PIECE_SPLIT = re.compile(r'[,;\t]')
_DATE = re.compile(r'\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}')


def detect_encoding(sample: bytes) -> str:
    """The text encoding of a file's first bytes: by BOM, then strict UTF-8, then plausible Windows-1251."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    if b'\x00' in sample:
        raise DomainError('import_binary_garbage')
    try:
        # the sample may end inside a multi-byte character: cut at most three bytes off its end
        _decode_utf8_prefix(sample)
        return 'utf-8'
    except UnicodeDecodeError:
        pass
    try:
        text = sample.decode('cp1251')
    except UnicodeDecodeError as error:
        raise DomainError('import_binary_garbage') from error
    plausible = len(_CP1251_TEXT.findall(text))
    if text and plausible / len(text) < _PLAUSIBLE_SHARE:
        raise DomainError('import_binary_garbage')
    return 'cp1251'


def detect_delimiter(text_sample: str) -> str:
    """The delimiter (';', tab, ',' or '|') found the same number of times on most lines; '' for one column."""
    lines = [line for line in text_sample.splitlines()[:_SAMPLE_LINES] if line.strip()]
    if len(lines) > 1 and not text_sample.endswith(('\n', '\r')):
        lines = lines[:-1]  # the sample may cut its last line short
    best, best_support = SINGLE_COLUMN, 0
    for delimiter in DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines)
        usual, support = max(counts.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        if usual > 0 and support > best_support:
            best, best_support = delimiter, support
    return best


def looks_like_header(row: Sequence[str], next_rows: Sequence[Sequence[str]]) -> bool:
    """True when the row names columns: a known header word, or text above a column of phone numbers.

    A row holding a phone number is data, whatever its other cells say («Заказ №5» is a note, not a header).
    """
    if any(is_phone(cell) for cell in row):
        return False
    if any(_header_field(cell) for cell in row):
        return True
    column = phone_column(next_rows)
    return column is not None and column < len(row) and bool(row[column].strip())


def guess_mapping(
    header: Sequence[str] | None,
    sample_rows: Sequence[Sequence[str]],
    enabled_fields: Sequence[str],
    labels: Mapping[str, str] | None = None,
) -> list[str | None]:
    """A field key, 'fio' or None (do not load) per column: header words and labels first, then the content.

    Without a header, a file that starts with the phone number is read as the manual lays it out («поля в файле
    должны совпадать с полями в личном кабинете»): a column still unguessed takes the enabled field at its position.
    """
    width = max([len(header or ()), *(len(row) for row in sample_rows)], default=0)
    enabled = set(enabled_fields)
    by_label = {' '.join(label.split()).casefold(): key for key, label in (labels or {}).items() if key in enabled}
    mapping: list[str | None] = [None] * width
    for index, cell in enumerate(header or ()):
        name = ' '.join(cell.split()).casefold()
        wanted = by_label.get(name) or _header_field(cell)
        mapping[index] = _available(wanted, cell, enabled, mapping)
    if 'phone' not in mapping:
        column = phone_column(sample_rows)
        if column is not None:
            mapping[column] = 'phone'
    if header is None:
        _guess_by_content(mapping, sample_rows, enabled)
        _guess_by_position(mapping, sample_rows, enabled_fields)
    return mapping


def phone_column(rows: Sequence[Sequence[str]]) -> int | None:
    """The column where most non-empty values are phone numbers (at least half of them), or None."""
    best, best_share = None, PHONE_SHARE
    width = max((len(row) for row in rows), default=0)
    for column in range(width):
        values = [row[column] for row in rows if column < len(row) and row[column].strip()]
        if not values:
            continue
        share = sum(is_phone(value) for value in values) / len(values)
        if share >= best_share and (best is None or share > best_share):
            best, best_share = column, share
    return best


def is_phone(text: str) -> bool:
    """True when the text normalises as a phone number."""
    try:
        normalize_phone(text)
    except PhoneError:
        return False
    return True


def split_fio(text: str) -> tuple[str, str, str]:
    """(last, first, middle) from 'Фамилия Имя Отчество'; a fourth word and more stay with the patronymic."""
    words = text.split()
    if not words:
        return '', '', ''
    if len(words) == 1:
        return words[0], '', ''
    return words[0], words[1], ' '.join(words[2:])


def cell_text(value: object) -> str:
    """A spreadsheet cell as text: whole floats without '.0', dates as dd.mm.yyyy, None as ''."""
    if value is None:
        return ''
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime('%d.%m.%Y') if value.time() == time() else value.strftime('%d.%m.%Y %H:%M:%S')
    if isinstance(value, date):
        return value.strftime('%d.%m.%Y')
    if isinstance(value, timedelta | time):
        return str(value)
    return str(value).strip()


def parse_clipboard(text: str) -> list[tuple[str, str]]:
    """(raw phone, name) pairs from pasted text; the module docstring tells the rule."""
    entries: list[tuple[str, str]] = []
    for line in text.splitlines():
        named = True  # a piece without digits never names a number of the previous line
        for piece in _PIECE_SPLIT.split(line):
            piece = ' '.join(piece.split())
            if not piece:
                continue
            found = _PHONE_START.match(piece)
            if found is None:
                if not named:
                    entries[-1] = (entries[-1][0], piece)
                    named = True
                else:
                    entries.append((piece, ''))
                continue
            phone, name = found.group().strip(' -'), piece[found.end() :].strip(' -:')
            numbers = _several_numbers(phone) if not name else [phone]
            entries.extend((number, '') for number in numbers[:-1])
            entries.append((numbers[-1], name))
            named = bool(name)
    return entries


def _several_numbers(phone: str) -> list[str]:
    if is_phone(phone):
        return [phone]
    parts = phone.split()
    if len(parts) > 1 and all(is_phone(part) for part in parts):
        return parts
    return [phone]


def _decode_utf8_prefix(sample: bytes) -> None:
    for cut in range(4):
        try:
            sample[: len(sample) - cut].decode('utf-8')
            return
        except UnicodeDecodeError as error:
            if error.start < len(sample) - 4 or cut == 3:
                raise


def _header_field(cell: str) -> str | None:
    name = _HEADER_CLEAN.sub(' ', cell.casefold()).strip()
    if not name:
        return None
    for word, key in _HEADER_WORDS:
        if name == word or name.startswith((word + ' ', word + '.')) or (len(word) > 3 and name.startswith(word)):
            return key
    return None


def _available(wanted: str | None, cell: str, enabled: set[str], mapping: list[str | None]) -> str | None:
    if wanted == FIO:
        return FIO if {'last_name', 'first_name'} & enabled and FIO not in mapping else None
    if wanted == 'note':
        return _note_for(cell, enabled, mapping)
    if wanted is None or wanted not in enabled or wanted in mapping:
        return None
    return wanted


def _note_for(cell: str, enabled: set[str], mapping: list[str | None]) -> str | None:
    number = _NOTE_NUMBER.search(cell.strip())
    if number is not None:
        key = f'note{int(number[1])}'
        return key if key in enabled and key not in mapping else None
    free = [f'note{n}' for n in range(1, 11) if f'note{n}' in enabled and f'note{n}' not in mapping]
    return free[0] if free else None


def _guess_by_position(mapping: list[str | None], rows: Sequence[Sequence[str]], fields: Sequence[str]) -> None:
    if not mapping or mapping[0] != 'phone' or not fields or fields[0] != 'phone':
        return
    taken = set(mapping) | (set(FIO_PARTS) if FIO in mapping else set())
    for column, field in enumerate(fields[: len(mapping)]):
        if mapping[column] is not None or field in taken:
            continue
        if any(column < len(row) and row[column].strip() for row in rows):
            mapping[column] = field
            taken.add(field)


def _guess_by_content(mapping: list[str | None], rows: Sequence[Sequence[str]], enabled: set[str]) -> None:
    for column in range(len(mapping)):
        if mapping[column] is not None:
            continue
        values = [row[column] for row in rows if column < len(row) and row[column].strip()]
        if not values:
            continue
        if all(_DATE.fullmatch(value) for value in values):
            mapping[column] = _available('birth_date', '', enabled, mapping)
        elif all(value.casefold() in {'м', 'ж', 'муж', 'жен', 'm', 'f'} for value in values):
            mapping[column] = _available('gender', '', enabled, mapping)
        elif all(2 <= len(value.split()) <= 3 and value.replace(' ', '').isalpha() for value in values):
            mapping[column] = _available(FIO, '', enabled, mapping)
