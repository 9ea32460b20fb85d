from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "dadkhah.web.evidence"
    label = "evidence"
