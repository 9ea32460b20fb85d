from django.urls import path

from dadkhah.web.families import views

app_name = "families"
urlpatterns = [
    path("", views.family_form, name="form"),
    path("add/", views.family_add, name="add"),
    path("queue/", views.queue, name="queue"),
    path("queue/<uuid:pk>/", views.detail, name="detail"),
]
