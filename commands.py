"""The command line of `python main.py`: serve the cabinet (default), migrate, create a user, refresh numbering,
verify the ledger."""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from tortoise import Tortoise

import ui_text as t
from config import Settings
from domain.errors import DomainError
from domain.numbering import NumberingTable, RegistryError, diff_tables
from domain.roles import UserRole
from domain.services import accounts, billing, dispatch, numbering
from storage import db


def main(argv: Sequence[str], settings: Settings, serve: object) -> int:
    """Run one command; `serve` is the callable that starts the web server."""
    args = _parser().parse_args(list(argv))
    if args.command == 'numbering':
        return _numbering(args, settings)
    if not _database_ok(settings):
        return 2
    if args.command in (None, 'serve'):
        code = asyncio.run(_with_database(settings, _prepare(settings)))
        assert callable(serve)
        serve()
        return code
    if args.command == 'migrate':
        return asyncio.run(_with_database(settings, _noop()))
    if args.command == 'billing':
        return asyncio.run(_with_database(settings, _verify_ledger()))
    return asyncio.run(_with_database(settings, _create_user(args)))


async def on_startup(settings: Settings) -> None:
    """Inside the running app: make sure the schema is current (a no-op after `_prepare`), start the scheduler and
    the delivery engine with the configured gateway (the built-in simulator unless GATEWAY=smpp)."""
    await db.migrate()
    if settings.scheduler_enabled:
        from gateway.factory import build_gateway
        from scheduler import start

        start()
        options = dispatch.options_from(settings, node=dispatch.node_name(settings.port))
        await dispatch.start_engine(build_gateway(settings), options)
        # What is alive after start-up (modules, pages, the numbering table) lives as long as the process: kept out
        # of the collector's full passes, which otherwise stall every page for a few hundred ms while sending.
        gc.collect()
        gc.freeze()


async def on_shutdown() -> None:
    """Stop the delivery engine (answers in flight are committed) and the scheduler."""
    from scheduler import stop

    await dispatch.stop_engine()
    stop()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog='python main.py', description='SMS cabinet')
    sub = parser.add_subparsers(dest='command')
    sub.add_parser('serve', help='serve the cabinet (the default command)')
    sub.add_parser('migrate', help='apply database migrations and exit')
    create = sub.add_parser('create-user', help='create a client or manager user')
    create.add_argument('--login', required=True)
    create.add_argument('--role', required=True, choices=[r.value for r in UserRole])
    create.add_argument('--account', default='', help='client company name (required for --role client)')
    create.add_argument('--name', default='', help='full name of the person')
    create.add_argument('--password', default=None, help='password (generated and printed when omitted)')
    money = sub.add_parser('billing', help='the ledger: verify cached balances against the entries')
    money.add_subparsers(dest='action', required=True).add_parser(
        'verify', help='print OK, or each mismatch (exit code 1 on any)'
    )
    table = sub.add_parser('numbering', help='the numbering-plan table: status, refresh from a newer registry')
    actions = table.add_subparsers(dest='action', required=True)
    actions.add_parser('status', help="print the table's snapshot date and counts")
    refresh = actions.add_parser('refresh', help=f'rebuild the table into VAR_DIR/{numbering.TABLE_FILE}')
    refresh.add_argument('--from', dest='source', required=True, help='registry DEF-9xx.csv (a file, or a URL)')
    refresh.add_argument('--tz', type=Path, default=None, help="region_timezones.csv (default: the current table's)")
    refresh.add_argument('--date', default=None, help="the registry snapshot's date, e.g. 2026-08 (default: file date)")
    refresh.add_argument('--yes', action='store_true', help='re-detect existing subscribers without asking')
    return parser


def _database_ok(settings: Settings) -> bool:
    try:
        asyncio.run(db.check_database(settings.database_url))
    except db.DatabaseUnavailable as error:
        sys.stderr.write(f'error: {error}\n')
        return False
    return True


async def _with_database(settings: Settings, work: object) -> int:
    await Tortoise.init(config=db.tortoise_config(settings.database_url))
    try:
        await db.migrate()
        assert asyncio.iscoroutine(work)
        return await work
    finally:
        await Tortoise.close_connections()


async def _prepare(settings: Settings) -> int:
    """Before serving: migrate (done by the caller) and create the demo accounts of an empty database."""
    if settings.demo_accounts:
        created = await accounts.ensure_demo_accounts(
            manager_name=t.DEMO_MANAGER_NAME, client_account=t.DEMO_CLIENT_ACCOUNT, client_name=t.DEMO_CLIENT_NAME
        )
        _show_credentials(created, settings)
    return 0


