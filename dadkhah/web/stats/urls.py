"""URLs of the timeline and the statistics page (included at the site root)."""

from django.urls import path

from dadkhah.web.stats import views

app_name = "stats"

urlpatterns = [
    path("timeline/", views.timeline, name="timeline"),
    path("statistics/", views.statistics, name="statistics"),
]
