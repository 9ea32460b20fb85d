from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "dadkhah.web.events"
    label = "events"
