"""File and clipboard imports end to end, in a worker process, into a base or the stop-list, on both databases."""

import asyncio
import multiprocessing
import zipfile
from pathlib import Path

import pytest

from domain.errors import DomainError
from domain.services import bases, imports, stoplist
from domain.services import subscribers as subs
from domain.services.import_files import inspect_file
from domain.services.imports import (
    ImportRequest,
    ImportResult,
    check_clipboard,
    import_clipboard,
    invalid_rows_csv,
    start_import,
)
from domain.services.subscribers import ListQuery
from storage.models import Account, PhoneBase, StopListEntry, Subscriber

FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures' / 'import'
MAPPING: list[str | None] = ['phone', 'fio', 'birth_date', 'gender', 'note1']
# LibreOffice's .xls keeps 0 as the cached result of the text formula in row 6, so that row is refused there.
FILES = [
    ('subscribers.xlsx', 6, 1),
    ('subscribers.ods', 6, 1),
    ('subscribers.xls', 5, 2),
    ('subscribers-cp1251.csv', 6, 1),
    ('subscribers-unicode.txt', 6, 1),
]


async def _base() -> tuple[int, int]:
    account = await Account.create(name='ООО Импорт')
    base = await bases.create_base(account_id=account.id, name='Клиенты')
    return account.id, base.id


def _request(
    account_id: int, base_id: int | None, name: str, path: Path | None = None, **changes: object
) -> ImportRequest:
    path = path or FIXTURES / name
    preview = inspect_file(path, filename=name)
    settings: dict[str, object] = {
        'account_id': account_id,
        'base_id': base_id,
        'path': path,
        'filename': name,
        'sheet_names': [sheet.name for sheet in preview.sheets],
        'encoding': preview.encoding,
        'delimiter': preview.delimiter,
        'has_header': preview.has_header,
        'mapping': MAPPING,
    }
    return ImportRequest(**{**settings, **changes})  # type: ignore[arg-type]


async def _run(request: ImportRequest, url: str) -> ImportResult:
    return await start_import(request, database_url=url).result()


async def _snapshot(base_id: int) -> list[tuple[object, ...]]:
    rows = await Subscriber.filter(base_id=base_id).order_by('id').values_list('phone', 'last_name', 'note1')
    count = (await PhoneBase.get(id=base_id)).subscriber_count
    return [*rows, ('count', count)]


@pytest.mark.parametrize(('name', 'imported', 'invalid'), FILES)
async def test_each_format_made_by_libreoffice_is_imported_with_regions(
    db: str, name: str, imported: int, invalid: int
) -> None:
    account_id, base_id = await _base()
    result = await _run(_request(account_id, base_id, name), db)
    assert (result.imported, result.updated, result.duplicates_in_file) == (imported, 0, 1)
    assert len(result.invalid) == invalid
    assert ('Абоненты' if name.endswith(('xlsx', 'xls', 'ods')) else '', 7, '12345', 'phone_too_short') in [
        (row.sheet, row.row_number, row.raw, row.reason_code) for row in result.invalid
    ]
    page = await subs.list_subscribers(account_id=account_id, base_id=base_id, query=ListQuery(sort='phone'))
    by_phone = {row.phone: row for row in page.rows}
    assert page.total == imported == (await PhoneBase.get(id=base_id)).subscriber_count
    ivanov = by_phone['+79161234567']
    assert (ivanov.last_name, ivanov.first_name, ivanov.middle_name) == ('Иванов', 'Иван', 'Иванович')
    assert (ivanov.region, ivanov.operator, ivanov.gender) == ('Город Москва', 'МТС', 'male')
    assert ivanov.notes['note1'] == 'Подольск'  # the repeat later in the file brought a non-empty note
    assert by_phone['+79851112233'].birth_date is not None
    assert by_phone['+79261234567'].region != ''


async def test_importing_the_same_file_again_updates_and_adds_no_duplicates(db: str) -> None:
    account_id, base_id = await _base()
    await _run(_request(account_id, base_id, 'subscribers.xlsx'), db)
    again = await _run(_request(account_id, base_id, 'subscribers.xlsx', mapping=['phone', None, None, None, None]), db)
    assert (again.imported, again.updated, again.duplicates_in_file) == (0, 6, 1)
    assert await Subscriber.filter(base_id=base_id).count() == 6 == (await PhoneBase.get(id=base_id)).subscriber_count
    kept = await Subscriber.get(base_id=base_id, phone='+79161234567')
    assert (kept.last_name, kept.note1) == ('Иванов', 'Подольск')  # empty new values do not wipe stored ones


