"""Which subscriber fields a phone base uses and under which labels (Настройка базы получателей СМС)."""

from collections.abc import Mapping
from dataclasses import dataclass

from domain.errors import DomainError
from domain.fields import ALWAYS_ENABLED, CUSTOM_FIELDS, STANDARD_FIELDS, SubscriberField

MAX_LABEL_LENGTH = 40
_LABEL_FORBIDDEN = set('[]{}')
# A new base shows what the manual's first subscriber list shows: the person, the number and what was detected.
_ENABLED_BY_DEFAULT = frozenset(STANDARD_FIELDS)


@dataclass(kw_only=True, slots=True, frozen=True)
class FieldSetting:
    """One field of a base: switched on or off, and its label ('' = the default label)."""

    key: SubscriberField
    enabled: bool
    label: str = ''


def default_settings() -> dict[str, FieldSetting]:
    """The settings of a new base: standard fields on, the ten notes off, default labels."""
    return {
        field.value: FieldSetting(key=field, enabled=field in _ENABLED_BY_DEFAULT)
        for field in (*STANDARD_FIELDS, *CUSTOM_FIELDS)
    }


def settings_from_json(raw: Mapping[str, object] | None) -> dict[str, FieldSetting]:
    """Settings stored as JSON ({key: {enabled, label}}); unknown keys are ignored, missing ones take defaults."""
    settings = default_settings()
    for key, value in (raw or {}).items():
        if key not in settings or not isinstance(value, Mapping):
            continue
        field = SubscriberField(key)
        enabled = bool(value.get('enabled', False)) or field in ALWAYS_ENABLED
        settings[key] = FieldSetting(key=field, enabled=enabled, label=str(value.get('label', '') or ''))
    return settings


def settings_to_json(settings: Mapping[str, FieldSetting]) -> dict[str, dict[str, object]]:
    """The JSON form stored on the base."""
    return {key: {'enabled': s.enabled, 'label': s.label} for key, s in settings.items()}


def validate_settings(settings: Mapping[str, FieldSetting]) -> dict[str, FieldSetting]:
    """Clean labels and check them; raises DomainError naming the field whose label is wrong."""
    cleaned: dict[str, FieldSetting] = {}
    seen: dict[str, str] = {}
    for key, setting in settings.items():
        label = ' '.join(setting.label.split())
        if len(label) > MAX_LABEL_LENGTH:
            raise DomainError('field_label_too_long', field=key, limit=MAX_LABEL_LENGTH)
        if _LABEL_FORBIDDEN & set(label):
            raise DomainError('field_label_brackets', field=key)
        if label and label.casefold() in seen:
            raise DomainError('field_label_duplicate', field=key, other=seen[label.casefold()])
        if label:
            seen[label.casefold()] = key
        enabled = setting.enabled or setting.key in ALWAYS_ENABLED
        cleaned[key] = FieldSetting(key=setting.key, enabled=enabled, label=label)
    return cleaned


def enabled_fields(settings: Mapping[str, FieldSetting]) -> list[SubscriberField]:
    """The fields a base shows, in the manual's order."""
    return [s.key for s in settings.values() if s.enabled]


def labels(settings: Mapping[str, FieldSetting], defaults: Mapping[str, str]) -> dict[str, str]:
    """Each field's label: the base's own, or the default one."""
    return {key: s.label or defaults[key] for key, s in settings.items()}
