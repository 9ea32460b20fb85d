from django.contrib import admin

from dadkhah.web.witnesses.models import Segment, Testimony, Witness


@admin.register(Witness)
class WitnessAdmin(admin.ModelAdmin):
    list_display = ("pseudonym", "risk_level", "created_at")
    list_filter = ("risk_level",)
    search_fields = ("pseudonym",)
    readonly_fields = ("vault_ref",)


class SegmentInline(admin.StackedInline):
    model = Segment
    extra = 0
    filter_horizontal = ("claims",)


@admin.register(Testimony)
class TestimonyAdmin(admin.ModelAdmin):
    list_display = ("witness", "source", "language", "taken_on")
    inlines = [SegmentInline]
