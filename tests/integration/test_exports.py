"""Export of a phone base to XLSX and CSV, read back with openpyxl and csv, and imported again without loss."""

import csv
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from domain.base_fields import default_settings
from domain.errors import DomainError, NotFound
from domain.services import bases, import_files, subscribers
from domain.services.exports import ExportFile, export_base
from domain.services.subscriber_input import SubscriberInput, parse_birth_date, parse_gender
from domain.services.subscribers import ListQuery
from domain.spreadsheet_safety import restore_cell
from storage.models import Account
from ui_text import FIELD_LABELS

LABELS = {**FIELD_LABELS, 'timezone': 'Часовой пояс'}
DDE = "=cmd|' /C calc'!A0"
PEOPLE = [
    SubscriberInput(
        phone='8 916 123-45-67',
        last_name='Иванов',
        first_name='Пётр',
        birth_date=date(1990, 2, 1),
        gender='м',
        notes={'note1': DDE, 'note2': '-5'},
    ),
    SubscriberInput(phone='+7 495 123-45-67', last_name='Смирнова', gender='ж', notes={'note1': 'заказ 7 ✓'}),
    SubscriberInput(phone='+375 29 123-45-67', first_name='Olga', notes={'note2': '@SUM(1+1)*cmd|x'}),
]
ROUND_TRIP_KEYS = ('phone', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'note1', 'note2')


