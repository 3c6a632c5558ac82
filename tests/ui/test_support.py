"""Поддержка (Отправить вопрос) for a client and Обращения for a manager: each window, its errors, the badges, the
protected attachments, and no way for a client into the manager's side."""

from pathlib import Path

import pytest
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

import ui_text as t
from domain.services import support, support_files
from domain.services.support_files import Upload
from storage.models import AuditEvent, Ticket, TicketMessage
from storage.models import User as UserRow
from tests.ui.conftest import (
    CLIENT_PASSWORD,
    MANAGER_PASSWORD,
    eventually,
    log_in,
    make_client,
    make_manager,
    menu_badge,
    table_rows,
)
from ui_text import support as ts

PDF = b'%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF'
XSS = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>'


@pytest.fixture(autouse=True)
def files_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('VAR_DIR', str(tmp_path / 'var'))


def _texts(user: User, marker: str) -> list[str]:
    elements = sorted(user.find(marker=marker).elements, key=lambda element: element.id)
    return [element.text for element in elements]  # type: ignore[attr-defined]


async def _attach(user: User, marker: str, name: str, data: bytes) -> None:
    (upload,) = (e for e in user.find(kind=ui.upload).elements if marker in e._markers)
    await upload.handle_uploads([SmallFileUpload(name, 'application/octet-stream', data)])


async def _ask(login: str = 'client', *, subject: str = 'Не приходят СМС', upload: Upload | None = None) -> int:
    author = await UserRow.get(login=login)
    asked = await support.ask(
        user_id=author.id, department='support', subject=subject, text='Абоненты МТС не получают', upload=upload
    )
    return asked.id


