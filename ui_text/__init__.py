"""Every Russian string of the user interface, in one place (words taken from the user manual)."""

APP_TITLE = 'SMS-кабинет'
CABINET = 'Личный кабинет'
MANAGER_CABINET = 'Кабинет менеджера'
IN_DEVELOPMENT = 'Раздел в разработке'
IN_DEVELOPMENT_NOTE = 'Это окно появится в одной из следующих версий кабинета. Данные здесь пока не показываются.'
NOT_FOUND_TITLE = 'Страница не найдена'
NOT_FOUND_TEXT = 'Такой страницы нет. Проверьте адрес или вернитесь в личный кабинет.'
OBJECT_NOT_FOUND = 'Не найдено: такого объекта нет в вашем кабинете.'
FORBIDDEN_TITLE = 'Нет доступа'
FORBIDDEN_TEXT = 'Этот раздел доступен только менеджеру.'
TO_HOME = 'В личный кабинет'

# Login
LOGIN_TITLE = 'Вход в личный кабинет'
LOGIN = 'Логин'
PASSWORD = 'Пароль'
SIGN_IN = 'Войти'
SIGN_OUT = 'Выход'
LOGIN_ERRORS = {
    'empty': 'Введите логин и пароль.',
    'too_long': 'Логин или пароль слишком длинный.',
    'bad_credentials': 'Неверный логин или пароль.',
    'blocked': 'Учётная запись заблокирована. Обратитесь к менеджеру.',
}


def login_locked(seconds: int) -> str:
    """The refusal shown while a login is locked after too many wrong passwords."""
    minutes, rest = divmod(seconds, 60)
    wait = f'{minutes} мин {rest:02d} с' if minutes else f'{rest} с'
    return f'Слишком много неверных попыток входа. Попробуйте снова через {wait}.'


# Frame
BALANCE = 'Баланс'
TOP_UP = '+ Пополнить счет'
TOP_UP_TITLE = 'Пополнение счета'
CLOSE = 'Закрыть'
CANCEL = 'Отмена'
SAVE = 'Сохранить'
MENU = 'Меню'

SECTION_BASES = 'Телефонная база'
SECTION_SMS = 'СМС'
SECTION_FINANCE = 'Финансы'
SECTION_STATS = 'Статистика СМС'
SECTION_MORE = 'Дополнительно'
SECTION_MANAGER = 'Менеджер'

ITEM_BASES = 'Все базы'
ITEM_STOPLIST = 'Глобальный СТОП-лист'
ITEM_SEND = 'Отправка СМС сообщений'
ITEM_TEMPLATES = 'Шаблоны СМС сообщений'
ITEM_SCHEDULED = 'Запланированные рассылки'
ITEM_AWAITING = 'СМС ожидающие оплату'
ITEM_SENDERS = 'Реестр имен отправителей'
ITEM_PAYMENTS = 'Поступившие средства'
ITEM_TARIFFS = 'Тарифы'
ITEM_STATS = 'Общая статистика'
ITEM_DETAIL = 'Детальная статистика'
ITEM_REPORTS = 'Сгенерированные отчеты'
ITEM_NEWS = 'Новости'
ITEM_MANUAL = 'Руководство пользователя'
ITEM_SUPPORT = 'Поддержка'
ITEM_SETTINGS = 'Настройки'
ITEM_DOCUMENTS = 'Документы'
ITEM_CLIENTS = 'Клиенты'
ITEM_MANAGER_TARIFFS = 'Тарифы клиентов'
ITEM_MANAGER_SENDERS = 'Имена отправителей'
ITEM_INVOICES = 'Счета'
ITEM_MANAGER_NEWS = 'Публикация новостей'
ITEM_TICKETS = 'Обращения'
ITEM_NUMBERING = 'Справочник нумерации'
ITEM_AUDIT = 'Журнал аудита'

# Window titles named by the manual
WINDOW_TITLES = {
    'bases': 'Управление базами получателей сообщений',
    'stoplist': 'Список абонентов, которые не должны получать СМС',
    'send': 'СМС-сообщения',
    'templates': 'Управление СМС шаблонами',
    'scheduled': 'Список запланированных SMS',
    'awaiting': 'Список СМС ожидающих оплату',
    'senders': 'Реестр имен отправителей',
    'payments': 'Поступившие средства',
    'tariffs': 'Тарифы на исходящие SMS',
    'stats': 'Общая статистика',
    'detail': 'Детальная статистика',
    'reports': 'Сгенерированные отчеты',
    'monitor': 'Монитор рассылок',
    'news': 'Новости',
    'manual': 'Руководство пользователя',
    'support': 'Отправить вопрос',
    'settings': 'Настройки личного кабинета',
    'documents': 'Закрывающие документы',
    'clients': 'Клиенты',
    'manager_tariffs': 'Тарифы клиентов',
    'manager_senders': 'Имена отправителей на согласовании',
    'invoices': 'Счета на оплату',
    'manager_news': 'Публикация новостей',
    'tickets': 'Обращения клиентов',
    'numbering': 'Справочник нумерации',
    'audit': 'Журнал аудита',
}

