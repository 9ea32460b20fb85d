from django.contrib import admin

from dadkhah.web.events.models import Event, Involvement


class InvolvementInline(admin.TabularInline):
    model = Involvement
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("kind", "title", "date_text", "date_earliest", "place")
    list_filter = ("kind",)
    search_fields = ("title", "description")
    inlines = [InvolvementInline]
