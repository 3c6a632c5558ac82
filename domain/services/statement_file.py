"""An account statement as a downloadable XLSX or CSV (small enough to build in memory)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from decimal import Decimal
from zoneinfo import ZoneInfo

import xlsxwriter

from domain.services.billing import Statement
from domain.spreadsheet_safety import neutralize_cell

COLUMNS = ('created_at', 'kind', 'amount', 'balance', 'reference', 'comment')


def statement_rows(statement: Statement, *, kinds: Mapping[str, str], timezone: str) -> list[list[str | Decimal]]:
    """The statement's lines: time in the account's zone, kind in words, signed amount, running balance."""
    zone = ZoneInfo(timezone)
    return [
        [
            row.entry.created_at.astimezone(zone).strftime('%d.%m.%Y %H:%M'),
            kinds.get(row.entry.kind.value, row.entry.kind.value),
            row.entry.amount,
            row.running_balance,
            neutralize_cell(row.entry.reference),
            neutralize_cell(row.entry.comment),
        ]
        for row in statement.rows
    ]


def statement_xlsx(
    statement: Statement, *, headers: Mapping[str, str], kinds: Mapping[str, str], timezone: str
) -> bytes:
    """The statement as an XLSX workbook; money as numbers with two decimals."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {'in_memory': True, 'strings_to_formulas': False, 'strings_to_numbers': False})
    sheet = book.add_worksheet()
    money = book.add_format({'num_format': '#,##0.00'})
    bold = book.add_format({'bold': True})
    sheet.write_row(0, 0, [headers[c] for c in COLUMNS], bold)
    for index, line in enumerate(statement_rows(statement, kinds=kinds, timezone=timezone), start=1):
        sheet.write_string(index, 0, str(line[0]))
        sheet.write_string(index, 1, str(line[1]))
        sheet.write_number(index, 2, float(line[2]), money)
        sheet.write_number(index, 3, float(line[3]), money)
        sheet.write_string(index, 4, str(line[4]))
        sheet.write_string(index, 5, str(line[5]))
    sheet.set_column(0, 1, 18)
    sheet.set_column(2, 3, 14)
    sheet.set_column(4, 5, 30)
    book.close()
    return buffer.getvalue()


def statement_csv(
    statement: Statement, *, headers: Mapping[str, str], kinds: Mapping[str, str], timezone: str
) -> bytes:
    """The statement as CSV for Russian Excel: UTF-8 with BOM, ';', decimal comma."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=';', lineterminator='\r\n')
    writer.writerow([headers[c] for c in COLUMNS])
    for line in statement_rows(statement, kinds=kinds, timezone=timezone):
        writer.writerow([str(value).replace('.', ',') if isinstance(value, Decimal) else value for value in line])
    return text.getvalue().encode('utf-8-sig')
