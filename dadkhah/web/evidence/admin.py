from django.contrib import admin

from dadkhah.web.evidence.models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    list_display = ("sha256", "original_name", "media_type", "size", "collected_at", "collected_by")
    list_filter = ("media_type",)
    search_fields = ("sha256", "original_name", "title")
    readonly_fields = ("sha256", "size", "media_type", "metadata")
