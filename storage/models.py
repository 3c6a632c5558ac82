"""Tortoise models: the cabinet's tables."""

from tortoise import fields
from tortoise.models import Model

from domain.roles import AccountRole, UserRole
from domain.sender_names import SenderStatus
from domain.statuses import LedgerKind, MessageStatus, PaymentStatus


class Account(Model):
    """A client company of the aggregator (its balance caches the sum of its ledger)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    balance = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    credit_limit = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    timezone = fields.CharField(max_length=64, default='Europe/Moscow')
    # how numbers are written into messages (domain.phones.PhoneStyle) and the most SMS parts one message may take
    phone_style = fields.CharField(max_length=16, default='plus7_spaced', db_default='plus7_spaced')
    parts_cap = fields.IntField(default=8, db_default=8)
    # Настройки личного кабинета: the sender preselected in the composer, the default validity of messages (hours),
    # and the balance under which the cabinet shows a low-balance banner (0 = no banner)
    default_sender = fields.CharField(max_length=15, default='', db_default='')
    validity_hours = fields.IntField(default=24, db_default=24)
    low_balance_threshold = fields.DecimalField(max_digits=14, decimal_places=2, default=0, db_default=0)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    users: fields.ReverseRelation['User']

    class Meta:
        table = 'account'


class User(Model):
    """A person who logs in: a client user of one account, or a manager without an account."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name='users', null=True, on_delete=fields.CASCADE
    )
    account_id: int | None
    login = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(UserRole, max_length=16)
    full_name = fields.CharField(max_length=200, default='')
    email = fields.CharField(max_length=200, default='', db_default='')
    phone = fields.CharField(max_length=32, default='', db_default='')
    # inside the account (clients only): owner | operator | viewer
    account_role = fields.CharEnumField(AccountRole, max_length=16, default=AccountRole.owner, db_default='owner')
    is_active = fields.BooleanField(default=True)
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    session_version = fields.IntField(default=1)
    last_login_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'app_user'


class AuditEvent(Model):
    """An append-only record of a security event or a manager action."""

    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    login = fields.CharField(max_length=64, default='')
    kind = fields.CharField(max_length=40, db_index=True)
    ip = fields.CharField(max_length=64, default='')
    details = fields.TextField(default='')

    class Meta:
        table = 'audit_event'


class PhoneBase(Model):
    """A base of subscribers (Телефонная база) owned by one account."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name='bases', on_delete=fields.CASCADE
    )
    account_id: int
    name = fields.CharField(max_length=200)
    description = fields.TextField(default='')
    # {field key: {enabled, label}}; NULL means the defaults (a callable default cannot be added by ALTER TABLE)
    field_settings: fields.Field[dict | None] = fields.JSONField(null=True)
    # cached COUNT(*) of its subscribers, changed in the same transaction as the rows
    subscriber_count = fields.IntField(default=0, db_default=0)  # db_default: ALTER TABLE ADD needs it in SQL
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'phone_base'


class Subscriber(Model):
    """One phone number of a base (Абонент) with the person's fields and what the numbering plan says of it."""

    id = fields.BigIntField(primary_key=True)
    base: fields.ForeignKeyRelation[PhoneBase] = fields.ForeignKeyField(
        'models.PhoneBase', related_name='subscribers', on_delete=fields.CASCADE, db_index=False
    )
    base_id: int
    phone = fields.CharField(max_length=16)
    last_name = fields.CharField(max_length=100, default='')
    first_name = fields.CharField(max_length=100, default='')
    middle_name = fields.CharField(max_length=100, default='')
    birth_date = fields.DateField(null=True)
    gender = fields.CharField(max_length=8, default='')
    region = fields.CharField(max_length=100, default='')
    operator = fields.CharField(max_length=100, default='')
    timezone = fields.CharField(max_length=64, default='')
    note1 = fields.CharField(max_length=255, default='')
    note2 = fields.CharField(max_length=255, default='')
    note3 = fields.CharField(max_length=255, default='')
    note4 = fields.CharField(max_length=255, default='')
    note5 = fields.CharField(max_length=255, default='')
    note6 = fields.CharField(max_length=255, default='')
    note7 = fields.CharField(max_length=255, default='')
    note8 = fields.CharField(max_length=255, default='')
    note9 = fields.CharField(max_length=255, default='')
    note10 = fields.CharField(max_length=255, default='')
    # casefolded 'last first middle' for search: SQLite's LOWER/LIKE fold ASCII only
    search_name = fields.CharField(max_length=310, default='')
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'subscriber'
        unique_together = (('base_id', 'phone'),)
        indexes = (
            ('base_id', 'id'),
            ('base_id', 'region', 'id'),
            ('base_id', 'operator', 'id'),
            ('base_id', 'last_name', 'id'),
            ('base_id', 'search_name', 'id'),
        )


