"""The case as FollowTheMoney entities, read through the same access rules as the pages.

``export ftm`` (issue 14, "Exchange"): persons, bodies, memberships, posts, events,
places, sources and claims as FtM entities for Aleph and OpenSanctions tooling
(docs/exports.md, "FollowTheMoney"). Each kind starts from the ``visible_*`` selector
its table export starts from (:mod:`dadkhah.web.exports.selectors`): a witness is never
a person here, a source the user may not read is left out, and so is every testimony
(FtM carries no consent, so no pseudonym goes out either). The export needs the role
capability ``export`` and is one audit entry naming every protected object in it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dadkhah.pipelines.ftm import entity_id, ftm_date, make_entity, write_entities
from dadkhah.web.accounts.clearance import is_protected, level_rank
from dadkhah.web.accounts.roles import EXPORT, VIEW_REGISTRY, User, user_can
from dadkhah.web.audit.services import DENIED, audit_record
from dadkhah.web.audit.services import EXPORT as EXPORTED
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.exports.services import ExportRefused
from dadkhah.web.people.access import visible_persons
from dadkhah.web.places.access import visible_places
from dadkhah.web.sources.access import visible_sources

Entity = dict[str, Any]
#: Sources of this kind never go out as FtM: a testimony is its witness's.
TESTIMONY = "testimony"
#: The order kinds are written in (referenced entities first).
ORDER = (
    "Document",
    "Address",
    "Person",
    "Organization",
    "Position",
    "Membership",
    "Occupancy",
    "Event",
    "Note",
    "Documentation",
)


@dataclass
class FtmExport:
    """The entities ``user`` may see, and the (reference, level) of each protected object."""

    entities: list[Entity]
    refs: list[tuple[str, str]]


def uncertain(obj: Any, prefix: str) -> dict[str, Any] | None:
    """One uncertain date of a model as the extension object keeps it (None: unknown)."""
    earliest, latest = getattr(obj, f"{prefix}_earliest"), getattr(obj, f"{prefix}_latest")
    text, precision = getattr(obj, f"{prefix}_text"), getattr(obj, f"{prefix}_precision")
    calendar = getattr(obj, f"{prefix}_calendar")
    if earliest is None and not text and precision in ("", "unknown"):
        return None
    return {
        "earliest": earliest.isoformat() if earliest is not None else None,
        "latest": latest.isoformat() if latest is not None else None,
        "precision": precision,
        "calendar": calendar,
        "text": text,
    }


def _span(obj: Any, prefix: str) -> dict[str, Any]:
    """FtM's start or end date of a span: the day, month or year both ends share."""
    return {
        f"{prefix}Date": ftm_date(
            getattr(obj, f"{prefix}_earliest"), getattr(obj, f"{prefix}_latest")
        )
    }


def _language(code: str) -> str | None:
    from followthemoney import registry

    return registry.language.clean(code) if code else None


