from datetime import UTC, datetime

from domain.clock import format_local, format_local_date


def test_utc_moments_are_shown_in_the_viewers_zone() -> None:
    moment = datetime(2026, 12, 31, 20, 30, tzinfo=UTC)
    assert format_local(moment, 'Europe/Moscow') == '31.12.2026 23:30'
    assert format_local(moment, 'Asia/Novosibirsk') == '01.01.2027 03:30'
    assert format_local_date(moment, 'Europe/Kaliningrad') == '31.12.2026'


def test_a_missing_moment_shows_the_placeholder() -> None:
    assert format_local(None, empty='—') == '—'
    assert format_local_date(None) == ''
