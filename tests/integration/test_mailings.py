"""Creating mailings on SQLite and PostgreSQL: recipients, exclusions, texts, prices, schedule and the charge."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tortoise.transactions import in_transaction

from domain.errors import DomainError, NotFound
from domain.services import billing, stoplist
from domain.services import mailings as m
from domain.statuses import LedgerKind, MailingStatus, MessageStatus
from storage import subscribers as store
from storage.models import Account, AuditEvent, LedgerEntry, Mailing, Message, PhoneBase, SenderName, Template
from storage.models import Tariff as TariffRow
from storage.subscriber_queries import connection

D = Decimal
# Part prices with four places: a 2-part MTS message costs round(2 x 0.3550) = 0.71, a Beeline one 0.3333 -> 0.33.
PRICES = {
    'mts': '0.3550',
    'megafon': '0.3400',
    'beeline': '0.3333',
    't2': '0.3000',
    'other_ru': '0.3000',
    'international': '2.0000',
}
MOSCOW_MTS = '+79161234501'  # МТС, Город Москва
NOVOSIBIRSK = '+79231234567'  # МегаФон, Новосибирская область
VLADIVOSTOK = '+79241234567'  # МегаФон, Приморский край
UNKNOWN = '+79401234567'  # not in the numbering plan


async def make_account(
    balance: str = '1000', *, credit: str = '0', timezone: str = 'Asia/Yekaterinburg', parts_cap: int = 8
) -> int:
    """An account with the test tariff, the approved sender INCORE and a balance."""
    account = await Account.create(
        name=f'ООО Тест {datetime.now(UTC).timestamp()}',
        credit_limit=D(credit),
        timezone=timezone,
        parts_cap=parts_cap,
    )
    await TariffRow.create(account_id=account.id, valid_from=date(2026, 1, 1), prices=PRICES, tiers=[])
    await SenderName.create(account_id=account.id, name='INCORE', status='approved')
    if D(balance):
        await billing.top_up(account_id=account.id, amount=D(balance), reference=f'payment:{account.id}')
    return account.id


async def make_base(account_id: int, rows: Sequence[dict[str, Any]], name: str = 'Новая база') -> int:
    """A base holding these subscribers (phone, fields; region/operator/timezone as given, else empty)."""
    base = await PhoneBase.create(account_id=account_id, name=name)
    keys = sorted({key for row in rows for key in row})
    columns = {key: [row.get(key, None if key == 'birth_date' else '') for row in rows] for key in keys}
    async with in_transaction():
        await store.insert_columns(connection(), base_id=base.id, columns=columns)
        await store.set_count(connection(), base_id=base.id)
    return base.id


def draft(account_id: int, text: str = 'Привет, {{last_name}}!', **recipients: Any) -> m.Draft:
    """A draft from INCORE; keyword arguments fill m.Recipients, `schedule`/`validity_hours` the rest."""
    schedule = recipients.pop('schedule', m.Schedule())
    validity = recipients.pop('validity_hours', 24)
    return m.Draft(
        account_id=account_id,
        user_id=None,
        text=text,
        sender='INCORE',
        recipients=m.Recipients(**recipients),
        schedule=schedule,
        validity_hours=validity,
    )


async def create(mailing_draft: m.Draft) -> tuple[m.Quote, m.Created]:
    """Prepare and confirm."""
    quote = await m.prepare(mailing_draft)
    return quote, await m.confirm(quote.token, mailing_draft)


async def messages_of(mailing_id: int) -> list[Message]:
    """The mailing's messages in creation order."""
    return await Message.filter(mailing_id=mailing_id).order_by('id')


def bases(*base_ids: int) -> tuple[m.BaseFilter, ...]:
    """Whole bases for Recipients.bases."""
    return tuple(m.BaseFilter(base_id=base_id) for base_id in base_ids)


