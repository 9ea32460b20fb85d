"""URLs of the linkage pages (included at /linkage/)."""

from django.urls import path

from dadkhah.web.linkage import views

app_name = "linkage"

urlpatterns = [
    path("review/", views.review, name="review"),
    path("review/decide/", views.decide, name="decide"),
    path("pairs/<int:a>/<int:b>/", views.pair, name="pair"),
]
