from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "dadkhah.web.search"
    label = "search"

    def ready(self) -> None:
        from dadkhah.web.search.backends import install_after_migrate

        # SQLite drops a table's triggers when Django remakes it to alter it.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="dadkhah-search-fts")
