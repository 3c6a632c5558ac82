"""Russian strings of the statistics windows (ui_text/__init__.py merges ERRORS into the common table)."""

from datetime import date

from ui_text.sending import MESSAGE_STATUSES
from ui_text.settings import MONTHS

ITEM_MONITOR = 'Монитор рассылок'
MONITOR_TITLE = 'Монитор рассылок'

# Statuses of a message (the detailed statistics, the reports and the history): the sending windows' table
STATUS_LABELS = MESSAGE_STATUSES
# What the chart stacks (domain.stats.StatusGroup), bottom to top, with their colours
GROUP_LABELS = {
    'delivered': 'Доставлено',
    'undelivered': 'Не доставлено',
    'expired': 'Просрочено',
    'rejected': 'Отклонено',
    'pending': 'Ожидает / в пути',
}
# The chart's toolbar in Russian (plotly's per-chart locale: English tooltip -> ours)
CHART_TOOLBAR = {
    'Download plot as a PNG': 'Скачать график (PNG)',
    'Download plot': 'Скачать график',
    'Zoom': 'Выделить область для увеличения',
    'Pan': 'Сдвиг',
    'Zoom in': 'Приблизить',
    'Zoom out': 'Отдалить',
    'Autoscale': 'Автомасштаб',
    'Reset axes': 'Исходный масштаб',
    'Double-click to zoom back out': 'Двойной щелчок возвращает исходный масштаб',
    'Taking snapshot - this may take a few seconds': 'Сохраняем картинку, это займёт несколько секунд',
}
CHART_FILENAME = 'statistika-sms'
GROUP_COLORS = {
    'delivered': '#2e7d32',
    'undelivered': '#c62828',
    'expired': '#ef6c00',
    'rejected': '#6a1b9a',
    'pending': '#90a4ae',
}

