from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_sending_reports_support')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Message',
            index=Index(fields=['account_id', 'sender', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Message',
            index=Index(fields=['account_id', 'operator', 'created_at']),
        ),
    ]