class StopListEntry(Model):
    """A number of the account's global stop-list (СТОП-лист): it never receives the account's SMS."""

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name='stop_list', on_delete=fields.CASCADE, db_index=False
    )
    account_id: int
    phone = fields.CharField(max_length=16)
    comment = fields.CharField(max_length=255, default='')
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'stop_list_entry'
        unique_together = (('account_id', 'phone'),)


class LedgerEntry(Model):
    """One immutable movement of an account's money (database triggers refuse UPDATE and DELETE of these rows)."""

    id = fields.BigIntField(primary_key=True)
    # RESTRICT: an account with money history is never deleted (the triggers would refuse the cascade anyway)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name=False, on_delete=fields.RESTRICT, db_index=False
    )
    account_id: int
    amount = fields.DecimalField(max_digits=14, decimal_places=2)
    kind = fields.CharEnumField(LedgerKind, max_length=16)
    reference = fields.CharField(max_length=64, default='')
    comment = fields.TextField(default='')
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.RESTRICT, db_index=False
    )
    author_id: int | None
    balance_after = fields.DecimalField(max_digits=14, decimal_places=2)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'ledger_entry'
        indexes = (('account_id', 'id'), ('account_id', 'reference'))


class Tariff(Model):
    """Prices of one SMS part per operator group from a date (account NULL: the default tariff), never changed."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name=False, null=True, on_delete=fields.CASCADE, db_index=False
    )
    account_id: int | None
    valid_from = fields.DateField()
    # {group: '2.3500'}; tiers: [{'min_parts': 10000, 'prices': {group: '2.1000'}}]
    prices: fields.Field[dict] = fields.JSONField()
    tiers: fields.Field[list] = fields.JSONField()
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL, db_index=False
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'tariff'
        indexes = (('account_id', 'valid_from'),)


class Payment(Model):
    """An incoming payment (top-up) through a provider or an invoice, credited to the ledger exactly once."""

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name=False, on_delete=fields.RESTRICT, db_index=False
    )
    account_id: int
    amount = fields.DecimalField(max_digits=14, decimal_places=2)
    method = fields.CharField(max_length=16)  # 'card_test', 'yookassa', 'invoice'
    status = fields.CharEnumField(PaymentStatus, max_length=16, default=PaymentStatus.pending)
    provider_payment_id = fields.CharField(max_length=64, null=True, unique=True)
    idempotence_key = fields.CharField(max_length=64, unique=True)
    payer_name = fields.CharField(max_length=200, default='')
    payer_contact = fields.CharField(max_length=200, default='')
    created_at = fields.DatetimeField(auto_now_add=True)
    credited_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'payment'
        indexes = (('account_id', 'id'), ('account_id', 'status'))


class Template(Model):
    """An SMS template (Шаблон): text with inserts stored by key, e.g. 'Тел. для связи {{phone}}'."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name='templates', on_delete=fields.CASCADE
    )
    account_id: int
    name = fields.CharField(max_length=100)
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'sms_template'


class SenderName(Model):
    """A sender name of an account (Имя отправителя) and the manager's decision on it."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name='sender_names', on_delete=fields.CASCADE
    )
    account_id: int
    name = fields.CharField(max_length=15)
    comment = fields.TextField(default='')
    status = fields.CharEnumField(SenderStatus, max_length=16, default=SenderStatus.pending, db_index=True)
    manager_comment = fields.TextField(default='')
    operators = fields.CharField(max_length=200, default='')
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    documents: fields.ReverseRelation['SenderDocument']

    class Meta:
        table = 'sender_name'


class SenderDocument(Model):
    """A document attached to a sender name, kept under VAR_DIR/documents by a generated name."""

    id = fields.IntField(primary_key=True)
    sender: fields.ForeignKeyRelation[SenderName] = fields.ForeignKeyField(
        'models.SenderName', related_name='documents', on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=120)
    stored_name = fields.CharField(max_length=64)
    content_type = fields.CharField(max_length=40)
    size = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'sender_document'


class SandboxCheckout(Model):
    """The built-in test payment provider's own record of a checkout: the provider side, kept apart from Payment.

    `status`: `pending -> waiting_3ds -> succeeded | canceled` (or `pending -> succeeded | canceled`).
    """

    id = fields.CharField(max_length=64, primary_key=True)  # the provider payment id handed to us
    payment_id = fields.BigIntField()  # metadata, as a real provider would echo it
    account_id = fields.IntField()
    amount = fields.DecimalField(max_digits=14, decimal_places=2)
    status = fields.CharField(max_length=16, default='pending')
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'sandbox_checkout'


class InvoiceDetails(Model):
    """The buyer's details of a bank-transfer invoice (one per Payment of method 'invoice')."""

    payment: fields.OneToOneRelation[Payment] = fields.OneToOneField(
        'models.Payment', related_name=False, on_delete=fields.RESTRICT, primary_key=True
    )
    payment_id: int
    company_name = fields.CharField(max_length=200)
    inn = fields.CharField(max_length=12)
    kpp = fields.CharField(max_length=9, default='')
    address = fields.CharField(max_length=500, default='')

    class Meta:
        table = 'invoice_details'


