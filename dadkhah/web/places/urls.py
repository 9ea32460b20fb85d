"""URLs of the places page (included at /places/)."""

from django.urls import path

from dadkhah.web.places import views

app_name = "places"

urlpatterns = [
    path("", views.place_list, name="list"),
    path("map.json", views.map_data, name="map_data"),
    path("boundaries.json", views.boundaries, name="boundaries"),
    path("<str:key>/", views.place_detail, name="detail"),
]
