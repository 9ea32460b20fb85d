"""URLs of the estimate pages (included at /estimates/)."""

from django.urls import path

from dadkhah.web.estimates import views

app_name = "estimates"

urlpatterns = [
    path("", views.estimate_list, name="list"),
    path("<int:pk>/", views.estimate_detail, name="detail"),
    path("<int:pk>/plots/<str:name>", views.estimate_plot, name="plot"),
]
