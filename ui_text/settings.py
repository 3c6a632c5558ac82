"""Russian strings of «Настройки личного кабинета», users and roles, «Документы», the in-app manual, the low-balance
banner and the manager's card of a client (ui_text/__init__.py merges ERRORS into the common table)."""

# Настройки личного кабинета
PROFILE = 'Профиль'
ACCOUNT = 'Кабинет'
MESSAGES = 'Сообщения'
NOTIFICATIONS = 'Уведомления'
PASSWORD = 'Смена пароля'
USERS = 'Пользователи кабинета'
FIELDS = {
    'login': 'Логин',
    'full_name': 'ФИО',
    'email': 'Электронная почта',
    'phone': 'Телефон',
    'timezone': 'Часовой пояс',
    'default_sender': 'Имя отправителя по умолчанию',
    'phone_style': 'Формат номера телефона в сообщениях',
    'parts_cap': 'Наибольшее число частей одного SMS',
    'validity_hours': 'Срок жизни SMS по умолчанию, часов',
    'low_balance_threshold': 'Предупреждать, когда баланс ниже, ₽',
    'old_password': 'Текущий пароль',
    'new_password': 'Новый пароль',
    'repeat_password': 'Новый пароль ещё раз',
    'role': 'Роль',
}
HINTS = {
    'timezone': 'Все даты кабинета показываются в этом поясе; он же — пояс абонентов, чей пояс не определился.',
    'default_sender': 'Подставляется в окне «СМС-сообщения». Можно выбрать только одобренное имя.',
    'parts_cap': 'Сообщение длиннее не отправляется и не сохраняется шаблоном.',
    'validity_hours': 'От 1 до 72 часов. Не доставленное за это время SMS получает статус «просрочено».',
    'low_balance_threshold': '0 — не предупреждать. Ниже порога кабинет покажет напоминание вверху каждой страницы.',
    'new_password': 'Не короче 8 символов. После смены пароля другие сеансы этого пользователя завершатся.',
}
NO_DEFAULT_SENDER = 'Не выбрано'
PHONE_STYLES = {
    'plus7_spaced': '+7 с пробелами',
    'e164': 'Международный, без пробелов',
    'eight': 'Через 8',
    'seven': 'Через 7, без плюса',
}
SAVED = 'Настройки сохранены'
CHANGE_PASSWORD = 'Сменить пароль'
PASSWORD_CHANGED = 'Пароль изменён. Другие сеансы этого пользователя завершены.'
VIEWER_NOTE = 'Остальные настройки кабинета меняют владелец и операторы.'
MANAGER_NOTE = 'У менеджера нет своего кабинета клиента: здесь только профиль и пароль.'

# Time zones: the city that names each zone; the label adds the offset from UTC and from Moscow.
ZONE_CITIES = {
    'Europe/Kaliningrad': 'Калининград',
    'Europe/Moscow': 'Москва',
    'Europe/Volgograd': 'Волгоград',
    'Europe/Kirov': 'Киров',
    'Europe/Samara': 'Самара',
    'Europe/Ulyanovsk': 'Ульяновск',
    'Europe/Saratov': 'Саратов',
    'Europe/Astrakhan': 'Астрахань',
    'Asia/Yekaterinburg': 'Екатеринбург',
    'Asia/Omsk': 'Омск',
    'Asia/Novosibirsk': 'Новосибирск',
    'Asia/Barnaul': 'Барнаул',
    'Asia/Tomsk': 'Томск',
    'Asia/Novokuznetsk': 'Новокузнецк',
    'Asia/Krasnoyarsk': 'Красноярск',
    'Asia/Irkutsk': 'Иркутск',
    'Asia/Chita': 'Чита',
    'Asia/Yakutsk': 'Якутск',
    'Asia/Vladivostok': 'Владивосток',
    'Asia/Sakhalin': 'Южно-Сахалинск',
    'Asia/Magadan': 'Магадан',
    'Asia/Srednekolymsk': 'Среднеколымск',
    'Asia/Kamchatka': 'Петропавловск-Камчатский',
    'Asia/Anadyr': 'Анадырь',
}


def zone_label(zone: str, utc_hours: int) -> str:
    """«Самара (UTC+4, МСК+1)»."""
    moscow = utc_hours - 3
    msk = 'МСК' if moscow == 0 else f'МСК{moscow:+d}'.replace('-', '−')
    return f'{ZONE_CITIES.get(zone, zone)} (UTC{utc_hours:+d}, {msk})'


def phone_style_label(style: str, example: str) -> str:
    """«+7 с пробелами: +7 916 123-45-67»."""
    return f'{PHONE_STYLES.get(style, style)}: {example}'


