from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_templates_and_sender_names')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Account',
            name='parts_cap',
            field=fields.IntField(default=8, db_default=8),
        ),
        ops.AddField(
            model_name='Account',
            name='phone_style',
            field=fields.CharField(default='plus7_spaced', db_default='plus7_spaced', max_length=16),
        ),
    ]
