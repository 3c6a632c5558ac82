"""Russian strings of the sending windows: composer, planned mailings, awaiting payment.

ui_text/__init__.py merges ERRORS into the common table.
"""

# Statuses (domain.statuses.MessageStatus / MailingStatus); a message's status reads the same in every window
MESSAGE_STATUSES = {
    'awaiting_payment': 'ожидает оплаты',
    'scheduled': 'запланировано',
    'queued': 'в очереди',
    'submitted': 'отправлено, ждём отчёт',
    'delivered': 'доставлено',
    'undelivered': 'не доставлено',
    'expired': 'просрочено',
    'rejected': 'отклонено',
    'stopped': 'в СТОП-листе',
    'cancelled': 'отменено',
}
MAILING_STATUSES = {
    'awaiting_payment': 'ожидает оплаты',
    'scheduled': 'запланирована',
    'sending': 'отправляется',
    'completed': 'завершена',
    'cancelled': 'отменена',
}

# Composer (СМС-сообщения)
SIMULATOR = 'Симулятор SMS-центра: сообщения не уходят операторам'
SIMULATOR_HINT = 'Кабинет подключён к встроенному симулятору: статусы доставки имитируются, SMS никому не приходят.'
MESSAGE_TEXT = 'Текст сообщения'
CHOOSE_TEMPLATE = 'Выберите шаблон'
NO_TEMPLATES_YET = 'Шаблонов нет'
SENDER = 'Отправитель'
NO_APPROVED_SENDERS = 'Нет одобренных имён отправителя. Добавьте имя и дождитесь одобрения менеджером:'
TO_SENDERS = 'Реестр имен отправителей'
RECIPIENTS = 'Получатели'
TAB_BASES = 'Из базы'
TAB_NUMBERS = 'Ввести номер'
TAB_FILE = 'Из файла'
TAB_EXCLUDE = 'Базы для исключения из рассылки'
BASES_HINT = 'Отметьте базы. Нажмите на название базы, чтобы выбрать абонентов по признакам.'
NO_BASES_FOR_SENDING = 'Баз с абонентами пока нет.'
TO_BASES = 'Все базы'
EXCLUDE_HINT = 'Номера из отмеченных баз не получат сообщение.'
NUMBERS_LABEL = 'Номера телефонов'
NUMBERS_HINT = 'Один или несколько номеров: каждый с новой строки или через запятую, точку с запятой, пробел.'
FILE_HINT = 'Номера и поля для вставок берутся из файла; в базы ничего не сохраняется.'
FILE_CHOOSE = 'Обзор…'
FILE_REMOVE = 'Убрать файл'
FILE_READING = 'Читаем файл…'
FILE_TITLE = 'Получатели из файла'
FILE_USE = 'Использовать'
SCHEDULER = 'Настройки планировщика рассылки'
SEND_NOW = 'Отправить сейчас'
SEND_LATER = 'Отправить в заданное время'
SEND_DATE = 'Дата'
SEND_TIME = 'Время'
LOCAL_TIME = 'Локальное время'
LOCAL_TIME_HINT = (
    'Галочка стоит: каждый получатель получит сообщение в указанное время по своему часовому поясу. '
    'Галочки нет: время московское.'
)
USE_WINDOW = 'Отправлять только в разрешённые часы'
WINDOW_FROM = 'С'
WINDOW_TO = 'До'
WINDOW_HINT = 'По времени получателя; сообщение вне этих часов ждёт их начала.'
RATE = 'Ограничить скорость, сообщений в минуту'
RATE_HINT = 'Пусто — без ограничения.'
EXTRA = 'Дополнительные настройки'
VALIDITY = 'Время жизни SMS, часов (1–72)'
VALIDITY_HINT = 'Если SMS не доставлено за это время, ему ставится статус «просрочено».'
MAILING_NAME = 'Название рассылки'
SEND = 'Отправить'
PREPARING = 'Считаем получателей и стоимость…'
CONTINUE = 'Продолжить'
BAD_DATE = 'Укажите дату и время отправки (дд.мм.гггг, чч:мм).'
BAD_WINDOW = 'Укажите часы отправки «с» и «до» (чч:мм), они не должны совпадать.'
BAD_RATE = 'Скорость — целое число сообщений в минуту, больше нуля.'
BAD_VALIDITY = 'Время жизни SMS — целое число часов от 1 до 72.'
FIELD_FIO = 'ФИО (разделить на фамилию, имя, отчество)'
INSERTS_COUNTED_LATER = 'Вставки посчитаны пустыми: длина каждого сообщения будет видна в подтверждении рассылки.'


