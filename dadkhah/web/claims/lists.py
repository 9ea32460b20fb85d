"""Reads for the list of claims (/claims/): filters by kind, status, standard of proof and
subject, sorts, rows.

A page's claims are read as every page reads claims (`claim_views`: sources, witnesses'
pseudonyms, contradictions, in a fixed number of queries), and the places, events and
bodies they name are checked against what the reader may see once for the whole page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import Combinable
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dadkhah.core.claims import ClaimStatus
from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.access import visible_bodies
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.claims.models import Claim
from dadkhah.web.events.access import visible_events
from dadkhah.web.people.labels import claim_kind_label
from dadkhah.web.people.selectors import ClaimView, claim_views
from dadkhah.web.places.access import visible_places

#: The orders the list offers: key → (label, ordering).
CLAIM_SORTS: dict[str, tuple[Promise, tuple[str | Combinable, ...]]] = {
    "id": (_("by number"), ("id",)),
    "date": (_("earliest first"), (F("date_earliest").asc(nulls_last=True), "id")),
    "-date": (_("latest first"), (F("date_earliest").desc(nulls_last=True), "-id")),
    "kind": (_("by kind of fact"), ("kind", "id")),
    "status": (_("strongest first"), ("-meets_standard", "single_source", "id")),
}
STATUSES: dict[str, Promise] = {
    ClaimStatus.ALLEGED.value: _("alleged"),
    ClaimStatus.CORROBORATED.value: _("corroborated"),
    ClaimStatus.ESTABLISHED.value: _("established"),
}
#: The standard-of-proof filter: key → (label, condition).
PROOF: dict[str, tuple[Promise, Q]] = {
    "met": (_("meets the standard of proof"), Q(meets_standard=True)),
    "unmet": (_("does not meet the standard of proof"), Q(meets_standard=False)),
    "single": (_("rests on one source"), Q(single_source=True)),
    "several": (_("rests on several sources"), Q(single_source=False)),
}
#: What a claim is about: key → (label, condition).
SUBJECTS: dict[str, tuple[Promise, Q]] = {
    "person": (_("a person"), Q(person__isnull=False)),
    "event": (_("an event"), Q(event__isnull=False)),
    "body": (_("a body"), Q(body__isnull=False)),
    "place": (_("a place"), Q(subject_place__isnull=False)),
}


@dataclass
class ClaimRow:
    view: ClaimView
    #: Whether the claim's subject (an event, body or place) and its place may be named.
    subject_shown: bool
    place_shown: bool


def claim_kinds(*, user: User) -> list[tuple[str, str]]:
    """(kind, kind in words) of the claims ``user`` may read, by the words."""
    kinds = visible_claims(user).order_by().values_list("kind", flat=True).distinct()
    return sorted(((k, str(claim_kind_label(k))) for k in kinds), key=lambda kl: kl[1])


def claim_list(
    *,
    user: User,
    kind: str = "",
    status: str = "",
    proof: str = "",
    subject: str = "",
    sort: str = "id",
) -> QuerySet[Claim]:
    """The claims ``user`` may read that match every filter given, in the order ``sort``.

    Args:
        kind: A claim kind (``buried_at``), checked by the caller against `claim_kinds`.
        status: A key of `STATUSES`; proof: a key of `PROOF`; subject: a key of `SUBJECTS`.
        sort: A key of `CLAIM_SORTS`.
    """
    claims = visible_claims(user)
    if kind:
        claims = claims.filter(kind=kind)
    if status:
        claims = claims.filter(status=status)
    if proof:
        claims = claims.filter(PROOF[proof][1])
    if subject:
        claims = claims.filter(SUBJECTS[subject][1])
    return claims.order_by(*CLAIM_SORTS[sort][1])


def claim_rows(claims: list[Claim], *, user: User) -> list[ClaimRow]:
    """One page of `claim_list` as the list shows it, in the page's order."""
    order = {c.pk: i for i, c in enumerate(claims)}
    views = sorted(
        claim_views(visible_claims(user).filter(pk__in=order), user=user),
        key=lambda v: order[v.claim.pk],
    )
    place_ids = {c.place_id for c in claims} | {c.subject_place_id for c in claims}
    places = set(
        visible_places(user).filter(pk__in=place_ids - {None}).values_list("pk", flat=True)
    )
    events = set(
        visible_events(user)
        .filter(pk__in=[c.event_id for c in claims if c.event_id])
        .values_list("pk", flat=True)
    )
    bodies = set(
        visible_bodies(user)
        .filter(pk__in=[c.body_id for c in claims if c.body_id])
        .values_list("pk", flat=True)
    )
    rows = []
    for v in views:
        c = v.claim
        subject_shown = (
            c.person_id is not None
            or c.event_id in events
            or c.body_id in bodies
            or c.subject_place_id in places
        )
        rows.append(ClaimRow(v, subject_shown, c.place_id is None or c.place_id in places))
    return rows