# Start page
HOME_BALANCE = 'Баланс счета'
HOME_BASES = 'Телефонных баз'
HOME_ACTIVITY = 'Последние события'
HOME_NO_ACTIVITY = 'Событий пока нет.'
HOME_MANAGER_CLIENTS = 'Клиентов'
ACTIVITY_COLUMNS = {'at': 'Время', 'kind': 'Событие', 'login': 'Логин', 'ip': 'IP-адрес'}
AUDIT_KINDS = {
    'login': 'Вход в кабинет',
    'login_failed': 'Неудачная попытка входа',
    'lockout': 'Вход временно заблокирован',
    'logout': 'Выход из кабинета',
    'user_created': 'Создан пользователь',
    'account_created': 'Создан клиент',
    'account_blocked': 'Клиент заблокирован',
    'account_unblocked': 'Клиент разблокирован',
    'credit_limit_set': 'Изменён кредитный лимит',
    'balance_corrected': 'Корректировка баланса',
    'sender_approved': 'Имя отправителя одобрено',
    'sender_rejected': 'Имя отправителя отклонено',
    'payment_forged': 'Отклонено поддельное уведомление об оплате',
    'password_changed': 'Пароль изменён',
    'password_change_failed': 'Неверный текущий пароль при смене пароля',
    'role_changed': 'Изменена роль пользователя',
    'user_blocked': 'Пользователь заблокирован',
    'user_unblocked': 'Пользователь разблокирован',
    'settings_changed': 'Изменены настройки кабинета',
    'document_uploaded': 'Загружен закрывающий документ',
    'document_deleted': 'Удалён закрывающий документ',
}

# Phone bases
CREATE_BASE = 'Создать базу'
NEW_BASE_TITLE = 'Добавить новую базу абонентов'
BASE_NAME = 'Название'
BASE_COLUMNS = {'name': 'Название', 'subscriber_count': 'Абонентов', 'created_at': 'Создана', 'actions': ''}
NO_BASES = 'Баз пока нет. Нажмите «Создать базу».'
BASE_SETTINGS = 'Настройки базы'
BASE_SETTINGS_TITLE = 'Настройка базы получателей СМС'
BASE_DESCRIPTION = 'Описание'
BASE_FIELDS = 'Поля базы'
SAVE_BASE = 'Сохранить базу'
BASE_SAVED = 'Настройки базы сохранены'
DELETE_BASE = 'Удалить базу'
EXPORT_BASE = 'Выгрузить в Excel'
OPEN_BASE = 'Открыть'
CONFIRM = 'Подтверждение'
YES_DELETE = 'Удалить'
FIELD_LABELS = {
    'phone': 'Номер телефона',
    'last_name': 'Фамилия',
    'first_name': 'Имя',
    'middle_name': 'Отчество',
    'birth_date': 'Дата рождения',
    'gender': 'Пол',
    'region': 'Область',
    'operator': 'Оператор',
    **{f'note{n}': f'Примечание {n}' for n in range(1, 11)},
}


def confirm_delete_base(name: str, count: int) -> str:
    """The question before a base is deleted with its subscribers."""
    return f'Удалить базу «{name}» вместе с абонентами ({count})? Это действие нельзя отменить.'


def base_deleted(name: str, count: int) -> str:
    """What the user is told after a base was deleted."""
    return f'База «{name}» удалена, удалено абонентов: {count}'


# Subscriber list (Список абонентов базы)
ADD_ONE = 'Добавить один номер'
ADD_ONE_TITLE = 'Добавление нового абонента в базу'
ADD = 'Добавить'
EDIT = 'Редактировать'
EDIT_TITLE = 'Редактирование абонента'
DELETE_SELECTED = 'Удалить выделенные'
DELETE_ALL = 'Удалить все'
MOVE_SELECTED = 'Переместить выделенное'
MOVE_TITLE = 'Переместить абонентов в другую базу'
MOVE_TARGET = 'База, в которую переместить'
MOVE = 'Переместить'
LOAD_FROM_FILE = 'Загрузить из XLS-файла'
LOAD_FROM_CLIPBOARD = 'Загрузка из буфера'
SELECT_ALL_MATCHING = 'Выбрать все по фильтру'
NOTHING_SELECTED = 'Отметьте абонентов галочкой слева или «Выбрать все по фильтру».'
UNKNOWN = 'не определено'
ONLY_UNKNOWN = 'Только с неопределённой областью или оператором'
FILTER_PHONE = 'Номер (начало или часть)'
FILTER_NAME = 'ФИО'
FILTER_REGION = 'Область'
FILTER_OPERATOR = 'Оператор'
FILTER_NOTE_FIELD = 'Поле'
FILTER_NOTE_TEXT = 'Содержит'
RESET_FILTERS = 'Сбросить фильтры'
TIMEZONE = 'Часовой пояс'
SUBSCRIBER_ADDED = 'Абонент добавлен'
SUBSCRIBER_SAVED = 'Изменения сохранены'
GENDER_OPTIONS = {'': '—', 'male': 'м', 'female': 'ж'}
NO_OTHER_BASES = 'Нет другой базы: сначала создайте базу, в которую переместить абонентов.'


def subscribers_total(count: int) -> str:
    """The count under the subscriber list."""
    return f'Всего абонентов: {count}'


