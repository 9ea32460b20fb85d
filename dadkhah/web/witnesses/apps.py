from django.apps import AppConfig


class WitnessesConfig(AppConfig):
    name = "dadkhah.web.witnesses"
    label = "witnesses"