async def _noop() -> int:
    sys.stdout.write('migrations applied\n')
    return 0


async def _verify_ledger() -> int:
    mismatches = await billing.verify_all()
    for m in mismatches:
        where = f'entry {m.entry_id} balance_after' if m.entry_id is not None else 'cached balance'
        sys.stdout.write(f'account {m.account_id}: {where} is {m.actual}, the entries say {m.expected}\n')
    sys.stdout.write('OK\n' if not mismatches else f'{len(mismatches)} mismatch(es)\n')
    return 1 if mismatches else 0


async def _create_user(args: argparse.Namespace) -> int:
    try:
        created = await accounts.create_user(
            login=args.login,
            role=UserRole(args.role),
            password=args.password,
            account_name=args.account,
            full_name=args.name,
        )
    except DomainError as error:
        sys.stderr.write(f'error: {t.error_text(error.code)}\n')
        return 1
    sys.stdout.write(f'created {created.role} {created.login}')
    sys.stdout.write(f' in account «{created.account_name}»' if created.account_name else '')
    sys.stdout.write(f'; password: {created.password}\n' if args.password is None else '\n')
    return 0


def _show_credentials(created: list[accounts.NewCredentials], settings: Settings) -> None:
    """Print the generated demo logins once; they are stored only as hashes."""
    if not created:
        return
    lines = ['', 'Demo accounts created (the passwords are shown only now):']
    lines += [f'  {c.role.value:8} login: {c.login:10} password: {c.password}' for c in created]
    lines += [f'Open http://{settings.host}:{settings.port}', '']
    sys.stdout.write('\n'.join(lines) + '\n')
    sys.stdout.flush()


def _numbering(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == 'status':
        info = numbering.table_info(settings.var_dir)
        sys.stdout.write(
            f'snapshot {info.snapshot}: {info.ranges} ranges, {info.operators} operators, {info.regions} regions\n'
            f'file: {info.path}{" (refreshed)" if info.refreshed else " (shipped)"}\n'
        )
        return 0
    try:
        source = _registry_file(args.source, settings.var_dir)
        current = numbering.current_table(settings.var_dir)
        snapshot = args.date or datetime.fromtimestamp(source.stat().st_mtime, UTC).strftime('%Y-%m-%d')
        table = numbering.build_refreshed(source, timezones=args.tz, snapshot=snapshot, current=current)
        if source.parent == settings.var_dir and source.name.startswith('registry-'):
            source.unlink()  # a downloaded copy
    except (OSError, RegistryError, ValueError) as error:
        sys.stderr.write(f'error: cannot build the numbering table: {error}\n')
        return 1
    if table.range_count == 0:
        sys.stderr.write(f'error: {args.source} holds no number ranges; the table was not changed\n')
        return 1
    _report_refresh(current, table, numbering.save_refreshed(table, settings.var_dir))
    if not _confirmed(args.yes):
        sys.stdout.write('existing subscribers were not re-detected (run again with --yes to do it)\n')
        return 0
    if not _database_ok(settings):
        return 2
    return asyncio.run(_with_database(settings, _redetect(table)))


def _registry_file(source: str, var_dir: Path) -> Path:
    """A local registry file, or a URL downloaded into VAR_DIR first."""
    if not source.startswith(('http://', 'https://')):
        return Path(source)
    var_dir.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix='registry-', suffix='.csv', dir=var_dir)
    try:
        with urllib.request.urlopen(source, timeout=60) as response, open(handle, 'wb') as target:
            target.write(response.read())
    except (urllib.error.URLError, TimeoutError) as error:
        Path(name).unlink(missing_ok=True)
        raise OSError(
            f'cannot download {source} ({error}); this host may have no internet access: '
            'download the file elsewhere and pass it with --from FILE'
        ) from error
    return Path(name)


def _report_refresh(old: NumberingTable, new: NumberingTable, path: Path) -> None:
    lines = [f'numbering table {old.snapshot} ({old.range_count} ranges) -> {new.snapshot} ({new.range_count} ranges)']
    lines += numbering.format_diff(diff_tables(old, new))
    lines += [f'saved to {path}; restart the cabinet to use it']
    sys.stdout.write('\n'.join(lines) + '\n')
    sys.stdout.flush()


def _confirmed(yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        return False
    answer = input('Re-detect region, operator and time zone of existing subscribers? [y/N] ')
    return answer.strip().lower() in {'y', 'yes', 'д', 'да'}


async def _redetect(table: NumberingTable) -> int:
    changed = await numbering.redetect_all(table)
    sys.stdout.write(f'subscribers re-detected: {changed} changed\n')
    return 0