def confirm_delete_subscribers(count: int) -> str:
    """The question before subscribers are deleted."""
    return f'Удалить абонентов: {count}? Это действие нельзя отменить.'


def subscribers_deleted(count: int) -> str:
    """What the user is told after a delete."""
    return f'Удалено абонентов: {count}'


def subscribers_moved(moved: int, merged: int) -> str:
    """What the user is told after a move: how many moved and how many were already in the target."""
    return f'Перемещено: {moved}; уже были в целевой базе и объединены: {merged}'


def base_subscribers_title(name: str) -> str:
    """The title of a base's subscriber list, as the manual writes it."""
    return f'Список абонентов базы “{name}”'


# Loading and exporting subscribers (Загрузить из XLS-файла, Загрузка из буфера, выгрузка)
FILE_IMPORT_TITLE = 'Загрузка абонентов из XLS, XLSX, CSV, TXT-файла'
FILE_IMPORT_HINT = (
    'Перетащите файл сюда или нажмите «Обзор». Номер можно писать с 8 или +7, пробелами и скобками; '
    'не обязательно заполнять все поля. Файлы: XLS, XLSX, ODS, CSV, TXT до 100 МБ.'
)
CHOOSE_FILE = 'Обзор'
MAPPING_TITLE = 'Редактирование загруженного списка'
MAPPING_HINT = 'Над каждым столбцом выберите поле базы или «Не загружать». Ненужные листы можно отключить.'
NOT_LOADED = 'Не загружать'
FIO_SPLIT = 'ФИО (разделить на фамилию, имя, отчество)'
ENCODING = 'Кодировка'
DELIMITER = 'Разделитель'
DELIMITER_NAMES = {
    ';': 'точка с запятой',
    '\t': 'табуляция',
    ',': 'запятая',
    '|': 'вертикальная черта',
    '': 'нет (один столбец)',
}
HAS_HEADER = 'Первая строка — заголовки столбцов'
AS_LOADED = 'Так строки попадут в базу:'
PROBLEM = 'Ошибка'
LOAD = 'Загрузить'
IMPORT_RUNNING = 'Идёт загрузка…'
IMPORT_DONE = 'База номеров загружена'
RESULT_IMPORTED = 'Добавлено новых абонентов'
RESULT_UPDATED = 'Обновлено существующих'
RESULT_DUPLICATES = 'Повторов в файле'
RESULT_INVALID = 'Строк с ошибками'
RESULT_STOPPED = 'Из них в СТОП-листе'
INVALID_COLUMNS = {'where': 'Где', 'raw': 'Значение', 'reason': 'Причина'}
DOWNLOAD_INVALID = 'Скачать строки с ошибками'
INVALID_FILENAME = 'строки-с-ошибками.csv'
CLIPBOARD_TITLE = 'Загрузка номера из буфера обмена'
CLIPBOARD_HINT = 'Номера через перевод строки, запятую, точку с запятой, табуляцию или пробел; после номера можно имя'
CLIPBOARD_NOTHING = 'Не найдено ни одного номера телефона.'
CLIPBOARD_CHECK_TITLE = 'Загрузка номеров'
CLIPBOARD_CHECK_HINT = 'Проверяем и нажимаем Загрузить'
CHECK_VALID = 'Номеров к загрузке'
CHECK_DUPLICATES = 'Повторов'
CHECK_INVALID = 'Ошибочных'
CHECK_COLUMNS = {'place': '№', 'phone': 'Номер', 'name': 'Имя', 'note': 'Замечание'}
CHECK_REPEAT = 'повтор — загрузится один раз'
EXPORT = 'Выгрузить'
EXPORT_XLSX = 'Excel (XLSX)'
EXPORT_CSV = 'CSV (для Excel: разделитель «;»)'
IMPORT_ERRORS = {
    'import_empty': 'Файл пуст: в нём нет ни одной строки.',
    'import_too_large': 'Файл слишком большой: {size_mb} МБ, можно не больше {limit_mb} МБ.',
    'import_unsupported_format': 'Формат «.{extension}» не поддерживается. Загрузите XLS, XLSX, ODS, CSV или TXT.',
    'import_wrong_content': 'Содержимое файла не соответствует расширению «.{extension}». Сохраните файл заново.',
    'import_password_protected': 'Книга защищена паролем. Снимите пароль в Excel и загрузите файл снова.',
    'import_corrupt': 'Файл повреждён или загружен не полностью.',
    'import_zip_bomb': 'Файл после распаковки занял бы {unpacked_mb} МБ. Такой файл не загружается.',
    'import_binary_garbage': (
        'Это не текстовый файл или текст в другой кодировке. Выберите кодировку или сохраните файл как CSV.'
    ),
    'import_too_many_columns': 'В строке {row} больше {limit} столбцов.',
    'import_no_phone_column': 'Не выбран столбец с номером телефона. Укажите «Номер телефона» над нужным столбцом.',
    'import_mapping_duplicate': 'Одно поле выбрано для нескольких столбцов.',
    'import_sheet_missing': 'В книге нет листа «{sheet}».',
    'import_cancelled': 'Загрузка отменена, база не изменилась.',
    'import_failed': 'Загрузка не удалась, база не изменилась. Попробуйте ещё раз.',
}


