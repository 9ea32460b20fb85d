"""The full-text structures of the search index: FTS5 on SQLite, a GIN index on PostgreSQL."""

from typing import Any

from django.db import migrations

from dadkhah.web.search import backends


def forwards(apps: Any, schema_editor: Any) -> None:
    backends.install(schema_editor)


def backwards(apps: Any, schema_editor: Any) -> None:
    backends.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
