"""Showing stored UTC moments in the viewer's time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = 'Europe/Moscow'


def format_local(moment: datetime | None, tz: str = DEFAULT_TZ, *, empty: str = '') -> str:
    """`dd.mm.yyyy hh:mm` of a UTC-aware moment in the zone `tz`."""
    if moment is None:
        return empty
    return moment.astimezone(ZoneInfo(tz)).strftime('%d.%m.%Y %H:%M')


def format_local_date(moment: datetime | None, tz: str = DEFAULT_TZ, *, empty: str = '') -> str:
    """`dd.mm.yyyy` of a UTC-aware moment in the zone `tz`."""
    if moment is None:
        return empty
    return moment.astimezone(ZoneInfo(tz)).strftime('%d.%m.%Y')
