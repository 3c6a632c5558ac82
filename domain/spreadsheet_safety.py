"""Cells and file names of exported spreadsheets, safe against formula (CSV) injection; no I/O.

A CSV field that begins with '=', '+', '-', '@', a tab or a carriage return gets a leading apostrophe (OWASP's
advice), so no spreadsheet reads it as a formula or a DDE call; restore_cell undoes it on re-import (a value that
already begins with apostrophes before such a character gets one more, so the two are exact inverses). XLSX cells
are string cells, and the dangerous ones also carry Excel's hidden quote-prefix style: the text stays as it was.

Phone numbers are never passed through that: they are written in a form that is neither a formula nor a number
and that domain.phones.normalize_phone reads back to the same E.164 value (the export -> edit -> re-import
round trip). XLSX: a string cell '+7 916 123-45-67' (a string cell is never evaluated, Excel cannot turn it into
7.9E+10). CSV has no cell types, and Excel evaluates a CSV field that begins with '+' ('+7-916-...' becomes a sum),
so CSV numbers start with a digit and keep their group separators: '8 916 123-45-67' for zone +7 (Russia and
Kazakhstan, where 8 is the trunk prefix) and '00375 29 123-45-67' (the international call prefix) for the rest.
"""

import re

from domain.phones import PhoneStyle, format_phone

FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')
MAX_FILENAME_LENGTH = 100
# Path separators, characters Windows forbids in names, and control characters.
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_UNDERSCORES = re.compile('_+')


def needs_neutralizing(text: str) -> bool:
    """Whether a spreadsheet could read the text as a formula (apostrophes already in front count as not there)."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralize_cell(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula; else unchanged."""
    return "'" + text if needs_neutralizing(text) else text


def restore_cell(text: str) -> str:
    """What neutralize_cell was given: a CSV importer calls it so that export -> re-import changes nothing."""
    return text[1:] if text.startswith("'") and needs_neutralizing(text[1:]) else text


def xlsx_phone(e164: str) -> str:
    """The phone for an XLSX string cell: '+7 916 123-45-67' (international spaced form for other countries)."""
    return format_phone(e164, PhoneStyle.PLUS7_SPACED)


def csv_phone(e164: str) -> str:
    """The phone for a CSV field: '8 916 123-45-67' in zone +7, '00' and the international spaced form elsewhere."""
    spaced = format_phone(e164, PhoneStyle.PLUS7_SPACED)
    if e164.startswith('+7') and len(e164) == 12:
        return '8' + spaced[2:]
    return '00' + spaced[1:]


def safe_filename(name: str, extension: str, *, fallback: str = 'base') -> str:
    """A download name made of the base name: no path separators or '..', Cyrillic kept, then '.extension'."""
    cleaned = _UNDERSCORES.sub('_', _UNSAFE_FILENAME.sub('_', name).replace('..', '_'))
    cleaned = ' '.join(cleaned.split()).strip(' ._')[:MAX_FILENAME_LENGTH].strip(' ._')
    return f'{cleaned or fallback}.{extension}'
