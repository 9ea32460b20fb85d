from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CustodyConfig(AppConfig):
    name = "dadkhah.web.custody"
    label = "custody"
    verbose_name = "Custody log"

    def ready(self) -> None:
        from dadkhah.web.custody.triggers import install_after_migrate

        # Once per migrate, not per app: the triggers span custody and sources tables.
        post_migrate.connect(
            install_after_migrate, sender=self, dispatch_uid="dadkhah-custody-triggers"
        )