def check_more(shown: int, total: int) -> str:
    """Below the first entries of the clipboard check: how many more there are (they are counted above)."""
    return f'В таблице первые {shown} из {total}; ещё {total - shown} не показаны, но проверены и учтены выше.'


def import_error(code: str, details: dict[str, object]) -> str:
    """An import refusal with what is wrong and where (row, sheet)."""
    template = IMPORT_ERRORS.get(code)
    if template is None:
        return error_text(code)
    try:
        text = template.format(**details)
    except (KeyError, IndexError):
        text = template.split('{')[0].rstrip(' :,')
    sheet = details.get('sheet')
    return f'{text} Лист «{sheet}».' if sheet and '{sheet}' not in template else text


def sheet_label(name: str, rows: int) -> str:
    """A sheet switch: its name and whether it has data."""
    return f'Лист «{name}»' if rows else f'Лист «{name}» (пустой)'


def import_progress(read: int, total: int, phase: str) -> str:
    """The progress line of a running import."""
    if phase == 'saving':
        return f'Сохраняем в базу… прочитано строк: {read}'
    return f'Прочитано строк: {read} из ~{total}' if total else f'Прочитано строк: {read}'


def row_place(sheet: str, row: int) -> str:
    """Where a refused row is in the file."""
    return f'лист «{sheet}», строка {row}' if sheet else f'строка {row}'


def export_title(name: str) -> str:
    """The export dialog's title."""
    return f'Выгрузка базы «{name}»'


def export_done(rows: int) -> str:
    """The notice when an export file is ready."""
    return f'Файл готов, строк: {rows}.'


def export_replaced(count: int) -> str:
    """How many characters Windows-1251 could not hold."""
    return f'Символов, которых нет в Windows-1251, заменено на «?»: {count}.'


# Templates (Управление СМС шаблонами)
ADD_TEMPLATE = 'Добавить шаблон'
NEW_TEMPLATE_TITLE = 'Добавление нового шаблона'
EDIT_TEMPLATE_TITLE = 'Редактирование шаблона'
TEMPLATE_NAME = 'Название шаблона'
TEMPLATE_TEXT = 'Текст сообщения'
CREATE_TEMPLATE = 'Создать шаблон'
INSERT = 'Вставка'
NO_TEMPLATES = 'Шаблонов пока нет. Нажмите «Добавить шаблон».'
TEMPLATE_COLUMNS = {'name': 'Название', 'display': 'Текст', 'parts': 'Частей', 'updated_at': 'Изменён', 'actions': ''}
TEMPLATE_SAVED = 'Шаблон сохранён'
TEMPLATE_DELETED = 'Шаблон удалён'
DELETE_TEMPLATE = 'Удалить шаблон'
PREVIEW = 'Предпросмотр'
PREVIEW_BASE = 'База для предпросмотра'
PREVIEW_NO_SUBSCRIBER = 'Выберите базу с абонентами, чтобы увидеть текст с подставленными данными.'
INSERTS_NOT_COUNTED = 'вставки учтены по данным первого абонента выбранной базы'
ENCODING_GSM = 'латиница (GSM)'
ENCODING_UCS2 = 'кириллица/Unicode (UCS-2)'
WITH_INSERTS = '+ вставки'


def segment_summary(encoding: str, units: int, left: int, parts: int) -> str:
    """The counter line under a message text."""
    return f'Кодировка: {encoding} · символов: {units} · осталось в части: {left} · частей SMS: {parts}'


def over_parts_cap(parts: int, cap: int) -> str:
    """The warning when a message is longer than the account allows."""
    return f'Сообщение занимает {parts} SMS — больше допустимых {cap}. Сократите текст.'


def preview_missing(labels: str) -> str:
    """The note that some inserts are empty for the previewed subscriber."""
    return f'У абонента не заполнено: {labels} — эти вставки будут пустыми.'


def confirm_delete_template(name: str) -> str:
    """The question before a template is deleted."""
    return f'Удалить шаблон «{name}»?'


# Sender names (Реестр имен отправителей)
ADD_SENDER = 'Добавить имя отправителя'
NEW_SENDER_TITLE = 'Добавление нового имени отправителя'
SENDER_NAME = 'Имя отправителя'
SENDER_COMMENT = 'Комментарий'
SENDER_DOCUMENTS = 'Документы (PDF, JPG, PNG до 10 МБ)'
SENDER_RULE_HINT = (
    'От 3 до 11 латинских букв, цифр, пробелов и знаков \\ \' " ? > < , . - _ = + / ! @ # $ % ^ & * ( ) '
    'или до 15 цифр. Документы для согласования запросите у менеджера.'
)
SENDER_ADDED = 'Имя отправлено на согласование'
NO_SENDERS = 'Имён отправителей пока нет.'
SENDER_COLUMNS = {
    'name': 'Имя',
    'status': 'Статус',
    'manager_comment': 'Комментарий менеджера',
    'operators': 'Операторы',
    'created_at': 'Подано',
    'decided_at': 'Решение',
    'documents': 'Документы',
}
SENDER_STATUS = {'pending': 'на согласовании', 'approved': 'одобрено', 'rejected': 'отклонено'}
MANAGER_SENDER_COLUMNS = {
    'account_name': 'Клиент',
    'name': 'Имя',
    'comment': 'Комментарий клиента',
    'created_at': 'Подано',
    'documents': 'Документы',
    'actions': '',
}
APPROVE = 'Одобрить'
REJECT = 'Отклонить'
DECISION_COMMENT = 'Комментарий для клиента'
DECISION_OPERATORS = 'Операторы (через запятую)'
NO_PENDING_SENDERS = 'Нет имён, ожидающих согласования.'
SENDER_APPROVED = 'Имя одобрено'
SENDER_REJECTED = 'Имя отклонено'


