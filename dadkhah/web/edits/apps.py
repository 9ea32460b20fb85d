from django.apps import AppConfig


class EditsConfig(AppConfig):
    name = "dadkhah.web.edits"
    label = "edits"
