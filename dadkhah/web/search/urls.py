"""URLs of the search page (included at /search/)."""

from django.urls import path

from dadkhah.web.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("export.csv", views.search_export, name="export"),
]
