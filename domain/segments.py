"""SMS segments: encoding, parts and room left, the one count the editor, sending, estimates and billing share.

GSM 03.38 default alphabet: 160 septets in a single SMS, 153 per part of a concatenated one (the user data header
takes the rest). The ten extension characters cost two septets (escape + code) and an escape pair never straddles a
part, so a part may hold 152 septets. Any other character makes the whole message UCS-2: 70 UTF-16 code units in a
single SMS, 67 per part; a character outside the BMP is a surrogate pair (two units) that is never split either.
Parts are filled greedily, which is what `split_parts` hands to the gateway, so the count and the parts agree.
"""

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

GSM7_SINGLE = 160
GSM7_PART = 153
UCS2_SINGLE = 70
UCS2_PART = 67
DEFAULT_PARTS_CAP = 8

# GSM 03.38 basic character set in code order, 0x00..0x7F, without the escape at 0x1B.
GSM7_BASIC = (
    '@£$¥èéùìòÇ\nØø\rÅå'
    'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ'  # 0x1B, the escape, sits between Ξ and Æ
    ' !"#¤%&\'()*+,-./'
    '0123456789:;<=>?'
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§'
    '¿abcdefghijklmnopqrstuvwxyzäöñüà'
)
# The basic set's extension table: each of these is sent as escape (0x1B) + code, two septets.
GSM7_EXTENSION = '\f^{}\\[~]|€'

_NOT_GSM7 = re.compile('[^' + re.escape(GSM7_BASIC + GSM7_EXTENSION) + ']')
_GSM7_DOUBLE = re.compile('[' + re.escape(GSM7_EXTENSION) + ']')
_UCS2_DOUBLE = re.compile('[\U00010000-\U0010ffff]')


class Encoding(StrEnum):
    """How the message's characters travel: 7-bit septets or UTF-16 code units."""

    gsm7 = 'gsm7'
    ucs2 = 'ucs2'


class PartsProblem(StrEnum):
    """Why a message cannot be sent as counted."""

    empty = 'empty'
    over_cap = 'over_cap'


@dataclass(kw_only=True, slots=True, frozen=True)
class SegmentInfo:
    """One message's count: `units` are septets (gsm7) or UTF-16 code units (ucs2); `parts` is 0 for empty text."""

    encoding: Encoding
    units: int
    parts: int
    part_limit: int
    units_left: int


@dataclass(kw_only=True, slots=True, frozen=True)
class MailingSegments:
    """A mailing's rendered texts: how many, the longest in parts, the parts in all, and how many came out empty."""

    count: int
    max_parts: int
    total_parts: int
    empty: int


def count_segments(text: str) -> SegmentInfo:
    """Count the encoding, units, parts and units left in the current part of one message."""
    encoding, double = _encoding_of(text)
    units = len(text) + len(double.findall(text))
    single, part = _limits(encoding)
    if units <= single:
        return SegmentInfo(
            encoding=encoding, units=units, parts=1 if units else 0, part_limit=single, units_left=single - units
        )
    if units == len(text):
        parts = -(-units // part)
        last = units - (parts - 1) * part
    else:
        bounds = _part_bounds(text, double, part)
        parts = len(bounds) - 1
        last = _units_between(text, double, bounds[-2], bounds[-1])
    return SegmentInfo(encoding=encoding, units=units, parts=parts, part_limit=part, units_left=part - last)


def split_parts(text: str) -> list[str]:
    """Cut a message into the parts it is sent as; `''.join(parts) == text` and `len(parts)` is its count."""
    if not text:
        return []
    encoding, double = _encoding_of(text)
    single, part = _limits(encoding)
    if len(text) + len(double.findall(text)) <= single:
        return [text]
    bounds = _part_bounds(text, double, part)
    return [text[start:end] for start, end in pairwise(bounds)]


def summarize_many(texts: Iterable[str]) -> MailingSegments:
    """Count a mailing's rendered texts: the maximum and the total parts over its recipients."""
    count = max_parts = total_parts = empty = 0
    for text in texts:
        parts = count_segments(text).parts
        count += 1
        total_parts += parts
        max_parts = max(max_parts, parts)
        empty += parts == 0
    return MailingSegments(count=count, max_parts=max_parts, total_parts=total_parts, empty=empty)


def check_parts_cap(parts: int, cap: int = DEFAULT_PARTS_CAP) -> PartsProblem | None:
    """Refuse an empty message or one longer than the account's cap of parts; None when it may be sent."""
    if cap < 1:
        raise ValueError(f'parts cap must be at least 1, got {cap}')
    if parts == 0:
        return PartsProblem.empty
    if parts > cap:
        return PartsProblem.over_cap
    return None


def is_gsm7(text: str) -> bool:
    """Tell whether every character of `text` is in the GSM 03.38 default alphabet or its extension table."""
    return _NOT_GSM7.search(text) is None


def _encoding_of(text: str) -> tuple[Encoding, re.Pattern[str]]:
    if _NOT_GSM7.search(text) is None:
        return Encoding.gsm7, _GSM7_DOUBLE
    return Encoding.ucs2, _UCS2_DOUBLE


def _limits(encoding: Encoding) -> tuple[int, int]:
    if encoding is Encoding.gsm7:
        return GSM7_SINGLE, GSM7_PART
    return UCS2_SINGLE, UCS2_PART


def _part_bounds(text: str, double: re.Pattern[str], part: int) -> list[int]:
    """Character offsets where greedy parts of at most `part` units start, plus the end of the text."""
    wide = [match.start() for match in double.finditer(text)]
    bounds = [0]
    start = 0
    while start < len(text):
        end = min(len(text), start + part)
        over = _units_in(wide, start, end) - part
        while over > 0:
            # Dropping k characters frees between k and 2k units: ceil(over / 2) never steps past the best cut.
            end -= (over + 1) // 2
            over = _units_in(wide, start, end) - part
        bounds.append(end)
        start = end
    return bounds


def _units_in(wide: list[int], start: int, end: int) -> int:
    return end - start + bisect_left(wide, end) - bisect_left(wide, start)


def _units_between(text: str, double: re.Pattern[str], start: int, end: int) -> int:
    return end - start + len(double.findall(text, start, end))
