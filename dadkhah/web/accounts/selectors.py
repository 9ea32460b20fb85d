"""Reads for the home page."""

from __future__ import annotations

from django.apps import apps

COUNTED = (
    ("people", "Person"),
    ("sources", "Source"),
    ("sources", "Record"),
    ("claims", "Claim"),
    ("events", "Event"),
    ("bodies", "Body"),
    ("places", "Place"),
    ("evidence", "EvidenceItem"),
    ("witnesses", "Witness"),
)


def case_counts() -> list[tuple[str, int]]:
    """(plural name, count) for each kind of thing the case holds."""
    out = []
    for app_label, model_name in COUNTED:
        model = apps.get_model(app_label, model_name)
        out.append((str(model._meta.verbose_name_plural), model.objects.count()))
    return out
