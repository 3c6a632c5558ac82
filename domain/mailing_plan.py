"""Planning a mailing's messages: rendered texts and their parts, prices by operator group, and due times.

Everything here works on whole columns (one list per attribute, aligned with the recipients) and repeats no work
that is the same for many recipients: a text is counted once, a zone's due time is computed once, a price is looked
up once per operator group. The current time is always passed in.

Due times: each recipient's planned moment (domain.send_time.due_at_utc) is moved into the recipient's allowed
window when there is one; a speed limit then walks the messages in order of that moment and keeps at least
60 / rate seconds between two consecutive ones (so no minute holds more than `rate` messages and nobody gets a
message before their own moment); a message pushed out of its window waits for the window's next opening and
leaves the moment to the next ready message.
"""

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from domain.phones import PhoneStyle
from domain.pricing import OperatorGroup, Tariff, message_cost, operator_group, price_for
from domain.segments import Encoding, count_segments
from domain.send_time import apply_window, due_at_utc, in_window, recipient_zone, spread_by_rate
from domain.templates import render_many

_MICROSECONDS_PER_MINUTE = 60_000_000
_ZERO = Decimal('0.00')


@dataclass(kw_only=True, slots=True, frozen=True)
class Texts:
    """Rendered messages, aligned with the recipients: text, parts (0: empty) and whether it travels as UCS-2."""

    texts: list[str]
    parts: list[int]
    ucs2: list[bool]


@dataclass(kw_only=True, slots=True, frozen=True)
class Costs:
    """Each message's price of one part and cost (parts x price, kopeck-exact), and their exact sum."""

    prices: list[Decimal]
    costs: list[Decimal]
    total: Decimal


@dataclass(kw_only=True, slots=True, frozen=True)
class Window:
    """The recipient's allowed local sending hours [start, end); a start after the end crosses midnight."""

    start: time
    end: time


def is_russian(e164: str) -> bool:
    """Tell whether an E.164 number is Russian (+7 except Kazakhstan's +7 6xx and +7 7xx)."""
    return e164.startswith('+7') and len(e164) > 2 and e164[2] not in '67'


def render_texts(stored: str, rows: Iterable[Mapping[str, object]], *, phone_style: PhoneStyle) -> Texts:
    """Render the stored text for every recipient and count each result's parts (each distinct text once)."""
    texts = [item.text for item in render_many(stored, rows, phone_style=phone_style)]
    counted: dict[str, tuple[int, bool]] = {}
    parts: list[int] = []
    ucs2: list[bool] = []
    for text in texts:
        found = counted.get(text)
        if found is None:
            info = count_segments(text)
            found = counted[text] = (info.parts, info.encoding is Encoding.ucs2)
        parts.append(found[0])
        ucs2.append(found[1])
    return Texts(texts=texts, parts=parts, ucs2=ucs2)


def price_messages(tariff: Tariff, phones: Sequence[str], operators: Sequence[str], parts: Sequence[int]) -> Costs:
    """Price every message by its operator group; the volume tier is chosen by the mailing's total parts."""
    total_parts = sum(parts)
    group_prices = {group: price_for(tariff, group, total_parts) for group in OperatorGroup}
    groups: dict[tuple[str, bool], OperatorGroup] = {}
    costed: dict[tuple[OperatorGroup, int], Decimal] = {}
    prices: list[Decimal] = []
    costs: list[Decimal] = []
    total = _ZERO
    for phone, operator, count in zip(phones, operators, parts, strict=True):
        key = (operator, is_russian(phone))
        group = groups.get(key)
        if group is None:
            group = groups[key] = operator_group(operator or None, key[1])
        price = group_prices[group]
        cost = costed.get((group, count))
        if cost is None:
            cost = costed[(group, count)] = message_cost(count, price) if count else _ZERO
        prices.append(price)
        costs.append(cost)
        total += cost
    return Costs(prices=prices, costs=costs, total=total)


def plan_due_times(
    zones: Sequence[str],
    *,
    planned_local: datetime | None,
    local_time: bool,
    account_tz: str,
    now: datetime,
    window: Window | None = None,
    rate_per_minute: int | None = None,
) -> list[datetime]:
    """Return each recipient's due moment (UTC) given their time-zone names ('' unknown: the account's zone)."""
    by_zone: dict[str, tuple[ZoneInfo, datetime]] = {}
    for name in set(zones):
        zone = recipient_zone(name, account_tz)
        due = due_at_utc(planned_local, name, local_time=local_time, account_tz=account_tz, now=now)
        if window is not None:
            due = apply_window(due, zone, window.start, window.end)
        by_zone[name] = (zone, due)
    dues = [by_zone[name][1] for name in zones]
    if rate_per_minute is None:
        return dues
    if len(by_zone) == 1 and window is None:
        return spread_by_rate(len(dues), dues[0], rate_per_minute) if dues else []
    spread_by_rate(0, now, rate_per_minute)  # the same refusal of a rate below one
    gap = timedelta(microseconds=-(-_MICROSECONDS_PER_MINUTE // rate_per_minute))
    return _spread(dues, [by_zone[name][0] for name in zones], gap, window)


def _spread(dues: list[datetime], zones: list[ZoneInfo], gap: timedelta, window: Window | None) -> list[datetime]:
    """Hand out sending moments at least `gap` apart, earliest ready message first; a message whose moment falls
    outside its window goes back to wait for the window's next opening, leaving the moment to others."""
    result = list(dues)
    waiting = [(due, index) for index, due in enumerate(dues)]
    heapq.heapify(waiting)
    free: datetime | None = None
    while waiting:
        ready, index = heapq.heappop(waiting)
        moment = ready if free is None or ready >= free else free
        if window is not None and moment != ready:
            local = moment.astimezone(zones[index]).time()
            if not in_window(local, window.start, window.end):
                heapq.heappush(waiting, (apply_window(moment, zones[index], window.start, window.end), index))
                continue
        result[index] = moment
        free = moment + gap
    return result
