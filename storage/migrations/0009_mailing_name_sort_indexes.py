from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_message_sender_operator_indexes')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Mailing',
            index=Index(fields=['account_id', 'name', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Message',
            index=Index(fields=['mailing_id', 'created_at']),
        ),
    ]