# Top-up (Пополнение счета)
TOP_UP_CARD = 'Электронный платеж'
TOP_UP_INVOICE = 'Счёт для оплаты организацией'
TOP_UP_AMOUNT = 'Сумма'
TOP_UP_SMS = 'или количество SMS'
PRICE_ASSUMPTIONS = {'mts': 'Считать SMS по цене МТС', 'average_ru': 'Считать SMS по среднему тарифу по России'}
PAYER_NAME = 'Плательщик (ФИО)'
PAYER_CONTACT = 'E-mail или телефон для чека'
TOP_UP_NEW_TAB = 'Оплата откроется в новой вкладке: выберите способ оплаты и укажите информацию о себе.'
TOP_UP_BUTTON = 'Пополнить счет'
TOP_UP_OPENED = 'Страница оплаты открыта в новой вкладке. Баланс обновится после зачисления.'
PAYMENTS_LIST = 'Платежи'
PAYMENT_COLUMNS = {
    'created_at': 'Дата',
    'amount': 'Сумма',
    'method': 'Способ',
    'status': 'Статус',
    'credited_at': 'Зачислено',
}
PAYMENT_STATUS_FILTER = 'Статус'
ALL = 'Все'
NO_PAYMENTS = 'За этот период платежей нет.'


def top_up_limits(minimum: str, maximum: str) -> str:
    """The allowed range of one top-up."""
    return f'От {minimum} до {maximum} за один платёж.'


def top_up_price(price: str) -> str:
    """Which price the amount <-> SMS conversion assumes."""
    return f'Расчёт по цене {price} за одну часть SMS; длинные сообщения занимают несколько частей.'


def payments_total(status: str, amount: str) -> str:
    """A total line under the payments list."""
    return f'{status}: {amount}'


# Finance (Тарифы, Поступившие средства)
OPERATOR_GROUPS = {
    'mts': 'МТС',
    'megafon': 'МегаФон',
    'beeline': 'Билайн',
    't2': 'Т2',
    'other_ru': 'Другие операторы России',
    'international': 'Международные',
}
TARIFF_COLUMNS = {'group': 'Оператор', 'price': 'Цена за 1 часть SMS'}
TARIFF_NOTE = (
    'Цена списывается за каждую часть сообщения: длинное SMS из 3 частей стоит как 3 SMS. '
    'Кириллица: 70 символов в одном SMS, 67 в каждой части длинного; латиница: 160 и 153.'
)
TARIFF_TIER = 'При рассылке от {parts} частей'
LEDGER_KINDS = {'topup': 'Пополнение', 'charge': 'Списание', 'refund': 'Возврат', 'correction': 'Корректировка'}
STATEMENT_TITLE = 'Выписка по счету'
STATEMENT_COLUMNS = {
    'created_at': 'Дата',
    'kind': 'Операция',
    'amount': 'Сумма',
    'balance': 'Остаток',
    'reference': 'Основание',
    'comment': 'Комментарий',
}
PERIOD_FROM = 'С'
PERIOD_TO = 'По'
SHOW = 'Показать'
OPENING_BALANCE = 'Остаток на начало'
CLOSING_BALANCE = 'Остаток на конец'
TOTAL_IN = 'Поступило'
TOTAL_OUT = 'Списано'
DOWNLOAD_XLSX = 'Скачать XLSX'
DOWNLOAD_CSV = 'Скачать CSV'
NO_ENTRIES = 'За этот период операций нет.'
PERIOD_INVALID = 'Дата «с» позже даты «по».'
MANAGER_TARIFF_FOR = 'Тариф для'
DEFAULT_TARIFF = 'По умолчанию (все клиенты без своего тарифа)'
VALID_FROM = 'Действует с'
SET_TARIFF = 'Сохранить тариф'
BASE_PRICE = 'Цена за 1 часть SMS'
TIER_FROM = 'Цена при рассылке от N частей'
TIER_HINT = 'Объёмная скидка необязательна: укажите порог в частях и цены, которые от него меняются.'
TARIFF_SAVED = 'Тариф сохранён; прежние остаются в истории.'
TARIFF_HISTORY = 'История тарифов'
TARIFF_HISTORY_COLUMNS = {'valid_from': 'Действует с', 'prices': 'Цены', 'created_at': 'Задан'}


def tariff_valid_from(day: str) -> str:
    """When the shown tariff started."""
    return f'Тариф действует с {day}'