class _Ids:
    """Ids of things without an identifier of their own: their values, then a counter."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def __call__(self, kind: str, *parts: object) -> str:
        base = entity_id(kind, *parts)
        self.seen[base] += 1
        n = self.seen[base]
        return base if n == 1 else entity_id(kind, *parts, n)


def ftm_entities(user: User) -> FtmExport:
    """Every entity ``user`` may see, in :data:`ORDER` and then in the case's order."""
    from dadkhah.web.bodies.models import Body, Membership, Post
    from dadkhah.web.events.models import Event, Involvement

    registry_reader = user_can(user, VIEW_REGISTRY)
    ids = _Ids()
    out: list[Entity] = []
    refs: list[tuple[str, str]] = []

    sources = visible_sources(user).exclude(kind=TESTIMONY).select_related("evidence")
    source_ids: dict[int, str] = {}
    for s in sources.order_by("name", "version"):
        sid = entity_id("source", s.name, s.version)
        source_ids[s.pk] = sid
        refs.append((f"source:{s.name} v{s.version}", s.confidentiality))
        sha = s.evidence.sha256 if s.evidence is not None else ""
        file_name = s.evidence.original_name if s.evidence is not None else ""
        out.append(
            make_entity(
                "Document",
                sid,
                {
                    "title": s.title,
                    "fileName": file_name or f"{s.name}-v{s.version}",
                    "language": _language(s.language),
                    "publisher": s.origin,
                    "date": s.obtained_on.isoformat() if s.obtained_on else None,
                    "notes": f"SHA-256 {sha}" if sha else None,
                },
                {
                    "type": "source",
                    "name": s.name,
                    "version": s.version,
                    "kind": s.kind,
                    "language": s.language,
                    "reliability": s.reliability,
                    "confidentiality": s.confidentiality,
                    "systematic": s.systematic,
                    "duplicate_free": s.duplicate_free,
                    "independence_group": s.independence_group,
                    "synthetic": s.synthetic,
                    "sha256": sha,
                },
            )
        )

    places = visible_places(user).select_related("parent")
    place_ids = {p.pk: entity_id("place", p.key) for p in places}
    for p in places.order_by("key"):
        refs.append((f"place:{p.key}", p.confidentiality))
        other = [n for n in (p.other_names if isinstance(p.other_names, list) else [])]
        parent = p.parent.key if p.parent is not None and p.parent.pk in place_ids else ""
        out.append(
            make_entity(
                "Address",
                place_ids[p.pk],
                {
                    "full": p.name,
                    "name": p.name,
                    "alias": [p.name_fa, *(n for n in other if isinstance(n, str))],
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                    "summary": p.kind,
                    "remarks": p.notes,
                },
                {
                    "type": "place",
                    "key": p.key,
                    "kind": p.kind,
                    "name_fa": p.name_fa,
                    "other_names": other,
                    "parent": parent,
                    "precision": p.precision,
                    "estimated_individuals_min": p.estimated_individuals_min,
                    "estimated_individuals_max": p.estimated_individuals_max,
                    "confidentiality": p.confidentiality,
                },
            )
        )

    persons = visible_persons(user).select_related("merged_into").prefetch_related("roles")
    person_ids = {p.pk: entity_id("person", p.public_id) for p in persons}
    for person in persons.order_by("public_id"):
        refs.append((f"person:{person.public_id}", person.confidentiality))
        roles = sorted(r.role for r in person.roles.all())
        merged = person.merged_into
        out.append(
            make_entity(
                "Person",
                person_ids[person.pk],
                {
                    "name": [person.display_name, person.display_name_fa]
                    if (person.display_name or person.display_name_fa)
                    else person.public_id,
                    "gender": {"m": "male", "f": "female"}.get(person.sex),
                    "keywords": roles,
                },
                {
                    "type": "person",
                    "public_id": person.public_id,
                    "display_name": person.display_name,
                    "display_name_fa": person.display_name_fa,
                    "sex": person.sex,
                    "roles": roles,
                    "confidentiality": person.confidentiality,
                    "merged_into": merged.public_id
                    if merged is not None and merged.pk in person_ids
                    else "",
                },
            )
        )

    bodies = (
        Body.objects.select_related("parent", "place") if registry_reader else Body.objects.none()
    )
    body_ids = {b.pk: entity_id("body", b.key or f"{b.kind}|{b.name}") for b in bodies}
    for b in bodies.order_by("id"):
        out.append(
            make_entity(
                "Organization",
                body_ids[b.pk],
                {
                    "name": [b.name, b.name_fa],
                    "classification": b.kind,
                    "description": b.description,
                    "parent": body_ids.get(b.parent_id) if b.parent_id else None,
                    "addressEntity": place_ids.get(b.place_id) if b.place_id else None,
                },
                {
                    "type": "body",
                    "key": b.key or "",
                    "kind": b.kind,
                    "name": b.name,
                    "name_fa": b.name_fa,
                },
            )
        )

    memberships = Membership.objects.filter(
        person__in=visible_persons(user).values("pk"), body__in=bodies.values("pk")
    ).order_by("person__public_id", "body_id", "start_earliest", "id")
    for m in memberships:
        member, body = person_ids[m.person_id], body_ids[m.body_id]
        start, end = uncertain(m, "start"), uncertain(m, "end")
        out.append(
            make_entity(
                "Membership",
                ids("membership", member, body, m.role, start, end),
                {
                    "member": member,
                    "organization": body,
                    "role": m.role,
                    **_span(m, "start"),
                    **_span(m, "end"),
                },
                {"type": "membership", "start": start, "end": end},
            )
        )

    posts = Post.objects.filter(person__in=visible_persons(user).values("pk")).order_by(
        "person__public_id", "title", "start_earliest", "id"
    )
    if not registry_reader:
        posts = posts.none()
    positions: dict[str, Entity] = {}
    for post in posts:
        organization = body_ids.get(post.body_id) if post.body_id else None
        position = entity_id("position", post.title, organization or "")
        positions.setdefault(
            position,
            make_entity(
                "Position",
                position,
                {"name": post.title, "organization": organization},
                {"type": "position"},
            ),
        )
        holder = person_ids[post.person_id]
        start, end = uncertain(post, "start"), uncertain(post, "end")
        out.append(
            make_entity(
                "Occupancy",
                ids("post", holder, position, start, end, post.current),
                {
                    "holder": holder,
                    "post": position,
                    "status": "current" if post.current else None,
                    **_span(post, "start"),
                    **_span(post, "end"),
                },
                {"type": "post", "start": start, "end": end, "current": post.current},
            )
        )
    out.extend(positions.values())

    from dadkhah.web.events.access import events_hiding_someone, visible_events

    events = (
        visible_events(user).select_related("place") if registry_reader else Event.objects.none()
    )
    # titles name people: withheld where a participant is hidden from the reader
    withheld = events_hiding_someone(user, events)
    involved: dict[int, list[Involvement]] = {}
    for i in (
        Involvement.objects.filter(
            event__in=events.values("pk"), person__in=visible_persons(user).values("pk")
        )
        .select_related("person")
        .order_by("person__public_id", "role", "mode")
    ):
        involved.setdefault(i.event_id, []).append(i)
    event_ids: dict[int, str] = {}
    for e in events.order_by("date_earliest", "id"):
        place = place_ids.get(e.place_id) if e.place_id else None
        date = uncertain(e, "date")
        if e.pk in withheld:
            e.title, e.description = "", ""
        eid = ids("event", e.kind, e.title, e.description, place, date)
        event_ids[e.pk] = eid
        parts = involved.get(e.pk, [])
        out.append(
            make_entity(
                "Event",
                eid,
                {
                    "name": e.title or " ".join(x for x in (e.kind, e.date_text) if x),
                    "summary": e.kind,
                    "description": e.description,
                    "date": ftm_date(e.date_earliest, e.date_latest),
                    "startDate": e.date_earliest.isoformat() if e.date_earliest else None,
                    "endDate": e.date_latest.isoformat() if e.date_latest else None,
                    "addressEntity": place,
                    "involved": [person_ids[i.person_id] for i in parts],
                },
                {
                    "type": "event",
                    "kind": e.kind,
                    "title": e.title,
                    "date": date,
                    "involvements": [
                        {"person": person_ids[i.person_id], "role": i.role, "mode": i.mode}
                        for i in parts
                    ],
                },
            )
        )

    claims = (
        visible_claims(user)
        .select_related("person", "body", "subject_place", "place")
        .prefetch_related("claim_sources__source")
        .order_by("id")
    )
    for c in claims:
        if c.person_id is not None:
            subject = person_ids.get(c.person_id)
        elif c.event_id is not None:
            subject = event_ids.get(c.event_id)
        elif c.body_id is not None:
            subject = body_ids.get(c.body_id)
        else:
            subject = place_ids.get(c.subject_place_id) if c.subject_place_id else None
        if subject is None:
            continue  # about something this user may not see: as the pages, left out
        refs.append((f"claim:{c.pk}", c.confidentiality))
        place = place_ids.get(c.place_id) if c.place_id else None
        date = uncertain(c, "date")
        supports = [
            cs
            for cs in sorted(c.claim_sources.all(), key=lambda cs: cs.pk)
            if cs.source_id in source_ids
        ]
        note = ids("claim", subject, c.kind, c.value, place, date)
        status = [c.status, "meets the standard of proof" if c.meets_standard else "",
                  "single source" if c.single_source else ""]  # fmt: skip
        out.append(
            make_entity(
                "Note",
                note,
                {
                    "entity": subject,
                    "name": c.kind,
                    "description": c.value,
                    "summary": "; ".join(s for s in status if s),
                    "proof": sorted({source_ids[cs.source_id] for cs in supports}),
                },
                {
                    "type": "claim",
                    "kind": c.kind,
                    "value": c.value,
                    "place": place,
                    "date": date,
                    "status": c.status,
                    "meets_standard": c.meets_standard,
                    "single_source": c.single_source,
                    "confidentiality": c.confidentiality,
                },
            )
        )
        for cs in supports:
            doc = source_ids[cs.source_id]
            out.append(
                make_entity(
                    "Documentation",
                    ids("documentation", note, doc, cs.locator),
                    {
                        "entity": note,
                        "document": doc,
                        "role": "supports",
                        "summary": f"credibility {cs.credibility}; {cs.locator}".rstrip("; "),
                        "description": cs.excerpt,
                    },
                    {"type": "support", "credibility": cs.credibility, "locator": cs.locator},
                )
            )
    rank = {s: n for n, s in enumerate(ORDER)}
    # By kind, then in the case's own order (not by id): an import creates them in this
    # order, so that alike events (told apart by a counter) keep their ids.
    out.sort(key=lambda e: rank[e["schema"]])
    return FtmExport(out, refs)


