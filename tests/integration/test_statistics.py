"""Общая и детальная статистика on SQLite and PostgreSQL: totals equal the detailed rows, local-day edges, isolation."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.errors import NotFound
from domain.services import detail_stats, statistics
from domain.services.detail_stats import DetailFilter
from domain.services.statistics import StatsQuery
from domain.stats import Grouping, Period, StatusGroup
from domain.statuses import MessageStatus, is_charged
from storage.models import Account, Template
from storage.stats_seed import SeedMessage, add_mailing, add_messages
from storage.subscriber_queries import connection

OPERATORS = ('МТС', 'МегаФон', 'Билайн', '')
REGIONS = ('Город Москва', 'Приморский край', 'Новосибирская область')
FEBRUARY = Period(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))


async def _account(name: str, tz: str = 'Europe/Moscow') -> int:
    return int((await Account.create(name=name, timezone=tz)).id)


async def _mixed_traffic(account_id: int, *, seed: int, count: int = 240) -> list[tuple[str, SeedMessage, int | None]]:
    """Random messages over February (and a few just outside it) in two mailings of different senders."""
    rng = random.Random(seed)
    template = await Template.create(account_id=account_id, name=f'Шаблон {seed}', text='Привет')
    conn = connection()
    made: list[tuple[str, SeedMessage, int | None]] = []
    for sender, template_id in (('ShopOne', template.id), ('ShopTwo', None)):
        mailing_id = await add_mailing(
            conn,
            account_id=account_id,
            name=f'Акция {sender}',
            sender=sender,
            created_at=datetime(2026, 1, 25, tzinfo=UTC),
        )
        messages = [
            SeedMessage(
                phone=f'+7916{rng.randrange(10**7):07d}',
                created_at=datetime(2026, 1, 31, 20, tzinfo=UTC) + timedelta(minutes=rng.randrange(29 * 24 * 60)),
                status=rng.choice(list(MessageStatus)),
                parts=rng.randint(1, 3),
                cost=Decimal(rng.randint(100, 900)) / 100,
                operator=rng.choice(OPERATORS),
                region=rng.choice(REGIONS),
            )
            for _ in range(count // 2)
        ]
        await add_messages(
            conn,
            account_id=account_id,
            mailing_id=mailing_id,
            sender=sender,
            messages=messages,
            template_id=template_id,
        )
        for message in messages:
            message.extra['mailing_id'] = mailing_id
        made += [(sender, message, template_id) for message in messages]
    return made


def _in_february(message: SeedMessage) -> bool:
    start = datetime(2026, 1, 31, 21, tzinfo=UTC)  # 1 February 00:00 in Moscow
    return start <= message.created_at < start + timedelta(days=28)


async def test_totals_of_every_grouping_equal_the_detailed_rows(db: str) -> None:
    account_id = await _account('ООО Итоги')
    made = await _mixed_traffic(account_id, seed=7)
    february = DetailFilter(period=FEBRUARY)
    detail = await detail_stats.count_messages(account_id=account_id, tz='Europe/Moscow', where=february)
    inside = [m for _, m, _ in made if _in_february(m)]
    assert 0 < detail == len(inside) < len(made)
    not_sent = (MessageStatus.stopped, MessageStatus.cancelled)
    for grouping in Grouping:
        result = await statistics.general_stats(
            account_id=account_id, tz='Europe/Moscow', query=StatsQuery(period=FEBRUARY, grouping=grouping)
        )
        total = result.total
        assert total.messages + total.stopped + total.cancelled == detail
        assert total.parts == sum(m.parts for m in inside if m.status not in not_sent)
        assert total.cost == sum((m.cost for m in inside if is_charged(m.status)), Decimal('0.00'))
        assert total.groups[StatusGroup.delivered] == sum(1 for m in inside if m.status is MessageStatus.delivered)
        for row in result.rows:
            counted = row.tally.messages + row.tally.stopped + row.tally.cancelled
            assert counted == await _detail_count(account_id, grouping, row.key, made), (grouping, row.key)


async def _detail_count(account_id: int, grouping: Grouping, key: object, made: list) -> int:
    """The same group counted from the detailed rows (the window's filters, or the seed where it has none)."""
    if grouping is Grouping.day:
        assert isinstance(key, date)
        where = DetailFilter(period=Period(date_from=key, date_to=key))
        return await detail_stats.count_messages(account_id=account_id, tz='Europe/Moscow', where=where)
    if grouping is Grouping.operator and key:
        where = DetailFilter(period=FEBRUARY, operator=str(key))
        return await detail_stats.count_messages(account_id=account_id, tz='Europe/Moscow', where=where)
    if grouping is Grouping.sender:
        where = DetailFilter(period=FEBRUARY, sender=str(key))
        return await detail_stats.count_messages(account_id=account_id, tz='Europe/Moscow', where=where)
    inside = [(s, m, tpl) for s, m, tpl in made if _in_february(m)]
    if grouping is Grouping.week:
        return sum(1 for _, m, _ in inside if _moscow_day(m) - timedelta(days=_moscow_day(m).weekday()) == key)
    if grouping is Grouping.month:
        return sum(1 for _, m, _ in inside if _moscow_day(m).replace(day=1) == key)
    if grouping is Grouping.operator:
        return sum(1 for _, m, _ in inside if m.operator == key)
    if grouping is Grouping.region:
        return sum(1 for _, m, _ in inside if m.region == key)
    if grouping is Grouping.template:
        return sum(1 for _, _, tpl in inside if tpl == key)
    return sum(1 for _, m, _ in inside if m.extra['mailing_id'] == key)


def _moscow_day(message: SeedMessage) -> date:
    return (message.created_at + timedelta(hours=3)).date()


async def test_each_mailing_row_counts_exactly_its_messages(db: str) -> None:
    account_id = await _account('ООО Рассылки')
    made = await _mixed_traffic(account_id, seed=11)
    result = await statistics.general_stats(
        account_id=account_id, tz='Europe/Moscow', query=StatsQuery(period=FEBRUARY, grouping=Grouping.mailing)
    )
    by_name = {row.name: row.tally for row in result.rows}
    for sender in ('ShopOne', 'ShopTwo'):
        expected = sum(1 for s, m, _ in made if s == sender and _in_february(m))
        tally = by_name[f'Акция {sender}']
        assert tally.messages + tally.stopped + tally.cancelled == expected


async def test_a_template_filter_counts_only_that_templates_messages(db: str) -> None:
    account_id = await _account('ООО Шаблоны')
    made = await _mixed_traffic(account_id, seed=5)
    template_id = next(tpl for _, _, tpl in made if tpl is not None)
    result = await statistics.general_stats(
        account_id=account_id,
        tz='Europe/Moscow',
        query=StatsQuery(period=FEBRUARY, grouping=Grouping.month, template_id=template_id),
    )
    expected = sum(1 for _, m, tpl in made if tpl == template_id and _in_february(m))
    assert result.total.messages + result.total.stopped + result.total.cancelled == expected
    assert await statistics.template_choices(account_id=account_id) == [(template_id, 'Шаблон 5')]


@pytest.mark.parametrize(
    ('tz', 'late', 'early'),
    [
        # 23:30 on the 31st and 00:10 on the 1st, local time, written in UTC
        ('Europe/Moscow', datetime(2026, 1, 31, 20, 30, tzinfo=UTC), datetime(2026, 1, 31, 21, 10, tzinfo=UTC)),
        ('Asia/Vladivostok', datetime(2026, 1, 31, 13, 30, tzinfo=UTC), datetime(2026, 1, 31, 14, 10, tzinfo=UTC)),
    ],
)
async def test_a_message_at_23_30_local_on_the_31st_belongs_to_the_31st(
    db: str, tz: str, late: datetime, early: datetime
) -> None:
    account_id = await _account('ООО Полночь', tz)
    conn = connection()
    mailing_id = await add_mailing(conn, account_id=account_id, name='Полночь', created_at=late)
    messages = [SeedMessage(phone='+79161110001', created_at=late), SeedMessage(phone='+79161110002', created_at=early)]
    await add_messages(conn, account_id=account_id, mailing_id=mailing_id, sender='TestShop', messages=messages)
    edge = Period(date_from=date(2026, 1, 31), date_to=date(2026, 2, 1))
    days = await statistics.general_stats(account_id=account_id, tz=tz, query=StatsQuery(period=edge))
    assert [(row.key, row.tally.messages) for row in days.rows] == [(date(2026, 1, 31), 1), (date(2026, 2, 1), 1)]
    months = await statistics.general_stats(
        account_id=account_id, tz=tz, query=StatsQuery(period=edge, grouping=Grouping.month)
    )
    assert [(row.key, row.tally.messages) for row in months.rows] == [(date(2026, 1, 1), 1), (date(2026, 2, 1), 1)]
    weeks = await statistics.general_stats(
        account_id=account_id, tz=tz, query=StatsQuery(period=edge, grouping=Grouping.week)
    )
    assert [(row.key, row.tally.messages) for row in weeks.rows] == [(date(2026, 1, 26), 2)]
    only_31 = DetailFilter(period=Period(date_from=date(2026, 1, 31), date_to=date(2026, 1, 31)))
    page = await detail_stats.detail_page(account_id=account_id, tz=tz, where=only_31)
    assert [row.phone for row in page.rows] == ['+79161110001']


async def test_days_follow_a_daylight_saving_change(db: str) -> None:
    """Russian zones have fixed offsets; a zone with DST still puts each message on its local day."""
    account_id = await _account('Berlin GmbH', 'Europe/Berlin')
    conn = connection()
    moments = [
        datetime(2026, 3, 28, 22, 30, tzinfo=UTC),  # 28.03 23:30 CET
        datetime(2026, 3, 29, 21, 30, tzinfo=UTC),  # 29.03 23:30 CEST
        datetime(2026, 3, 29, 22, 30, tzinfo=UTC),  # 30.03 00:30 CEST
    ]
    mailing_id = await add_mailing(conn, account_id=account_id, name='DST', created_at=moments[0])
    messages = [SeedMessage(phone=f'+7916111000{n}', created_at=at) for n, at in enumerate(moments)]
    await add_messages(conn, account_id=account_id, mailing_id=mailing_id, sender='TestShop', messages=messages)
    period = Period(date_from=date(2026, 3, 28), date_to=date(2026, 3, 30))
    result = await statistics.general_stats(account_id=account_id, tz='Europe/Berlin', query=StatsQuery(period=period))
    assert [row.tally.messages for row in result.rows] == [1, 1, 1]


async def test_another_accounts_messages_never_appear(db: str) -> None:
    mine = await _account('ООО Моё')
    theirs = await _account('ООО Чужое')
    await _mixed_traffic(theirs, seed=3)
    for grouping in Grouping:
        result = await statistics.general_stats(
            account_id=mine, tz='Europe/Moscow', query=StatsQuery(period=FEBRUARY, grouping=grouping)
        )
        assert result.total.messages == 0
        assert all(row.tally.messages == 0 for row in result.rows)
    page = await detail_stats.detail_page(
        account_id=mine, tz='Europe/Moscow', where=DetailFilter(period=FEBRUARY, mailing='Акция')
    )
    assert page.total == 0
    assert page.rows == []
    their_page = await detail_stats.detail_page(
        account_id=theirs, tz='Europe/Moscow', where=DetailFilter(period=FEBRUARY)
    )
    with pytest.raises(NotFound):
        await detail_stats.message_history(account_id=mine, message_id=their_page.rows[0].id)