async def test_a_client_asks_a_question_with_an_attachment_and_sees_it_in_the_list(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/support')
    await user.should_see(t.WINDOW_TITLES['support'])
    await user.should_see(ts.NO_TICKETS)
    user.find(marker='subject').type('Счёт за май')
    user.find(marker='question-text').type('Пришлите счёт,\nпожалуйста')
    await _attach(user, 'attachment', '../../etc/passwd.pdf', PDF)
    await user.should_see(ts.chosen_file('passwd.pdf', len(PDF)), retries=20)
    user.find(marker='send-question').click()
    await user.should_see(ts.ticket_title(1, 'Счёт за май'), retries=50)
    assert _texts(user, 'message-text') == ['Пришлите счёт,\nпожалуйста']
    assert _texts(user, 'attachment-link') == [f'passwd.pdf ({len(PDF)} Б)']
    message = await TicketMessage.get(ticket_id=1)
    assert message.attachment_name == 'passwd.pdf' and '/' not in message.attachment_stored

    response = await user.http_client.get(f'/support/attachments/{message.id}')
    assert response.status_code == 200 and response.content == PDF
    assert response.headers['content-type'] == 'application/pdf'
    assert response.headers['x-content-type-options'] == 'nosniff'
    assert 'attachment' in response.headers['content-disposition']

    user.find(marker='to-tickets').click()
    await user.should_see(ts.MY_TICKETS, retries=20)
    (row,) = table_rows(user, 'tickets-table')
    assert (row['subject'], row['status'], row['department']) == (
        'Счёт за май',
        ts.TICKET_STATUS['open'],
        ts.DEPARTMENTS['support'],
    )


async def test_an_empty_subject_and_a_wrong_file_are_refused_and_nothing_is_written(user: User) -> None:
    await make_client()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open('/support')
    user.find(marker='question-text').type('Текст без темы')
    user.find(marker='send-question').click()
    await user.should_see(t.ERRORS['ticket_subject_empty'], retries=20)

    user.find(marker='subject').type('Тема')
    await _attach(user, 'attachment', 'virus.pdf', b'MZ\x90\x00' * 10)
    await user.should_see(t.ERRORS['attachment_mismatch'], retries=20)
    user.find(marker='send-question').click()
    await user.should_see(marker='question-error', content=t.ERRORS['attachment_mismatch'], retries=20)
    await _attach(user, 'attachment', 'setup.exe', b'MZ\x90\x00' * 10)
    await user.should_see(t.ERRORS['attachment_type'], retries=20)
    assert await Ticket.all().count() == 0
    assert list(support_files.attachments_dir().iterdir()) == []


async def test_the_manager_answers_in_the_inbox_and_the_client_sees_the_badge_and_the_answer(user: User) -> None:
    await make_client()
    await make_manager()
    ticket_id = await _ask(upload=Upload(filename='скан.pdf', data=PDF))
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    assert menu_badge(user, 'tickets') == '1'
    await user.open('/manager/tickets')
    await user.should_see(t.WINDOW_TITLES['tickets'])
    (row,) = table_rows(user, 'inbox-table')
    assert (row['account'], row['subject'], row['status'], row['unread'], row['assignee']) == (
        'ООО Ромашка',
        'Не приходят СМС',
        ts.TICKET_STATUS['open'],
        True,
        ts.NOBODY,
    )
    await user.open(f'/manager/tickets/{ticket_id}')
    await user.should_see(ts.ticket_title(ticket_id, 'Не приходят СМС'))
    await user.should_see('ООО Ромашка')
    assert _texts(user, 'attachment-link') == [f'скан.pdf ({len(PDF)} Б)']
    await eventually(lambda: menu_badge(user, 'tickets') == '')
    user.find(marker='send-reply').click()
    await user.should_see(t.ERRORS['ticket_text_empty'], retries=20)
    user.find(marker='reply-text').type('Проверили: оператор МТС, задержка устранена.')
    user.find(marker='send-reply').click()
    await user.should_see(ts.ANSWER_SENT, retries=20)
    await eventually(lambda: len(_texts(user, 'message-text')) == 2)
    assert (await Ticket.get(id=ticket_id)).status == 'answered'
    assert await AuditEvent.filter(kind='ticket_answered').count() == 1

    await user.open('/logout')
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    assert menu_badge(user, 'support') == '1'
    await user.open('/support')
    (row,) = table_rows(user, 'tickets-table')
    assert (row['status'], row['unread']) == (ts.TICKET_STATUS['answered'], True)
    await user.open(f'/support/{ticket_id}')
    assert _texts(user, 'message-author')[-1] == ts.FROM_SUPPORT
    assert _texts(user, 'message-text')[-1] == 'Проверили: оператор МТС, задержка устранена.'
    await eventually(lambda: menu_badge(user, 'support') == '')


async def test_the_manager_filters_assigns_and_closes_and_the_client_cannot_write_after(user: User) -> None:
    await make_client()
    await make_client(login='other', account='ООО Лютик')
    await make_manager()
    first = await _ask(subject='Первый')
    await _ask('other', subject='Второй')
    await log_in(user, 'boss', MANAGER_PASSWORD)
    await user.should_see(t.MANAGER_CABINET, retries=50)
    await user.open('/manager/tickets')
    assert sorted(r['subject'] for r in table_rows(user, 'inbox-table')) == ['Второй', 'Первый']
    user.find(marker='filter-mine').click()
    await user.should_see(ts.NO_INBOX, retries=20)
    user.find(marker='filter-mine').click()
    await eventually(lambda: len(table_rows(user, 'inbox-table')) == 2)

    await user.open(f'/manager/tickets/{first}')
    boss = await UserRow.get(login='boss')
    (assignee,) = user.find(marker='assignee').elements
    assignee.value = boss.id  # type: ignore[attr-defined]
    await user.should_see(ts.ASSIGNED, retries=20)
    assert (await Ticket.get(id=first)).assignee_id == boss.id
    user.find(marker='close-ticket').click()
    await user.should_see(marker='confirm-dialog', retries=20)
    user.find(marker='confirm-yes').click()
    await user.should_see(marker='ticket-closed', retries=20)
    await user.should_not_see(marker='reply-form')
    kinds = await AuditEvent.filter(user_id=boss.id).order_by('id').values_list('kind', flat=True)
    assert kinds[-2:] == ['ticket_assigned', 'ticket_closed']

    await user.open('/manager/tickets')
    user.find(marker='filter-mine').click()
    await eventually(lambda: [r['subject'] for r in table_rows(user, 'inbox-table')] == ['Первый'])


async def test_a_client_closes_a_ticket(user: User) -> None:
    await make_client()
    ticket_id = await _ask()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(f'/support/{ticket_id}')
    user.find(marker='reply-text').type('Ещё подробности')
    user.find(marker='send-reply').click()
    await user.should_see(ts.REPLY_SENT, retries=20)
    user.find(marker='close-ticket').click()
    user.find(marker='confirm-yes').click()
    await user.should_see(ts.TICKET_CLOSED_NOTE, retries=20)
    assert (await Ticket.get(id=ticket_id)).status == 'closed'
    assert await TicketMessage.filter(ticket_id=ticket_id).count() == 2


async def test_ticket_texts_are_shown_as_text_never_as_html(user: User) -> None:
    await make_client()
    author = await UserRow.get(login='client')
    asked = await support.ask(user_id=author.id, department='administration', subject=XSS, text=XSS)
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(f'/support/{asked.id}')
    assert _texts(user, 'message-text') == [XSS]
    await user.should_see(ts.ticket_title(asked.id, XSS))
    await user.should_not_see(kind=ui.html, content='hacked')
    await user.should_not_see(kind=ui.markdown, content='hacked')


async def test_a_client_never_opens_another_accounts_ticket_or_attachment(user: User) -> None:
    await make_client()
    await make_client(login='other', account='ООО Лютик')
    ticket_id = await _ask('other', subject='Чужая тайна', upload=Upload(filename='secret.pdf', data=PDF))
    message = await TicketMessage.get(ticket_id=ticket_id)
    anonymous = await user.http_client.get(f'/support/attachments/{message.id}')
    assert anonymous.status_code == 404
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(f'/support/{ticket_id}')
    await user.should_see(t.OBJECT_NOT_FOUND)
    await user.should_not_see('Чужая тайна')
    response = await user.http_client.get(f'/support/attachments/{message.id}')
    assert response.status_code == 404 and PDF not in response.content


@pytest.mark.parametrize('path', ['/manager/tickets', '/manager/tickets/1', '/manager/news'])
async def test_a_client_cannot_open_the_managers_pages(user: User, path: str) -> None:
    await make_client()
    await _ask()
    await log_in(user, 'client', CLIENT_PASSWORD)
    await user.should_see('ООО Ромашка', retries=50)
    await user.open(path)
    await user.should_see(t.FORBIDDEN_TEXT)
    await user.should_not_see(marker='inbox-table')
    await user.should_not_see(marker='reply-form')
    await user.should_not_see(marker='assignee')