def source_counts_line(bases: int, numbers: int, file: int, unique: int) -> str:
    """The live counts under the recipient tabs."""
    return f'Из базы: {bases} · Ввести номер: {numbers} · Из файла: {file} · Всего уникальных номеров: {unique}'


def several_sources(sources: str, unique: int) -> str:
    """The question when more than one source of recipients is filled."""
    return (
        f'Получатели заданы сразу в нескольких местах: {sources}. Сообщение получат все эти номера, '
        f'повторы — один раз (всего уникальных: {unique}). Продолжить?'
    )


def base_choice(name: str, chosen: int | None, total: int) -> str:
    """A base in the «Из базы» tab: its name and how many subscribers are chosen."""
    if chosen is None:
        return f'{name} ({total})'
    return f'{name} ({chosen} из {total} по признакам)'


def file_loaded(name: str, rows: int) -> str:
    """The loaded file of the «Из файла» tab."""
    return f'Файл «{name}»: строк с номерами — {rows}'


def parts_over_recipients(parts_max: int, parts_total: int) -> str:
    """The counter's addition once the recipients are known."""
    return f'Для выбранных получателей: до {parts_max} SMS в сообщении, всего частей: {parts_total}'


def preparing(done: int, total: int) -> str:
    """Progress of counting recipients and cost."""
    return f'Обработано: {done} из {total}' if total else PREPARING


# Выбор абонентов из базы по признакам
FILTER_TITLE = 'Выбор абонентов из базы по признакам'
FILTER_REGIONS = 'Область'
FILTER_OPERATORS = 'Оператор'
FILTER_GENDER = 'Пол'
GENDERS = {'': 'любой', 'м': 'м', 'ж': 'ж'}
BIRTH_FROM = 'Дата рождения с'
BIRTH_TO = 'Дата рождения по'
BIRTHDAY_TODAY = 'День рождения сегодня'
FILTER_FIELD = 'Поле'
FILTER_OP = 'Условие'
FILTER_OPS = {'equals': 'равно', 'contains': 'содержит', 'empty': 'пусто'}
FILTER_VALUE = 'Значение'
FILTER_APPLY = 'Применить и закрыть'
FILTER_RESET = 'Сбросить признаки'
FILTER_NO_FIELD = '—'
BAD_BIRTH_DATE = 'Дата рождения: выберите день в календаре.'


def filter_matching(count: int, total: int) -> str:
    """The live count of the filter window."""
    return f'Подходит абонентов: {count} из {total}'


def option_with_count(name: str, count: int) -> str:
    """A region or operator in the filter with its number of subscribers."""
    return f'{name} ({count})'


