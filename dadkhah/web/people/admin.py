from django.contrib import admin

from dadkhah.web.people.models import Person, PersonRole, Relation


class PersonRoleInline(admin.TabularInline):
    model = PersonRole
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("public_id", "display_name", "display_name_fa", "sex")
    search_fields = ("public_id", "display_name", "display_name_fa")
    inlines = [PersonRoleInline]
    raw_id_fields = ("merged_into",)


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "other")
    raw_id_fields = ("person", "other")