async def test_confirm_creates_one_message_per_recipient_and_charges_their_exact_sum(db: str) -> None:
    account_id = await make_account('100')
    base_id = await make_base(
        account_id,
        [
            {
                'phone': MOSCOW_MTS,
                'last_name': 'Иванов',
                'operator': 'МТС',
                'region': 'Город Москва',
                'timezone': 'Europe/Moscow',
            },
            {
                'phone': '+79031234567',
                'last_name': 'Петрова',
                'operator': 'Билайн',
                'region': 'Город Москва',
                'timezone': 'Europe/Moscow',
            },
        ],
    )
    long_text = 'Привет, {{last_name}}! ' + 'Ж' * 60  # 2 UCS-2 parts
    template = await Template.create(account_id=account_id, name='Приветствие', text=long_text)
    mailing_draft = m.Draft(
        **{**_fields(draft(account_id, long_text, bases=bases(base_id))), 'template_id': template.id}
    )
    quote, created = await create(mailing_draft)

    rows = await messages_of(created.mailing_id)
    assert sorted((r.phone, r.parts, r.ucs2, r.operator, r.cost) for r in rows) == [
        ('+79031234567', 2, True, 'Билайн', D('0.67')),
        (MOSCOW_MTS, 2, True, 'МТС', D('0.71')),
    ]
    assert {r.text for r in rows} == {'Привет, Иванов! ' + 'Ж' * 60, 'Привет, Петрова! ' + 'Ж' * 60}
    assert all(r.status is MessageStatus.scheduled and r.region == 'Город Москва' for r in rows)
    assert {r.template_id for r in rows} == {template.id}
    assert all(r.expires_at - r.due_at == timedelta(hours=24) for r in rows)
    assert (quote.cost, quote.parts_total, quote.parts_max, quote.encoding) == (D('1.38'), 4, 2, 'UCS-2')
    assert (quote.balance_before, quote.balance_after, quote.awaiting_payment) == (D('100.00'), D('98.62'), False)
    assert created == m.Created(
        mailing_id=created.mailing_id, messages=2, status=MailingStatus.scheduled, charged=D('1.38')
    )
    charge = await LedgerEntry.get(reference=f'mailing:{created.mailing_id}')
    assert (charge.kind, charge.amount) == (LedgerKind.charge, -sum(r.cost for r in rows))
    assert await billing.balance(account_id) == D('98.62')
    mailing = await Mailing.get(id=created.mailing_id)
    assert (mailing.recipients, mailing.parts, mailing.cost, mailing.sender) == (2, 4, D('1.38'), 'INCORE')
    assert (mailing.template_id, mailing.template_name) == (template.id, 'Приветствие')
    assert mailing.sources is not None
    assert mailing.sources['bases'] == [{'id': base_id, 'name': 'Новая база'}]
    assert await AuditEvent.filter(kind='mailing_created', account_id=account_id).count() == 1
    assert await billing.verify_all() == []


async def test_stoplist_and_exclusion_bases_are_removed_and_counted(db: str) -> None:
    account_id = await make_account()
    phones = [f'+7916123450{n}' for n in range(6)]
    base_id = await make_base(account_id, [{'phone': p} for p in phones])
    exclude_id = await make_base(account_id, [{'phone': phones[0]}, {'phone': phones[1]}], name='Отписались')
    await stoplist.add_entry(account_id=account_id, raw_phone=phones[1])  # in both: the exclusion base wins
    await stoplist.add_entry(account_id=account_id, raw_phone=phones[2])

    quote, created = await create(draft(account_id, 'Акция!', bases=bases(base_id), exclude_base_ids=(exclude_id,)))

    assert (quote.recipients, quote.excluded_bases, quote.excluded_stoplist) == (3, 2, 1)
    rows = await messages_of(created.mailing_id)
    assert {r.phone: r.status for r in rows} == {
        phones[2]: MessageStatus.stopped,
        phones[3]: MessageStatus.scheduled,
        phones[4]: MessageStatus.scheduled,
        phones[5]: MessageStatus.scheduled,
    }
    stopped = next(r for r in rows if r.status is MessageStatus.stopped)
    assert (stopped.cost, stopped.price) == (D('0.00'), D('0.00'))
    assert created.charged == D('1.08') == sum(r.cost for r in rows)
    mailing = await Mailing.get(id=created.mailing_id)
    assert (mailing.excluded_bases, mailing.excluded_stoplist, mailing.recipients) == (2, 1, 3)