def field_problem(field: str, message: str) -> str:
    """A refusal with the field named: «Электронная почта: адрес записан с ошибкой.»"""
    return f'{FIELDS.get(field, field)}: {message[:1].lower()}{message[1:]}'


# Users and roles
ROLES = {'owner': 'Владелец', 'operator': 'Оператор', 'viewer': 'Наблюдатель'}
ROLE_HINTS = {
    'owner': 'всё, включая пополнение счета и пользователей',
    'operator': 'всё, кроме пополнения счета и управления пользователями',
    'viewer': 'только статистика, отчёты, новости, руководство и поддержка',
}
INVITE = 'Пригласить пользователя'
INVITE_TITLE = 'Новый пользователь кабинета'
INVITE_BUTTON = 'Создать пользователя'
USER_COLUMNS = {
    'login': 'Логин',
    'full_name': 'ФИО',
    'role': 'Роль',
    'status': 'Статус',
    'last_login_at': 'Последний вход',
    'actions': '',
}
USER_ACTIVE = 'активен'
USER_BLOCKED = 'заблокирован'
CHANGE_ROLE = 'Изменить роль'
BLOCK_USER = 'Заблокировать'
UNBLOCK_USER = 'Разблокировать'
ROLE_SAVED = 'Роль изменена'
YOU = '(вы)'


def role_option(role: str) -> str:
    """«Оператор — всё, кроме …»."""
    return f'{ROLES[role]} — {ROLE_HINTS[role]}'


def user_invited(login: str) -> str:
    """After an owner created a user."""
    return f'Пользователь {login} создан. Передайте ему логин и пароль.'


def user_blocked(login: str) -> str:
    """After blocking a user."""
    return f'Пользователь {login} заблокирован: его сеансы завершены'


def user_unblocked(login: str) -> str:
    """After unblocking a user."""
    return f'Пользователь {login} разблокирован'


def role_forbidden(role: str) -> str:
    """The refusal of a window the user's role does not open."""
    return f'Это окно недоступно для роли «{ROLES.get(role, role)}». Обратитесь к владельцу кабинета.'


# Low-balance banner and the help icon of each window
HELP = 'Справка по этому окну'


def low_balance(balance: str, threshold: str, *, can_pay: bool) -> str:
    """The banner under the header when the balance fell below the account's threshold."""
    action = 'Пополните счет' if can_pay else 'Попросите владельца кабинета пополнить счет'
    return f'Баланс {balance} ниже порога {threshold}. {action}, чтобы рассылки не ждали оплаты.'


# Документы
DOCUMENTS_NOTE = (
    'Закрывающие документы по отправленным рассылкам: акты и счета за каждый месяц. Акт формируется автоматически '
    'после окончания месяца, в котором были списания за рассылки; менеджер может загрузить подписанные документы.'
)
DOC_COLUMNS = {
    'period': 'Месяц',
    'kind': 'Документ',
    'filename': 'Файл',
    'size': 'Размер',
    'source': 'Источник',
    'created_at': 'Добавлен',
    'actions': '',
}
DOC_KINDS = {'act': 'Акт', 'invoice': 'Счёт'}
DOC_GENERATED = 'сформирован кабинетом'
DOC_UPLOADED = 'загружен менеджером'
NO_DOCUMENTS = 'Документов пока нет. Акт появится после окончания первого месяца с рассылками.'
OPEN_DOCUMENT = 'Открыть'
DOWNLOAD_DOCUMENT = 'Скачать'
UPLOAD_DOCUMENT = 'Загрузить документ'
DOC_KIND = 'Документ'
DOC_PERIOD = 'Месяц'
DOC_FILE_HINT = 'PDF, JPG или PNG до 10 МБ'
DOCUMENT_UPLOADED = 'Документ загружен: клиент видит его в разделе «Документы»'
DELETE_DOCUMENT = 'Удалить'
DOCUMENT_DELETED = 'Документ удалён'
CHOOSE_DOCUMENT_FILE = 'Выберите файл документа.'
MONTHS = (
    'январь',
    'февраль',
    'март',
    'апрель',
    'май',
    'июнь',
    'июль',
    'август',
    'сентябрь',
    'октябрь',
    'ноябрь',
    'декабрь',
)


def month_label(period: str) -> str:
    """'2026-03' -> «март 2026»."""
    year, month = period.split('-')
    return f'{MONTHS[int(month) - 1]} {year}'


def document_size(size: int) -> str:
    """A file size in КБ or МБ."""
    if size < 1024 * 1024:
        return f'{max(1, round(size / 1024))} КБ'
    return f'{size / (1024 * 1024):.1f} МБ'.replace('.', ',')


def confirm_delete_document(kind: str, period: str) -> str:
    """The question before a document is deleted."""
    return f'Удалить документ «{DOC_KINDS.get(kind, kind)} за {month_label(period)}»? Клиент его больше не увидит.'


