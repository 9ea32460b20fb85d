from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "dadkhah.web.claims"
    label = "claims"