# Подтверждение рассылки
CONFIRM_TITLE = 'Подтверждение рассылки'
Q_RECIPIENTS = 'Получателей'
Q_STOPLIST = 'Исключено: в СТОП-листе'
Q_EXCLUDED_BASES = 'Исключено: в базах для исключения'
Q_DUPLICATES = 'Повторы (отправляется один раз)'
Q_INVALID = 'Неверные номера'
Q_EMPTY = 'Пустой текст после вставок (не отправляются)'
Q_ENCODING = 'Кодировка'
Q_PARTS_MAX = 'Частей SMS в самом длинном сообщении'
Q_PARTS_TOTAL = 'Всего частей SMS'
Q_COST = 'Стоимость'
Q_BALANCE_BEFORE = 'Баланс до отправки'
Q_BALANCE_AFTER = 'Баланс после отправки'
Q_SEND_TIME = 'Время отправки'
Q_PREVIEW = 'Так сообщение увидят первые получатели'
Q_INVALID_SAMPLE = 'Примеры неверных номеров'
INVALID_SAMPLE_COLUMNS = {'source': 'Где', 'raw': 'Номер', 'reason': 'Причина'}
SEND_IMMEDIATELY = 'сразу после подтверждения'
AWAITING_NOTE = (
    'Средств на счете недостаточно: сообщения будут созданы и будут ждать оплаты в разделе «СМС ожидающие оплату». '
    'Пополните счет, затем нажмите там «Отправить все».'
)
TO_AWAITING = 'СМС ожидающие оплату'
TOP_UP_LINK = 'Пополнить счет'
CONFIRM_SEND = 'Подтвердить'
BACK = 'Назад'
CREATING = 'Создаём рассылку…'
CREATED_TITLE = 'Рассылка создана'
OPEN_MAILING = 'Открыть рассылку'


def invalid_source(source: str) -> str:
    """Where a refused number came from: «Ввести номер» or a row of the file."""
    if source == 'numbers':
        return TAB_NUMBERS
    if source.startswith('file:'):
        return f'{TAB_FILE}, строка {source.removeprefix("file:")}'
    return source


def shortfall(amount: str) -> str:
    """How much money the account lacks for the mailing."""
    return f'Не хватает: {amount}.'


def over_cap(count: int) -> str:
    """Messages longer than the account allows (confirm refuses)."""
    return f'Сообщений длиннее допустимого числа частей: {count}. Сократите текст или вставки.'


def send_window(first: str, last: str) -> str:
    """The time (or range of times) the messages go out."""
    return first if first == last else f'с {first} по {last}'


def creating(done: int, total: int) -> str:
    """Progress of creating the messages."""
    return f'Создано сообщений: {done} из {total}'


def created(messages: int, charged: str) -> str:
    """The result of confirming."""
    return f'Создано сообщений: {messages}. Списано со счета: {charged}.'


def created_awaiting(messages: int) -> str:
    """The result when the balance did not cover the mailing."""
    return f'Создано сообщений: {messages}. Они ждут оплаты в разделе «СМС ожидающие оплату».'


# Список запланированных SMS
PERIOD_HINT = 'Период: с сегодняшнего числа до дня, на который запланирована рассылка.'
FILTER_SENDER = 'Отправитель'
FILTER_STATUS = 'Статус'
ALL = 'Все'
SHOW = 'Показать'
MAILING_COLUMNS = {
    'name': 'Рассылка',
    'sender': 'Отправитель',
    'text': 'Текст',
    'first_due': 'Время отправки',
    'messages': 'Сообщений',
    'progress': 'Статусы сообщений',
    'cost': 'Стоимость',
    'status': 'Статус',
    'actions': '',
}
OPEN = 'Открыть'
DELETE_MAILING = 'Удалить рассылку'
DELETE_SELECTED = 'Удалить выделенные'
MESSAGE_COLUMNS = {
    'phone': 'Номер',
    'text': 'Текст',
    'parts': 'Частей',
    'cost': 'Стоимость',
    'status': 'Статус',
    'status_at': 'Время статуса',
    'due_at': 'Время отправки',
    'err': 'Ошибка',
}
TO_SCHEDULED = 'К списку рассылок'
REFRESH = 'Обновить'
NOTHING_SELECTED = 'Отметьте сообщения галочкой слева.'


def mailing_title(mailing_id: int) -> str:
    """The title of a mailing's messages."""
    return f'Сообщения рассылки №{mailing_id}'


def mailing_label(mailing_id: int, name: str) -> str:
    """A mailing in the list: its name or number."""
    return name or f'№{mailing_id}'


