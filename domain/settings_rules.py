"""Rules for what people type into «Настройки личного кабинета»: profile, time zone, message defaults, threshold.

Each check returns the value to store, or a Problem whose code (a key of ui_text.settings.PROBLEMS) the page shows
with the field's name.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from domain.money import MAX_AMOUNT, InvalidAmount, parse_amount
from domain.phones import PhoneError, normalize_phone
from domain.send_time import MAX_VALIDITY_HOURS, MIN_VALIDITY_HOURS

# Russian time zones west to east (Europe/Kaliningrad … Asia/Kamchatka); none of them has summer time since 2014.
RUSSIAN_ZONES = (
    'Europe/Kaliningrad',
    'Europe/Moscow',
    'Europe/Volgograd',
    'Europe/Kirov',
    'Europe/Samara',
    'Europe/Ulyanovsk',
    'Europe/Saratov',
    'Europe/Astrakhan',
    'Asia/Yekaterinburg',
    'Asia/Omsk',
    'Asia/Novosibirsk',
    'Asia/Barnaul',
    'Asia/Tomsk',
    'Asia/Novokuznetsk',
    'Asia/Krasnoyarsk',
    'Asia/Irkutsk',
    'Asia/Chita',
    'Asia/Yakutsk',
    'Asia/Vladivostok',
    'Asia/Sakhalin',
    'Asia/Magadan',
    'Asia/Srednekolymsk',
    'Asia/Kamchatka',
    'Asia/Anadyr',
)
# The most SMS parts one message may take when an account raises its cap (domain.segments.DEFAULT_PARTS_CAP is 8):
# 10 parts hold 670 Cyrillic or 1530 Latin characters, more than any SMS an aggregator's operators accept.
MIN_PARTS_CAP = 1
MAX_PARTS_CAP = 10
MAX_NAME_LENGTH = 200
MAX_EMAIL_LENGTH = 200
_EMAIL = re.compile(r'^[^@\s<>"\',;]+@[^@\s<>"\',;]+\.[^@\s<>"\',;.]{2,}$')
_CONTROL = re.compile(r'[\x00-\x1f\x7f]')
_REFERENCE_DAY = datetime(2025, 1, 15)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a typed value was refused."""

    code: str


def utc_offset_hours(zone: str) -> int:
    """The zone's offset from UTC in whole hours (Russian zones have no summer time)."""
    offset = _REFERENCE_DAY.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 3600)


def clean_name(raw: str) -> str | Problem:
    """A person's name with spaces collapsed, or a Problem (too long, control characters)."""
    name = ' '.join(raw.split())
    if len(name) > MAX_NAME_LENGTH:
        return Problem('full_name_too_long')
    if _CONTROL.search(name):
        return Problem('text_control')
    return name


def clean_email(raw: str) -> str | Problem:
    """An e-mail address (may be empty), or a Problem."""
    email = raw.strip()
    if not email:
        return ''
    if len(email) > MAX_EMAIL_LENGTH:
        return Problem('email_too_long')
    if not _EMAIL.match(email):
        return Problem('email_invalid')
    return email


def clean_contact_phone(raw: str) -> str | Problem:
    """A contact phone in E.164 (may be empty), or a Problem with the phone's rejection."""
    if not raw.strip():
        return ''
    try:
        return normalize_phone(raw)
    except PhoneError as problem:
        return Problem(f'phone_{problem.reason.value}')


def clean_zone(raw: str) -> str | Problem:
    """One of the Russian zones, or a Problem."""
    return raw if raw in RUSSIAN_ZONES else Problem('timezone_unknown')


def clean_whole(raw: object, low: int, high: int, problem: str) -> int | Problem:
    """A whole number from low to high typed as text or given as a number, or Problem(problem)."""
    text = str(raw).strip().replace(' ', '') if raw is not None else ''
    if isinstance(raw, bool) or not text.isdigit() or not low <= int(text) <= high:
        return Problem(problem)
    return int(text)


def clean_parts_cap(raw: object) -> int | Problem:
    """The most parts one message may take: 1..MAX_PARTS_CAP."""
    return clean_whole(raw, MIN_PARTS_CAP, MAX_PARTS_CAP, 'parts_cap_invalid')


def clean_validity(raw: object) -> int | Problem:
    """The default validity of messages in hours: 1..72."""
    return clean_whole(raw, MIN_VALIDITY_HOURS, MAX_VALIDITY_HOURS, 'validity_invalid')


def clean_threshold(raw: object) -> Decimal | Problem:
    """The low-balance threshold in roubles: empty or 0 means no banner; kopeck-exact, not negative."""
    text = str(raw).strip() if raw is not None else ''
    if not text:
        return Decimal('0.00')
    try:
        return parse_amount(text, maximum=MAX_AMOUNT)
    except InvalidAmount as problem:
        if problem.code == 'amount_zero':
            return Decimal('0.00')
        return Problem('threshold_invalid')
