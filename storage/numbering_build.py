"""Build the shipped numbering table from the registry: `python -m storage.numbering_build --def CSV --tz CSV`."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from storage.numbering_file import DEFAULT_PATH, build_from_files, save_table


def main(argv: Sequence[str] | None = None) -> int:
    """Build the table from the registry files, save it and report its counts."""
    parser = argparse.ArgumentParser(prog='python -m storage.numbering_build', description=__doc__)
    parser.add_argument('--def', dest='def_path', required=True, type=Path, help='registry DEF-9xx.csv')
    parser.add_argument('--tz', dest='tz_path', required=True, type=Path, help='region_timezones.csv')
    parser.add_argument('--out', type=Path, default=DEFAULT_PATH, help=f'output (default {DEFAULT_PATH})')
    parser.add_argument('--date', help="the registry snapshot's date, e.g. 2026-08 (default: the file's date)")
    options = parser.parse_args(argv)
    table = build_from_files(options.def_path, options.tz_path, snapshot=options.date)
    save_table(table, options.out)
    size_kb = options.out.stat().st_size / 1024
    sys.stdout.write(
        f'snapshot {table.snapshot}: {table.range_count} ranges, {len(table.operators)} operators, '
        f'{len(table.regions)} regions -> {options.out} ({size_kb:.0f} kB)\n'
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
