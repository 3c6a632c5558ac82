from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.statuses import LedgerKind, PaymentStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

from datetime import UTC, date, datetime

_SQLITE_IMMUTABLE = [
    "CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END",
    "CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry "
    "BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END",
]
_POSTGRES_IMMUTABLE = [
    "CREATE FUNCTION ledger_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'ledger entries are immutable'; END $$",
    "CREATE TRIGGER ledger_entry_no_change BEFORE UPDATE OR DELETE ON ledger_entry "
    "FOR EACH ROW EXECUTE FUNCTION ledger_entry_immutable()",
    "CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_immutable()",
]
# The initial default tariff (prices of one SMS part, roubles); the manager replaces it with a newer one.
_DEFAULT_PRICES = (
    '{"mts": "5.5000", "megafon": "5.4000", "beeline": "5.3000", "t2": "4.9000", '
    '"other_ru": "4.9000", "international": "9.0000"}'
)


async def _immutable_ledger(apps, schema_editor) -> None:
    postgres = schema_editor.client.capabilities.dialect == 'postgres'
    for sql in _POSTGRES_IMMUTABLE if postgres else _SQLITE_IMMUTABLE:
        # one statement each: the SQLite schema editor would split a trigger body at its ';'
        if schema_editor.collect_sql:
            schema_editor.collected_sql.append(sql)
        else:
            await schema_editor.client.execute_query(sql)


async def _default_tariff(apps, schema_editor) -> None:
    postgres = schema_editor.client.capabilities.dialect == 'postgres'
    placeholders = '$1, $2, $3, $4' if postgres else '?, ?, ?, ?'
    sql = f'INSERT INTO tariff (account_id, valid_from, prices, tiers, created_at) VALUES (NULL, {placeholders})'
    values = [date(2026, 1, 1), _DEFAULT_PRICES, '[]', datetime.now(UTC)]
    if schema_editor.collect_sql:
        schema_editor.collected_sql.append(f'{sql}  -- params: {values!r}')
        return
    await schema_editor.client.execute_query(sql, values)

class Migration(migrations.Migration):
    dependencies = [('models', '0002_subscribers_and_stop_list')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('kind', fields.CharEnumField(description='topup: topup\ncharge: charge\nrefund: refund\ncorrection: correction', enum_type=LedgerKind, max_length=16)),
                ('reference', fields.CharField(default='', max_length=64)),
                ('comment', fields.TextField(default='', unique=False)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('balance_after', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ledger_entry', 'app': 'models', 'indexes': [Index(fields=['account_id', 'id']), Index(fields=['account_id', 'reference'])], 'pk_attr': 'id', 'table_description': "One immutable movement of an account's money (database triggers refuse UPDATE and DELETE of these rows)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Payment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('method', fields.CharField(max_length=16)),
                ('status', fields.CharEnumField(default=PaymentStatus.pending, description='pending: pending\ncredited: credited\ndeclined: declined\nrefunded: refunded', enum_type=PaymentStatus, max_length=16)),
                ('provider_payment_id', fields.CharField(null=True, unique=True, max_length=64)),
                ('idempotence_key', fields.CharField(unique=True, max_length=64)),
                ('payer_name', fields.CharField(default='', max_length=200)),
                ('payer_contact', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('credited_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'payment', 'app': 'models', 'indexes': [Index(fields=['account_id', 'id']), Index(fields=['account_id', 'status'])], 'pk_attr': 'id', 'table_description': 'An incoming payment (top-up) through a provider or an invoice, credited to the ledger exactly once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Tariff',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('valid_from', fields.DateField()),
                ('prices', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('tiers', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'tariff', 'app': 'models', 'indexes': [Index(fields=['account_id', 'valid_from'])], 'pk_attr': 'id', 'table_description': 'Prices of one SMS part per operator group from a date (account NULL: the default tariff), never changed.'},
            bases=['Model'],
        ),
        ops.RunPython(_immutable_ledger),
        ops.RunPython(_default_tariff),
    ]