@pytest.fixture(params=['worker', 'reader'])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Who reads the file: the worker itself (small files) or a reader process next to it (big files)."""
    monkeypatch.setattr(imports, 'READER_MIN_BYTES', 0 if request.param == 'reader' else 2**40)
    return str(request.param)


async def test_a_cancelled_import_leaves_the_base_exactly_as_it_was(db: str, tmp_path: Path, reading: str) -> None:
    account_id, base_id = await _base()
    await import_clipboard(account_id=account_id, base_id=base_id, text='89161234567 Петров Иван\n89031112233')
    before = await _snapshot(base_id)
    big = tmp_path / 'big.csv'
    lines = [f'7916{n:07d};Новиков Н{n}' for n in range(400_000)]
    big.write_text('\n'.join(['89161234567;Переписан', *lines]), encoding='utf-8')
    job = start_import(_request(account_id, base_id, 'big.csv', path=big, mapping=['phone', 'fio']), database_url=db)
    while job.progress().rows_read < 50_000:
        assert job.running, 'the import ended before it could be cancelled'
        await asyncio.sleep(0.02)
    job.cancel()
    with pytest.raises(DomainError) as error:
        await job.result()
    assert error.value.code == 'import_cancelled'
    assert await _snapshot(base_id) == before


async def test_rows_of_a_big_file_keep_their_numbers_and_repeats_merge_across_chunks(
    db: str, tmp_path: Path, reading: str
) -> None:
    account_id, base_id = await _base()
    lines = [f'8916{n:07d};Новиков Николай' for n in range(60_000)]
    lines[29_999] = '12345;Неверный'  # row 30,000, in the first chunk of 50,000
    lines[54_999] = '8 916 000-00-00;Первый Переписан;Тверь'  # row 55,000 repeats row 1 in a clean second chunk
    path = tmp_path / 'big.csv'
    path.write_text('\n'.join(lines), encoding='utf-8')
    mapping: list[str | None] = ['phone', 'fio', 'note1']
    result = await _run(_request(account_id, base_id, 'big.csv', path=path, mapping=mapping), db)
    assert (result.imported, result.updated, result.duplicates_in_file) == (59_998, 0, 1)
    assert [(row.row_number, row.raw, row.reason_code) for row in result.invalid] == [
        (30_000, '12345', 'phone_too_short')
    ]
    first = await Subscriber.get(base_id=base_id, phone='+79160000000')
    assert (first.last_name, first.first_name, first.note1) == ('Первый', 'Переписан', 'Тверь')
    assert (
        await Subscriber.filter(base_id=base_id).count() == 59_998 == (await PhoneBase.get(id=base_id)).subscriber_count
    )


async def test_a_refusal_late_in_a_big_file_leaves_the_base_as_it_was(db: str, tmp_path: Path, reading: str) -> None:
    account_id, base_id = await _base()
    path = tmp_path / 'late.csv'
    lines = [f'8916{n:07d};Новиков Н{n}' for n in range(60_000)]
    path.write_text('\n'.join([*lines, ';'.join(['x'] * 300)]), encoding='utf-8')
    with pytest.raises(DomainError) as error:
        await _run(_request(account_id, base_id, 'late.csv', path=path, mapping=['phone', 'fio']), db)
    assert (error.value.code, error.value.details['row']) == ('import_too_many_columns', 60_001)
    assert await _snapshot(base_id) == [('count', 0)]


async def test_a_base_of_another_account_is_refused_and_no_process_is_left(
    db: str, tmp_path: Path, reading: str
) -> None:
    _, base_id = await _base()
    stranger = await Account.create(name='ООО Чужой')
    path = tmp_path / 'many.csv'
    path.write_text('\n'.join(f'8916{n:07d};Новиков Н{n}' for n in range(120_000)), encoding='utf-8')
    job = start_import(_request(stranger.id, base_id, 'many.csv', path=path, mapping=['phone', 'fio']), database_url=db)
    with pytest.raises(DomainError) as error:
        await job.result()
    assert (error.value.code, error.value.details) == ('not_found', {'what': 'base'})
    assert not job.running and multiprocessing.active_children() == []
    assert await _snapshot(base_id) == [('count', 0)]


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('xl/workbook.xml', '<workbook/>')
        with archive.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as member:
            block = b'\0' * (1 << 20)
            for _ in range(300):
                member.write(block)


def _bad_file(kind: str, folder: Path) -> tuple[Path, str]:
    names = {
        'empty': 'empty.csv',
        'garbage': 'data.csv',
        'truncated': 'cut.xlsx',
        'bomb': 'bomb.xlsx',
        'password': 'secret.xlsx',
        'text_as_xlsx': 'table.xlsx',
        'xlsx_as_xls': 'old.xls',
        'unsupported': 'numbers.pdf',
        'wide': 'wide.csv',
    }
    path = folder / names[kind]
    source = (FIXTURES / 'subscribers.xlsx').read_bytes()
    contents = {
        'empty': b'',
        'garbage': bytes(range(256)) * 40,
        'truncated': source[: len(source) // 2],
        'password': b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 4088,
        'text_as_xlsx': '89161234567;Иванов\n'.encode(),
        'xlsx_as_xls': source,
        'unsupported': b'%PDF-1.4',
        'wide': ('89161234567;Иванов\n' + ';'.join(['x'] * 10_000) + '\n').encode(),
    }
    if kind == 'bomb':
        _zip_bomb(path)
    else:
        path.write_bytes(contents[kind])
    return path, path.name


@pytest.mark.parametrize(
    ('kind', 'code'),
    [
        ('empty', 'import_empty'),
        ('garbage', 'import_binary_garbage'),
        ('truncated', 'import_corrupt'),
        ('bomb', 'import_zip_bomb'),
        ('password', 'import_password_protected'),
        ('text_as_xlsx', 'import_wrong_content'),
        ('xlsx_as_xls', 'import_wrong_content'),
        ('unsupported', 'import_unsupported_format'),
        ('wide', 'import_too_many_columns'),
    ],
)
async def test_a_bad_file_is_refused_with_its_code_and_nothing_is_written(
    db: str, tmp_path: Path, kind: str, code: str
) -> None:
    account_id, base_id = await _base()
    path, name = _bad_file(kind, tmp_path)
    request = ImportRequest(
        account_id=account_id, base_id=base_id, path=path, filename=name, sheet_names=[''], encoding='utf-8',
        delimiter=';', has_header=False, mapping=['phone', 'fio'],
    )  # fmt: skip
    with pytest.raises(DomainError) as error:
        await _run(request, db)
    assert error.value.code == code
    assert await Subscriber.filter(base_id=base_id).count() == 0


async def test_a_file_over_the_size_limit_is_refused(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('IMPORT_MAX_MB', '1')
    path = tmp_path / 'big.csv'
    path.write_bytes(b'89161234567\n' * 100_000)
    with pytest.raises(DomainError) as error:
        inspect_file(path, filename='big.csv')
    assert (error.value.code, error.value.details['limit_mb']) == ('import_too_large', 1)


async def test_a_mapping_without_a_phone_column_is_refused(db: str) -> None:
    account_id, base_id = await _base()
    with pytest.raises(DomainError) as error:
        await _run(_request(account_id, base_id, 'subscribers.xlsx', mapping=[None, 'fio', None, None, None]), db)
    assert error.value.code == 'import_no_phone_column'


async def test_a_file_goes_into_the_stop_list_with_its_comment(db: str) -> None:
    account_id, _ = await _base()
    await stoplist.add_entry(account_id=account_id, raw_phone='89161234567')
    result = await _run(_request(account_id, None, 'subscribers-cp1251.csv', comment='Жалоба'), db)
    assert (result.imported, result.duplicates_in_file, len(result.invalid)) == (5, 2, 1)
    assert await StopListEntry.filter(account_id=account_id, comment='Жалоба').count() == 5


async def test_numbers_on_the_stop_list_are_counted_in_the_result(db: str) -> None:
    account_id, base_id = await _base()
    await stoplist.add_entry(account_id=account_id, raw_phone='+79261234567')
    result = await _run(_request(account_id, base_id, 'subscribers-unicode.txt'), db)
    assert result.in_stop_list == 1


async def test_clipboard_numbers_with_names_are_checked_then_imported(db: str) -> None:
    account_id, base_id = await _base()
    text = '89161234567 Иванов Иван\n+7 926 123-45-67, Анна\n89161234567\n12345'
    check = check_clipboard(text)
    assert (check.valid, check.duplicates, [row.raw for row in check.invalid]) == (2, 1, ['12345'])
    assert [(e.phone, e.name, e.reason_code, e.repeat) for e in check.entries] == [
        ('+79161234567', 'Иванов Иван', '', False),
        ('+79261234567', 'Анна', '', False),
        ('+79161234567', '', '', True),
        ('', '', 'phone_too_short', False),
    ]
    result = await import_clipboard(account_id=account_id, base_id=base_id, text=text)
    assert (result.imported, result.duplicates_in_file, len(result.invalid)) == (2, 1, 1)
    anna = await Subscriber.get(base_id=base_id, phone='+79261234567')
    ivanov = await Subscriber.get(base_id=base_id, phone='+79161234567')
    assert (anna.first_name, ivanov.last_name, ivanov.first_name) == ('Анна', 'Иванов', 'Иван')


async def test_invalid_rows_download_as_a_csv_that_excel_reads(db: str) -> None:
    account_id, base_id = await _base()
    result = await _run(_request(account_id, base_id, 'subscribers.xls'), db)
    data = invalid_rows_csv(result)
    assert data.startswith(b'\xef\xbb\xbf')
    assert 'Абоненты;7;12345;phone_too_short' in data.decode('utf-8-sig').splitlines()