@pytest.fixture(autouse=True)
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Exports go under a fresh VAR_DIR."""
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))
    return tmp_path / 'var'


async def _base(account_id: int, name: str = 'Клиенты/../май') -> int:
    base = await bases.create_base(account_id=account_id, name=name)
    settings = default_settings()
    settings['note1'] = replace(settings['note1'], enabled=True, label='Заказ')
    settings['note2'] = replace(settings['note2'], enabled=True)
    await bases.update_base(account_id=account_id, base_id=base.id, name=name, description='', settings=settings)
    return base.id


async def _filled(account_id: int) -> int:
    base_id = await _base(account_id)
    await subscribers.bulk_add(account_id=account_id, base_id=base_id, rows=PEOPLE)
    return base_id


def _xlsx_rows(export: ExportFile) -> list[list[str]]:
    sheet = openpyxl.load_workbook(export.path).active
    assert sheet is not None
    return [[cell.value or '' for cell in row] for row in sheet.iter_rows()]


def _csv_rows(export: ExportFile, encoding: str) -> list[list[str]]:
    with export.path.open(encoding=encoding, newline='') as file:
        return [[restore_cell(cell) for cell in row] for row in csv.reader(file, delimiter=';')]


def _inputs(rows: list[list[str]]) -> list[SubscriberInput]:
    """What an importer mapping the columns by their labels would build."""
    keys = {label: key for key, label in LABELS.items()} | {'Заказ': 'note1'}
    found = []
    for row in rows[1:]:
        values = {keys[header]: value for header, value in zip(rows[0], row, strict=True)}
        found.append(
            SubscriberInput(
                phone=values['phone'],
                last_name=values['last_name'],
                first_name=values['first_name'],
                middle_name=values['middle_name'],
                birth_date=parse_birth_date(values['birth_date']),
                gender=parse_gender(values['gender']),
                notes={'note1': values['note1'], 'note2': values['note2']},
            )
        )
    return found


async def _stored(account_id: int, base_id: int) -> list[tuple[object, ...]]:
    page = await subscribers.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery(sort='phone'))
    return [
        (r.phone, r.last_name, r.first_name, r.middle_name, r.birth_date, r.gender, r.region, r.operator, r.notes)
        for r in page.rows
    ]


async def test_xlsx_has_labels_enabled_notes_and_string_cells(db: str) -> None:
    account = await Account.create(name='A')
    base_id = await _filled(account.id)
    export = await export_base(account_id=account.id, base_id=base_id, fmt='xlsx', labels=LABELS)
    rows = _xlsx_rows(export)
    assert export.rows == 3 and export.filename == 'Клиенты_май.xlsx' and export.path.suffix == '.xlsx'
    assert rows[0] == [
        'Номер телефона', 'Область', 'Оператор', 'Часовой пояс', 'Фамилия', 'Имя', 'Отчество',
        'Дата рождения', 'Пол', 'Заказ', 'Примечание 2',
    ]  # fmt: skip
    first = (await _stored(account.id, base_id))[2]
    assert rows[1][:3] == ['+7 916 123-45-67', first[6], first[7]] and all(rows[1][:4])
    assert rows[1][4:] == ['Иванов', 'Пётр', '', '01.02.1990', 'male', DDE, '-5']
    sheet = openpyxl.load_workbook(export.path).active
    assert sheet is not None
    assert sheet['J2'].data_type == 's' and sheet['J2'].quotePrefix
    assert not sheet['E2'].quotePrefix


async def test_csv_neutralizes_formulas_and_keeps_phones_as_text(db: str) -> None:
    account = await Account.create(name='A')
    base_id = await _filled(account.id)
    export = await export_base(account_id=account.id, base_id=base_id, fmt='csv', labels=LABELS)
    raw = export.path.read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf') and b'\r\n' in raw
    with export.path.open(encoding='utf-8-sig', newline='') as file:
        rows = list(csv.reader(file, delimiter=';'))
    assert [row[0] for row in rows[1:]] == ['8 916 123-45-67', '8 495 123-45-67', '00375 29 123-45-67']
    assert rows[1][9:] == ["'" + DDE, "'-5"]
    assert rows[3][10] == "'@SUM(1+1)*cmd|x"
    assert not any(cell.startswith(('=', '+', '-', '@')) for row in rows for cell in row)


async def test_cp1251_csv_decodes_and_counts_replaced_characters(db: str) -> None:
    account = await Account.create(name='A')
    base_id = await _filled(account.id)
    export = await export_base(account_id=account.id, base_id=base_id, fmt='csv', labels=LABELS, encoding='cp1251')
    rows = _csv_rows(export, 'cp1251')
    assert export.replaced == 1
    assert rows[0][4] == 'Фамилия' and rows[2][9] == 'заказ 7 ?'


async def test_filtered_and_selected_exports_hold_only_those_subscribers(db: str) -> None:
    account = await Account.create(name='A')
    base_id = await _filled(account.id)
    filtered = await export_base(
        account_id=account.id, base_id=base_id, fmt='csv', labels=LABELS, query=ListQuery(phone='8916')
    )
    assert [row[0] for row in _csv_rows(filtered, 'utf-8-sig')[1:]] == ['8 916 123-45-67']
    page = await subscribers.list_subscribers(account_id=account.id, base_id=base_id, query=ListQuery(sort='phone'))
    chosen = [row.id for row in page.rows if row.phone != '+79161234567']
    selected = await export_base(account_id=account.id, base_id=base_id, fmt='xlsx', labels=LABELS, ids=chosen)
    assert sorted(row[0] for row in _xlsx_rows(selected)[1:]) == ['+375 29 123-45-67', '+7 495 123-45-67']
    assert selected.rows == 2


@pytest.mark.parametrize(('fmt', 'encoding'), [('xlsx', 'utf-8-sig'), ('csv', 'utf-8-sig'), ('csv', 'cp1251')])
async def test_export_then_import_gives_the_same_subscribers(db: str, fmt: str, encoding: str) -> None:
    account = await Account.create(name='A')
    base_id = await _filled(account.id)
    export = await export_base(
        account_id=account.id,
        base_id=base_id,
        fmt=fmt,  # type: ignore[arg-type]
        labels=LABELS,
        encoding=encoding,  # type: ignore[arg-type]
    )
    rows = _xlsx_rows(export) if fmt == 'xlsx' else _csv_rows(export, encoding)
    copy = await _base(account.id, 'Копия')
    result = await subscribers.bulk_add(account_id=account.id, base_id=copy, rows=_inputs(rows))
    assert (result.added, result.invalid) == (3, [])
    stored = await _stored(account.id, base_id)
    if encoding == 'cp1251':  # what Windows-1251 cannot hold becomes '?', by design
        stored = [(*row[:-1], {k: v.replace('✓', '?') for k, v in row[-1].items()}) for row in stored]  # type: ignore[attr-defined]
    assert await _stored(account.id, copy) == stored
    assert stored[2][6] and stored[2][7]  # the mobile number was detected again


async def test_another_accounts_base_is_not_found(db: str) -> None:
    owner = await Account.create(name='A')
    stranger = await Account.create(name='B')
    base_id = await _filled(owner.id)
    with pytest.raises(NotFound):
        await export_base(account_id=stranger.id, base_id=base_id, fmt='xlsx', labels=LABELS)


@pytest.mark.parametrize('fmt', ['xlsx', 'csv'])
async def test_cancel_deletes_the_partial_file(db: str, var_dir: Path, fmt: str) -> None:
    account = await Account.create(name='A')
    base_id = await _filled(account.id)
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        cancel.set()

    with pytest.raises(DomainError) as raised:
        await export_base(
            account_id=account.id,
            base_id=base_id,
            fmt=fmt,  # type: ignore[arg-type]
            labels=LABELS,
            progress=progress,
            cancel=cancel,
        )
    assert raised.value.code == 'export_cancelled'
    assert seen == [(3, 3)]
    assert list((var_dir / 'exports').iterdir()) == []


async def test_progress_reaches_the_total(db: str) -> None:
    account = await Account.create(name='A')
    base_id = await _filled(account.id)
    seen: list[tuple[int, int]] = []
    await export_base(
        account_id=account.id,
        base_id=base_id,
        fmt='csv',
        labels=LABELS,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (3, 3)


async def test_a_csv_export_reimports_through_the_importer_unchanged(db: str, tmp_path: Path) -> None:
    account = await Account.create(name='ООО Круг')
    source = await bases.create_base(account_id=account.id, name='Источник')
    await subscribers.bulk_add(
        account_id=account.id,
        base_id=source.id,
        rows=[SubscriberInput(phone='79161234567', last_name='-5', first_name='=1+2')],
    )
    exported = await export_base(account_id=account.id, base_id=source.id, fmt='csv', labels=LABELS)
    preview = import_files.inspect_file(exported.path, filename=exported.filename)
    rows = [
        item.cells
        for item in import_files.iter_rows(
            exported.path,
            filename=exported.filename,
            sheet_names=[preview.sheets[0].name],
            encoding=preview.encoding,
            delimiter=preview.delimiter,
            has_header=True,
        )
    ]
    assert rows[0][0] == '8 916 123-45-67'
    assert '-5' in rows[0] and '=1+2' in rows[0]
