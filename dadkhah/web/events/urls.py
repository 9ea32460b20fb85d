"""URLs of the event pages (included at /events/)."""

from django.urls import path

from dadkhah.web.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list_page, name="list"),
    path("<int:id>/", views.event_detail, name="detail"),
]
