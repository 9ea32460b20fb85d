"""URLs of the source pages (included at /sources/)."""

from django.urls import path

from dadkhah.web.sources import import_views, views

app_name = "sources"

urlpatterns = [
    path("", views.source_list, name="list"),
    # Before <slug:name>/: "import" is the import page, never a source's page.
    path("import/", import_views.import_upload, name="import"),
    path("import/<str:token>/", import_views.import_columns, name="import_columns"),
    path("<slug:name>/", views.source_detail, name="detail"),
]
