import pytest

from domain.base_fields import (
    FieldSetting,
    default_settings,
    enabled_fields,
    labels,
    settings_from_json,
    settings_to_json,
    validate_settings,
)
from domain.errors import DomainError
from domain.fields import SubscriberField

DEFAULTS = {f.value: f.value.upper() for f in SubscriberField}


def test_a_new_base_uses_the_standard_fields_and_no_notes() -> None:
    enabled = enabled_fields(default_settings())
    assert SubscriberField.phone in enabled and SubscriberField.region in enabled
    assert not any(f.value.startswith('note') for f in enabled)


def test_settings_survive_the_json_round_trip() -> None:
    settings = default_settings()
    settings['note1'] = FieldSetting(key=SubscriberField.note1, enabled=True, label='Номер заказа')
    restored = settings_from_json(settings_to_json(settings))
    assert restored == settings
    assert labels(restored, DEFAULTS)['note1'] == 'Номер заказа'
    assert labels(restored, DEFAULTS)['note2'] == 'NOTE2'


def test_the_phone_field_cannot_be_switched_off() -> None:
    raw = settings_to_json(default_settings())
    raw['phone']['enabled'] = False
    assert settings_from_json(raw)['phone'].enabled
    cleaned = validate_settings({'phone': FieldSetting(key=SubscriberField.phone, enabled=False)})
    assert cleaned['phone'].enabled


def test_unknown_keys_and_garbage_in_stored_json_are_ignored() -> None:
    restored = settings_from_json({'note99': {'enabled': True}, 'note1': 'garbage', 'note2': {'enabled': True}})
    assert 'note99' not in restored
    assert not restored['note1'].enabled and restored['note2'].enabled


@pytest.mark.parametrize(
    ('label', 'code'),
    [('x' * 41, 'field_label_too_long'), ('[Заказ]', 'field_label_brackets'), ('{{x}}', 'field_label_brackets')],
)
def test_bad_labels_are_refused_naming_the_field(label: str, code: str) -> None:
    with pytest.raises(DomainError) as error:
        validate_settings({'note1': FieldSetting(key=SubscriberField.note1, enabled=True, label=label)})
    assert error.value.code == code and error.value.details['field'] == 'note1'


def test_two_fields_cannot_share_a_label() -> None:
    settings = {
        'note1': FieldSetting(key=SubscriberField.note1, enabled=True, label='Заказ'),
        'note2': FieldSetting(key=SubscriberField.note2, enabled=True, label=' заказ '),
    }
    with pytest.raises(DomainError) as error:
        validate_settings(settings)
    assert error.value.code == 'field_label_duplicate'


def test_labels_are_trimmed() -> None:
    cleaned = validate_settings(
        {'note1': FieldSetting(key=SubscriberField.note1, enabled=True, label='  Номер   заказа ')}
    )
    assert cleaned['note1'].label == 'Номер заказа'
