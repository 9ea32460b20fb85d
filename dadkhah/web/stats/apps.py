from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "dadkhah.web.stats"
    label = "stats"
    verbose_name = "Timeline and statistics"