async def test_a_number_in_several_sources_is_sent_once_with_the_base_fields(db: str) -> None:
    account_id = await make_account()
    base_id = await make_base(account_id, [{'phone': MOSCOW_MTS, 'last_name': 'Иванов'}])
    recipients: dict[str, Any] = {
        'bases': bases(base_id),
        'numbers_text': '8 916 123-45-01\n+7 923 123 45 67; 89231234567',
        'file_rows': (
            m.FileRecipient(row=2, phone='79161234501', values={'last_name': 'Файлов'}),
            m.FileRecipient(row=3, phone='+79241234567', values={'last_name': 'Приморский', 'bogus': 'x'}),
        ),
        'file_name': 'clients.xlsx',
    }
    counts = await m.source_counts(account_id=account_id, recipients=m.Recipients(**recipients))
    assert counts == m.SourceCounts(from_bases=1, from_numbers=2, from_file=2, unique=3, filled_sources=3)

    quote, created = await create(draft(account_id, 'Привет, {{last_name}}!', **recipients))

    assert (quote.recipients, quote.duplicates) == (3, 3)
    texts = {r.phone: r.text for r in await messages_of(created.mailing_id)}
    assert texts == {MOSCOW_MTS: 'Привет, Иванов!', NOVOSIBIRSK: 'Привет, !', VLADIVOSTOK: 'Привет, Приморский!'}
    sources = (await Mailing.get(id=created.mailing_id)).sources
    assert sources is not None
    assert sources['file'] == {'name': 'clients.xlsx', 'numbers': 2}


async def test_invalid_numbers_are_counted_with_their_source_and_reason(db: str) -> None:
    account_id = await make_account()
    mailing_draft = draft(
        account_id,
        'Код 1234',
        numbers_text='+79161234501\n8916123\nИванов',
        file_rows=(m.FileRecipient(row=7, phone='7916123450123'), m.FileRecipient(row=8, phone='+79231234567')),
    )
    quote = await m.prepare(mailing_draft)
    assert (quote.recipients, quote.invalid) == (2, 3)
    assert quote.invalid_sample == (
        m.InvalidRecipient(source='numbers', raw='8916123', reason='phone_too_short'),
        m.InvalidRecipient(source='numbers', raw='Иванов', reason='phone_letters'),
        m.InvalidRecipient(source='file:7', raw='7916123450123', reason='phone_too_long'),
    )


async def test_local_time_puts_each_recipient_at_the_wall_clock_time_of_their_zone(db: str) -> None:
    account_id = await make_account(timezone='Asia/Yekaterinburg')
    tomorrow = datetime.now(ZoneInfo('Europe/Moscow')).date() + timedelta(days=2)
    planned = datetime.combine(tomorrow, time(10, 0))
    schedule = m.Schedule(send_at=planned, local_time=True)
    numbers = f'{MOSCOW_MTS}\n{NOVOSIBIRSK}\n{VLADIVOSTOK}\n{UNKNOWN}'

    quote, created = await create(draft(account_id, 'Доброе утро', numbers_text=numbers, schedule=schedule))

    rows = {r.phone: r for r in await messages_of(created.mailing_id)}
    for phone, zone in (
        (MOSCOW_MTS, 'Europe/Moscow'),
        (NOVOSIBIRSK, 'Asia/Novosibirsk'),
        (VLADIVOSTOK, 'Asia/Vladivostok'),
        (UNKNOWN, 'Asia/Yekaterinburg'),
    ):
        assert rows[phone].due_at == planned.replace(tzinfo=ZoneInfo(zone)), phone
        assert rows[phone].expires_at == rows[phone].due_at + timedelta(hours=24)
    assert rows[NOVOSIBIRSK].timezone == 'Asia/Novosibirsk' and rows[UNKNOWN].timezone == ''
    assert quote.first_due == rows[VLADIVOSTOK].due_at and quote.last_due == rows[MOSCOW_MTS].due_at
    mailing = await Mailing.get(id=created.mailing_id)
    assert mailing.send_at == rows[VLADIVOSTOK].due_at and mailing.local_time


