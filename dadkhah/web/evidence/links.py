"""What an evidence item concerns: the claims, persons, events, bodies and places it backs.

Read from the relations that already tie an item to the registry, the same ones the
provenance panel of every entity page reads the other way (`claims.selectors.provenance`),
so that an item names an entity exactly where that entity's page names the item:

* a claim cites the item itself (``ClaimSource.evidence``), or cites a source whose
  file the item is (``Source.evidence``) and the reader may read that source;
* a site observation shows the item (``SiteObservation.evidence``): its place;
* a claim's subject (person, event, body, place) and its place;
* an investigator attached the item to a person, claim, event or place
  (``Attachment``, dadkhah.web.evidence.attachments).

A working copy (``derived_from``) concerns what its original concerns. Every entity is
filtered by its own ``visible_*`` selector.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.access import visible_bodies
from dadkhah.web.bodies.models import Body
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.events.access import shown_titles, visible_events
from dadkhah.web.events.models import Event
from dadkhah.web.evidence.models import Attachment, EvidenceItem
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.labels import claim_kind_label
from dadkhah.web.people.models import Person
from dadkhah.web.places.access import visible_places
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.places.selectors import visible_observations
from dadkhah.web.sources.access import visible_sources

#: The kinds of entity the evidence list can be narrowed to, in the order pages name them.
LINKED_KINDS: tuple[str, ...] = ("person", "claim", "event", "body", "place")


@dataclass
class EvidenceLinks:
    claims: list[tuple[Claim, str]] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.claims or self.persons or self.events or self.bodies or self.places)


def _citing(user: User, items: list[int] | QuerySet[EvidenceItem]) -> Q:
    """Claim sources that cite ``items``, directly or as the file of a source ``user`` reads."""
    return Q(evidence__in=items) | Q(
        source__evidence__in=items, source__in=visible_sources(user).values("pk")
    )


def evidence_links(*, user: User, item: EvidenceItem) -> EvidenceLinks:
    """What ``item`` concerns, as far as ``user`` may see (a fixed number of queries)."""
    family = [item.pk] + ([item.derived_from_id] if item.derived_from_id else [])
    cited = ClaimSource.objects.filter(_citing(user, family)).values("claim")
    attached: dict[str, set[int]] = {}
    for entity, entity_id in Attachment.objects.filter(item__in=family).values_list(
        "entity", "entity_id"
    ):
        attached.setdefault(entity, set()).add(entity_id)
    claims = list(
        visible_claims(user)
        .filter(Q(pk__in=cited) | Q(pk__in=attached.get("claim", set())))
        .select_related("person", "event", "body", "place", "subject_place")
        .order_by("id")
    )
    persons = {c.person_id: c.person for c in claims if c.person is not None}
    if attached.get("person"):
        persons.update((p.pk, p) for p in visible_persons(user).filter(pk__in=attached["person"]))
    event_ids = {c.event_id for c in claims if c.event_id} | attached.get("event", set())
    body_ids = {c.body_id for c in claims if c.body_id}
    place_ids = {p for c in claims for p in (c.place_id, c.subject_place_id) if p}
    place_ids |= attached.get("place", set())
    observed = visible_observations(user).filter(evidence__in=family).values("place")
    places = visible_places(user).filter(Q(pk__in=place_ids) | Q(pk__in=observed))
    return EvidenceLinks(
        claims=[(c, str(claim_kind_label(c.kind))) for c in claims],
        persons=sorted(persons.values(), key=lambda p: p.public_id),
        events=shown_titles(
            user, visible_events(user).filter(pk__in=event_ids).select_related("place")
        ),
        bodies=list(visible_bodies(user).filter(pk__in=body_ids).order_by("name")),
        places=list(places.distinct().order_by("kind", "name")),
    )


def evidence_linked_to(*, user: User, kind: str) -> QuerySet[EvidenceItem]:
    """The items that concern at least one entity of ``kind`` (one of `LINKED_KINDS`)."""
    claims = visible_claims(user)
    if kind == "person":
        claims = claims.filter(person__in=visible_persons(user).values("pk"))
    elif kind == "event":
        claims = claims.filter(event__in=visible_events(user).values("pk"))
    elif kind == "body":
        claims = claims.filter(body__in=visible_bodies(user).values("pk"))
    elif kind == "place":
        shown = visible_places(user).values("pk")
        claims = claims.filter(Q(place__in=shown) | Q(subject_place__in=shown))
    cs = ClaimSource.objects.filter(claim__in=claims.values("pk"))
    direct = cs.exclude(evidence=None).values("evidence")
    files = cs.filter(source__in=visible_sources(user).values("pk")).values("source__evidence")
    linked = Q(pk__in=direct) | Q(pk__in=files)
    if kind in ("person", "claim", "event", "place"):
        shown_rows = {
            "person": visible_persons,
            "claim": visible_claims,
            "event": visible_events,
            "place": visible_places,
        }[kind](user).values("pk")
        linked |= Q(
            pk__in=Attachment.objects.filter(entity=kind, entity_id__in=shown_rows).values("item")
        )
    if kind == "place":
        observed = SiteObservation.evidence.through.objects.filter(
            siteobservation__in=visible_observations(user)
            .filter(place__in=visible_places(user).values("pk"))
            .values("pk")
        ).values("evidenceitem")
        linked |= Q(pk__in=observed)
    originals = EvidenceItem.objects.filter(linked).values("pk")
    return EvidenceItem.objects.filter(Q(pk__in=originals) | Q(derived_from__in=originals))
