from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "dadkhah.web.sources"
    label = "sources"
