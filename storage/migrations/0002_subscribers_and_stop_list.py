from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='StopListEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='stop_list', on_delete=OnDelete.CASCADE)),
                ('phone', fields.CharField(max_length=16)),
                ('comment', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'stop_list_entry', 'app': 'models', 'unique_together': (('account_id', 'phone'),), 'pk_attr': 'id', 'table_description': "A number of the account's global stop-list (СТОП-лист): it never receives the account's SMS."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Subscriber',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('base', fields.ForeignKeyField('models.PhoneBase', source_field='base_id', db_constraint=True, to_field='id', related_name='subscribers', on_delete=OnDelete.CASCADE)),
                ('phone', fields.CharField(max_length=16)),
                ('last_name', fields.CharField(default='', max_length=100)),
                ('first_name', fields.CharField(default='', max_length=100)),
                ('middle_name', fields.CharField(default='', max_length=100)),
                ('birth_date', fields.DateField(null=True)),
                ('gender', fields.CharField(default='', max_length=8)),
                ('region', fields.CharField(default='', max_length=100)),
                ('operator', fields.CharField(default='', max_length=100)),
                ('timezone', fields.CharField(default='', max_length=64)),
                ('note1', fields.CharField(default='', max_length=255)),
                ('note2', fields.CharField(default='', max_length=255)),
                ('note3', fields.CharField(default='', max_length=255)),
                ('note4', fields.CharField(default='', max_length=255)),
                ('note5', fields.CharField(default='', max_length=255)),
                ('note6', fields.CharField(default='', max_length=255)),
                ('note7', fields.CharField(default='', max_length=255)),
                ('note8', fields.CharField(default='', max_length=255)),
                ('note9', fields.CharField(default='', max_length=255)),
                ('note10', fields.CharField(default='', max_length=255)),
                ('search_name', fields.CharField(default='', max_length=310)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'subscriber', 'app': 'models', 'unique_together': (('base_id', 'phone'),), 'indexes': [Index(fields=['base_id', 'id']), Index(fields=['base_id', 'region', 'id']), Index(fields=['base_id', 'operator', 'id']), Index(fields=['base_id', 'last_name', 'id']), Index(fields=['base_id', 'search_name', 'id'])], 'pk_attr': 'id', 'table_description': "One phone number of a base (Абонент) with the person's fields and what the numbering plan says of it."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='PhoneBase',
            name='field_settings',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='PhoneBase',
            name='subscriber_count',
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
