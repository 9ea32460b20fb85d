from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "dadkhah.web.bodies"
    label = "bodies"
