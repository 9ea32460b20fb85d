from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dadkhah.web.audit"
    label = "audit"
