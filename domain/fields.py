"""Subscriber fields: the stable keys that bases label and templates insert.

Keys never change; each phone base gives them labels (ui_text holds the default ones), so renaming a label never
breaks a stored template.
"""

from enum import StrEnum

NOTE_COUNT = 10


class SubscriberField(StrEnum):
    """A column of a subscriber: eight standard ones and the custom `note1..note10`."""

    phone = 'phone'
    last_name = 'last_name'
    first_name = 'first_name'
    middle_name = 'middle_name'
    birth_date = 'birth_date'
    gender = 'gender'
    region = 'region'
    operator = 'operator'
    note1 = 'note1'
    note2 = 'note2'
    note3 = 'note3'
    note4 = 'note4'
    note5 = 'note5'
    note6 = 'note6'
    note7 = 'note7'
    note8 = 'note8'
    note9 = 'note9'
    note10 = 'note10'


class Gender(StrEnum):
    """A subscriber's gender as stored; templates render it as a short mark."""

    male = 'male'
    female = 'female'


STANDARD_FIELDS: tuple[SubscriberField, ...] = (
    SubscriberField.phone,
    SubscriberField.last_name,
    SubscriberField.first_name,
    SubscriberField.middle_name,
    SubscriberField.birth_date,
    SubscriberField.gender,
    SubscriberField.region,
    SubscriberField.operator,
)
CUSTOM_FIELDS: tuple[SubscriberField, ...] = tuple(SubscriberField(f'note{n}') for n in range(1, NOTE_COUNT + 1))

# A subscriber is its phone number: a base may switch any other field off, never this one.
ALWAYS_ENABLED: frozenset[SubscriberField] = frozenset({SubscriberField.phone})

# The manual's "Вставка" menu (section 3.1): these standard fields, then every custom field under its label.
TEMPLATE_INSERT_FIELDS: tuple[SubscriberField, ...] = (
    SubscriberField.phone,
    SubscriberField.last_name,
    SubscriberField.first_name,
    SubscriberField.middle_name,
    SubscriberField.birth_date,
    *CUSTOM_FIELDS,
)

FIELD_KEYS: frozenset[str] = frozenset(field.value for field in SubscriberField)


def is_field_key(key: str) -> bool:
    """Tell whether `key` names a subscriber field."""
    return key in FIELD_KEYS


def is_custom(key: str) -> bool:
    """Tell whether `key` is one of the custom fields `note1..note10`."""
    return key in CUSTOM_FIELDS


def note_field(number: int) -> SubscriberField:
    """Return the custom field `note<number>`, numbered from 1."""
    if not 1 <= number <= NOTE_COUNT:
        raise ValueError(f'note number must be 1..{NOTE_COUNT}, got {number}')
    return SubscriberField(f'note{number}')