# Manager: clients
CLIENT_COLUMNS = {
    'name': 'Клиент',
    'balance': 'Баланс',
    'credit_limit': 'Кредитный лимит',
    'users': 'Пользователей',
    'last_login_at': 'Последний вход',
    'status': 'Статус',
}
NO_PENDING_INVOICES = 'Неоплаченных счетов нет.'
MARK_PAID = 'Оплачен'
INVOICE_COLUMNS = {
    'number': '№',
    'created_at': 'Выставлен',
    'account': 'Клиент',
    'company': 'Плательщик',
    'amount': 'Сумма',
    'actions': '',
}


def invoice_paid(number: int) -> str:
    """After a manager marked an invoice paid."""
    return f'Счёт №{number} отмечен оплаченным, деньги зачислены клиенту'


NEW_CLIENT = 'Создать клиента'
CLIENT_COMPANY = 'Название организации'
CORRECT_BALANCE = 'Корректировка баланса'
CORRECTION_AMOUNT = 'Сумма (со знаком минус — списать)'
CORRECTION_REASON = 'Причина (обязательно)'
BALANCE_CORRECTED = 'Баланс скорректирован'
SET_CREDIT_LIMIT = 'Кредитный лимит'
CREDIT_LIMIT = 'Лимит'
BLOCK = 'Заблокировать'
UNBLOCK = 'Разблокировать'
AUDIT_SEARCH = 'Логин, IP или подробности'
AUDIT_KIND = 'Событие'
AUDIT_ALL_KINDS = 'Все события'
AUDIT_COLUMNS = {
    'at': 'Время',
    'kind': 'Событие',
    'login': 'Логин',
    'account': 'Клиент',
    'ip': 'IP',
    'details': 'Подробности',
}


def client_created(account: str, login: str) -> str:
    """What the manager is told after creating a client."""
    return f'Клиент «{account}» создан, логин владельца: {login}'


def one_time_password(password: str) -> str:
    """The generated password, shown once."""
    return f'Пароль (показывается один раз): {password}'


def client_blocked(name: str) -> str:
    """After blocking."""
    return f'Клиент «{name}» заблокирован: вход и отправка закрыты'


def client_unblocked(name: str) -> str:
    """After unblocking."""
    return f'Клиент «{name}» разблокирован'


CLIENT_ACTIVE = 'активен'
CLIENT_BLOCKED = 'заблокирован'
NEVER = '—'
TABLE_NO_DATA = 'Нет данных'
TABLE_ROWS_PER_PAGE = 'Строк на странице:'

