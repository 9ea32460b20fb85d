from django.contrib import admin

from dadkhah.web.bodies.models import Body, Membership, Post


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("person",)
    fields = ("person", "role", "start_text", "end_text")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "name_fa", "kind", "place")
    list_filter = ("kind",)
    search_fields = ("name", "name_fa")
    inlines = [MembershipInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("person", "title", "body", "start_text", "end_text", "current")
    list_filter = ("current",)
    raw_id_fields = ("person",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "body", "role", "start_text", "end_text")
    raw_id_fields = ("person",)
