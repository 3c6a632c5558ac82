"""Benchmark: numbering-plan lookup and phone normalisation of 1,000,000 numbers from real registry ranges.

Run `python -m bench.numbering`; each figure is the best of three runs on the same generated data.
"""

import time
from collections.abc import Callable

import numpy as np

from domain.numbering import NumberingTable, lookup_many
from domain.phones import normalize_phones
from storage.numbering_file import load_table

COUNT = 1_000_000
SEED = 20260801
RUNS = 3


def main() -> None:
    """Print the lookup and normalisation timings."""
    table = load_table()
    rng = np.random.default_rng(SEED)
    numbers = _numbers_from_ranges(table, rng)
    e164 = [f'+{number}' for number in numbers.tolist()]
    typed = _as_typed(numbers, rng)
    lookup = _best_of(lambda: lookup_many(table, e164))
    normalize = _best_of(lambda: normalize_phones(typed))
    print(f'metric lookup_1m_s {lookup:.3f} s')
    print(f'metric normalize_1m_s {normalize:.3f} s')


def _numbers_from_ranges(table: NumberingTable, rng: np.random.Generator) -> np.ndarray:
    picked = rng.integers(0, table.range_count, COUNT)
    sizes = table.ends[picked] - table.starts[picked] + 1
    return table.starts[picked] + (rng.random(COUNT) * sizes).astype(np.int64)


def _as_typed(numbers: np.ndarray, rng: np.random.Generator) -> list[object]:
    """The numbers as people and spreadsheets write them: a mix of the usual styles."""
    styles = rng.integers(0, 6, COUNT).tolist()
    typed: list[object] = []
    for number, style in zip(numbers.tolist(), styles, strict=True):
        national = str(number)[1:]
        if style == 0:
            typed.append(f'8 {national[:3]} {national[3:6]}-{national[6:8]}-{national[8:]}')
        elif style == 1:
            typed.append(f'+7({national[:3]}){national[3:]}')
        elif style == 2:
            typed.append(str(number))
        elif style == 3:
            typed.append(national)
        elif style == 4:
            typed.append(float(number))
        else:
            typed.append(f'+7 {national[:3]} {national[3:6]} {national[6:8]} {national[8:]}')
    return typed


def _best_of(action: Callable[[], object]) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


if __name__ == '__main__':
    main()