async def test_without_local_time_the_planned_time_is_moscow_time(db: str) -> None:
    account_id = await make_account()
    planned = datetime.combine(datetime.now(ZoneInfo('Europe/Moscow')).date() + timedelta(days=1), time(9, 30))
    _, created = await create(
        draft(account_id, 'Сбор', numbers_text=f'{NOVOSIBIRSK} {VLADIVOSTOK}', schedule=m.Schedule(send_at=planned))
    )
    dues = {r.due_at for r in await messages_of(created.mailing_id)}
    assert dues == {planned.replace(tzinfo=ZoneInfo('Europe/Moscow'))}


async def test_a_window_and_a_rate_spread_the_messages(db: str) -> None:
    account_id = await make_account('5000')
    base_id = await make_base(
        account_id, [{'phone': f'+7916{n:07d}', 'timezone': 'Europe/Moscow'} for n in range(5000)]
    )
    day = datetime.now(ZoneInfo('Europe/Moscow')).date() + timedelta(days=1)
    schedule = m.Schedule(
        send_at=datetime.combine(day, time(20, 58)), window_start=time(9), window_end=time(21), rate_per_minute=1000
    )
    quote, created = await create(draft(account_id, 'Скидки', bases=bases(base_id), schedule=schedule))

    dues = sorted(r.due_at for r in await messages_of(created.mailing_id))
    moscow = ZoneInfo('Europe/Moscow')
    assert created.messages == 5000 and created.status is MailingStatus.scheduled
    assert dues[0] == datetime.combine(day, time(20, 58), moscow)
    assert all(time(9) <= due.astimezone(moscow).time() < time(21) for due in dues)
    next_morning = [due for due in dues if due.astimezone(moscow).date() == day + timedelta(days=1)]
    assert len(next_morning) == 3000  # 2,000 fit before 21:00, the rest wait for the window to open at 09:00
    assert next_morning[0] == datetime.combine(day + timedelta(days=1), time(9), moscow)
    per_minute = Counter(due.replace(second=0, microsecond=0) for due in dues)
    assert max(per_minute.values()) <= 1000
    assert quote.last_due == dues[-1]
    mailing = await Mailing.get(id=created.mailing_id)
    assert mailing.window_start is not None and mailing.window_end is not None
    assert (mailing.window_start.replace(tzinfo=None), mailing.window_end.replace(tzinfo=None)) == (time(9), time(21))
    assert mailing.rate_per_minute == 1000


async def test_a_short_balance_leaves_messages_awaiting_payment_until_paid(db: str) -> None:
    account_id = await make_account('0.50', credit='0.20')
    numbers = f'{MOSCOW_MTS} +79161234502 +79161234503'
    quote, created = await create(draft(account_id, 'Акция', numbers_text=numbers))

    assert quote.awaiting_payment and (quote.cost, quote.shortfall) == (D('1.08'), D('0.38'))  # 1.08 - (0.50 + 0.20)
    assert created.status is MailingStatus.awaiting_payment and created.charged == D('0.00')
    assert await LedgerEntry.filter(reference=f'mailing:{created.mailing_id}').count() == 0
    page = await m.awaiting_messages(account_id=account_id)
    assert page.total == 3 and {row.status for row in page.rows} == {MessageStatus.awaiting_payment}

    first, second = page.rows[0].id, page.rows[1].id
    with pytest.raises(DomainError) as refused:
        await m.pay_awaiting(account_id=account_id, message_ids=None, user_id=None)
    assert refused.value.code == 'insufficient_funds' and refused.value.details['needed'] == D('1.08')
    assert await Message.filter(status=MessageStatus.awaiting_payment).count() == 3

    await billing.top_up(account_id=account_id, amount=D('0.30'), reference='payment:2')
    paid = await m.pay_awaiting(account_id=account_id, message_ids=(first, second), user_id=None)

    assert paid == m.PayResult(released=2, charged=D('0.72'))
    assert await billing.balance(account_id) == D('0.08')
    statuses = {r.id: r.status for r in await messages_of(created.mailing_id)}
    assert statuses[first] is statuses[second] is MessageStatus.scheduled
    assert list(statuses.values()).count(MessageStatus.awaiting_payment) == 1
    entry = await LedgerEntry.get(reference=f'mailing:{created.mailing_id}')
    assert (entry.amount, entry.comment) == (D('-0.72'), 'awaiting_payment')
    assert await m.awaiting_summary(account_id=account_id) == (1, D('0.36'))


