"""Empty the index so that it is rebuilt with the one loose key (issue 11).

The search's looser level now stores the coarse key of `dadkhah.core.names`
(``search_loose_key``), the one the linkage also compares, instead of a loose
key of its own: the ``l…`` tokens of an index built before are stale. This
migration only empties the index, through the historical tables, and never
imports today's services; once every migration has run, the search app's
``post_migrate`` hook (`dadkhah.web.search.apps.index_after_migrate`) finds
an empty index beside a case with sources and rebuilds it with today's keys.
"""

from typing import Any

from django.db import migrations


def empty(apps: Any, connection: Any) -> None:
    """Delete every entry and facet; ``index_after_migrate`` refills the index."""
    with connection.cursor() as cursor:
        for model in ("SearchFacet", "SearchEntry"):  # facets first: they point at entries
            table = apps.get_model("search", model)._meta.db_table
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table name from the model)


def empty_index(apps: Any, schema_editor: Any) -> None:
    """The migration's step: `empty` on the connection being migrated."""
    empty(apps, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_ref_lower_index")]

    # Going back leaves the index empty too: the hook rebuilds it with the code then in place.
    operations = [migrations.RunPython(empty_index, empty_index)]
