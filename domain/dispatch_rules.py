"""Pure rules of the delivery engine: when a refused submit is tried again, how a receipt with an unknown SMSC id
is matched to a message whose submit is in doubt, and the sending-rate meter shown in the UI.

The engine itself is domain/services/dispatch.py; the exactly-once rule is written down there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_ATTEMPTS = 5  # submits refused "for now" (throttled, SMSC busy) before the message is rejected
FIRST_RETRY_S = 5.0
LONGEST_RETRY_S = 300.0


def retry_delay_s(attempts: int) -> float:
    """Seconds to wait before the next submit after `attempts` tries: 5, 10, 20, 40, ... at most 300."""
    return min(LONGEST_RETRY_S, FIRST_RETRY_S * 2 ** max(0, attempts - 1))


def gives_up(attempts: int, max_attempts: int = MAX_ATTEMPTS) -> bool:
    """Tell whether a message refused for now after `attempts` tries is rejected instead of tried again."""
    return attempts >= max_attempts


def error_text(command_status: int) -> str:
    """The SMPP command_status as stored in a message's `err` ('0x0B')."""
    return f'0x{command_status:02X}'


def phone_digits(phone: str) -> str:
    """A phone number reduced to its digits ('+7 916 123-45-67' -> '79161234567')."""
    return ''.join(ch for ch in phone if ch.isdigit())


@dataclass(kw_only=True, slots=True)
class DoubtCandidate:
    """A message whose submit is in doubt (claimed by a dead dispatcher), or one reconciled with parts still unknown."""

    message_id: int
    phone: str
    text: str
    parts: int
    known_parts: int = 0  # parts already matched to a receipt (MessagePart rows)


@dataclass(kw_only=True, slots=True, frozen=True)
class LooseReceipt:
    """A receipt whose SMSC id matches no submitted part: its key (the orphan row), recipient and 'text:' prefix."""

    key: int
    destination: str
    text: str


def match_loose_receipts(
    receipts: Sequence[LooseReceipt], candidates: Iterable[DoubtCandidate]
) -> dict[int, DoubtCandidate]:
    """Match receipts to in-doubt messages: by recipient, then by the receipt's text prefix when ambiguous.

    Each message takes at most one receipt per part. When two messages to one number still fit (the same text sent
    twice), the oldest is taken: either reached the SMSC, and both are settled by their own receipts or the grace
    period. Returns receipt key -> the matched candidate (whose `known_parts` is advanced).
    """
    by_phone: dict[str, list[DoubtCandidate]] = {}
    for candidate in sorted(candidates, key=lambda c: c.message_id):
        by_phone.setdefault(phone_digits(candidate.phone), []).append(candidate)
    matched: dict[int, DoubtCandidate] = {}
    for receipt in receipts:
        room = [c for c in by_phone.get(phone_digits(receipt.destination), ()) if c.known_parts < c.parts]
        if not room:
            continue
        chosen = _by_text(room, receipt.text.strip())
        chosen.known_parts += 1
        matched[receipt.key] = chosen
    return matched


def _by_text(room: list[DoubtCandidate], text: str) -> DoubtCandidate:
    if len(room) == 1 or not text:
        return room[0]
    same_start = [c for c in room if c.text.startswith(text)]
    if same_start:
        return same_start[0]
    inside = [c for c in room if text in c.text]  # a later part of a long message
    return inside[0] if inside else room[0]


class RateMeter:
    """Events per second over a sliding window (the UI's «сообщений в секунду за минуту»)."""

    def __init__(self, window_s: int = 60) -> None:
        self._window = window_s
        self._buckets: deque[list[int]] = deque()  # [whole second, count], oldest first

    def add(self, count: int, now_s: float) -> None:
        """Count `count` events at the moment `now_s` (seconds on any monotonic clock)."""
        second = int(now_s)
        if self._buckets and self._buckets[-1][0] == second:
            self._buckets[-1][1] += count
        else:
            self._buckets.append([second, count])
        self._drop_old(second)

    def per_second(self, now_s: float) -> float:
        """The average rate over the window ending at `now_s`."""
        self._drop_old(int(now_s))
        return sum(count for _, count in self._buckets) / self._window

    def _drop_old(self, second: int) -> None:
        while self._buckets and self._buckets[0][0] <= second - self._window:
            self._buckets.popleft()
