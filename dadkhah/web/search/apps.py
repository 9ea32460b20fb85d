from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def index_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """Build the index of a case migrated from before it existed (once: while it is empty)."""
    from django.db import connections

    from dadkhah.web.search.models import SearchEntry
    from dadkhah.web.search.services import search_rebuild
    from dadkhah.web.sources.models import Source

    tables = connections[using].introspection.table_names()
    if "search_searchentry" not in tables or "sources_source" not in tables:
        return
    if Source.objects.using(using).exists() and not SearchEntry.objects.using(using).exists():
        search_rebuild()


class SearchConfig(AppConfig):
    name = "dadkhah.web.search"
    label = "search"

    def ready(self) -> None:
        from dadkhah.web.search.backends import install_after_migrate

        # SQLite drops a table's triggers when Django remakes it to alter it.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="dadkhah-search-fts")
        post_migrate.connect(index_after_migrate, sender=self, dispatch_uid="dadkhah-search-fill")
