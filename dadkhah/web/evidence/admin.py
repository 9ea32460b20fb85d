"""The evidence admin: items are shown, never edited, added or deleted here.

Every column of an item is custody data (Berkeley Protocol: hash, collector, time,
method, source, original name, derivation) checked by `dadkhah verify` against the
item's ingest entry, so the admin form shows them all read-only. An editable form would
also lose data on a plain Save: the admin's split date/time widget renders
``collected_at`` to whole seconds (Django's default TIME_INPUT_FORMATS), so the
milliseconds the custody entry signed were cut and `verify` failed. A correction is
`dadkhah evidence correct` (``evidence_correct``), a new custody entry.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from dadkhah.web.evidence.models import EvidenceItem

# Columns that are not custody data (who may read the item) and stay editable.
NOT_CUSTODY = frozenset({"confidentiality"})


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    list_display = ("sha256", "original_name", "media_type", "size", "collected_at", "collected_by")
    list_filter = ("media_type",)
    search_fields = ("sha256", "original_name", "title")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        """Every custody field of the model: custody data is read-only everywhere."""
        return [f.name for f in self.model._meta.concrete_fields if f.name not in NOT_CUSTODY]

    def has_add_permission(self, request: Any) -> bool:
        return False  # items enter by `evidence add` or upload, which log the ingest

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # a logged item missing from the database fails `verify`
