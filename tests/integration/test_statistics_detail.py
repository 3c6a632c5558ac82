"""Детальная статистика and the mailing monitor on SQLite and PostgreSQL: filters, every sort (its order and ties),
paging by offset and by keyset from both ends, a message's history, the monitor's snapshot and its one-read-per-scope
hub."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from domain.services import detail_stats, monitor
from domain.services.detail_stats import DetailFilter, DetailRow
from domain.services.monitor import MonitorHub, MonitorSnapshot
from domain.stats import Period
from domain.statuses import MessageStatus
from storage import stats_queries
from storage.models import Account
from storage.stats_seed import SeedMessage, add_mailing, add_messages
from storage.subscriber_queries import connection

MARCH = Period(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
TZ = 'Europe/Moscow'


async def _traffic(account_id: int, count: int = 90) -> list[SeedMessage]:
    rng = random.Random(42)
    conn = connection()
    made: list[SeedMessage] = []
    for name, sender in (('Весенняя Акция', 'Romashka'), ('Напоминание', 'Clinic')):
        mailing_id = await add_mailing(
            conn, account_id=account_id, name=name, sender=sender, created_at=datetime(2026, 3, 1, tzinfo=UTC)
        )
        messages = [
            SeedMessage(
                phone=rng.choice(('+7916', '+7903', '+7926')) + f'{rng.randrange(10**7):07d}',
                # several messages share a second: ties are broken by id
                created_at=datetime(2026, 3, 2, tzinfo=UTC) + timedelta(seconds=rng.randrange(30) * 3600),
                status=rng.choice([MessageStatus.delivered, MessageStatus.undelivered, MessageStatus.submitted]),
                operator=rng.choice(('МТС', 'Билайн')),
            )
            for _ in range(count // 2)
        ]
        await add_messages(conn, account_id=account_id, mailing_id=mailing_id, sender=sender, messages=messages)
        for message in messages:
            message.extra['sender'] = sender
        made += messages
    return made


async def _all_ids(account_id: int, where: DetailFilter, sort: str, descending: bool) -> list[int]:
    page = await detail_stats.detail_page(
        account_id=account_id, tz=TZ, where=where, sort=sort, descending=descending, limit=200
    )
    return [row.id for row in page.rows]


@pytest.mark.parametrize('descending', [False, True])
async def test_every_sort_pages_the_same_by_offset_by_keyset_and_from_the_end(db: str, descending: bool) -> None:
    account_id = int((await Account.create(name='ООО Страницы')).id)
    await _traffic(account_id)
    where = DetailFilter(period=MARCH)
    for sort in detail_stats.SORTS:
        expected = await _all_ids(account_id, where, sort, descending)
        assert len(expected) == 90
        common: dict[str, Any] = {
            'account_id': account_id,
            'tz': TZ,
            'where': where,
            'sort': sort,
            'descending': descending,
        }
        by_offset, by_keyset, after = [], [], None
        for number in range(5):  # pages of 20: 20, 20, 20, 20, 10
            page = await detail_stats.detail_page(**common, offset=20 * number, limit=20, total=90)
            by_offset += [row.id for row in page.rows]
            step = await detail_stats.detail_page(**common, offset=20 * number, limit=20, total=90, after=after)
            by_keyset += [row.id for row in step.rows]
            after = step.last_key
        assert by_offset == expected, sort
        assert by_keyset == expected, sort
        last = await detail_stats.detail_page(**common, offset=80, limit=20, total=90)
        assert [row.id for row in last.rows] == expected[80:]
        back = await detail_stats.detail_page(**common, offset=40, limit=20, total=90, before=last.first_key)
        assert [row.id for row in back.rows] == expected[60:80]


async def test_the_sort_order_is_the_one_shown(db: str) -> None:
    account_id = int((await Account.create(name='ООО Порядок')).id)
    await _traffic(account_id)
    page = await detail_stats.detail_page(
        account_id=account_id, tz=TZ, where=DetailFilter(period=MARCH), sort='phone', limit=200, descending=False
    )
    keys = [(row.phone, row.created_at, row.id) for row in page.rows]
    assert keys == sorted(keys)
    page = await detail_stats.detail_page(account_id=account_id, tz=TZ, where=DetailFilter(period=MARCH), limit=200)
    times = [(row.created_at, row.id) for row in page.rows]
    assert times == sorted(times, reverse=True)


def _sort_key(sort: str, row: DetailRow) -> tuple[Any, ...]:
    """What the sort orders by, ties broken by time and id (for the mailing name, by the mailing first: equally named
    mailings here are made at the same moment, so by their id)."""
    first: tuple[Any, ...] = {
        'sender': (row.sender,),
        'operator': (row.operator,),
        'mailing': (row.mailing_name, row.mailing_id),
    }[sort]
    return (*first, row.created_at, row.id)


@pytest.mark.parametrize('few_rows', [stats_queries.FEW_ROWS, 1], ids=['sorted-selection', 'read-in-index-order'])
@pytest.mark.parametrize('descending', [False, True])
async def test_sender_operator_and_mailing_sorts_order_two_pages_without_repeats(
    db: str, descending: bool, few_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # few_rows=1: SQLite reads even this small selection in the index's order, as it does a big one
    monkeypatch.setattr(stats_queries, 'FEW_ROWS', few_rows)
    account_id = int((await Account.create(name='ООО Сортировка')).id)
    await _traffic(account_id)
    conn = connection()
    # a second mailing named like the first, whose messages are interleaved in time with the first one's
    again = await add_mailing(
        conn, account_id=account_id, name='Напоминание', sender='Apteka', created_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    at = datetime(2026, 3, 2, tzinfo=UTC)
    later = [SeedMessage(phone=f'+7903000000{n}', created_at=at + timedelta(hours=n), operator='Т2') for n in range(10)]
    await add_messages(conn, account_id=account_id, mailing_id=again, sender='Apteka', messages=later)
    # made before the period (its messages on its first minutes): the mailing sort still finds it
    early = await add_mailing(
        conn, account_id=account_id, name='Анонс', sender='Apteka', created_at=datetime(2026, 2, 28, 20, 58, tzinfo=UTC)
    )
    first_minutes = [
        SeedMessage(phone=f'+7926000000{n}', created_at=datetime(2026, 2, 28, 21, n, tzinfo=UTC)) for n in range(5)
    ]
    await add_messages(conn, account_id=account_id, mailing_id=early, sender='Apteka', messages=first_minutes)
    neighbour = int((await Account.create(name='ООО Соседняя')).id)
    await _traffic(neighbour, count=10)  # another account's messages in the period are never listed
    where = DetailFilter(period=MARCH)
    for sort in ('sender', 'operator', 'mailing'):
        common: dict[str, Any] = {
            'account_id': account_id,
            'tz': TZ,
            'where': where,
            'sort': sort,
            'descending': descending,
            'limit': 60,
        }
        first = await detail_stats.detail_page(**common)
        assert first.total == 105  # 21:00 UTC on 28 February is the period's first minute in Moscow
        by_keyset = await detail_stats.detail_page(**common, offset=60, total=first.total, after=first.last_key)
        by_offset = await detail_stats.detail_page(**common, offset=60, total=first.total)
        assert [row.id for row in by_offset.rows] == [row.id for row in by_keyset.rows], sort
        rows = first.rows + by_keyset.rows
        assert len({row.id for row in rows}) == len(rows) == 105, sort
        keys = [_sort_key(sort, row) for row in rows]
        assert keys == sorted(keys, reverse=descending), sort
        back = await detail_stats.detail_page(**common, offset=0, total=first.total, before=by_keyset.first_key)
        assert [row.id for row in back.rows] == [row.id for row in first.rows], sort


async def test_each_filter_matches_exactly_its_messages(db: str) -> None:
    account_id = int((await Account.create(name='ООО Фильтры')).id)
    made = await _traffic(account_id)

    async def count(**filters: object) -> int:
        where = DetailFilter(period=MARCH, **filters)  # type: ignore[arg-type]
        return await detail_stats.count_messages(account_id=account_id, tz=TZ, where=where)

    assert await count(phone='8 916') == sum(1 for m in made if m.phone.startswith('+7916'))
    assert await count(phone='+7 90') == sum(1 for m in made if m.phone.startswith('+790'))
    assert await count(operator='Билайн') == sum(1 for m in made if m.operator == 'Билайн')
    assert await count(sender='Clinic') == 45
    assert await count(mailing='весенняя акц') == 45  # case-insensitive, Cyrillic too
    assert await count(mailing='нет такой') == 0
    delivered = sum(1 for m in made if m.status is MessageStatus.delivered)
    assert await count(status=MessageStatus.delivered) == delivered
    both = sum(1 for m in made if m.status is MessageStatus.delivered and m.extra['sender'] == 'Romashka')
    assert await count(status=MessageStatus.delivered, mailing='Акция') == both
    page = await detail_stats.detail_page(
        account_id=account_id, tz=TZ, where=DetailFilter(period=MARCH, mailing='акция', phone='8916'), limit=200
    )
    assert page.rows and all(r.mailing_name == 'Весенняя Акция' and r.phone.startswith('+7916') for r in page.rows)
    assert await detail_stats.sender_choices(account_id=account_id) == ['Clinic', 'Romashka']


async def test_a_messages_history_lists_its_status_changes_in_order(db: str) -> None:
    account_id = int((await Account.create(name='ООО История')).id)
    conn = connection()
    at = datetime(2026, 3, 5, 10, tzinfo=UTC)
    mailing_id = await add_mailing(conn, account_id=account_id, name='Одна', created_at=at)
    (message_id,) = await add_messages(
        conn,
        account_id=account_id,
        mailing_id=mailing_id,
        sender='Shop',
        messages=[SeedMessage(phone='+79160000001', created_at=at, status=MessageStatus.undelivered, err='013')],
        with_events=True,
    )
    events = await detail_stats.message_history(account_id=account_id, message_id=message_id)
    assert [e.status for e in events] == [
        MessageStatus.scheduled,
        MessageStatus.queued,
        MessageStatus.submitted,
        MessageStatus.undelivered,
    ]
    assert events[-1].err == '013'
    assert [e.at for e in events] == sorted(e.at for e in events)


async def test_the_monitor_shows_todays_and_running_mailings_with_operator_rates(db: str) -> None:
    account = await Account.create(name='ООО Монитор')
    now = datetime.now(UTC)
    conn = connection()
    today = await add_mailing(conn, account_id=account.id, name='Сегодня', created_at=now - timedelta(minutes=10))
    old = await add_mailing(conn, account_id=account.id, name='Давняя', created_at=now - timedelta(days=5))
    statuses = [MessageStatus.delivered] * 3 + [
        MessageStatus.undelivered,
        MessageStatus.submitted,
        MessageStatus.queued,
    ]
    messages = [
        SeedMessage(
            phone=f'+7916000000{n}',
            created_at=now - timedelta(minutes=10),
            status=status,
            operator='МТС',
            cost=Decimal('2.35'),
        )
        for n, status in enumerate(statuses)
    ]
    await add_messages(conn, account_id=account.id, mailing_id=today, sender='Shop', messages=messages)
    done = [SeedMessage(phone='+79160000009', created_at=now - timedelta(days=5))]
    await add_messages(conn, account_id=account.id, mailing_id=old, sender='Shop', messages=done)
    shot = await monitor.snapshot(account_id=account.id, tz=TZ, now=now)
    assert [m.name for m in shot.mailings] == ['Сегодня']
    (progress,) = shot.mailings
    assert (progress.total, progress.waiting, progress.sent, progress.delivered, progress.failed) == (6, 1, 1, 3, 1)
    assert progress.running
    (rate,) = shot.operators
    assert (rate.operator, rate.delivered, rate.finished, rate.in_flight) == ('МТС', 3, 4, 1)
    other = await Account.create(name='ООО Соседи')
    assert (await monitor.snapshot(account_id=other.id, tz=TZ, now=now)).mailings == []
    everyone = await monitor.snapshot(account_id=None, tz=TZ, now=now)
    assert [(m.name, m.account_name) for m in everyone.mailings] == [('Сегодня', 'ООО Монитор')]


async def test_the_hub_reads_once_per_scope_and_tick_however_many_screens_watch() -> None:
    reads: list[int | None] = []

    async def fetch(*, account_id: int | None, tz: str, now: datetime, sticky: set[int]) -> MonitorSnapshot:
        reads.append(account_id)
        return MonitorSnapshot(at=now)

    hub = MonitorHub(fetch, interval=0)
    seen: list[str] = []
    stops = [hub.subscribe(7, TZ, partial(_remember, seen, f'screen {n}')) for n in range(3)]
    hub.subscribe(8, TZ, partial(_remember, seen, 'other account'))
    await hub.tick()
    assert sorted(reads, key=str) == [7, 8]
    assert sorted(seen) == ['other account', 'screen 0', 'screen 1', 'screen 2']
    for stop in stops:
        stop()
    reads.clear()
    await hub.tick()
    assert reads == [8]
    assert hub.viewers == 1


def _remember(seen: list[str], name: str, shot: MonitorSnapshot) -> None:
    seen.append(name)


async def test_a_failing_screen_is_dropped_and_the_others_keep_their_figures() -> None:
    async def fetch(**_: object) -> MonitorSnapshot:
        return MonitorSnapshot(at=datetime.now(UTC))

    def broken(shot: MonitorSnapshot) -> None:
        raise RuntimeError('the page is gone')

    hub = MonitorHub(fetch, interval=0)
    shown: list[MonitorSnapshot] = []
    hub.subscribe(1, TZ, broken)
    hub.subscribe(1, TZ, shown.append)
    await hub.tick()
    await hub.tick()
    assert len(shown) == 2
    assert hub.viewers == 1