async def test_paying_keeps_a_future_planned_time_and_moves_a_past_one_to_now(db: str) -> None:
    account_id = await make_account('0')
    later = datetime.combine(datetime.now(ZoneInfo('Europe/Moscow')).date() + timedelta(days=3), time(12))
    _, future = await create(draft(account_id, 'A', numbers_text=MOSCOW_MTS, schedule=m.Schedule(send_at=later)))
    _, overdue = await create(draft(account_id, 'B', numbers_text=NOVOSIBIRSK, validity_hours=5))
    past = datetime.now(UTC) - timedelta(hours=2)
    await Message.filter(mailing_id=overdue.mailing_id).update(due_at=past, expires_at=past + timedelta(hours=5))
    await billing.top_up(account_id=account_id, amount=D('10'), reference='payment:2')

    before = datetime.now(UTC)
    paid = await m.pay_awaiting(account_id=account_id, message_ids=None, user_id=None)

    assert paid.released == 2
    kept = (await messages_of(future.mailing_id))[0]
    moved = (await messages_of(overdue.mailing_id))[0]
    assert kept.due_at == later.replace(tzinfo=ZoneInfo('Europe/Moscow'))
    assert moved.due_at >= before and moved.expires_at == moved.due_at + timedelta(hours=5)
    charges = await LedgerEntry.filter(kind=LedgerKind.charge).order_by('id').values_list('reference', 'amount')
    assert charges == [(f'mailing:{future.mailing_id}', D('-0.36')), (f'mailing:{overdue.mailing_id}', D('-0.34'))]


async def test_validation_refuses_a_draft_that_cannot_be_sent(db: str) -> None:
    account_id = await make_account()
    base = draft(account_id, 'Текст', numbers_text=MOSCOW_MTS)
    past = datetime.now(ZoneInfo('Europe/Moscow')).replace(tzinfo=None) - timedelta(hours=1)
    cases = {
        'mailing_text_empty': m.Draft(**{**_fields(base), 'text': '  '}),
        'mailing_sender_not_approved': m.Draft(**{**_fields(base), 'sender': 'OTHER'}),
        'validity_out_of_range': m.Draft(**{**_fields(base), 'validity_hours': 73}),
        'mailing_send_at_past': m.Draft(**{**_fields(base), 'schedule': m.Schedule(send_at=past)}),
        'mailing_no_recipients': m.Draft(**{**_fields(base), 'recipients': m.Recipients(numbers_text='123')}),
        'send_window_empty': m.Draft(
            **{**_fields(base), 'schedule': m.Schedule(window_start=time(9), window_end=time(9))}
        ),
        'send_rate_not_positive': m.Draft(**{**_fields(base), 'schedule': m.Schedule(rate_per_minute=0)}),
    }
    for code, bad in cases.items():
        with pytest.raises(DomainError) as refused:
            await m.prepare(bad)
        assert refused.value.code == code
    await Account.filter(id=account_id).update(is_active=False)
    with pytest.raises(DomainError) as blocked:
        await m.prepare(base)
    assert blocked.value.code == 'account_blocked'
    assert await Mailing.all().count() == 0


async def test_a_message_over_the_parts_cap_is_refused_at_confirm(db: str) -> None:
    account_id = await make_account(parts_cap=1)
    mailing_draft = draft(account_id, 'Ж' * 71, numbers_text=MOSCOW_MTS)
    quote = await m.prepare(mailing_draft)
    assert (quote.over_cap, quote.parts_cap) == (1, 1)
    with pytest.raises(DomainError) as refused:
        await m.confirm(quote.token, mailing_draft)
    assert refused.value.code == 'mailing_over_cap'
    assert await Mailing.all().count() == 0 and await Message.all().count() == 0