class Mailing(Model):
    """One send (Рассылка): its text, sender, recipients' count and schedule. A single SMS is a mailing of one.

    `send_at` is the planned moment (UTC) or null for "now"; with `local_time` the moment is a wall-clock time in each
    recipient's zone (the messages' `due_at` carry the result). `window_start`/`window_end` bound the recipient's
    local sending hours and `rate_per_minute` spreads the messages; `cost` is what was reserved for all its messages.
    """

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name='mailings', on_delete=fields.CASCADE
    )
    account_id: int
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    name = fields.CharField(max_length=200, default='')
    sender = fields.CharField(max_length=15)
    text = fields.TextField()
    template_id = fields.IntField(null=True)
    template_name = fields.CharField(max_length=100, default='')
    send_at = fields.DatetimeField(null=True)
    local_time = fields.BooleanField(default=False)
    window_start = fields.TimeField(null=True)
    window_end = fields.TimeField(null=True)
    rate_per_minute = fields.IntField(null=True)
    validity_hours = fields.IntField(default=24)
    recipients = fields.IntField(default=0)
    excluded_stoplist = fields.IntField(default=0)
    excluded_bases = fields.IntField(default=0)
    duplicates = fields.IntField(default=0)
    invalid = fields.IntField(default=0)
    parts = fields.IntField(default=0)
    cost = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    sources: fields.Field[dict | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'mailing'
        indexes = (('account_id', 'created_at'), ('account_id', 'name', 'created_at'))


class Message(Model):
    """One SMS to one recipient: the rendered text, its price and where it is in domain.statuses.MessageStatus.

    `due_at` (UTC) is when the dispatcher may hand it to the SMSC and `expires_at` when its validity ends.
    `claim` names the dispatcher run that moved it to `queued` (for reconciliation after a crash). `smsc_id` is the
    SMSC's id of the first part (every part's id is in MessagePart), `stat`/`err` the raw receipt fields.
    """

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name=False, on_delete=fields.CASCADE
    )
    account_id: int
    mailing: fields.ForeignKeyRelation[Mailing] = fields.ForeignKeyField(
        'models.Mailing', related_name='messages', on_delete=fields.CASCADE
    )
    mailing_id: int
    phone = fields.CharField(max_length=16)
    sender = fields.CharField(max_length=15)
    text = fields.TextField()
    parts = fields.IntField(default=1)
    ucs2 = fields.BooleanField(default=False)
    operator = fields.CharField(max_length=100, default='')
    region = fields.CharField(max_length=100, default='')
    timezone = fields.CharField(max_length=64, default='')
    template_id = fields.IntField(null=True)
    price = fields.DecimalField(max_digits=10, decimal_places=2, default=0)
    cost = fields.DecimalField(max_digits=12, decimal_places=2, default=0)
    status = fields.CharEnumField(MessageStatus, max_length=20)
    status_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    submitted_at = fields.DatetimeField(null=True)
    done_at = fields.DatetimeField(null=True)
    claim = fields.CharField(max_length=40, null=True)
    attempts = fields.IntField(default=0)
    smsc_id = fields.CharField(max_length=64, null=True)
    stat = fields.CharField(max_length=16, default='')
    err = fields.CharField(max_length=16, default='')
    created_at = fields.DatetimeField()

    class Meta:
        table = 'message'
        indexes = (
            ('status', 'due_at'),
            ('mailing_id', 'status'),
            ('mailing_id', 'created_at'),
            ('account_id', 'created_at'),
            ('account_id', 'status', 'created_at'),
            ('account_id', 'phone', 'created_at'),
            ('account_id', 'sender', 'created_at'),
            ('account_id', 'operator', 'created_at'),
            ('claim', 'status'),
            ('smsc_id',),
        )


