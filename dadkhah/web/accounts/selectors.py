"""Reads for the home page: what the case holds, as far as the reader may see."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db.models import QuerySet

from dadkhah.web.accounts.roles import VIEW_EVIDENCE, VIEW_REGISTRY, VIEW_WITNESSES, User, user_can


def _counted() -> list[tuple[str, str, Callable[[User], QuerySet] | None, str]]:  # type: ignore[type-arg]
    from dadkhah.web.claims.access import visible_claims
    from dadkhah.web.evidence.access import visible_evidence
    from dadkhah.web.places.access import visible_places
    from dadkhah.web.sources.access import visible_records, visible_sources

    return [
        ("sources", "Source", visible_sources, VIEW_REGISTRY),
        ("sources", "Record", visible_records, VIEW_REGISTRY),
        ("claims", "Claim", visible_claims, VIEW_REGISTRY),
        ("events", "Event", None, VIEW_REGISTRY),
        ("bodies", "Body", None, VIEW_REGISTRY),
        ("places", "Place", visible_places, VIEW_REGISTRY),
        ("evidence", "EvidenceItem", visible_evidence, VIEW_EVIDENCE),
        ("witnesses", "Witness", None, VIEW_WITNESSES),
    ]


def case_counts(*, user: User) -> list[tuple[str, int]]:
    """(plural name, count) for each kind of thing ``user`` may see (nothing without a role).

    Persons are not among them: they are counted by the case's totals, each said
    in words (`dadkhah.web.people.totals.case_totals`).

    Protected kinds are counted through their ``visible_*`` selector; events, bodies and
    witnesses (pseudonyms only) are counted whole for the roles that read them.
    """
    out = []
    for app_label, model_name, visible, capability in _counted():
        if not user_can(user, capability):
            continue
        model = apps.get_model(app_label, model_name)
        query = visible(user) if visible is not None else model.objects.all()
        out.append((str(model._meta.verbose_name_plural), query.count()))
    return out
