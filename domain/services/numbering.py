"""The numbering table in use, its refresh from a newer registry file, and re-detection of subscribers.

A refreshed table is written to VAR_DIR/numbering.tsv.gz and wins over the table shipped in storage/data, so a
refresh on a deployed server needs write access to VAR_DIR only, never to the code directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tortoise.transactions import in_transaction

from domain.numbering import Detection, NumberingTable, TableDiff, build_table, detect_many
from domain.services.var_dir import var_dir
from storage.models import Subscriber
from storage.numbering_file import DEFAULT_PATH, load_table, read_registry, read_timezones, save_table

TABLE_FILE = 'numbering.tsv.gz'
REDETECT_BATCH = 5000


@dataclass(kw_only=True, slots=True, frozen=True)
class NumberingInfo:
    """What the manager page shows of the table in use."""

    snapshot: str
    ranges: int
    operators: int
    regions: int
    path: str
    refreshed: bool


def refreshed_path(directory: Path | None = None) -> Path:
    """Where `numbering refresh` writes its table."""
    return (directory or var_dir()) / TABLE_FILE


def table_path(directory: Path | None = None) -> Path:
    """The table in use: the refreshed one under VAR_DIR when there is one, else the shipped one."""
    refreshed = refreshed_path(directory)
    return refreshed if refreshed.exists() else DEFAULT_PATH


def current_table(directory: Path | None = None) -> NumberingTable:
    """The numbering table detection should use (read once per process and path)."""
    return load_table(table_path(directory))


def table_info(directory: Path | None = None) -> NumberingInfo:
    """Snapshot date and counts of the table in use."""
    path = table_path(directory)
    table = load_table(path)
    return NumberingInfo(
        snapshot=table.snapshot,
        ranges=table.range_count,
        operators=len(table.operators),
        regions=len(table.regions),
        path=str(path),
        refreshed=path != DEFAULT_PATH,
    )


def build_refreshed(
    registry: Path, *, timezones: Path | None, snapshot: str, current: NumberingTable
) -> NumberingTable:
    """A table from a registry CSV; without a time-zone file the current table's region zones are reused."""
    zones = read_timezones(timezones) if timezones is not None else region_zones(current)
    return build_table(read_registry(registry), zones, snapshot=snapshot)


def region_zones(table: NumberingTable) -> dict[str, str]:
    """The region -> IANA zone pairs a table carries (regions without a zone left out)."""
    return {region: zone for region, zone in zip(table.regions, table.region_timezones, strict=True) if zone}


def save_refreshed(table: NumberingTable, directory: Path | None = None) -> Path:
    """Store the table under VAR_DIR, where it overrides the shipped one."""
    path = refreshed_path(directory)
    save_table(table, path)
    return path


def format_diff(diff: TableDiff, *, limit: int = 10) -> list[str]:
    """Report lines of a refresh: counts of added, removed and changed ranges, with the first few of each."""
    lines = [
        f'ranges added: {len(diff.added)}',
        f'ranges removed: {len(diff.removed)}',
        f'owner changed: {len(diff.owner_changed)}',
        f'region changed: {len(diff.region_changed)}',
    ]
    for label, ranges in (('added', diff.added), ('removed', diff.removed)):
        lines += [f'  {label} {_span(r.start, r.end)} {r.operator} / {r.region}' for r in ranges[:limit]]
        lines += [f'  ... and {len(ranges) - limit} more {label}'] if len(ranges) > limit else []
    for label, changes, attribute in (
        ('owner', diff.owner_changed, 'operator'),
        ('region', diff.region_changed, 'region'),
    ):
        lines += [
            f'  {label} {_span(c.after.start, c.after.end)}: '
            f'{getattr(c.before, attribute)} -> {getattr(c.after, attribute)}'
            for c in changes[:limit]
        ]
        lines += [f'  ... and {len(changes) - limit} more {label} changes'] if len(changes) > limit else []
    return lines


async def redetect_all(table: NumberingTable, *, batch: int = REDETECT_BATCH) -> int:
    """Re-detect region, operator and time zone of every subscriber in batches; returns how many changed."""
    changed = 0
    last_id = 0
    while True:
        subscribers = await Subscriber.filter(id__gt=last_id).order_by('id').limit(batch)
        if not subscribers:
            return changed
        last_id = subscribers[-1].id
        found = detect_many(table, [s.phone for s in subscribers])
        updated = [s for position, s in enumerate(subscribers) if _apply(s, found.at(position))]
        if updated:
            async with in_transaction():
                await Subscriber.bulk_update(updated, fields=['region', 'operator', 'timezone'], batch_size=1000)
            changed += len(updated)


def _apply(subscriber: Subscriber, found: Detection) -> bool:
    values = {'region': found.region or '', 'operator': found.operator or '', 'timezone': found.timezone or ''}
    if all(getattr(subscriber, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(subscriber, name, value)
    return True


def _span(start: int, end: int) -> str:
    return f'+{start}..+{end}'
