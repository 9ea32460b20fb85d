from django.contrib import admin

from dadkhah.web.sources.models import Record, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "version",
        "kind",
        "title",
        "reliability",
        "confidentiality",
        "synthetic",
    )
    list_filter = ("kind", "reliability", "confidentiality", "systematic", "synthetic")
    search_fields = ("name", "title", "origin")


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ("source", "source_record_id", "version", "person")
    list_filter = ("source",)
    search_fields = ("source_record_id",)
    raw_id_fields = ("person", "previous")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # records are never edited: a correction is a new version

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # committed in the custody log at import; the database refuses too