class MessagePart(Model):
    """One submitted part of a message with the SMSC's id for it and its own receipt."""

    id = fields.BigIntField(primary_key=True)
    message: fields.ForeignKeyRelation[Message] = fields.ForeignKeyField(
        'models.Message', related_name='message_parts', on_delete=fields.CASCADE
    )
    message_id: int
    part_no = fields.IntField()
    smsc_id = fields.CharField(max_length=64, db_index=True)
    stat = fields.CharField(max_length=16, default='')
    err = fields.CharField(max_length=16, default='')
    done_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'message_part'


class MessageEvent(Model):
    """A stored status change of a message (its history), with the raw SMSC stat/err where a receipt caused it."""

    id = fields.BigIntField(primary_key=True)
    message_id = fields.BigIntField(db_index=True)
    status = fields.CharEnumField(MessageStatus, max_length=20)
    at = fields.DatetimeField()
    stat = fields.CharField(max_length=16, default='')
    err = fields.CharField(max_length=16, default='')

    class Meta:
        table = 'message_event'


class OrphanReceipt(Model):
    """A delivery receipt whose SMSC id is not (yet) known: kept until its submit_sm_resp is committed or a
    reconciliation matches it, so no receipt is lost."""

    id = fields.BigIntField(primary_key=True)
    smsc_id = fields.CharField(max_length=64, db_index=True)
    destination = fields.CharField(max_length=20, default='')
    stat = fields.CharField(max_length=16, default='')
    err = fields.CharField(max_length=16, default='')
    text = fields.CharField(max_length=64, default='')
    received_at = fields.DatetimeField()

    class Meta:
        table = 'orphan_receipt'


class DispatcherRun(Model):
    """A running dispatcher (one per app process) and its heartbeat, so claims of a dead process can be found."""

    id = fields.CharField(max_length=40, primary_key=True)
    started_at = fields.DatetimeField()
    heartbeat_at = fields.DatetimeField()

    class Meta:
        table = 'dispatcher_run'


class Report(Model):
    """A generated statistics report (Сгенерированные отчеты): the parameters of the selection and its stored file.

    `status`: running | done | failed | cancelled.
    """

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name=False, on_delete=fields.CASCADE
    )
    account_id: int
    created_by_id = fields.IntField(null=True)
    params: fields.Field[dict] = fields.JSONField()
    status = fields.CharField(max_length=16, default='running')
    rows = fields.IntField(default=0)
    stored_name = fields.CharField(max_length=64, default='')
    error = fields.TextField(default='')
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'report'
        indexes = (('account_id', 'created_at'),)


class News(Model):
    """A news item published by a manager (Новости)."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    published = fields.BooleanField(default=True)
    author_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'news'


class NewsRead(Model):
    """That a user has read a news item (the rest are unread)."""

    id = fields.BigIntField(primary_key=True)
    news_id = fields.IntField()
    user_id = fields.IntField()
    read_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'news_read'
        unique_together = (('news_id', 'user_id'),)


class Ticket(Model):
    """A support question (Отправить вопрос) of an account: `status` открыт/отвечен/закрыт as open | answered |
    closed, `department` support | administration."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name=False, on_delete=fields.CASCADE
    )
    account_id: int
    author_id = fields.IntField(null=True)
    department = fields.CharField(max_length=16, default='support')
    subject = fields.CharField(max_length=200)
    status = fields.CharField(max_length=16, default='open', db_index=True)
    assignee_id = fields.IntField(null=True)
    client_unread = fields.BooleanField(default=False)
    manager_unread = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'ticket'
        indexes = (('account_id', 'updated_at'),)


class TicketMessage(Model):
    """One message of a ticket's thread, by the client or a manager, with an optional attachment."""

    id = fields.BigIntField(primary_key=True)
    ticket_id = fields.IntField(db_index=True)
    author_id = fields.IntField(null=True)
    from_manager = fields.BooleanField(default=False)
    text = fields.TextField()
    attachment_name = fields.CharField(max_length=120, default='')
    attachment_stored = fields.CharField(max_length=64, default='')
    attachment_type = fields.CharField(max_length=60, default='')
    attachment_size = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'ticket_message'


class ClosingDocument(Model):
    """A closing document (invoice or act) of an account for a month, uploaded by a manager or generated from the
    ledger, stored under VAR_DIR/closing_documents."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        'models.Account', related_name=False, on_delete=fields.CASCADE
    )
    account_id: int
    kind = fields.CharField(max_length=16)  # invoice | act
    period = fields.CharField(max_length=7)  # YYYY-MM
    filename = fields.CharField(max_length=120)
    stored_name = fields.CharField(max_length=64)
    content_type = fields.CharField(max_length=60)
    size = fields.IntField()
    generated = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'closing_document'
        indexes = (('account_id', 'period'),)
