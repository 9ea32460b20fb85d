from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "dadkhah.web.custody"
    label = "custody"
    verbose_name = "Custody log"
