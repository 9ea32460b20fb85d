from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "dadkhah.web.linkage"
    label = "linkage"
    verbose_name = "linkage"
