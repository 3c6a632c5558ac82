"""`python main.py numbering refresh|status`: the diff report and the command run end to end on a small registry."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from domain.numbering import NumberRange, RangeChange, TableDiff, diff_tables
from domain.services.numbering import format_diff, region_zones, table_info
from storage.numbering_file import DEFAULT_PATH, load_table

PROJECT = Path(__file__).resolve().parents[2]
HEADER = 'АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН'
REGISTRY = [
    '916;0000000;0999999;1000000;ПАО "МТС";-;Город Москва, Московская область;7740000076',
    '913;0000000;0199999;200000;ПАО "МЕГАФОН";-;Новосибирская область;7812014560',
    '958;0000000;0000999;1000;ООО "К-телеком";-;Республика Крым;1111111111',
]


def span(start: int, size: int = 1000, *, operator: str = 'МТС', region: str = 'Город Москва') -> NumberRange:
    inn = {'МТС': '7740000076', 'Т2': '7743895280'}[operator]
    return NumberRange(start=start, end=start + size - 1, operator=operator, inn=inn, region=region)


def test_the_report_counts_every_kind_of_change_and_lists_the_ranges() -> None:
    before, after = span(79160000000), span(79160000000, operator='Т2')
    moved = RangeChange(before=span(79161000000), after=span(79161000000, region='Тверская область'))
    diff = TableDiff(
        added=(span(79990000000),),
        removed=(span(79000000000), span(79000001000)),
        owner_changed=(RangeChange(before=before, after=after),),
        region_changed=(moved,),
    )
    assert format_diff(diff) == [
        'ranges added: 1',
        'ranges removed: 2',
        'owner changed: 1',
        'region changed: 1',
        '  added +79990000000..+79990000999 МТС / Город Москва',
        '  removed +79000000000..+79000000999 МТС / Город Москва',
        '  removed +79000001000..+79000001999 МТС / Город Москва',
        '  owner +79160000000..+79160000999: МТС -> Т2',
        '  region +79161000000..+79161000999: Город Москва -> Тверская область',
    ]


@pytest.mark.parametrize(('count', 'listed', 'more'), [(0, 0, None), (3, 3, None), (4, 3, '  ... and 1 more added')])
def test_long_lists_are_cut_after_the_limit(count: int, listed: int, more: str | None) -> None:
    diff = TableDiff(
        added=tuple(span(79000000000 + n * 1000) for n in range(count)), removed=(), owner_changed=(), region_changed=()
    )
    lines = format_diff(diff, limit=3)
    assert lines[0] == f'ranges added: {count}'
    assert sum(line.startswith('  added') for line in lines) == listed
    assert (lines[-1] if more else None) == more


def test_the_shipped_table_carries_the_zones_a_refresh_without_tz_reuses() -> None:
    zones = region_zones(load_table(DEFAULT_PATH))
    assert (zones['Новосибирская область'], zones['Калининградская область']) == (
        'Asia/Novosibirsk',
        'Europe/Kaliningrad',
    )
    assert 'Российская Федерация' not in zones


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        'VAR_DIR': str(tmp_path / 'var'),
        'DATABASE_URL': f'sqlite://{tmp_path / "cli.sqlite3"}',
        'STORAGE_SECRET': 'cli-test-secret',
        'DEMO_ACCOUNTS': 'false',
        'SCHEDULER_ENABLED': 'false',
    }
    command = [sys.executable, 'main.py', 'numbering', *args]
    return subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_refresh_from_a_local_file_reports_saves_under_var_dir_and_re_detects(tmp_path: Path) -> None:
    registry = tmp_path / 'DEF-9xx.csv'
    registry.write_text('\n'.join([HEADER, *REGISTRY]) + '\n', encoding='utf-8-sig')
    shipped = DEFAULT_PATH.read_bytes()
    result = run(tmp_path, 'refresh', '--from', str(registry), '--date', '2026-09', '--yes')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    refreshed = load_table(tmp_path / 'var' / 'numbering.tsv.gz')
    report = format_diff(diff_tables(load_table(DEFAULT_PATH), refreshed))
    assert lines[0] == 'numbering table 2026-08 (17059 ranges) -> 2026-09 (3 ranges)'
    assert lines[1 : 1 + len(report)] == report
    assert report[:2] == ['ranges added: 2', 'ranges removed: 17058']
    assert lines[-1] == 'subscribers re-detected: 0 changed'
    assert DEFAULT_PATH.read_bytes() == shipped
    assert (refreshed.snapshot, refreshed.range_count) == ('2026-09', 3)
    assert region_zones(refreshed)['Новосибирская область'] == 'Asia/Novosibirsk'
    status = run(tmp_path, 'status').stdout.splitlines()
    assert status[0] == f'snapshot 2026-09: 3 ranges, 3 operators, {len(refreshed.regions)} regions'
    assert status[1].endswith('numbering.tsv.gz (refreshed)')
    assert table_info(tmp_path / 'var').refreshed


def test_an_unreadable_registry_changes_nothing_and_says_so_in_one_line(tmp_path: Path) -> None:
    registry = tmp_path / 'empty.csv'
    registry.write_text('not;a;registry\n', encoding='utf-8')
    result = run(tmp_path, 'refresh', '--from', str(registry), '--yes')
    assert result.returncode == 1
    assert result.stderr.startswith('error: ') and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / 'var' / 'numbering.tsv.gz').exists()


def test_a_url_that_cannot_be_reached_is_refused_with_advice(tmp_path: Path) -> None:
    result = run(tmp_path, 'refresh', '--from', 'http://127.0.0.1:9/DEF-9xx.csv', '--yes')
    assert result.returncode == 1
    assert 'no internet access' in result.stderr and '--from FILE' in result.stderr
    assert not (tmp_path / 'var' / 'numbering.tsv.gz').exists()
