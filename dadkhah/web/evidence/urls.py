"""URLs of the evidence pages (included at /evidence/)."""

from django.urls import path

from dadkhah.web.evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("upload/", views.evidence_upload, name="upload"),
    path("<str:sha256>/", views.evidence_detail, name="detail"),
    path("<str:sha256>/download/", views.evidence_download, name="download"),
    path("<str:sha256>/preview.png", views.evidence_preview, name="preview"),
    path("<str:sha256>/image/", views.evidence_image, name="image"),
]
