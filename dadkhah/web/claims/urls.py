"""URLs of the claim pages (included at /claims/)."""

from django.urls import path

from dadkhah.web.claims import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list_page, name="list"),
    path("<int:id>/", views.claim_detail, name="detail"),
]
