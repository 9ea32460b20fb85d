"""URLs of the audit page (included at /audit/)."""

from django.urls import path

from dadkhah.web.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("export.csv", views.audit_export, name="export"),
]
