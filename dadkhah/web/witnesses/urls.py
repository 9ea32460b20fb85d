"""URLs of the witness pages (included at /witnesses/)."""

from django.urls import path

from dadkhah.web.witnesses import views

app_name = "witnesses"

urlpatterns = [
    path("", views.witness_list, name="list"),
    path("<str:pseudonym>/", views.witness_detail, name="detail"),
    path("<str:pseudonym>/reveal/", views.witness_reveal_view, name="reveal"),
]
