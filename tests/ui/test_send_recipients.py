"""The composer's recipients: counts per source and the unique total, the filter window, a file, several sources."""

from datetime import date

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

import ui_text as t
from domain.services import bases, subscribers
from domain.services.subscriber_input import SubscriberInput
from tests.ui.test_send import open_composer, sending_world, set_value
from ui_text import sending as ts

MOSCOW_MTS = '+79161234567'
MOSCOW_BEELINE = '+79031234567'
PRIMORYE_MEGAFON = '+79241234567'


async def test_each_source_is_counted_and_repeats_count_once_in_the_total(user: User) -> None:
    world = await sending_world(phones=(MOSCOW_MTS, MOSCOW_BEELINE))
    await open_composer(user)
    user.find(marker=f'send-base-{world.base_id}').click()
    await user.should_see(ts.source_counts_line(2, 0, 0, 2), retries=40)
    user.find(marker='send-numbers').type('8 916 123-45-67, 89241234567')
    await user.should_see(ts.source_counts_line(2, 2, 0, 3), retries=40)


async def test_an_exclusion_base_is_offered_for_every_base(user: User) -> None:
    world = await sending_world(phones=(MOSCOW_MTS,))
    other = await bases.create_base(account_id=world.account_id, name='Отписавшиеся')
    await open_composer(user)
    user.find(marker='tab-exclude').click()
    await user.should_see(marker=f'send-exclude-{world.base_id}')
    await user.should_see(marker=f'send-exclude-{other.id}')


async def test_the_filter_window_counts_live_and_chooses_the_base_with_the_filter(user: User) -> None:
    world = await sending_world(phones=(MOSCOW_MTS, MOSCOW_BEELINE, PRIMORYE_MEGAFON))
    await open_composer(user)
    user.find(marker=f'send-base-filter-{world.base_id}').click()
    await user.should_see(ts.FILTER_TITLE, retries=40)
    await user.should_see(ts.filter_matching(3, 3), retries=40)
    set_value(user, 'filter-regions', ['Город Москва'])
    await user.should_see(ts.filter_matching(2, 3), retries=40)
    set_value(user, 'filter-operators', ['Билайн'])
    await user.should_see(ts.filter_matching(1, 3), retries=40)
    user.find(marker='filter-apply').click()
    await user.should_see(ts.base_choice('Новая база', 1, 3), retries=40)
    await user.should_see(ts.source_counts_line(1, 0, 0, 1), retries=40)


async def test_the_filter_window_closes_only_by_its_buttons_and_cancel_drops_the_criteria(user: User) -> None:
    world = await sending_world(phones=(MOSCOW_MTS, MOSCOW_BEELINE, PRIMORYE_MEGAFON))
    await open_composer(user)
    user.find(marker=f'send-base-filter-{world.base_id}').click()
    await user.should_see(ts.filter_matching(3, 3), retries=40)
    (window,) = user.find(marker='filter-window').elements
    assert isinstance(window, ui.dialog) and 'persistent' in window.props  # Esc and a click outside do nothing
    await user.should_see(ts.FILTER_APPLY)
    set_value(user, 'filter-regions', ['Город Москва'])
    await user.should_see(ts.filter_matching(2, 3), retries=40)
    user.find(marker='filter-cancel').click()
    assert not window.value
    (box,) = user.find(marker=f'send-base-{world.base_id}').elements
    assert isinstance(box, ui.checkbox) and not box.value
    await user.should_see(ts.base_choice('Новая база', None, 3), retries=40)
    await user.should_see(ts.source_counts_line(0, 0, 0, 0), retries=40)


async def test_birthday_today_and_a_field_condition_narrow_the_choice(user: User) -> None:
    world = await sending_world(phones=(MOSCOW_MTS,), note1='VIP')
    await subscribers.add_subscriber(
        account_id=world.account_id, base_id=world.base_id, data=SubscriberInput(phone=MOSCOW_BEELINE)
    )
    await open_composer(user)
    user.find(marker=f'send-base-filter-{world.base_id}').click()
    await user.should_see(ts.filter_matching(2, 2), retries=40)
    set_value(user, 'filter-field', 'note1')
    set_value(user, 'filter-op', 'empty')
    await user.should_see(ts.filter_matching(1, 2), retries=40)
    set_value(user, 'filter-op', 'equals')
    set_value(user, 'filter-value', 'VIP')
    await user.should_see(ts.filter_matching(1, 2), retries=40)
    user.find(marker='filter-birthday-today').click()
    await user.should_see(ts.filter_matching(0, 2), retries=40)


async def test_birth_dates_are_typed_the_russian_way_and_an_impossible_one_is_refused(user: User) -> None:
    world = await sending_world(phones=(MOSCOW_MTS,))
    await subscribers.add_subscriber(
        account_id=world.account_id,
        base_id=world.base_id,
        data=SubscriberInput(phone=MOSCOW_BEELINE, birth_date=date(1990, 2, 1)),
    )
    await open_composer(user)
    user.find(marker=f'send-base-filter-{world.base_id}').click()
    await user.should_see(ts.filter_matching(2, 2), retries=40)
    set_value(user, 'filter-birth-from', '01.01.1990')
    await user.should_see(ts.filter_matching(1, 2), retries=40)
    set_value(user, 'filter-birth-to', '31.02.1990')
    await user.should_see(ts.BAD_BIRTH_DATE, retries=40)


async def test_numbers_from_a_file_are_counted_and_nothing_is_saved_to_a_base(user: User) -> None:
    world = await sending_world(phones=(MOSCOW_MTS,))
    await open_composer(user)
    user.find(marker='tab-file').click()
    user.find(marker='send-file-choose').click()
    await user.should_see(ts.FILE_TITLE, retries=20)
    upload = user.find(marker='send-file-upload').elements.pop()
    assert isinstance(upload, ui.upload)
    data = 'Телефон;Примечание\n89031234567;первый\n89241234567;второй\nне номер;третий\n'.encode()
    await upload.handle_uploads([SmallFileUpload('clients.csv', 'text/csv', data)])
    await user.should_see(t.MAPPING_TITLE, retries=50)
    user.find(marker='send-file-use').click()
    await user.should_see(ts.file_loaded('clients.csv', 3), retries=50)
    await user.should_see(ts.source_counts_line(0, 0, 2, 2), retries=40)
    assert (await bases.get_base(account_id=world.account_id, base_id=world.base_id)).subscriber_count == 1
    user.find(marker='send-file-remove').click()
    await user.should_see(ts.source_counts_line(0, 0, 0, 0), retries=40)


async def test_several_filled_sources_ask_before_preparing(user: User) -> None:
    world = await sending_world(phones=(MOSCOW_MTS,))
    await open_composer(user)
    user.find(marker='send-text').type('Привет')
    user.find(marker=f'send-base-{world.base_id}').click()
    user.find(marker='send-numbers').type('89031234567')
    await user.should_see(ts.source_counts_line(1, 1, 0, 2), retries=40)
    user.find(marker='send-button').click()
    await user.should_see(ts.several_sources(f'«{ts.TAB_BASES}», «{ts.TAB_NUMBERS}»', 2), retries=40)
    user.find(marker='confirm-yes').click()
    await user.should_see(ts.CONFIRM_TITLE, retries=100)
