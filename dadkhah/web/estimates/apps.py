from django.apps import AppConfig


class EstimatesConfig(AppConfig):
    name = "dadkhah.web.estimates"
    label = "estimates"
