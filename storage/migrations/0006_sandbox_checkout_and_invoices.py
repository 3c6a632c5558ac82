from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_account_message_settings')]

    initial = False

    operations = [
        ops.CreateModel(
            name='InvoiceDetails',
            fields=[
                ('payment', fields.OneToOneField('models.Payment', source_field='payment_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('company_name', fields.CharField(max_length=200)),
                ('inn', fields.CharField(max_length=12)),
                ('kpp', fields.CharField(default='', max_length=9)),
                ('address', fields.CharField(default='', max_length=500)),
            ],
            options={'table': 'invoice_details', 'app': 'models', 'pk_attr': 'payment_id', 'table_description': "The buyer's details of a bank-transfer invoice (one per Payment of method 'invoice')."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SandboxCheckout',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('payment_id', fields.BigIntField()),
                ('account_id', fields.IntField()),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('status', fields.CharField(default='pending', max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sandbox_checkout', 'app': 'models', 'pk_attr': 'id', 'table_description': "The built-in test payment provider's own record of a checkout: the provider side, kept apart from Payment."},
            bases=['Model'],
        ),
        # the autodetector restates the options of a model whose primary key is a one-to-one field
        ops.AlterModelOptions(
            name='InvoiceDetails',
            options={'table': 'invoice_details', 'app': 'models', 'pk_attr': 'payment_id', 'table_description': "The buyer's details of a bank-transfer invoice (one per Payment of method 'invoice')."},
        ),
    ]
