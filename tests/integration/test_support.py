"""Поддержка: a client's questions and the managers' inbox; accounts never see each other's tickets or files; manager
actions are refused to clients and recorded in the audit log."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from domain.errors import DomainError, Forbidden, NotFound
from domain.roles import UserRole
from domain.services import support, support_files, support_inbox
from domain.services.auth import SessionUser
from domain.services.badges import menu_badges
from domain.services.support_files import Upload
from domain.tickets import Department, TicketStatus
from storage.models import Account, AuditEvent, Ticket, TicketMessage, User

PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 64
PDF = b'%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF'
DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'


@pytest.fixture(autouse=True)
def files_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))


async def _people() -> tuple[User, User, User, User]:
    first = await Account.create(name='ООО А')
    second = await Account.create(name='ООО Б')
    anna = await User.create(login='anna', password_hash='x', role='client', account=first, full_name='Анна')
    boris = await User.create(login='boris', password_hash='x', role='client', account=second)
    boss = await User.create(login='boss', password_hash='x', role='manager', full_name='Менеджер Ольга')
    deputy = await User.create(login='deputy', password_hash='x', role='manager')
    return anna, boris, boss, deputy


def _session(user: User) -> SessionUser:
    return SessionUser(
        user_id=user.id,
        login=user.login,
        full_name=user.full_name,
        role=UserRole(user.role),
        account_id=user.account_id,
        account_name='',
        balance=Decimal('0'),
        timezone='Europe/Moscow',
        session_version=1,
    )


def _stored_files() -> list[Path]:
    return sorted(support_files.attachments_dir().iterdir())


async def test_a_question_with_an_attachment_is_answered_and_the_badges_follow(db: str) -> None:
    anna, _, boss, _ = await _people()
    asked = await support.ask(
        user_id=anna.id,
        department='administration',
        subject='Счёт за май',
        text='Пришлите, пожалуйста, счёт.\nСпасибо',
        upload=Upload(filename='../../etc/passwd.png', data=PNG),
    )
    assert (asked.status, asked.department, asked.account_name) == (
        TicketStatus.open,
        Department.administration,
        'ООО А',
    )
    assert await menu_badges(_session(boss)) == {'tickets': 1}
    assert (await menu_badges(_session(anna)))['support'] == 0
    (stored,) = _stored_files()
    assert stored.read_bytes() == PNG and stored.parent == support_files.attachments_dir()

    inbox = await support_inbox.inbox(manager_id=boss.id)
    assert [(t.subject, t.manager_unread) for t in inbox] == [('Счёт за май', True)]
    thread = await support_inbox.manager_thread(manager_id=boss.id, ticket_id=asked.id)
    (question,) = thread.messages
    assert (question.author_name, question.attachment_name, question.text) == (
        'Анна',
        'passwd.png',
        'Пришлите, пожалуйста, счёт.\nСпасибо',
    )
    assert await menu_badges(_session(boss)) == {'tickets': 0}

    await support_inbox.answer(manager_id=boss.id, ticket_id=asked.id, text='Счёт в разделе Документы.')
    (row,) = await support.my_tickets(user_id=anna.id)
    assert (row.status, row.client_unread, row.assignee_name) == (TicketStatus.answered, True, 'Менеджер Ольга')
    assert (await menu_badges(_session(anna)))['support'] == 1
    thread = await support.client_thread(user_id=anna.id, ticket_id=asked.id)
    assert [(m.from_manager, m.text) for m in thread.messages][-1] == (True, 'Счёт в разделе Документы.')
    assert (await menu_badges(_session(anna)))['support'] == 0

    await support.client_reply(user_id=anna.id, ticket_id=asked.id, text='Нашла, спасибо')
    assert (await Ticket.get(id=asked.id)).status == TicketStatus.open
    assert await menu_badges(_session(boss)) == {'tickets': 1}
    await support.client_close(user_id=anna.id, ticket_id=asked.id)
    assert (await Ticket.get(id=asked.id)).status == TicketStatus.closed
    assert await menu_badges(_session(boss)) == {'tickets': 0}  # a closed ticket waits for nobody
    with pytest.raises(DomainError) as refused:
        await support.client_reply(user_id=anna.id, ticket_id=asked.id, text='ещё вопрос')
    assert refused.value.code == 'ticket_closed'
    with pytest.raises(DomainError):
        await support_inbox.answer(manager_id=boss.id, ticket_id=asked.id, text='ответ')
    assert await TicketMessage.filter(ticket_id=asked.id).count() == 3


async def test_a_client_never_reaches_another_accounts_ticket_or_attachment(db: str) -> None:
    anna, boris, boss, _ = await _people()
    asked = await support.ask(
        user_id=anna.id,
        department='support',
        subject='Тайна',
        text='Только для А',
        upload=Upload(filename='a.pdf', data=PDF),
    )
    (message,) = await TicketMessage.filter(ticket_id=asked.id)
    assert await support.my_tickets(user_id=boris.id) == []
    for attempt in (
        support.client_thread(user_id=boris.id, ticket_id=asked.id),
        support.client_reply(user_id=boris.id, ticket_id=asked.id, text='чужое'),
        support.client_close(user_id=boris.id, ticket_id=asked.id),
        support_files.attachment_for(message_id=message.id, user_id=boris.id),
    ):
        with pytest.raises(NotFound):
            await attempt
    assert (await Ticket.get(id=asked.id)).status == TicketStatus.open
    assert await TicketMessage.filter(ticket_id=asked.id).count() == 1

    own = await support_files.attachment_for(message_id=message.id, user_id=anna.id)
    by_manager = await support_files.attachment_for(message_id=message.id, user_id=boss.id)
    assert own.path == by_manager.path and own.path.read_bytes() == PDF
    assert (own.filename, own.content_type, own.inline) == ('a.pdf', 'application/pdf', False)
    await User.filter(id=anna.id).update(is_active=False)
    with pytest.raises(NotFound):
        await support_files.attachment_for(message_id=message.id, user_id=anna.id)


async def test_a_client_cannot_call_the_manager_functions(db: str) -> None:
    anna, _, boss, _ = await _people()
    asked = await support.ask(user_id=anna.id, department='support', subject='Вопрос', text='Текст')
    for attempt in (
        support_inbox.inbox(manager_id=anna.id),
        support_inbox.manager_thread(manager_id=anna.id, ticket_id=asked.id),
        support_inbox.answer(manager_id=anna.id, ticket_id=asked.id, text='сам себе отвечу'),
        support_inbox.manager_close(manager_id=anna.id, ticket_id=asked.id),
        support_inbox.assign(manager_id=anna.id, ticket_id=asked.id, assignee_id=anna.id),
        support_inbox.managers(manager_id=anna.id),
        support_inbox.ticket_accounts(manager_id=anna.id),
    ):
        with pytest.raises(Forbidden):
            await attempt
    ticket = await Ticket.get(id=asked.id)
    assert (ticket.status, ticket.assignee_id, ticket.client_unread) == (TicketStatus.open, None, False)
    with pytest.raises(Forbidden):  # and a manager has no account to ask from
        await support.ask(user_id=boss.id, department='support', subject='Вопрос', text='Текст')


async def test_the_inbox_filters_by_status_client_and_assignee_and_every_action_is_audited(db: str) -> None:
    anna, boris, boss, deputy = await _people()
    first = await support.ask(user_id=anna.id, department='support', subject='Первый', text='1')
    second = await support.ask(user_id=boris.id, department='support', subject='Второй', text='2')
    third = await support.ask(user_id=boris.id, department='administration', subject='Третий', text='3')
    await support_inbox.assign(manager_id=boss.id, ticket_id=first.id, assignee_id=deputy.id)
    await support_inbox.answer(manager_id=boss.id, ticket_id=second.id, text='Ответ')
    await support_inbox.manager_close(manager_id=deputy.id, ticket_id=third.id)

    async def subjects(**filters: object) -> list[str]:
        return [t.subject for t in await support_inbox.inbox(manager_id=boss.id, **filters)]  # type: ignore[arg-type]

    assert await subjects() == ['Третий', 'Второй', 'Первый']  # the most recently changed first
    assert await subjects(status='answered') == ['Второй']
    assert await subjects(status='closed') == ['Третий']
    assert sorted(await subjects(account_id=boris.account_id)) == ['Второй', 'Третий']
    assert await subjects(assigned_to_me=True) == ['Второй']  # answering takes an unassigned ticket
    assert [t.subject for t in await support_inbox.inbox(manager_id=deputy.id, assigned_to_me=True)] == ['Первый']
    assert await support_inbox.ticket_accounts(manager_id=boss.id) == {
        anna.account_id: 'ООО А',
        boris.account_id: 'ООО Б',
    }
    assert [m.name for m in await support_inbox.managers(manager_id=boss.id)] == ['Менеджер Ольга', 'deputy']
    with pytest.raises(DomainError) as refused:
        await support_inbox.inbox(manager_id=boss.id, status='lost')
    assert refused.value.code == 'ticket_status_unknown'

    with pytest.raises(DomainError) as refused:
        await support_inbox.assign(manager_id=boss.id, ticket_id=first.id, assignee_id=anna.id)
    assert refused.value.code == 'ticket_assignee_invalid'
    await support_inbox.assign(manager_id=boss.id, ticket_id=first.id, assignee_id=None)
    assert (await Ticket.get(id=first.id)).assignee_id is None

    events = await AuditEvent.all().order_by('id').values_list('kind', 'user_id', 'account_id', 'details')
    assert events == [
        ('ticket_assigned', boss.id, anna.account_id, f'#{first.id} Первый → deputy'),
        ('ticket_answered', boss.id, boris.account_id, f'#{second.id} Второй'),
        ('ticket_closed', deputy.id, boris.account_id, f'#{third.id} Третий'),
        ('ticket_assigned', boss.id, anna.account_id, f'#{first.id} Первый → —'),
    ]


BAD_QUESTIONS = [
    ('support', '   ', 'текст', 'ticket_subject_empty'),
    ('support', 'Тема', ' \n ', 'ticket_text_empty'),
    ('support', 'Т' * 201, 'текст', 'ticket_subject_too_long'),
    ('support', 'Тема', 'т' * 10_001, 'ticket_text_too_long'),
    ('sales', 'Тема', 'текст', 'ticket_department'),
]


async def test_bad_input_is_refused_and_nothing_is_written(db: str) -> None:
    anna, *_ = await _people()
    for department, subject, text, code in BAD_QUESTIONS:
        with pytest.raises(DomainError) as refused:
            await support.ask(
                user_id=anna.id,
                department=department,
                subject=subject,
                text=text,
                upload=Upload(filename='a.png', data=PNG),
            )
        assert refused.value.code == code
    assert await Ticket.all().count() == 0 and await TicketMessage.all().count() == 0
    assert _stored_files() == []


BAD_FILES = [
    ('пусто.pdf', b'', 'attachment_empty'),
    ('big.pdf', b'%PDF-' + b'0' * (5 * 1024 * 1024), 'attachment_too_large'),
    ('setup.exe', b'MZ\x90\x00', 'attachment_type'),
    ('invoice.pdf', b'MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'attachment_mismatch'),
]


async def test_a_bad_attachment_is_refused_and_nothing_is_written(db: str) -> None:
    anna, _, boss, _ = await _people()
    asked = await support.ask(user_id=anna.id, department='support', subject='Тема', text='Текст')
    for filename, data, code in BAD_FILES:
        upload = Upload(filename=filename, data=data)
        with pytest.raises(DomainError) as refused:
            await support.client_reply(user_id=anna.id, ticket_id=asked.id, text='Файл', upload=upload)
        assert refused.value.code == code
        with pytest.raises(DomainError):
            await support_inbox.answer(manager_id=boss.id, ticket_id=asked.id, text='Файл', upload=upload)
    with pytest.raises(DomainError):
        await support.ask(user_id=anna.id, department='support', subject='Тема', text='Т', upload=upload)
    assert await TicketMessage.filter(ticket_id=asked.id).count() == 1
    assert await Ticket.all().count() == 1
    assert (await Ticket.get(id=asked.id)).status == TicketStatus.open
    assert _stored_files() == []


async def test_a_file_is_not_kept_when_the_ticket_was_closed_meanwhile(db: str) -> None:
    anna, _, boss, _ = await _people()
    asked = await support.ask(user_id=anna.id, department='support', subject='Тема', text='Текст')
    await support_inbox.manager_close(manager_id=boss.id, ticket_id=asked.id)
    with pytest.raises(DomainError) as refused:
        await support.client_reply(
            user_id=anna.id, ticket_id=asked.id, text='Файл', upload=Upload(filename='a.pdf', data=PDF)
        )
    assert refused.value.code == 'ticket_closed'
    assert _stored_files() == []


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        for name in names:
            archive.writestr(name, '<x/>')
    return buffer.getvalue()


GOOD_FILES = [
    ('Скан.JPG', b'\xff\xd8\xff\xe0' + b'\x00' * 32, 'image/jpeg'),
    ('table.csv', 'телефон;имя\n79001234567;Анна\n'.encode('cp1251'), 'text/csv'),
    ('log.txt', 'строка\r\nещё\n'.encode(), 'text/plain'),
    ('договор.docx', _zip('[Content_Types].xml', 'word/document.xml'), DOCX),
    ('old.xls', b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + 'Workbook'.encode('utf-16-le'), 'application/vnd.ms-excel'),
]


async def test_allowed_attachments_are_stored_under_a_generated_name_and_served_with_their_type(db: str) -> None:
    anna, _, boss, _ = await _people()
    asked = await support.ask(user_id=anna.id, department='support', subject='Тема', text='Текст')
    for filename, data, content_type in GOOD_FILES:
        await support_inbox.answer(
            manager_id=boss.id, ticket_id=asked.id, text='Файл', upload=Upload(filename=filename, data=data)
        )
        message = await TicketMessage.filter(ticket_id=asked.id).order_by('-id').first()
        assert message is not None
        assert (message.attachment_name, message.attachment_size) == (filename, len(data))
        assert filename not in message.attachment_stored and len(message.attachment_stored) <= 37
        served = await support_files.attachment_for(message_id=message.id, user_id=anna.id)
        assert (served.path.read_bytes(), served.content_type) == (data, content_type)
        assert served.inline is content_type.startswith('image/')
    assert len(_stored_files()) == len(GOOD_FILES)