@dataclass(frozen=True)
class FtmResult:
    """What an FtM export wrote."""

    path: Path
    entities: int
    schemata: dict[str, int]


def ftm_export(*, user: User, out: Path, force: bool = False) -> FtmResult:
    """Write the case as ``user`` may see it as FtM JSON Lines to ``out``; audited.

    Raises:
        ExportRefused: the user's roles do not grant exports.
        FtmError: ``out`` exists without ``force``, or an entity the FtM model refuses.
    """
    from dadkhah.pipelines.ftm import check_out

    out = Path(out)
    check_out(out, force=force)
    if not user_can(user, EXPORT):
        audit_record(user=user, outcome=DENIED, objects=[f"capability:{EXPORT}", "export:ftm"])
        raise ExportRefused(
            "this user may not export: no role of theirs grants it (see docs/security.md, "
            "Roles and permissions). Give --as a user with a role that exports."
        )
    exported = ftm_entities(user)

    def audit(n: int) -> None:
        protected = [(ref, lvl) for ref, lvl in exported.refs if is_protected(lvl)]
        top = max((lvl for _r, lvl in protected), key=level_rank, default="")
        audit_record(
            user=user,
            outcome=EXPORTED,
            objects=[f"export:ftm:jsonl:{n} entities", *(ref for ref, _l in protected)],
            level=top,
        )

    n = write_entities(out=out, entities=exported.entities, force=force, before_rename=audit)
    return FtmResult(out, n, dict(Counter(e["schema"] for e in exported.entities)))
