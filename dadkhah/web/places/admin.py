from django.contrib import admin

from dadkhah.web.places.models import Place, SiteObservation


class SiteObservationInline(admin.TabularInline):
    model = SiteObservation
    extra = 0
    fields = ("status", "date_text", "date_earliest", "date_latest", "description")


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "name_fa", "kind", "parent", "precision")
    list_filter = ("kind", "precision")
    search_fields = ("name", "name_fa", "key")
    inlines = [SiteObservationInline]


@admin.register(SiteObservation)
class SiteObservationAdmin(admin.ModelAdmin):
    list_display = ("place", "status", "date_text", "date_earliest")
    list_filter = ("status",)
