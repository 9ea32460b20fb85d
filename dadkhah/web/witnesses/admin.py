from django.contrib import admin
from django.http import HttpRequest

from dadkhah.web.witnesses.models import ConsentEntry, HarmCheck, Segment, Testimony, Witness


@admin.register(Witness)
class WitnessAdmin(admin.ModelAdmin):
    # The identity is sealed: the admin shows the pseudonym only; reveal is on the
    # witness page (cleared roles, audited).
    list_display = ("pseudonym", "risk_level", "created_at")
    list_filter = ("risk_level",)
    search_fields = ("pseudonym",)
    exclude = ("identity",)


class _AppendOnly(admin.ModelAdmin):
    """Consent and harm checks are a history: read here, written by the services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ConsentEntry)
class ConsentEntryAdmin(_AppendOnly):
    list_display = ("witness", "use", "decision", "obtained_by", "obtained_at")
    list_filter = ("use", "decision")


@admin.register(HarmCheck)
class HarmCheckAdmin(_AppendOnly):
    list_display = ("witness", "use", "outcome", "checked_by", "checked_at")
    list_filter = ("use", "outcome")


class SegmentInline(admin.StackedInline):
    model = Segment
    extra = 0
    filter_horizontal = ("claims",)


@admin.register(Testimony)
class TestimonyAdmin(admin.ModelAdmin):
    list_display = ("witness", "source", "language", "taken_on")
    inlines = [SegmentInline]
