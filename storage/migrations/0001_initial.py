from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.roles import UserRole
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('balance', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('credit_limit', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('timezone', fields.CharField(default='Europe/Moscow', max_length=64)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'account', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A client company of the aggregator (its balance caches the sum of its ledger).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PhoneBase',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='bases', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'phone_base', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A base of subscribers (Телефонная база) owned by one account.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name='users', on_delete=OnDelete.CASCADE)),
                ('login', fields.CharField(unique=True, max_length=64)),
                ('password_hash', fields.CharField(max_length=255)),
                ('role', fields.CharEnumField(description='client: client\nmanager: manager', enum_type=UserRole, max_length=16)),
                ('full_name', fields.CharField(default='', max_length=200)),
                ('is_active', fields.BooleanField(default=True)),
                ('failed_logins', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('session_version', fields.IntField(default=1)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'app_user', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A person who logs in: a client user of one account, or a manager without an account.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('login', fields.CharField(default='', max_length=64)),
                ('kind', fields.CharField(db_index=True, max_length=40)),
                ('ip', fields.CharField(default='', max_length=64)),
                ('details', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'audit_event', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An append-only record of a security event or a manager action.'},
            bases=['Model'],
        ),
    ]
