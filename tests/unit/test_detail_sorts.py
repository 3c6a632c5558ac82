"""The sorts of Детальная статистика: the manual's columns, ties broken by time then id, the keyset of a row."""

from datetime import UTC, datetime

from domain.services import detail_stats
from storage import stats_queries
from ui_text import statistics as ts


def test_the_window_sorts_by_the_manuals_columns_each_named_for_reports() -> None:
    # «по отправителю, Номеру получателя, Оператору, Названию рассылки и статусу СМС», and by time
    assert set(detail_stats.SORTS) == {'created_at', 'sender', 'phone', 'operator', 'mailing', 'status'}
    assert set(detail_stats.SORTS) <= set(ts.DETAIL_COLUMNS)  # each is a column of the table, sortable from its header
    assert set(ts.SORT_NAMES) == set(detail_stats.SORTS)


def test_every_sort_breaks_ties_by_time_then_id() -> None:
    for columns in stats_queries.SORTS.values():
        assert columns[-2:] == ('m.created_at', 'm.id')
    # equally named mailings: mailing by mailing, the older first
    assert stats_queries.SORTS['mailing'] == ('g.name', 'g.created_at', 'g.id', 'm.created_at', 'm.id')


def test_the_keyset_of_a_row_is_read_from_the_page_columns() -> None:
    at, made = datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 3, 2, 9, tzinfo=UTC)
    row = {
        'id': 7,
        'created_at': at,
        'sender': 'Shop',
        'operator': 'МТС',
        'mailing_id': 3,
        'mailing_name': 'Акция',
        'mailing_created_at': made,
    }
    assert stats_queries.sort_values('sender', row) == ('Shop', at, 7)
    assert stats_queries.sort_values('operator', row) == ('МТС', at, 7)
    assert stats_queries.sort_values('mailing', row) == ('Акция', made, 3, at, 7)
