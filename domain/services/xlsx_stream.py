"""A streaming XLSX writer for big exports: rows of text and number cells go straight into a zipped sheet.

Chosen by measurement (200,000 report rows x 13 columns, same machine, same load): xlsxwriter in constant_memory
mode 32.5 s, this writer 5.5 s; a million-row report is written in about 15 s instead of minutes. It builds each
row's XML with one string operation and escapes a whole column of a batch at once, in constant memory. It writes
what the reports need and no more: inline strings (no shared-string table to keep), numbers, a bold frozen header
row, column widths, Excel's quote-prefix style for text a spreadsheet could take for a formula, a '0.00' number
format, and a new sheet every `sheet_rows` rows. Characters XML cannot hold become U+FFFD. Read back by openpyxl
in the tests, by python-calamine and LibreOffice (soffice --convert-to csv) by hand."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
_PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships'
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# XML 1.0 cannot hold these (tab, newline and carriage return it can)
_ILLEGAL = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_ILLEGAL_BUT_NUL = re.compile('[\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_SEPARATOR = '\x00'
STYLE_BOLD, STYLE_QUOTED, STYLE_MONEY = 1, 2, 3
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


class XlsxStream:
    """Write `add_rows` batches column by column; `kinds` says per column 'text', 'number' or 'money'."""

    def __init__(
        self,
        path: Path,
        *,
        headers: Sequence[str],
        kinds: Sequence[str],
        widths: Sequence[float],
        sheet_rows: int = 1_000_000,
        sheet_name: str = 'Лист',
    ) -> None:
        self._zip = zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._headers = list(headers)
        self._kinds = list(kinds)
        self._widths = list(widths)
        self._sheet_rows = sheet_rows
        self._sheet_name = sheet_name
        self._letters = [_letter(n) for n in range(len(headers))]
        self._sheets = 0
        self._stream: IO[bytes] | None = None
        self._row = 0

    def add_rows(self, columns: Sequence[Sequence[str]], quoted: Sequence[Sequence[bool] | None] | None = None) -> None:
        """Append rows given as columns of text (numbers as their text); `quoted[c][r]` marks formula-like text
        (None: nothing in that column)."""
        count = len(columns[0]) if columns else 0
        cells = [self._column_xml(c, values, quoted[c] if quoted else None) for c, values in enumerate(columns)]
        done = 0
        while done < count:
            if self._stream is None or self._row > self._sheet_rows + 1:
                self._new_sheet()
            take = min(count - done, self._sheet_rows + 2 - self._row)
            self._write_rows([column[done : done + take] for column in cells], take)
            done += take

    def close(self) -> None:
        """Finish the last sheet and the package."""
        if self._stream is None:
            self._new_sheet()
        self._end_sheet()
        sheets = ''.join(
            f'<sheet name="{self._sheet_name}{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, self._sheets + 1)
        )
        rels = ''.join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, self._sheets + 1)
        )
        styles = f'<Relationship Id="rId{self._sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        overrides = ''.join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, self._sheets + 1)
        )
        self._zip.writestr('[Content_Types].xml', _content_types(overrides))
        self._zip.writestr(
            '_rels/.rels',
            f'{_HEAD}<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        self._zip.writestr(
            'xl/workbook.xml',
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>',
        )
        self._zip.writestr(
            'xl/_rels/workbook.xml.rels', f'{_HEAD}<Relationships xmlns="{_PACKAGE_REL}">{rels}{styles}</Relationships>'
        )
        self._zip.writestr('xl/styles.xml', _STYLES)
        self._zip.close()

    def discard(self) -> None:
        """Close without finishing (the caller deletes the file)."""
        if self._stream is not None:
            self._stream.close()
        self._zip.close()

    def _column_xml(self, index: int, values: Sequence[str], quoted: Sequence[bool] | None) -> list[str]:
        """The <c> elements of one column, a NUL where the row number goes (no cleaned text holds a NUL)."""
        letter, kind = self._letters[index], self._kinds[index]
        if kind in ('number', 'money'):
            start = f'<c r="{letter}\x00"><v>' if kind == 'number' else f'<c r="{letter}\x00" s="{STYLE_MONEY}"><v>'
            return [f'{start}{value}</v></c>' if value != '' else '' for value in values]
        texts = _escaped(values)
        plain = f'<c r="{letter}\x00" t="inlineStr"><is><t xml:space="preserve">'
        if quoted is None or not any(quoted):
            return [f'{plain}{text}</t></is></c>' if text else '' for text in texts]
        risky = f'<c r="{letter}\x00" t="inlineStr" s="{STYLE_QUOTED}"><is><t xml:space="preserve">'
        marked = zip(texts, quoted, strict=True)
        return [f'{risky if q else plain}{text}</t></is></c>' if text else '' for text, q in marked]

    def _write_rows(self, cells: list[list[str]], count: int) -> None:
        assert self._stream is not None
        first = self._row
        lines = []
        for offset, row in enumerate(zip(*cells, strict=True)):
            number = first + offset
            lines.append(f'<row r="{number}">{"".join(row).replace(_SEPARATOR, str(number))}</row>')
        self._stream.write(''.join(lines).encode())
        self._row += count

    def _new_sheet(self) -> None:
        if self._stream is not None:
            self._end_sheet()
        self._sheets += 1
        self._stream = self._zip.open(f'xl/worksheets/sheet{self._sheets}.xml', 'w', force_zip64=True)
        cols = ''.join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>' for n, width in enumerate(self._widths, 1)
        )
        view = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        header = ''.join(
            f'<c r="{letter}1" t="inlineStr" s="{STYLE_BOLD}"><is><t>{text}</t></is></c>'
            for letter, text in zip(self._letters, _escaped(self._headers), strict=True)
        )
        self._stream.write(
            f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">{view}</sheetView>'
            f'</sheetViews><cols>{cols}</cols><sheetData><row r="1">{header}</row>'.encode()
        )
        self._row = 2

    def _end_sheet(self) -> None:
        assert self._stream is not None
        self._stream.write(b'</sheetData></worksheet>')
        self._stream.close()
        self._stream = None


def _escaped(values: Sequence[str]) -> list[str]:
    """XML text of every value, escaped and cleaned a whole column at once (one pass in C, not one per cell)."""
    if not values:
        return []
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) != len(values) - 1:  # a value holds a NUL itself: cell by cell
        return [_clean(value, keep=False) for value in values]
    return _clean(joined, keep=True).split(_SEPARATOR)


def _clean(text: str, *, keep: bool) -> str:
    """Escape &, <, >; characters XML cannot hold become U+FFFD (NUL, the column separator, kept if `keep`)."""
    text = text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    return (_ILLEGAL_BUT_NUL if keep else _ILLEGAL).sub('\ufffd', text)


def _letter(index: int) -> str:
    letters = ''
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _content_types(overrides: str) -> str:
    sheet = 'application/vnd.openxmlformats-officedocument.spreadsheetml'
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sheet}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{sheet}.styles+xml"/>'
        f'{overrides}</Types>'
    )
