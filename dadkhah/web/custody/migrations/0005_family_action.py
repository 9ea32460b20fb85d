# The families' page writes `family` entries (docs/methodology/custody.md).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('custody', '0004_record_digests'),
    ]

    operations = [
        migrations.AlterField(
            model_name='custodyentry',
            name='action',
            field=models.CharField(choices=[('ingest', 'ingest'), ('view', 'view'), ('download', 'download'), ('derivative', 'derivative'), ('transfer', 'transfer'), ('export', 'export'), ('verification', 'verification'), ('backup', 'backup'), ('restore', 'restore'), ('timestamp', 'timestamp'), ('read_protected', 'read_protected'), ('correction', 'correction'), ('records', 'records'), ('account', 'account'), ('family', 'family')], db_index=True, max_length=30),
        ),
    ]