# Errors of use cases (domain error codes -> messages)
ERRORS = {
    'not_found': OBJECT_NOT_FOUND,
    'forbidden': FORBIDDEN_TEXT,
    'base_name_empty': 'Введите название базы.',
    'base_name_too_long': 'Название базы длиннее 200 символов.',
    'login_empty': 'Введите логин.',
    'login_too_long': 'Логин длиннее 64 символов.',
    'login_characters': 'Логин может содержать только латинские буквы, цифры и знаки . _ @ -',
    'login_taken': 'Такой логин уже занят.',
    'password_too_short': 'Пароль короче 8 символов.',
    'password_too_long': 'Пароль длиннее 256 символов.',
    'account_name_empty': 'Укажите название организации клиента.',
    'base_description_too_long': 'Описание базы длиннее 2000 символов.',
    'field_label_too_long': 'Название поля длиннее 40 символов.',
    'field_label_brackets': 'Название поля не может содержать скобки [ ] { }.',
    'field_label_duplicate': 'Два поля не могут называться одинаково.',
    'subscriber_duplicate': 'Этот номер уже есть в базе.',
    'move_same_base': 'Выберите другую базу: абоненты уже в этой.',
    'birth_date_invalid': 'Дата рождения должна быть в виде дд.мм.гггг и не в будущем.',
    'gender_invalid': 'Пол: м или ж.',
    'field_read_only': 'Область и оператор определяются по номеру автоматически.',
    'field_unknown': 'Такого поля нет.',
    'name_too_long': 'Не более 100 символов.',
    'note_too_long': 'Не более 255 символов.',
    'sort_unknown': 'По этому столбцу нельзя сортировать.',
    'template_name_empty': 'Введите название шаблона.',
    'template_name_too_long': 'Название шаблона длиннее 100 символов.',
    'template_text_empty': 'Введите текст шаблона.',
    'template_text_too_long': 'Текст шаблона длиннее 2000 символов.',
    'template_over_cap': 'Текст шаблона длиннее допустимого числа частей SMS. Сократите текст.',
    'unknown_label': (
        'Неизвестная вставка в тексте. Выберите поле в меню «Вставка»; чтобы написать «[» как текст, удвойте её: «[[».'
    ),
    'unclosed_insert': 'Не закрыта вставка: добавьте «]» или удвойте «[[», чтобы оставить скобку текстом.',
    'reserved_braces': 'Двойные фигурные скобки «{{» нельзя использовать в тексте шаблона.',
    'sender_empty': 'Введите имя отправителя.',
    'sender_too_short': 'Имя отправителя слишком короткое: не менее 3 символов.',
    'sender_too_long': 'Имя отправителя слишком длинное: не более 11 символов.',
    'sender_digits_too_long': 'Цифровое имя отправителя — не более 15 цифр.',
    'sender_cyrillic': 'Русские буквы в имени отправителя недопустимы: используйте латиницу.',
    'sender_forbidden_characters': (
        'В имени отправителя недопустимые символы. '
        'Разрешены латинские буквы, цифры, пробел и знаки \\ \' " ? > < , . - _ = + / ! @ # $ % ^ & * ( )'
    ),
    'sender_no_latin_letter': (
        'Имя отправителя должно содержать хотя бы одну латинскую букву (или состоять только из цифр).'
    ),
    'sender_misplaced_space': 'Пробел допускается только внутри имени и по одному.',
    'sender_duplicate': 'Такое имя отправителя уже есть в вашем реестре.',
    'sender_comment_too_long': 'Комментарий длиннее 1000 символов.',
    'sender_reject_needs_comment': 'Напишите клиенту, почему имя отклонено.',
    'sender_already_decided': 'По этому имени уже принято решение.',
    'document_empty': 'Файл пустой.',
    'document_too_large': 'Файл больше 10 МБ.',
    'document_type': 'Можно прикладывать только PDF, JPG и PNG (тип определяется по содержимому файла).',
    'document_too_many': 'Не более 10 документов.',
    'export_cancelled': 'Выгрузка отменена.',
    'tariff_missing': 'Тариф не задан. Обратитесь к менеджеру.',
    'account_name_taken': 'Клиент с таким названием уже есть.',
    'credit_limit_invalid': 'Кредитный лимит — сумма в рублях от 0, не более двух знаков после запятой.',
    'period_invalid': 'Укажите дату полностью: день, месяц и год.',
    'tariff_missing_price': 'Укажите цену для всех групп операторов.',
    'tariff_invalid_price': 'Недопустимая цена: от 0,01 до 10 000 ₽, не более 4 знаков после запятой.',
    'tariff_invalid_tier': 'Порог объёма должен быть не меньше 2 частей, пороги не должны повторяться.',
    'insufficient_funds': 'Недостаточно средств на счете. Пополните счет.',
    'refund_exceeds_charge': 'Сумма возврата больше списанной по этой операции.',
    'correction_reason_empty': 'Укажите причину корректировки.',
    'amount_empty': 'Введите сумму.',
    'amount_not_a_number': 'Сумма должна быть числом, например 1 500,00.',
    'amount_not_finite': 'Недопустимая сумма.',
    'amount_negative': 'Сумма не может быть отрицательной.',
    'amount_zero': 'Сумма должна быть больше нуля.',
    'amount_too_large': 'Сумма слишком велика.',
    'amount_too_many_decimals': 'Не более двух знаков после запятой (копейки).',
    'export_format_unknown': 'Выберите формат выгрузки: XLSX или CSV.',
    'export_encoding_unknown': 'Выберите кодировку: UTF-8 или Windows-1251.',
    'phone_empty': 'Номер не указан.',
    'phone_letters': 'В номере есть буквы.',
    'phone_too_short': 'В номере не хватает цифр.',
    'phone_too_long': 'В номере лишние цифры.',
    'phone_invalid': 'Такого номера не существует.',
    'phone_precision_lost': 'Номер записан в экспоненциальном виде (например, 7,9E+10) и потерял цифры.',
    'stoplist_duplicate': 'Этот номер уже есть в СТОП-листе.',
    'stoplist_comment_too_long': 'Комментарий длиннее 255 символов.',
}


def error_text(code: str) -> str:
    """The Russian message for a domain error code."""
    return ERRORS.get(code, f'Ошибка: {code}')


# Demo data of a fresh install
DEMO_MANAGER_NAME = 'Демо-менеджер'
DEMO_CLIENT_ACCOUNT = 'ООО «Демо»'
DEMO_CLIENT_NAME = 'Демо-клиент'

# Stop-list and numbering
STOPLIST_ADD = 'Добавить номер'
STOPLIST_ADD_TITLE = 'Добавление номера в СТОП-лист'
STOPLIST_PHONE = 'Номер телефона'
STOPLIST_COMMENT = 'Комментарий'
STOPLIST_ADD_BUTTON = 'Добавить'
STOPLIST_SEARCH = 'Поиск по номеру или комментарию'
STOPLIST_DELETE_SELECTED = 'Удалить выделенные'
STOPLIST_NOTHING_SELECTED = 'Отметьте номера, которые нужно удалить.'
STOPLIST_DELETE = 'Удалить'
STOPLIST_EMPTY = 'В СТОП-листе нет номеров.'
STOPLIST_COLUMNS = {'phone': 'Номер телефона', 'comment': 'Комментарий', 'created_at': 'Добавлен'}
NUMBERING_SNAPSHOT = 'Дата выписки из реестра'
NUMBERING_RANGES = 'Диапазонов номеров'
NUMBERING_OPERATORS = 'Операторов'
NUMBERING_REGIONS = 'Регионов'
NUMBERING_SOURCE = 'Файл справочника'
NUMBERING_REFRESH_HINT = (
    'Чтобы обновить справочник, скачайте свежую выписку DEF-9xx.csv с сайта Минцифры и выполните на сервере:'
)
NUMBERING_REFRESH_COMMAND = 'python main.py numbering refresh --from DEF-9xx.csv'
NUMBERING_RESTART_NOTE = 'После обновления перезапустите кабинет, чтобы он начал пользоваться новым справочником.'