async def test_a_stale_token_prepares_again_and_an_empty_text_recipient_is_left_out(db: str) -> None:
    account_id = await make_account()
    base_id = await make_base(account_id, [{'phone': MOSCOW_MTS, 'note1': 'Код 7'}, {'phone': NOVOSIBIRSK}])
    mailing_draft = draft(account_id, '{{note1}}', bases=bases(base_id))
    created = await m.confirm('no-such-token', mailing_draft)
    rows = await messages_of(created.mailing_id)
    assert [(r.phone, r.text) for r in rows] == [(MOSCOW_MTS, 'Код 7')]
    assert ((await Mailing.get(id=created.mailing_id)).sources or {}).get('empty') == 1


async def test_a_cancel_during_confirm_leaves_no_mailing_messages_or_charge(db: str) -> None:
    account_id = await make_account()
    base_id = await make_base(account_id, [{'phone': f'+7916{n:07d}'} for n in range(6000)])
    mailing_draft = draft(account_id, 'Отмена', bases=bases(base_id))
    quote = await m.prepare(mailing_draft)
    seen: list[int] = []

    def cancelled() -> bool:
        return bool(seen)  # cancel once the first chunk went in

    with pytest.raises(DomainError) as stopped:
        await m.confirm(quote.token, mailing_draft, progress=lambda done, total: seen.append(done), cancelled=cancelled)

    assert stopped.value.code == 'mailing_create_cancelled' and seen == [5000]
    assert await Mailing.all().count() == 0 and await Message.all().count() == 0
    assert await LedgerEntry.filter(kind=LedgerKind.charge).count() == 0
    assert await billing.balance(account_id) == D('1000.00')


async def test_base_filters_choose_subscribers_in_sql(db: str) -> None:
    account_id = await make_account(timezone='Europe/Moscow')
    today = datetime.now(ZoneInfo('Europe/Moscow')).date()
    birthday = date(1990, today.month, min(today.day, 28))
    rows: list[dict[str, Any]] = [
        {
            'phone': '+79161230001',
            'gender': 'female',
            'region': 'Город Москва',
            'operator': 'МТС',
            'birth_date': birthday,
            'note1': 'VIP клиент',
        },
        {
            'phone': '+79161230002',
            'gender': 'male',
            'region': 'Город Москва',
            'operator': 'МТС',
            'birth_date': date(1985, 1, 1) if today.month != 1 else date(1985, 2, 1),
            'note1': '',
        },
        {
            'phone': '+79231230003',
            'gender': 'female',
            'region': 'Новосибирская область',
            'operator': 'МегаФон',
            'birth_date': None,
            'note1': 'обычный',
        },
    ]
    base_id = await make_base(account_id, rows)

    async def count(**conditions: Any) -> int:
        return await m.count_filtered(account_id=account_id, base_filter=m.BaseFilter(base_id=base_id, **conditions))

    assert await count() == 3
    assert await count(regions=('Город Москва',)) == 2
    assert await count(operators=('МегаФон', 'МТС'), gender='ж') == 2
    assert await count(birth_from=date(1980, 1, 1), birth_to=date(1989, 12, 31)) == 1
    assert await count(birthday_today=True) == (1 if birthday.day == today.day else 0)
    assert await count(field_key='note1', field_op='contains', field_value='VIP') == 1
    assert await count(field_key='note1', field_op='equals', field_value='обычный') == 1
    assert await count(field_key='note1', field_op='empty') == 1
    assert await count(field_key='birth_date', field_op='empty') == 1
    with pytest.raises(DomainError) as refused:
        await count(field_key='password', field_op='equals', field_value='x')
    assert refused.value.code == 'mailing_filter_invalid'

    options = await m.filter_options(account_id=account_id, base_id=base_id, defaults={'phone': 'Номер'})
    assert options.total == 3 and options.regions == (('Город Москва', 2), ('Новосибирская область', 1))
    assert ('phone', 'Номер') in options.fields and ('note1', 'note1') not in options.fields  # notes are off

    filtered = (m.BaseFilter(base_id=base_id, regions=('Новосибирская область',)),)
    _, created = await create(draft(account_id, 'Только НСК', bases=filtered))
    assert [r.phone for r in await messages_of(created.mailing_id)] == ['+79231230003']


