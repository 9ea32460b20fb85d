from django.contrib import admin

from dadkhah.web.claims.models import Claim, ClaimSource


class ClaimSourceInline(admin.TabularInline):
    model = ClaimSource
    extra = 0
    raw_id_fields = ("record", "evidence")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("kind", "value", "person", "status", "meets_standard", "single_source")
    list_filter = ("kind", "status", "meets_standard", "single_source")
    search_fields = ("value",)
    raw_id_fields = ("person", "event", "body", "subject_place", "place")
    inlines = [ClaimSourceInline]