def stoplist_added(phone: str) -> str:
    """The notice after a number was put on the stop-list."""
    return f'Номер {phone} добавлен в СТОП-лист.'


def stoplist_delete_question(count: int) -> str:
    """The confirmation before deleting selected stop-list entries."""
    return f'Удалить из СТОП-листа выделенные номера ({count})?'


def stoplist_deleted(count: int) -> str:
    """The notice after deleting stop-list entries."""
    return f'Удалено номеров: {count}.'


# Payments (built-in test checkout, return page, invoices)
PAYMENT_STATUSES = {
    'pending': 'ожидает оплаты',
    'credited': 'зачислено',
    'declined': 'отклонено',
    'refunded': 'возвращено',
}
PAYMENT_METHODS = {'card_test': 'Тестовая карта', 'yookassa': 'ЮKassa', 'invoice': 'Счёт (банковский перевод)'}
CHECKOUT_TITLE = 'Оплата картой'
CHECKOUT_TEST_MODE = 'Тестовый режим оплаты — деньги не списываются'
CHECKOUT_TEST_CARDS = (
    'Тестовые карты: 4111 1111 1111 1111 — успешная оплата, 4000 0000 0000 0002 — отказ банка, '
    '4000 0000 0000 3220 — с подтверждением 3-D Secure (код 123456).'
)
CHECKOUT_AMOUNT = 'К оплате'
CHECKOUT_NOT_FOUND = 'Такого платежа нет.'
CHECKOUT_FINISHED = 'Платёж уже обработан.'
CARD_NUMBER = 'Номер карты'
CARD_EXPIRY = 'Срок действия (ММ/ГГ)'
CARD_CVC = 'CVC'
CARD_INVALID = 'Проверьте номер карты (16 цифр), срок действия (ММ/ГГ) и CVC (3 цифры).'
PAY = 'Оплатить'
THREE_DS_TITLE = 'Подтверждение платежа (3-D Secure)'
THREE_DS_HINT = 'Введите код из SMS, отправленного банком.'
THREE_DS_CODE = 'Код подтверждения'
CONFIRM_CODE = 'Подтвердить'
PAYMENT_RETURN_TITLE = 'Результат оплаты'
PAYMENT_CREDITED = 'Платёж зачислен на счёт.'
PAYMENT_DECLINED = 'Платёж отклонён, деньги не списаны. Попробуйте ещё раз или выберите другой способ оплаты.'
PAYMENT_PENDING = 'Платёж ещё обрабатывается. Обновите страницу через минуту — деньги будут зачислены автоматически.'
TO_PAYMENTS = 'К поступившим средствам'
REFRESH = 'Обновить'
INVOICE_TITLE = 'Счёт на оплату №'
INVOICE_FROM = 'от'
INVOICE_SELLER = 'Поставщик'
INVOICE_BUYER = 'Покупатель'
INVOICE_INN = 'ИНН'
INVOICE_KPP = 'КПП'
INVOICE_ADDRESS = 'Адрес'
INVOICE_BANK = 'Банк получателя'
INVOICE_BIK = 'БИК'
INVOICE_ACCOUNT = 'Расчётный счёт'
INVOICE_CORR_ACCOUNT = 'Корр. счёт'
INVOICE_ITEM = 'Пополнение лицевого счёта для оплаты услуг SMS-рассылок'
INVOICE_TOTAL = 'Итого к оплате'
INVOICE_NO_VAT = 'Без НДС'
INVOICE_VAT = 'В том числе НДС'
INVOICE_NOT_SET = 'не указано'
INVOICE_PAID = 'Оплачен'
INVOICE_PRINT = 'Печать'
ERRORS.update(
    {
        'top_up_too_small': 'Минимальная сумма пополнения — 100 ₽.',
        'top_up_too_large': 'Максимальная сумма пополнения — 1 000 000 ₽.',
        'payer_contact_empty': 'Укажите e-mail или телефон для чека.',
        'payment_method_unknown': 'Такой способ оплаты не поддерживается.',
        'provider_unavailable': 'Платёжная система сейчас недоступна, деньги не списаны. Попробуйте позже.',
        'checkout_not_found': CHECKOUT_NOT_FOUND,
        'checkout_step_wrong': CHECKOUT_FINISHED,
        'company_name_empty': 'Укажите название организации.',
        'inn_empty': 'Укажите ИНН.',
        'inn_wrong_length': 'ИНН состоит из 10 цифр (организация) или 12 цифр (ИП).',
        'inn_not_digits': 'ИНН состоит только из цифр.',
        'inn_bad_checksum': 'ИНН введён с ошибкой: не сходится контрольная цифра.',
        'kpp_invalid': 'КПП состоит из 9 символов.',
    }
)


# The strings of later sections live in modules of their own (one per section); their error texts and audit labels
# join ERRORS and AUDIT_KINDS here.
from ui_text import sending, settings, statistics, support  # noqa: E402

for _section in (sending, statistics, support, settings):
    ERRORS.update(_section.ERRORS)
    AUDIT_KINDS.update(getattr(_section, 'AUDIT_KINDS', {}))
