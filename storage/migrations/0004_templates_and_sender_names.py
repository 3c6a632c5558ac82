from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.sender_names import SenderStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_ledger_tariffs_payments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SenderName',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='sender_names', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=15)),
                ('comment', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(default=SenderStatus.pending, db_index=True, description='pending: pending\napproved: approved\nrejected: rejected', enum_type=SenderStatus, max_length=16)),
                ('manager_comment', fields.TextField(default='', unique=False)),
                ('operators', fields.CharField(default='', max_length=200)),
                ('decided_by', fields.ForeignKeyField('models.User', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sender_name', 'app': 'models', 'pk_attr': 'id', 'table_description': "A sender name of an account (Имя отправителя) and the manager's decision on it."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SenderDocument',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sender', fields.ForeignKeyField('models.SenderName', source_field='sender_id', db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.CASCADE)),
                ('filename', fields.CharField(max_length=120)),
                ('stored_name', fields.CharField(max_length=64)),
                ('content_type', fields.CharField(max_length=40)),
                ('size', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sender_document', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A document attached to a sender name, kept under VAR_DIR/documents by a generated name.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Template',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='templates', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('text', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sms_template', 'app': 'models', 'pk_attr': 'id', 'table_description': "An SMS template (Шаблон): text with inserts stored by key, e.g. 'Тел. для связи {{phone}}'."},
            bases=['Model'],
        ),
    ]
