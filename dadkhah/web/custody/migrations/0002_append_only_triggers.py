"""Make the custody tables append-only with triggers (SQLite and PostgreSQL, one SQL each)."""

from django.db import migrations


def install(apps, schema_editor):
    from dadkhah.web.custody import triggers

    triggers.install(schema_editor, tables=triggers.TABLES_0002, records=False)


def remove(apps, schema_editor):
    from dadkhah.web.custody import triggers

    triggers.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("custody", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
