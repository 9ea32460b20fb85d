"""The admin's pages for the vocabularies (edited here, in both languages) and the change log
(read only: nothing in it is ever changed or removed)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dadkhah.web.edits.models import Change, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("vocabulary", "key", "label_en", "label_fa", "active", "position")
    list_filter = ("vocabulary", "active")
    list_editable = ("label_en", "label_fa", "active", "position")
    search_fields = ("key", "label_en", "label_fa")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A key once stored in rows is their value: it is retired (inactive), never renamed.
        return ("vocabulary", "key") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "entity", "entity_id", "version", "action", "actor")
    list_filter = ("entity", "action")
    readonly_fields = [f.name for f in Change._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
