"""The shipped numbering table on disk, and building it from the registry's CSV files."""

import csv
import gzip
import io
import os
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from domain.numbering import NumberingTable, NumberRange, build_table, deserialize_table, serialize_table
from domain.numbering_registry import parse_registry_rows, parse_timezone_rows

DEFAULT_PATH = Path(__file__).parent / 'data' / 'numbering.tsv.gz'


def load_table(path: Path | str = DEFAULT_PATH) -> NumberingTable:
    """The numbering table stored at `path`, read once per process."""
    return _load_cached(Path(path).resolve())


def save_table(table: NumberingTable, path: Path | str) -> None:
    """Write the table gzipped (byte-identical for the same table) and replace the file atomically."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + '.tmp')
    with temporary.open('wb') as raw, gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0) as packed:
        packed.write(serialize_table(table).encode())
    os.replace(temporary, target)
    _load_cached.cache_clear()


def read_registry(path: Path | str) -> list[NumberRange]:
    """Ranges of a registry CSV (';', UTF-8 with BOM; the older cp1251 exports are read too)."""
    return parse_registry_rows(csv.reader(io.StringIO(_read_text(Path(path))), delimiter=';'))


def read_timezones(path: Path | str) -> dict[str, str]:
    """Subject -> IANA zone from region_timezones.csv."""
    return parse_timezone_rows(csv.reader(io.StringIO(_read_text(Path(path)))))


def build_from_files(
    def_csv_path: Path | str, tz_csv_path: Path | str, *, snapshot: str | None = None
) -> NumberingTable:
    """Build a table from a registry CSV and the time-zone CSV; the snapshot defaults to the file's date."""
    date = snapshot or datetime.fromtimestamp(Path(def_csv_path).stat().st_mtime, UTC).strftime('%Y-%m-%d')
    return build_table(read_registry(def_csv_path), read_timezones(tz_csv_path), snapshot=date)


@cache
def _load_cached(path: Path) -> NumberingTable:
    return deserialize_table(gzip.decompress(path.read_bytes()).decode())


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode('utf-8-sig')
    except UnicodeDecodeError:
        return data.decode('cp1251')