ACT_TEXTS = {
    'title': 'Акт № {number} от {day}',
    'service': 'Услуги по отправке SMS-сообщений за {month} {year} г.',
    'seller': 'Исполнитель',
    'buyer': 'Заказчик',
    'inn': 'ИНН',
    'not_set': 'не указано',
    'item': 'Наименование услуги',
    'sum': 'Сумма',
    'total': 'Итого',
    'no_vat': 'Без НДС',
    'vat': 'В том числе НДС {rate}%: {amount}',
    'statement': (
        'Услуги оказаны полностью по {last_day}. '
        'Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.'
    ),
    'details': 'Расшифровка по рассылкам',
    'date': 'Дата',
    'mailing': 'Рассылка',
    'charged': 'Списано',
    'refunded': 'Возвращено',
    'net': 'Итого',
    'note': 'Сформировано кабинетом по операциям лицевого счёта: списания за рассылки за вычетом возвратов.',
    'seller_sign': 'Исполнитель',
    'buyer_sign': 'Заказчик',
    'filename': 'Акт-{period}.html',
    'mailing_title': 'Рассылка №{id}',
    **{f'month_{n}': name for n, name in enumerate(MONTHS, start=1)},
}

# Руководство пользователя
MANUAL_CONTENTS = 'Содержание'
MANUAL_SEARCH = 'Поиск по руководству'
MANUAL_NOTHING_FOUND = 'Ничего не найдено. Попробуйте другое слово.'
MANUAL_PREVIOUS = 'Назад'
MANUAL_NEXT = 'Далее'

# Менеджер → карточка клиента
OPEN_CARD = 'Карточка клиента'
CARD_SUMMARY = 'Счёт и настройки'
CARD_TABS = {
    'users': 'Пользователи',
    'ledger': 'Выписка по счету',
    'mailings': 'Рассылки',
    'senders': 'Имена отправителей',
    'tickets': 'Обращения',
    'documents': 'Документы',
}
CARD_FIELDS = {
    'status': 'Статус',
    'created_at': 'Клиент с',
    'tariff': 'Тариф',
}
CHANGE_TARIFF = 'Изменить тариф'
BACK_TO_CLIENTS = 'Все клиенты'
MAILING_COLUMNS = {
    'id': '№',
    'created_at': 'Создана',
    'name': 'Название',
    'sender': 'Отправитель',
    'recipients': 'Получателей',
    'parts': 'Частей',
    'cost': 'Стоимость',
    'send_at': 'Время отправки',
}
SEND_NOW = 'сразу'
NO_MAILINGS = 'Рассылок нет.'
TICKET_COLUMNS = {'id': '№', 'subject': 'Тема', 'department': 'Кому', 'status': 'Статус', 'updated_at': 'Изменено'}
TICKET_STATUSES = {'open': 'открыт', 'answered': 'отвечен', 'closed': 'закрыт'}
TICKET_DEPARTMENTS = {'support': 'Техническая поддержка', 'administration': 'Администрация'}
NO_TICKETS = 'Обращений нет.'
TO_TICKETS = 'Открыть обращения'


def card_title(name: str) -> str:
    """The title of a client's card."""
    return f'Карточка клиента «{name}»'


def tariff_summary(day: str) -> str:
    """Which tariff the account has."""
    return f'действует с {day}'


ERRORS: dict[str, str] = {
    'settings_invalid': 'Проверьте поля, отмеченные красным: настройки не сохранены.',
    'full_name_too_long': 'не длиннее 200 символов.',
    'text_control': 'недопустимые символы.',
    'email_invalid': 'адрес записан с ошибкой (пример: buh@example.ru).',
    'email_too_long': 'не длиннее 200 символов.',
    'timezone_unknown': 'выберите пояс из списка.',
    'sender_not_approved': 'можно выбрать только одобренное менеджером имя.',
    'phone_style_unknown': 'выберите формат из списка.',
    'parts_cap_invalid': 'целое число от 1 до 10.',
    'validity_invalid': 'целое число часов от 1 до 72.',
    'threshold_invalid': 'сумма в рублях от 0, не более двух знаков после запятой.',
    'password_old_empty': 'введите текущий пароль.',
    'password_old_wrong': 'неверный пароль.',
    'password_same': 'новый пароль совпадает с текущим.',
    'password_repeat_mismatch': 'пароли не совпадают.',
    'last_owner': 'В кабинете должен остаться хотя бы один активный владелец.',
    'cannot_block_self': 'Нельзя заблокировать самого себя.',
    'too_many_users': 'В кабинете не может быть больше 50 пользователей.',
    'document_kind_unknown': 'Выберите, какой это документ: акт или счёт.',
    'document_period_invalid': 'Укажите месяц документа.',
}
