"""URLs of the source pages (included at /sources/)."""

from django.urls import path

from dadkhah.web.sources import views

app_name = "sources"

urlpatterns = [
    path("", views.source_list, name="list"),
    path("<slug:name>/", views.source_detail, name="detail"),
]
