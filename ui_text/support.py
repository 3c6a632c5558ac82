"""Russian strings of the news and support windows, client and manager side (ui_text/__init__.py merges ERRORS into
the common table; AUDIT_KINDS are the labels of this section's audit events)."""

# Новости
NO_NEWS = 'Новостей пока нет.'
NEWS_UNREAD = 'Новая'
NEWS_READ = 'Читать'
NEWS_READ_HINT = 'Новые новости отмечены; открытая новость считается прочитанной.'

# Менеджер → Публикация новостей
NEWS_ADD = 'Опубликовать новость'
NEWS_NEW_TITLE = 'Публикация новости'
NEWS_EDIT_TITLE = 'Редактирование новости'
NEWS_TITLE = 'Заголовок'
NEWS_BODY = 'Текст новости'
NEWS_PLAIN_TEXT = 'Текст показывается клиентам как есть: без HTML и разметки, с переносами строк.'
NEWS_PUBLISH_NOW = 'Показать клиентам сразу (иначе новость сохранится скрытой)'
NEWS_COLUMNS = {
    'title': 'Заголовок',
    'status': 'Статус',
    'created_at': 'Создана',
    'updated_at': 'Изменена',
    'readers': 'Прочитали',
    'actions': '',
}
NEWS_STATUS = {True: 'опубликована', False: 'скрыта'}
NEWS_EDIT = 'Редактировать'
NEWS_SHOW = 'Опубликовать'
NEWS_HIDE = 'Скрыть от клиентов'
NEWS_DELETE = 'Удалить'
NEWS_SAVED = 'Новость сохранена'
NEWS_SHOWN = 'Новость опубликована'
NEWS_HIDDEN = 'Новость скрыта от клиентов'
NEWS_DELETED = 'Новость удалена'
MANAGER_NO_NEWS = 'Новостей пока нет. Нажмите «Опубликовать новость».'


def confirm_delete_news(title: str) -> str:
    """The question before a news item is deleted."""
    return f'Удалить новость «{title}»? Клиенты её больше не увидят.'


# Поддержка → Отправить вопрос
ASK_TITLE = 'Новый вопрос'
ASK_HINT = 'При возникновении вопросов пишите в службу технической поддержки или в администрацию.'
DEPARTMENT_CHOICE = 'Отправить вопрос'
DEPARTMENT_CHOICES = {'support': 'в техническую поддержку', 'administration': 'администрации'}
DEPARTMENTS = {'support': 'Техническая поддержка', 'administration': 'Администрация'}
SUBJECT = 'Тема'
QUESTION_TEXT = 'Текст вопроса'
MESSAGE_TEXT = 'Сообщение'
ATTACHMENT_HINT = (
    'Вложение (необязательно): один файл до 5 МБ — JPG, PNG, GIF, WEBP, PDF, TXT, CSV, DOC, DOCX, XLS, XLSX'
)
SEND = 'Отправить'
QUESTION_SENT = 'Вопрос отправлен. Ответ появится в списке обращений.'
MY_TICKETS = 'Мои обращения'
NO_TICKETS = 'Обращений пока нет.'
TICKET_COLUMNS = {
    'id': '№',
    'subject': 'Тема',
    'department': 'Кому',
    'status': 'Статус',
    'updated_at': 'Обновлено',
}
TICKET_STATUS = {'open': 'открыт', 'answered': 'отвечен', 'closed': 'закрыт'}
NEW_ANSWER = 'новый ответ'
OPEN_TICKET = 'Открыть'
TO_TICKETS = '← Все обращения'
REPLY = 'Ответить'
REPLY_SENT = 'Сообщение отправлено'
CLOSE_TICKET = 'Закрыть обращение'
CLOSE_TICKET_QUESTION = 'Закрыть обращение? Написать в него будет нельзя — для нового вопроса создайте новое обращение.'
TICKET_CLOSED = 'Обращение закрыто'
TICKET_CLOSED_NOTE = 'Обращение закрыто. Если вопрос остался, задайте новый.'
FROM_SUPPORT = 'Служба поддержки'
STATUS = 'Статус'
CREATED = 'Создано'

# Менеджер → Обращения
FILTER_STATUS = 'Статус'
FILTER_ACCOUNT = 'Клиент'
ALL_STATUSES = 'Все статусы'
ALL_ACCOUNTS = 'Все клиенты'
ASSIGNED_TO_ME = 'Назначенные мне'
INBOX_COLUMNS = {
    'id': '№',
    'account': 'Клиент',
    'subject': 'Тема',
    'department': 'Кому',
    'status': 'Статус',
    'assignee': 'Ответственный',
    'updated_at': 'Обновлено',
}
NO_INBOX = 'Обращений по этому фильтру нет.'
NEW_MESSAGE = 'новое сообщение'
ASSIGNEE = 'Ответственный'
NOBODY = 'не назначен'
ASSIGNED = 'Ответственный назначен'
ANSWER = 'Ответить клиенту'
ANSWER_SENT = 'Ответ отправлен клиенту'
CLIENT = 'Клиент'


def ticket_title(ticket_id: int, subject: str) -> str:
    """The heading of a ticket's thread."""
    return f'Обращение №{ticket_id}: {subject}'


def file_size(size: int) -> str:
    """A file size the way people read it."""
    if size < 1024:
        return f'{size} Б'
    if size < 1024 * 1024:
        return f'{size / 1024:.0f} КБ'
    return f'{size / (1024 * 1024):.1f} МБ'.replace('.', ',')


def chosen_file(name: str, size: int) -> str:
    """The attachment picked for the next message."""
    return f'Прикреплён файл: {name} ({file_size(size)})'


AUDIT_KINDS = {
    'news_published': 'Опубликована новость',
    'news_drafted': 'Новость сохранена скрытой',
    'news_edited': 'Изменена новость',
    'news_unpublished': 'Новость скрыта от клиентов',
    'news_deleted': 'Удалена новость',
    'ticket_answered': 'Ответ на обращение',
    'ticket_closed': 'Обращение закрыто менеджером',
    'ticket_assigned': 'Назначен ответственный за обращение',
}

ERRORS: dict[str, str] = {
    'news_title_empty': 'Введите заголовок новости.',
    'news_title_too_long': 'Заголовок новости длиннее 200 символов.',
    'news_body_empty': 'Введите текст новости.',
    'news_body_too_long': 'Текст новости длиннее 20 000 символов.',
    'ticket_subject_empty': 'Укажите тему вопроса.',
    'ticket_subject_too_long': 'Тема длиннее 200 символов.',
    'ticket_text_empty': 'Напишите текст сообщения.',
    'ticket_text_too_long': 'Сообщение длиннее 10 000 символов.',
    'ticket_department': 'Выберите, куда отправить вопрос: в техническую поддержку или администрации.',
    'ticket_closed': 'Обращение закрыто: написать в него нельзя. Задайте новый вопрос.',
    'ticket_assignee_invalid': 'Ответственным можно назначить только менеджера.',
    'ticket_status_unknown': 'Такого статуса обращения нет.',
    'attachment_empty': 'Файл пустой.',
    'attachment_too_large': 'Файл больше 5 МБ.',
    'attachment_type': (
        'Такой файл приложить нельзя. Можно: JPG, PNG, GIF, WEBP, PDF, TXT, CSV, DOC, DOCX, XLS, XLSX до 5 МБ.'
    ),
    'attachment_mismatch': 'Содержимое файла не соответствует его расширению. Сохраните файл заново в нужном формате.',
    'attachment_macros': 'Документы с макросами не принимаются. Сохраните файл без макросов (DOCX, XLSX).',
}
