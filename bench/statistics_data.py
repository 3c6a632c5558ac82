"""Generated message history for bench/statistics.py: N messages of 50 accounts over 2025, written in bulk SQL.

Mailings are drawn in Python (account, time, size, sender, template, text, price) and stored in a helper table;
their messages are made by the database itself: SQLite `INSERT ... SELECT` from the mailings joined with a number
table, PostgreSQL `generate_series`. Each message's phone, operator, region and status come from an integer hash
of (mailing, position), so the data is the same on both databases and on every run. Accounts are skewed like real
clients (account k gets about (sqrt((k+1)/50) - sqrt(k/50)) of the traffic: the biggest 14 %, the smallest 1 %);
messages are inserted in time order, as the cabinet would have written them. The message indexes are dropped
during the load and built again after it (the same definitions), which is several times faster than keeping them.

A database that already holds a finished load of the same size (table bench_meta) is reused as is.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

ACCOUNTS = 50
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 24 * 3600
SEED = 20261127
VERSION = '1'
MAX_SIZE = 20_000
CHUNK_MAILINGS = 100
SENDERS = ('SHOP', 'Pharmacy', 'AutoService', 'TAXI24', 'Bank', 'Delivery')
TEXTS = (
    'Здравствуйте! Ваш заказ №{n} готов к выдаче. Ждём вас с 10 до 20 по адресу: ул. Ленина, 5.',
    'Скидка 20% на всё до воскресенья! Покажите это СМС на кассе. Отписаться: STOP на 1234',
    'Ваш код подтверждения: {n}. Никому его не сообщайте.',
    'Напоминаем о записи на завтра в 15:00. Если планы изменились, позвоните нам: +7 (495) 123-45-67. '
    'Спасибо, что выбираете нас!',
    'Your order {n} has been shipped.',
)
TIME_ZONES = ('Europe/Moscow',) * 7 + ('Asia/Vladivostok', 'Asia/Yekaterinburg', 'Europe/Kaliningrad')


@dataclass(kw_only=True, slots=True, frozen=True)
class BenchData:
    """What was generated: the accounts (biggest first) and the message count."""

    account_ids: list[int]
    rows: int


async def ensure_data(conn: BaseDBAsyncClient, *, rows: int, postgres: bool) -> BenchData:
    """Generate the history unless this database already holds it."""
    if await _finished(conn, rows):
        _say(f'reusing the generated {rows} messages')
        return BenchData(account_ids=await _accounts(conn), rows=rows)
    started = time.perf_counter()
    account_ids = await _make_accounts(conn, postgres=postgres)
    mailings = _draw_mailings(rows, account_ids)
    await _store_mailings(conn, mailings, postgres=postgres)
    account_ids = await _accounts(conn)
    indexes = await _drop_indexes(conn, postgres=postgres)
    await _insert_messages(conn, len(mailings), postgres=postgres)
    for sql in indexes:
        await conn.execute_script(sql)
    if postgres:  # as autovacuum would; SQLite gets no ANALYZE, as the cabinet's own database has none
        for table in ('message', 'mailing'):  # one statement each: VACUUM refuses a transaction block
            await conn.execute_script(f'VACUUM ANALYZE {table}')
    meta = f"INSERT INTO bench_meta (key, value) VALUES ('rows', {_mark(1, postgres)})"  # noqa: S608
    await conn.execute_query(meta, [str(rows)])
    _say(f'generated {rows} messages in {time.perf_counter() - started:.0f} s')
    return BenchData(account_ids=account_ids, rows=rows)


async def _finished(conn: BaseDBAsyncClient, rows: int) -> bool:
    await conn.execute_script('CREATE TABLE IF NOT EXISTS bench_meta (key VARCHAR(20), value VARCHAR(40))')
    found = await conn.execute_query_dict('SELECT key, value FROM bench_meta')
    meta = {row['key']: row['value'] for row in found}
    if meta.get('rows') == str(rows) and meta.get('version') == VERSION:
        return True
    if found or await conn.execute_query_dict('SELECT id FROM message LIMIT 1'):
        raise SystemExit('the bench database holds another load: delete it (var/bench/) or drop bench_stats')
    return False


async def _accounts(conn: BaseDBAsyncClient) -> list[int]:
    """The bench accounts, the one with the most messages first."""
    found = await conn.execute_query_dict(
        "SELECT a.id FROM account a LEFT JOIN bench_mailing b ON b.account_id = a.id WHERE a.name LIKE 'Bench %' "
        'GROUP BY a.id ORDER BY COALESCE(SUM(b.size), 0) DESC, a.id'
    )
    return [int(row['id']) for row in found]


async def _make_accounts(conn: BaseDBAsyncClient, *, postgres: bool) -> list[int]:
    await conn.execute_query(
        "INSERT INTO bench_meta (key, value) VALUES ('version', ?)".replace('?', _mark(1, postgres)), [VERSION]
    )
    marks = [_mark(n, postgres) for n in (1, 2)]
    sql = (
        'INSERT INTO account (name, balance, credit_limit, timezone, phone_style, parts_cap, default_sender, '  # noqa: S608
        f'validity_hours, low_balance_threshold, is_active, created_at) VALUES ({marks[0]}, 0, 0, {marks[1]}, '
        "'plus7_spaced', 8, '', 24, 0, TRUE, '2024-12-01 00:00:00+00:00')"
    )
    for k in range(ACCOUNTS):
        await conn.execute_query(sql, [f'Bench {k:02d}', TIME_ZONES[k % len(TIME_ZONES)]])
    found = await conn.execute_query_dict("SELECT id FROM account WHERE name LIKE 'Bench %' ORDER BY id")
    return [int(row['id']) for row in found]


def _mark(number: int, postgres: bool) -> str:
    return f'${number}' if postgres else '?'


def _draw_mailings(rows: int, account_ids: list[int]) -> list[tuple]:
    """(id, account_id, epoch, size, sender, template_id, text, price, name) in time order, sizes summing to rows."""
    rng = random.Random(SEED)
    drawn: list[tuple[float, int, int]] = []
    total = 0
    while total < rows:
        kind = rng.random()
        size = rng.randint(1, 3) if kind < 0.3 else rng.randint(50, 2000) if kind < 0.8 else rng.randint(2000, MAX_SIZE)
        size = min(size, rows - total)
        account = min(int(ACCOUNTS * rng.random() ** 2), ACCOUNTS - 1)
        drawn.append((rng.random() * YEAR_SECONDS, account, size))
        total += size
    drawn.sort()
    mailings = []
    for number, (offset, account, size) in enumerate(drawn, start=1):
        text = TEXTS[number % len(TEXTS)].format(n=number * 7919 % 100000)
        price = ('2.35', '2.10', '3.05', '1.95')[account % 4]
        epoch = int(YEAR_START.timestamp() + offset)
        sender = SENDERS[(account + number % 2) % len(SENDERS)]
        name = f'Рассылка {number}' if size > 3 else ''
        mailings.append((number, account_ids[account], epoch, size, sender, number % 4 or None, text, price, name))
    return mailings


async def _store_mailings(conn: BaseDBAsyncClient, mailings: list[tuple], *, postgres: bool) -> None:
    sql = (
        'CREATE TABLE bench_mailing (id INTEGER PRIMARY KEY, account_id INTEGER, epoch BIGINT, size INTEGER, '
        'sender VARCHAR(15), template_id INTEGER, text TEXT, price VARCHAR(8), name VARCHAR(200))'
    )
    await conn.execute_script(sql)
    marks = ', '.join(f'${n}' for n in range(1, 10)) if postgres else ', '.join('?' * 9)
    await conn.execute_many(f'INSERT INTO bench_mailing VALUES ({marks})', [list(m) for m in mailings])  # noqa: S608
    created = 'to_timestamp(epoch)' if postgres else "strftime('%Y-%m-%d %H:%M:%S', epoch, 'unixepoch') || '+00:00'"
    cost = 'CAST(price AS NUMERIC) * size' if postgres else 'ROUND(CAST(price AS REAL) * size, 2)'
    await conn.execute_script(
        'INSERT INTO mailing (id, account_id, name, sender, text, template_id, template_name, local_time, '  # noqa: S608
        'validity_hours, recipients, excluded_stoplist, excluded_bases, duplicates, invalid, parts, cost, created_at) '
        f"SELECT id, account_id, name, sender, text, template_id, '', FALSE, 24, size, 0, 0, 0, 0, size, {cost}, "
        f'{created} FROM bench_mailing ORDER BY id'
    )
    if postgres:
        await conn.execute_script("SELECT setval('mailing_id_seq', (SELECT MAX(id) FROM mailing))")
    else:
        await conn.execute_script('CREATE TABLE bench_seq (i INTEGER PRIMARY KEY)')
        await conn.execute_query(
            'WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?) '
            'INSERT INTO bench_seq SELECT i FROM s',
            [MAX_SIZE],
        )


async def _drop_indexes(conn: BaseDBAsyncClient, *, postgres: bool) -> list[str]:
    if postgres:
        found = await conn.execute_query_dict(
            "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'message' "
            "AND indexname NOT LIKE '%pkey'"
        )
    else:
        found = await conn.execute_query_dict(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'message' AND sql IS NOT NULL"
        )
    for row in found:
        await conn.execute_script(f'DROP INDEX {row["name"]}')
    return [str(row['sql']) for row in found]


async def _insert_messages(conn: BaseDBAsyncClient, mailings: int, *, postgres: bool) -> None:
    started = time.perf_counter()
    for first in range(1, mailings + 1, CHUNK_MAILINGS):
        last = min(first + CHUNK_MAILINGS - 1, mailings)
        sql = _message_sql(first, last, postgres=postgres)
        if postgres:  # no FK trigger per generated row (on the pooled connection that runs this script only)
            sql = f'SET session_replication_role = replica; {sql}; SET session_replication_role = DEFAULT'
        await conn.execute_script(sql)
        done = last / mailings
        spent = time.perf_counter() - started
        _say(f'messages: {100 * done:.0f}% in {spent:.0f} s (about {spent / done - spent:.0f} s left)', end='\r')
    _say('')


def _message_sql(first: int, last: int, *, postgres: bool) -> str:
    """One INSERT ... SELECT of the messages of mailings first..last (h: a hash of mailing and position)."""
    h = '(((b.id * 100003 + s.i) * 2654435761) % 4294967296)'
    r = f'(({h} / 256) % 1000)'
    status = (
        f"CASE WHEN {r} < 850 THEN 'delivered' WHEN {r} < 910 THEN 'undelivered' WHEN {r} < 940 THEN 'expired' "
        f"WHEN {r} < 955 THEN 'rejected' WHEN {r} < 975 THEN 'submitted' WHEN {r} < 985 THEN 'stopped' "
        "ELSE 'cancelled' END"
    )
    operator = f"CASE {h} % 10 WHEN 0 THEN 'МТС' WHEN 1 THEN 'МТС' WHEN 2 THEN 'МТС' WHEN 3 THEN 'МТС' " + (
        "WHEN 4 THEN 'МегаФон' WHEN 5 THEN 'МегаФон' WHEN 6 THEN 'МегаФон' WHEN 7 THEN 'Билайн' "
        "WHEN 8 THEN 'Билайн' ELSE 'Т2' END"
    )
    regions = ('Город Москва', 'Московская область', 'Город Санкт-Петербург', 'Краснодарский край',
               'Свердловская область', 'Новосибирская область', 'Приморский край', 'Республика Татарстан')  # fmt: skip
    region = f'CASE ({h} / 16) % 8 ' + ' '.join(f"WHEN {n} THEN '{name}'" for n, name in enumerate(regions)) + ' END'
    parts = '(1 + (b.id % 3 = 0))' if not postgres else '(1 + (b.id % 3 = 0)::int)'
    if postgres:
        phone = f"'+79' || lpad((({h} * 7 + s.i) % 1000000000)::text, 9, '0')"
        at = lambda seconds: f'to_timestamp(b.epoch + s.i / 100 + {seconds})'  # noqa: E731
        cost = f'CAST(b.price AS NUMERIC) * {parts}'
        price = 'CAST(b.price AS NUMERIC)'
        source = 'bench_mailing b CROSS JOIN LATERAL generate_series(1, b.size) AS s(i)'
        where = f'b.id BETWEEN {first} AND {last}'
    else:
        at = lambda seconds: f"strftime('%Y-%m-%d %H:%M:%S', b.epoch + s.i / 100 + {seconds}, 'unixepoch') || '+00:00'"  # noqa: E731
        phone = f"'+79' || printf('%09d', ({h} * 7 + s.i) % 1000000000)"
        cost = f"printf('%.2f', CAST(b.price AS REAL) * {parts})"
        price = 'b.price'
        source = 'bench_mailing b CROSS JOIN bench_seq s'
        where = f'b.id BETWEEN {first} AND {last} AND s.i <= b.size'
    sent = f'CASE WHEN {r} < 975 THEN {at(2)} END'
    done = f'CASE WHEN {r} < 955 THEN {at(30)} END'
    stat = f"CASE WHEN {r} < 850 THEN 'DELIVRD' WHEN {r} < 910 THEN 'UNDELIV' WHEN {r} < 940 THEN 'EXPIRED' ELSE '' END"
    err = f"CASE WHEN {r} >= 850 AND {r} < 910 THEN '0' || ({h} % 90 + 10) ELSE '' END"
    columns = (
        'account_id, mailing_id, phone, sender, text, parts, ucs2, operator, region, timezone, template_id, price, '
        'cost, status, status_at, due_at, expires_at, submitted_at, done_at, attempts, stat, err, created_at'
    )
    values = (
        f"b.account_id, b.id, {phone}, b.sender, b.text, {parts}, TRUE, {operator}, {region}, 'Europe/Moscow', "
        f'b.template_id, {price}, {cost}, {status}, {at(30)}, {at(0)}, {at(86400)}, {sent}, {done}, 1, {stat}, '
        f'{err}, {at(0)}'
    )
    return f'INSERT INTO message ({columns}) SELECT {values} FROM {source} WHERE {where} ORDER BY b.id, s.i'  # noqa: S608


def _say(text: str, end: str = '\n') -> None:
    sys.stderr.write(text + end)
    sys.stderr.flush()
