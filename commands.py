"""The command line of `python main.py`: serve the cabinet (default), apply migrations, create a user."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from tortoise import Tortoise

import ui_text as t
from config import Settings
from domain.errors import DomainError
from domain.roles import UserRole
from domain.services import accounts
from storage import db


def main(argv: Sequence[str], settings: Settings, serve: object) -> int:
    """Run one command; `serve` is the callable that starts the web server."""
    args = _parser().parse_args(list(argv))
    if not _database_ok(settings):
        return 2
    if args.command in (None, 'serve'):
        code = asyncio.run(_with_database(settings, _prepare(settings)))
        assert callable(serve)
        serve()
        return code
    if args.command == 'migrate':
        return asyncio.run(_with_database(settings, _noop()))
    return asyncio.run(_with_database(settings, _create_user(args)))


async def on_startup(settings: Settings) -> None:
    """Inside the running app: make sure the schema is current (a no-op after `_prepare`), start the scheduler."""
    await db.migrate()
    if settings.scheduler_enabled:
        from scheduler import start

        start()


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
