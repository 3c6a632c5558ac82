"""Re-detecting region, operator and time zone of existing subscribers after a numbering refresh."""

from domain.numbering import build_table
from domain.numbering_registry import parse_registry_rows
from domain.services import bases, numbering
from storage.models import Account, Subscriber

HEADER = ['АВС/ DEF', 'От', 'До', 'Емкость', 'Оператор', 'Регион', 'Территория ГАР', 'ИНН']
ROWS = [
    ['916', '0000000', '0999999', '1000000', 'ПАО "МТС"', '-', 'Город Москва', '7740000076'],
    ['913', '0000000', '0199999', '200000', 'ПАО "МЕГАФОН"', '-', 'Новосибирская область', '7812014560'],
]
ZONES = {'Город Москва': 'Europe/Moscow', 'Новосибирская область': 'Asia/Novosibirsk'}


async def test_redetect_changes_only_the_subscribers_whose_detection_differs(db: str) -> None:
    table = build_table(parse_registry_rows([HEADER, *ROWS]), ZONES, snapshot='2026-09')
    account = await Account.create(name='ООО А')
    base = await bases.create_base(account_id=account.id, name='База')
    await Subscriber.create(base_id=base.id, phone='+79160000001', region='Тверская область', operator='Т2')
    await Subscriber.create(
        base_id=base.id,
        phone='+79130000001',
        region='Новосибирская область',
        operator='МегаФон',
        timezone='Asia/Novosibirsk',
    )
    await Subscriber.create(base_id=base.id, phone='+79990000001', region='Город Москва', operator='МТС')
    assert await numbering.redetect_all(table, batch=1) == 2
    found = {s.phone: (s.region, s.operator, s.timezone) for s in await Subscriber.all()}
    assert found == {
        '+79160000001': ('Город Москва', 'МТС', 'Europe/Moscow'),
        '+79130000001': ('Новосибирская область', 'МегаФон', 'Asia/Novosibirsk'),
        '+79990000001': ('', '', ''),
    }
    assert await numbering.redetect_all(table) == 0
