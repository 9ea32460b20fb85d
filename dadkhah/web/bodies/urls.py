"""URLs of the body pages (included at /bodies/)."""

from django.urls import path

from dadkhah.web.bodies import views

app_name = "bodies"

urlpatterns = [
    path("", views.body_list_page, name="list"),
    path("<int:id>/", views.body_detail, name="detail"),
]
