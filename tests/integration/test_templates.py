"""Templates per account, with inserts stored by key so relabelling a field never breaks them."""

import pytest

from domain.base_fields import FieldSetting
from domain.errors import DomainError, NotFound
from domain.fields import SubscriberField
from domain.services import bases, templates
from storage.models import Account, Template
from ui_text import FIELD_LABELS


async def _labels(account_id: int) -> dict[str, str]:
    return await templates.insert_labels(account_id=account_id, defaults=FIELD_LABELS)


async def test_the_manuals_template_is_stored_by_key_and_shown_by_label(db: str) -> None:
    account = await Account.create(name='ООО А')
    labels = await _labels(account.id)
    created = await templates.create_template(
        account_id=account.id, name='Номер телефона', display='Тел. для связи [Номер телефона]', labels=labels
    )
    assert created.stored == 'Тел. для связи {{phone}}'
    assert created.display == 'Тел. для связи [Номер телефона]'
    assert created.has_inserts and created.segments.parts == 1


async def test_renaming_a_note_keeps_templates_working_under_the_new_label(db: str) -> None:
    account = await Account.create(name='ООО А')
    base = await bases.create_base(account_id=account.id, name='Новая база')
    created = await templates.create_template(
        account_id=account.id, name='Заказ', display='Заказ [Примечание 1] готов', labels=await _labels(account.id)
    )
    settings = dict(base.settings)
    settings['note1'] = FieldSetting(key=SubscriberField.note1, enabled=True, label='Номер заказа')
    await bases.update_base(account_id=account.id, base_id=base.id, name=base.name, description='', settings=settings)
    labels = await _labels(account.id)
    assert labels['note1'] == 'Номер заказа'
    shown = await templates.get_template(account_id=account.id, template_id=created.id, labels=labels)
    assert shown.stored == 'Заказ {{note1}} готов'
    assert shown.display == 'Заказ [Номер заказа] готов'
    preview = templates.preview(shown.stored, {'note1': '1234'}, labels=labels, phone_style=templates.PhoneStyle.E164)
    assert preview.text == 'Заказ 1234 готов'


@pytest.mark.parametrize(
    ('name', 'display', 'code'),
    [
        ('', 'текст', 'template_name_empty'),
        ('Пустой', '   ', 'template_text_empty'),
        ('Длинный', 'я' * 70 * 9, 'template_over_cap'),
        ('Вставка', 'Привет [Нет такого поля]', 'unknown_label'),
    ],
)
async def test_bad_templates_are_refused_and_nothing_is_stored(db: str, name: str, display: str, code: str) -> None:
    account = await Account.create(name='ООО А')
    with pytest.raises(DomainError) as error:
        await templates.create_template(
            account_id=account.id, name=name, display=display, labels=await _labels(account.id)
        )
    assert error.value.code == code
    assert await Template.all().count() == 0


async def test_an_unknown_key_in_stored_text_shows_a_marker_instead_of_failing(db: str) -> None:
    account = await Account.create(name='ООО А')
    template = await Template.create(account_id=account.id, name='Старый', text='Код {{note99}}')
    shown = await templates.get_template(
        account_id=account.id, template_id=template.id, labels=await _labels(account.id)
    )
    preview = templates.preview(shown.stored, {}, labels={}, phone_style=templates.PhoneStyle.E164)
    assert '[?note99]' in preview.text and preview.unknown == ('note99',)


async def test_templates_of_another_account_are_not_found(db: str) -> None:
    owner = await Account.create(name='ООО А')
    other = await Account.create(name='ООО Б')
    labels = await _labels(owner.id)
    created = await templates.create_template(account_id=owner.id, name='Мой', display='Текст', labels=labels)
    assert await templates.list_templates(account_id=other.id, labels=labels) == []
    with pytest.raises(NotFound):
        await templates.get_template(account_id=other.id, template_id=created.id, labels=labels)
    with pytest.raises(NotFound):
        await templates.update_template(
            account_id=other.id, template_id=created.id, name='Взлом', display='x', labels=labels
        )
    with pytest.raises(NotFound):
        await templates.delete_template(account_id=other.id, template_id=created.id)
    assert (await templates.get_template(account_id=owner.id, template_id=created.id, labels=labels)).name == 'Мой'