# Общая статистика
PERIOD_FROM = 'С'
PERIOD_TO = 'По'
QUICK_PERIODS = {
    'today': 'Сегодня',
    'yesterday': 'Вчера',
    'week': 'Неделя',
    'month': 'Месяц',
    'last_month': 'Прошлый месяц',
}
GROUPING = 'Группировка'
GROUPINGS = {
    'day': 'по дням',
    'week': 'по неделям',
    'month': 'по месяцам',
    'operator': 'по операторам',
    'region': 'по регионам',
    'sender': 'по отправителям',
    'template': 'по шаблонам',
    'mailing': 'по рассылкам',
}
GROUP_COLUMN = {
    'day': 'Дата',
    'week': 'Неделя',
    'month': 'Месяц',
    'operator': 'Оператор',
    'region': 'Регион',
    'sender': 'Отправитель',
    'template': 'Шаблон',
    'mailing': 'Рассылка',
}
TEMPLATE = 'Шаблон'
ALL_TEMPLATES = 'Все шаблоны'
RECALCULATE = 'Пересчитать'
NOTE = (
    'Примечание: обращайте внимание, что данные статистики предоставляют информацию ТОЛЬКО по количеству СМС '
    'и НЕ ЯВЛЯЮТСЯ отчетным документом.'
)
COUNTING_NOTE = (
    'Сообщения в СТОП-листе и отменённые не отправлялись: они не входят в график, в число сообщений и в стоимость. '
    'Стоимость — только оплаченные сообщения; «Доставлено, %» — доля доставленных среди всех сообщений периода.'
)
STATS_COLUMNS = {
    'messages': 'Сообщений',
    'parts': 'Частей',
    'delivered': 'Доставлено',
    'undelivered': 'Не доставлено',
    'expired': 'Просрочено',
    'rejected': 'Отклонено',
    'pending': 'Ожидает / в пути',
    'share': 'Доставлено, %',
    'cost': 'Стоимость',
    'stopped': 'В СТОП-листе',
    'cancelled': 'Отменено',
}
TOTAL = 'Итого'
UNKNOWN = 'не определено'
NO_TEMPLATE = 'Без шаблона'
DELETED_TEMPLATE = 'Шаблон №{id} (удалён)'
NO_MESSAGES = 'За этот период сообщений нет.'
CHART_Y = 'Сообщений'
MONTHS_SHORT = ('янв', 'фев', 'мар', 'апр', 'мая', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек')
WEEKDAYS = ('пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс')


def others(count: int) -> str:
    """The row that folds the smallest groups."""
    return f'Остальные ({count})'


def mailing_name(name: str, mailing_id: int, created: str) -> str:
    """A mailing as the statistics name it (mailings without a name get their number)."""
    return f'{name} ({created})' if name else f'Рассылка №{mailing_id} от {created}'


def day_label(day: date, *, with_year: bool = False) -> str:
    """'31 янв' (or '31 янв 2026')."""
    text = f'{day.day} {MONTHS_SHORT[day.month - 1]}'
    return f'{text} {day.year}' if with_year else text


def week_label(monday: date, sunday: date) -> str:
    """'26.01–01.02.2026'."""
    return f'{monday:%d.%m}–{sunday:%d.%m.%Y}'


def month_label(first: date) -> str:
    """'Январь 2026'."""
    return f'{MONTHS[first.month - 1].capitalize()} {first.year}'


def table_day(day: date) -> str:
    """'31.01.2026, сб'."""
    return f'{day:%d.%m.%Y}, {WEEKDAYS[day.weekday()]}'


# Детальная статистика
DETAIL_COLUMNS = {
    'created_at': 'Создано',
    'sent_at': 'Отправлено',
    'sender': 'Отправитель',
    'phone': 'Получатель',
    'operator': 'Оператор',
    'region': 'Регион',
    'mailing': 'Рассылка',
    'text': 'Текст',
    'parts': 'Частей',
    'cost': 'Стоимость',
    'status': 'Статус',
    'status_at': 'Время статуса',
    'err': 'Код ошибки',
}
FILTER_SENDER = 'Отправитель'
FILTER_PHONE = 'Номер получателя (начало)'
FILTER_OPERATOR = 'Оператор'
FILTER_MAILING = 'Название рассылки'
FILTER_STATUS = 'Статус СМС'
ALL_STATUSES = 'Все статусы'
SHOW = 'Показать'
RESET = 'Сбросить'
EXPORT = 'Выгрузить в Excel'
SORT_HINT = (
    'Сортировка — по столбцам «Создано», «Отправитель», «Получатель», «Оператор», «Рассылка» и «Статус». '
    'Нажмите на строку, чтобы увидеть историю СМС.'
)
HISTORY_TITLE = 'История статусов СМС'
HISTORY_COLUMNS = {'at': 'Время', 'status': 'Статус', 'stat': 'Отчёт SMSC', 'err': 'Код ошибки'}
NO_HISTORY = 'Изменений статуса пока нет.'
CREATED = 'создано'  # the first row of a message's history, like the statuses after it


def detail_total(count: int) -> str:
    """The count under the detailed table."""
    return f'Найдено сообщений: {count}'


def export_started(report_id: int) -> str:
    """After «Выгрузить в Excel»."""
    return f'Отчет №{report_id} формируется. Он появится в «Сгенерированных отчетах».'


# Сгенерированные отчеты
REPORT_COLUMNS = {
    'created_at': 'Создан',
    'params': 'Параметры',
    'rows': 'Строк',
    'status': 'Статус',
    'finished_at': 'Завершён',
    'actions': 'Скачать',
}
REPORT_STATUSES = {'running': 'формируется', 'done': 'готов', 'failed': 'ошибка', 'cancelled': 'отменён'}
REPORT_FILE_TITLE = 'Детальная статистика'
DOWNLOAD_XLSX = 'Excel (XLSX)'
DOWNLOAD_CSV = 'CSV (UTF-8)'
DOWNLOAD_CSV_1251 = 'CSV (Windows-1251)'
CANCEL_REPORT = 'Отменить'
DELETE_REPORT = 'Удалить'
NO_REPORTS = 'Отчетов пока нет. Откройте «Детальную статистику» и нажмите «Выгрузить в Excel».'
TO_DETAIL = 'К детальной статистике'
REPORT_DELETED = 'Отчет удален'
SORT_NAMES = {
    'created_at': 'по времени',
    'sender': 'по отправителю',
    'phone': 'по получателю',
    'operator': 'по оператору',
    'mailing': 'по названию рассылки',
    'status': 'по статусу',
}


def reports_ttl(hours: int) -> str:
    """How long reports are kept."""
    days, rest = divmod(hours, 24)
    term = f'{days} дн.' if days and not rest else f'{hours} ч.'
    return f'Отчеты хранятся {term}, затем удаляются автоматически.'


def report_progress(done: int, total: int) -> str:
    """A running report's progress."""
    share = int(100 * done / total) if total else 0
    return f'формируется: {share}% ({done} из {total})'


def confirm_delete_report(report_id: int) -> str:
    """The question before a report is deleted."""
    return f'Удалить отчет №{report_id} вместе с файлами?'


def report_params(params: dict) -> str:
    """A report's parameters in one line."""
    start, end = date.fromisoformat(params['date_from']), date.fromisoformat(params['date_to'])
    parts = [f'{start:%d.%m.%Y}–{end:%d.%m.%Y}']
    for key, label in (('sender', 'отправитель'), ('phone', 'номер'), ('operator', 'оператор')):
        if params.get(key):
            parts.append(f'{label}: {params[key]}')
    if params.get('mailing'):
        parts.append(f'рассылка: «{params["mailing"]}»')
    if params.get('status'):
        parts.append(f'статус: {STATUS_LABELS.get(params["status"], params["status"])}')
    parts.append(f'сортировка {SORT_NAMES.get(params.get("sort", ""), "")}'.strip())
    return '; '.join(parts)


# Монитор рассылок
MONITOR_MAILINGS = 'Рассылки сегодня и в работе'
MONITOR_OPERATORS = 'Доставляемость по операторам за сегодня'
MONITOR_SPEED = 'Скорость отправки'
MONITOR_SPEED_UNIT = 'СМС/мин'
MONITOR_NONE = 'Сегодня рассылок нет.'
MONITOR_KIOSK = 'Полноэкранный режим'
MONITOR_EXIT_KIOSK = 'Выйти из полноэкранного режима'
MONITOR_COUNTS = {
    'total': 'Всего',
    'waiting': 'В очереди',
    'sent': 'Отправлено',
    'delivered': 'Доставлено',
    'failed': 'Не доставлено',
}
MONITOR_IN_FLIGHT = 'в пути'
MONITOR_ALL_ACCOUNTS = 'Все клиенты'


def monitor_updated(clock: str) -> str:
    """When the monitor's figures were taken."""
    return f'Обновлено в {clock}'


def monitor_rate(delivered: int, finished: int) -> str:
    """An operator's delivery rate."""
    share = f'{100 * delivered / finished:.1f}'.replace('.', ',') if finished else '—'
    return f'{share}% ({delivered} из {finished})'


ERRORS: dict[str, str] = {
    'stats_period_reversed': 'Дата «с» позже даты «по».',
    'stats_period_too_long': 'Период не может быть длиннее года (366 дней).',
    'report_cancelled': 'Формирование отчета отменено.',
}
