from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "dadkhah.web.places"
    label = "places"