def confirm_delete_mailing(name: str) -> str:
    """The question before a planned mailing is deleted."""
    return f'Удалить рассылку {name}? Неотправленные сообщения будут отменены, деньги за них вернутся на счет.'


def confirm_delete_messages(count: int) -> str:
    """The question before selected messages are deleted."""
    return f'Удалить выделенные сообщения ({count})? Деньги за отменённые сообщения вернутся на счет.'


def cancelled(count: int, refund: str, not_cancellable: int) -> str:
    """What a delete did."""
    text = f'Отменено сообщений: {count}, возвращено на счет: {refund}.'
    if not_cancellable:
        text += f' Уже переданы в SMS-центр и не могут быть отменены: {not_cancellable}.'
    return text


def status_counts(counts: dict[str, int]) -> str:
    """A mailing's messages by status, e.g. «доставлено: 3, запланировано: 1»."""
    return ', '.join(f'{MESSAGE_STATUSES.get(k, k)}: {v}' for k, v in counts.items() if v)


# Список СМС ожидающих оплату
SEARCH = 'Номер или текст'
SEND_ALL = 'Отправить все'
SEND_SELECTED = 'Отправить выделенные'
AWAITING_EMPTY = 'Сообщений, ожидающих оплату, нет.'
AWAITING_COLUMNS = {
    'phone': 'Номер',
    'sender': 'Отправитель',
    'text': 'Текст',
    'parts': 'Частей',
    'cost': 'Стоимость',
    'due_at': 'Время отправки',
    'mailing': 'Рассылка',
}


def awaiting_total(count: int, cost: str) -> str:
    """The count and the cost of the messages shown in the awaiting list."""
    return f'Ожидают оплаты: {count} на сумму {cost}'


def confirm_pay(count: int | None) -> str:
    """The question before selected awaiting messages are charged."""
    return f'Оплатить и отправить выделенные сообщения ({count})?'


def confirm_pay_all(count: int, cost: str) -> str:
    """The question before every awaiting message is charged."""
    return f'Оплатить и отправить все сообщения, ожидающие оплату ({count}), на сумму {cost}?'


def paid(released: int, charged: str) -> str:
    """What «Отправить все / выделенные» did."""
    return f'Отправлено в очередь сообщений: {released}, списано: {charged}.'


def short_of_money(needed: str, available: str, missing: str) -> str:
    """Insufficient balance, with the amounts."""
    return f'Недостаточно средств: нужно {needed}, доступно {available} (не хватает {missing}). Пополните счет.'


ERRORS: dict[str, str] = {
    'mailing_text_empty': 'Введите текст сообщения.',
    'mailing_sender_not_approved': 'Выберите имя отправителя из одобренных менеджером.',
    'mailing_name_too_long': 'Название рассылки длиннее 200 символов.',
    'mailing_no_recipients': 'Нет получателей: выберите базу, введите номера или загрузите файл '
    '(номера из СТОП-листа и баз для исключения не считаются).',
    'mailing_send_at_past': 'Время отправки уже прошло. Выберите время в будущем или отправьте сейчас.',
    'mailing_over_cap': 'Есть сообщения длиннее допустимого числа частей SMS. Сократите текст.',
    'mailing_create_cancelled': 'Создание рассылки отменено: ничего не создано и не списано.',
    'mailing_filter_invalid': 'Неверное условие отбора абонентов. Выберите поле и условие заново.',
    'account_blocked': 'Личный кабинет заблокирован. Обратитесь к менеджеру.',
    'send_window_incomplete': 'Укажите и начало, и конец разрешённого времени отправки.',
    'send_window_empty': 'Начало и конец разрешённого времени отправки совпадают.',
    'send_rate_not_positive': 'Скорость отправки — целое число сообщений в минуту, не меньше 1.',
    'validity_out_of_range': 'Срок жизни сообщения — от 1 до 72 часов.',
}
