from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "dadkhah.web.people"
    label = "people"