async def test_lists_of_mailings_filter_by_period_sender_and_status(db: str) -> None:
    account_id = await make_account('1', timezone='Europe/Moscow')
    moscow = ZoneInfo('Europe/Moscow')
    in_five_days = datetime.combine(datetime.now(moscow).date() + timedelta(days=5), time(12))
    _, now_mailing = await create(draft(account_id, 'Сейчас', numbers_text=MOSCOW_MTS))
    _, later = await create(
        draft(account_id, 'Потом', numbers_text=NOVOSIBIRSK, schedule=m.Schedule(send_at=in_five_days))
    )
    _, unpaid = await create(draft(account_id, 'Долг', numbers_text=f'{MOSCOW_MTS} {NOVOSIBIRSK} {VLADIVOSTOK}'))

    everything = await m.list_mailings(account_id=account_id)
    assert [row.id for row in everything.rows] == [unpaid.mailing_id, later.mailing_id, now_mailing.mailing_id]
    assert everything.rows[0].status is MailingStatus.awaiting_payment
    assert everything.rows[0].counts == {MessageStatus.awaiting_payment: 3}
    today = datetime.now(moscow).date()
    planned_later = await m.list_mailings(account_id=account_id, date_from=today + timedelta(days=1))
    assert [row.id for row in planned_later.rows] == [later.mailing_id]
    assert planned_later.rows[0].first_due == in_five_days.replace(tzinfo=moscow)
    todays = await m.list_mailings(account_id=account_id, date_from=today, date_to=today)
    assert {row.id for row in todays.rows} == {now_mailing.mailing_id, unpaid.mailing_id}
    scheduled = await m.list_mailings(account_id=account_id, status=MailingStatus.scheduled, limit=1)
    assert scheduled.total == 2 and [row.id for row in scheduled.rows] == [later.mailing_id]
    assert (await m.list_mailings(account_id=account_id, sender='OTHER')).total == 0

    messages = await m.mailing_messages(account_id=account_id, mailing_id=unpaid.mailing_id, limit=2)
    assert messages.total == 3 and [row.phone for row in messages.rows] == [MOSCOW_MTS, NOVOSIBIRSK]
    assert (await m.awaiting_messages(account_id=account_id, search='923 123')).total == 1
    assert (await m.awaiting_messages(account_id=account_id, search='Долг')).total == 3


async def test_another_account_cannot_see_cancel_or_pay_a_mailing(db: str) -> None:
    owner = await make_account('0')
    stranger = await make_account('1000')
    _, created = await create(draft(owner, 'Чужое', numbers_text=MOSCOW_MTS))
    ids = tuple(r.id for r in await messages_of(created.mailing_id))

    with pytest.raises(NotFound):
        await m.mailing_messages(account_id=stranger, mailing_id=created.mailing_id)
    with pytest.raises(NotFound):
        await m.cancel_messages(account_id=stranger, mailing_id=created.mailing_id, message_ids=None, user_id=None)
    assert await m.pay_awaiting(account_id=stranger, message_ids=ids, user_id=None) == m.PayResult(
        released=0, charged=D('0.00')
    )
    assert (await m.list_mailings(account_id=stranger)).total == 0
    assert (await m.awaiting_messages(account_id=stranger)).total == 0
    stranger_base = await make_base(stranger, [{'phone': NOVOSIBIRSK}])
    stranger_template = await Template.create(account_id=stranger, name='Чужой', text='x')
    with pytest.raises(NotFound):
        await m.prepare(
            m.Draft(**{**_fields(draft(owner, 'x', numbers_text=MOSCOW_MTS)), 'template_id': stranger_template.id})
        )
    with pytest.raises(NotFound):
        await m.prepare(draft(owner, 'x', bases=bases(stranger_base)))
    with pytest.raises(NotFound):
        await m.prepare(draft(owner, 'x', numbers_text=MOSCOW_MTS, exclude_base_ids=(stranger_base,)))
    assert await Message.filter(status=MessageStatus.awaiting_payment).count() == 1
    assert await billing.balance(stranger) == D('1000.00')


def _fields(value: m.Draft) -> dict[str, Any]:
    return {name: getattr(value, name) for name in m.Draft.__dataclass_fields__}
