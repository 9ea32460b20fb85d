"""Reads for the home page: what the case holds, as far as the reader may see."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db.models import QuerySet
from django.urls import reverse

from dadkhah.web.accounts.roles import VIEW_EVIDENCE, VIEW_REGISTRY, VIEW_WITNESSES, User, user_can


def _counted() -> list[tuple[str, str, Callable[[User], QuerySet], str, str]]:  # type: ignore[type-arg]
    from dadkhah.web.bodies.access import visible_bodies
    from dadkhah.web.claims.access import visible_claims
    from dadkhah.web.events.access import visible_events
    from dadkhah.web.evidence.access import visible_evidence
    from dadkhah.web.places.access import visible_places
    from dadkhah.web.sources.access import visible_records, visible_sources
    from dadkhah.web.witnesses.access import visible_witnesses

    # (app, model, what the reader may see, capability, the list the count links to);
    # records are listed under their sources.
    return [
        ("sources", "Source", visible_sources, VIEW_REGISTRY, "sources:list"),
        ("sources", "Record", visible_records, VIEW_REGISTRY, "sources:list"),
        ("claims", "Claim", visible_claims, VIEW_REGISTRY, "claims:list"),
        ("events", "Event", visible_events, VIEW_REGISTRY, "events:list"),
        ("bodies", "Body", visible_bodies, VIEW_REGISTRY, "bodies:list"),
        ("places", "Place", visible_places, VIEW_REGISTRY, "places:list"),
        ("evidence", "EvidenceItem", visible_evidence, VIEW_EVIDENCE, "evidence:list"),
        ("witnesses", "Witness", visible_witnesses, VIEW_WITNESSES, "witnesses:list"),
    ]


def case_counts(*, user: User) -> list[tuple[str, int, str]]:
    """(plural name, count, URL of its list) for each kind of thing ``user`` may see.

    Persons are not among them: they are counted by the case's totals, each said
    in words (`dadkhah.web.people.totals.case_totals`). Nothing without a role.

    Every kind is counted through its ``visible_*`` selector, so that a count agrees
    with the list it links to and says nothing of what the reader may not see.
    """
    out = []
    for app_label, model_name, visible, capability, url in _counted():
        if not user_can(user, capability):
            continue
        model = apps.get_model(app_label, model_name)
        out.append((str(model._meta.verbose_name_plural), visible(user).count(), reverse(url)))
    return out
