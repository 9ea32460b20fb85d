from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dadkhah.web.families"
    label = "families"
    verbose_name = "families"
