"""Reads for the person pages: search across scripts, access, and everything known of one person.

The people list's search asks the search index (`dadkhah.web.search`): the same
cross-script name rule as the search page (`search.names`, docs/methodology/names.md),
decided by the database, so محمدرضا, Mohammad-Reza and Mohammadreza find the same
person. Testimony and witness data never reach these pages: a claim says only
which pseudonym's testimony supports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.clearance import cleared_levels, is_cleared
from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.access import visible_bodies
from dadkhah.web.bodies.models import Membership, Post
from dadkhah.web.claims.access import visible_claims, visible_claims_about
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.events.access import shown_titles, visible_events
from dadkhah.web.events.models import Involvement
from dadkhah.web.people.access import access_person, visible_persons
from dadkhah.web.people.labels import (
    GAZETTEER_FIELDS,
    Field,
    Named,
    When,
    claim_kind_label,
    named_keys,
    shown_fields,
)
from dadkhah.web.people.models import Person, Relation
from dadkhah.web.people.totals import registry_persons
from dadkhah.web.search.models import Kind, SearchEntry
from dadkhah.web.search.names import LOOSE, STRICT, query_read
from dadkhah.web.search.selectors import HitList, name_match
from dadkhah.web.sources.models import Record

# --- who may see whom: dadkhah.web.people.access -----------------------------------------

__all__ = ["access_person", "visible_persons"]


# --- search ---------------------------------------------------------------------------------


def persons_by_public_id(*public_ids: str) -> dict[str, Person]:
    """The persons with these public ids (P-000123), for the command line's own checks.

    Raises:
        InputError: naming the first id that no person has.
    """
    found = {p.public_id: p for p in Person.objects.filter(public_id__in=public_ids)}
    for public_id in public_ids:
        if public_id not in found:
            raise InputError(f"No person {public_id!r}; give a public id such as P-000123.")
    return found


def person_search(
    *, user: User, text: str = "", role: str | None = None, loose: bool = False
) -> HitList:
    """Ids of the persons whose names agree with ``text``, best first.

    Args:
        user: Who searches (witnesses are never found, see `visible_persons`); only the
            names of what they are cleared for find a person.
        text: Names in either script, or a public id (P-000123). Empty: everyone.
        role: Only persons with this role (victim, perpetrator, relative).
        loose: Also accept agreement of the loose keys (vowel-letter spellings:
            Nasir / ناصر, but also Hassan / Hossein); such hits come after the
            strict ones.

    Returns:
        Person primary keys: strict hits, then loose ones, each by public id, read
        from the database a page at a time (`HitList`: its length is one count).
        Merged-away persons are left out.
    """
    persons = registry_persons(user)
    if role:
        persons = persons.filter(roles__role=role)
    return persons_named(persons, text, loose=loose, levels=cleared_levels(user))


def persons_named(
    persons: QuerySet[Person], text: str, *, levels: tuple[str, ...], loose: bool = False
) -> HitList:
    """Ids of those of ``persons`` whose names agree with ``text``, best first.

    The people list and the families' matching both call it; the names are those the
    search index holds for each person (`search.services`: display names, and the
    name fields of the current version of each record), each at the level of what gave
    it, and the rule is the search page's own (`search.selectors.name_match`). A public
    id finds its person; an empty text, every one of ``persons``.

    Args:
        persons: Whom to look among (already narrowed to what the reader may see).
        text: The query as typed.
        levels: The levels whose names count (a reader's `cleared_levels`; every level
            where no reader is involved).
        loose: Also accept agreement of the loose keys, after the strict hits.

    Returns:
        Person primary keys, strict hits then loose ones, each by public id.
    """
    query = query_read(text)
    match = None if query.public_id is not None else name_match(text, loose=loose, levels=levels)
    found = persons
    score: Any = models.Value(STRICT)
    if query.public_id is not None:
        found = persons.filter(public_id=query.public_id)
    elif match is not None and match.hits is not None:
        entries = SearchEntry.objects.filter(kind=Kind.PERSON)
        found = persons.filter(pk__in=entries.filter(match.hits).values("object_id"))
        strict = entries.filter(match.strict).values("object_id")
        score = models.Case(
            models.When(pk__in=strict, then=models.Value(STRICT)), default=models.Value(LOOSE)
        )
    rows = found.annotate(score=score).order_by("-score", "public_id").values_list("pk", "score")
    return HitList(rows, found.count())


@dataclass
class PersonHit:
    """One line of the search results, with what tells namesakes apart."""

    person: Person
    roles: list[str]
    record_count: int
    fathers: list[str] = field(default_factory=list)
    birth_years: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _years(value: Any) -> str | None:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple) and len(value) == 2:
        lo, hi = value
        return str(lo) if lo == hi else f"{lo}–{hi}"
    return None


def person_hits(pks: list[int], *, user: User) -> list[PersonHit]:
    """The search-result lines for a page of person ids, in the given order.

    Fathers' names and birth years come only from records ``user`` may read.
    """
    persons = {
        p.pk: p
        for p in Person.objects.filter(pk__in=pks)
        .annotate(n_records=Count("records"))
        .prefetch_related("roles")
    }
    hits = {
        pk: PersonHit(
            person=persons[pk],
            roles=[r.get_role_display() for r in persons[pk].roles.all()],
            record_count=persons[pk].n_records,
        )
        for pk in pks
        if pk in persons
    }
    rows = Record.objects.filter(person_id__in=pks).values_list(
        "person_id", "source__name", "source__confidentiality", "normalized"
    )
    for pk, source, confidentiality, normalized in rows:
        hit = hits[pk]
        if not is_cleared(user, confidentiality):
            continue  # not even the source's name: it would say who testified about whom
        if source not in hit.sources:
            hit.sources.append(source)
        if not isinstance(normalized, dict):
            continue
        father = normalized.get("father_name")
        if isinstance(father, str) and father and father not in hit.fathers:
            hit.fathers.append(father)
        years = _years(normalized.get("birth_year"))
        if years is not None and years not in hit.birth_years:
            hit.birth_years.append(years)
    return [hits[pk] for pk in pks if pk in hits]


# --- the person page ------------------------------------------------------------------------


def when_of(obj: Any, prefix: str) -> When:
    """The uncertain date ``prefix`` of a model instance (see `modelutils.uncertain_date`)."""
    return When(
        getattr(obj, f"{prefix}_text"),
        getattr(obj, f"{prefix}_earliest"),
        getattr(obj, f"{prefix}_latest"),
        getattr(obj, f"{prefix}_precision"),
    )


@dataclass
class RecordView:
    record: Record
    hidden: bool
    raw: list[tuple[str, str]]
    #: The normalized fields a reader checks against the source, in words (labels.py).
    normalized: list[Field]


@dataclass
class SupportView:
    """One source's support for a claim.

    A testimony shows only its witness's pseudonym; any strictly confidential
    source shows its grades, never its title, locator or excerpt.
    """

    claim_source: ClaimSource
    testimony_of: str | None
    confidential: bool


@dataclass
class ClaimView:
    claim: Claim
    when: When
    supports: list[SupportView]
    testimony_of: list[str]
    contradicted_by: list[int]
    #: The claim's kind in words, and its value's names where the value is an id.
    kind_label: str | Promise = ""
    value_named: Named | None = None


@dataclass
class EventView:
    involvement: Involvement
    when: When


@dataclass
class SpanView:
    """A membership or a post with its start and end."""

    item: Membership | Post
    start: When
    end: When


@dataclass
class RelationView:
    kind: str
    other: Person


@dataclass
class PersonPage:
    person: Person
    roles: list[str]
    records: list[RecordView]
    claims: list[ClaimView]
    events: list[EventView]
    memberships: list[SpanView]
    posts: list[SpanView]
    relations: list[RelationView]
    merged_into: Person | None


def _flat(value: Any) -> str:
    """A normalized value as one line of text (dates and lists as JSON-like text)."""
    if isinstance(value, dict):
        if "text" in value or "earliest" in value:
            ends = (value.get("earliest"), value.get("latest"))
            span = f"{ends[0]} – {ends[1]}" if ends[0] != ends[1] else str(ends[0])
            return f"{value.get('text', '')} [{span}]".strip() if ends[0] else str(value)
        return ", ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_flat(v) for v in value)
    return "" if value is None else str(value)


def _record_views(person: Person, user: User) -> list[RecordView]:
    out = []
    records = list(
        person.records.select_related("source").order_by("source__name", "row_number", "id")
    )
    shown = [r for r in records if is_cleared(user, r.source.confidentiality)]
    names = named_keys(
        (
            v
            for r in shown
            for k, v in (r.normalized or {}).items()
            if k in GAZETTEER_FIELDS and isinstance(v, str)
        ),
        user=user,
    )
    for record in records:
        hidden = not is_cleared(user, record.source.confidentiality)
        raw = [] if hidden else [(str(k), _flat(v)) for k, v in (record.raw or {}).items()]
        normalized = [] if hidden else shown_fields(record.normalized or {}, names=names)
        out.append(RecordView(record, hidden, raw, normalized))
    return out


def testimony_pseudonym(source: Any) -> str | None:
    """The witness pseudonym of a testimony source, else None."""
    testimony = getattr(source, "testimony", None) if source.kind == "testimony" else None
    return testimony.witness.pseudonym if testimony is not None else None


def _claim_views(person: Person, user: User) -> list[ClaimView]:
    return claim_views(visible_claims_about(user, person), user=user)


def claim_views(claims: QuerySet[Claim], *, user: User) -> list[ClaimView]:
    """``claims`` (already narrowed by `visible_claims`) as the pages show them, by date.

    The one reading of a claim's supports for every page: a testimony shows only its
    witness's pseudonym, a source ``user`` is not cleared for only its grades.
    """
    rows = list(
        claims.select_related("place", "person", "event", "body", "subject_place")
        .prefetch_related(
            "claim_sources__source__testimony__witness",
            "claim_sources__evidence",
            "segments__testimony__witness",
            "contradicts",
        )
        .order_by("date_earliest", "id")
    )
    names = named_keys((c.value for c in rows), user=user)
    # A contradicting claim the reader may not see is not named: its id would say it exists.
    rivals = {r.pk for c in rows for r in c.contradicts.all()}
    seen = set(visible_claims(user).filter(pk__in=rivals).values_list("pk", flat=True))
    out = []
    for claim in rows:
        supports = [
            SupportView(
                cs,
                testimony_pseudonym(cs.source),
                not is_cleared(user, cs.source.confidentiality),
            )
            for cs in sorted(claim.claim_sources.all(), key=lambda cs: cs.pk)
        ]
        witnesses = sorted({s.testimony.witness.pseudonym for s in claim.segments.all()})
        out.append(
            ClaimView(
                claim=claim,
                when=when_of(claim, "date"),
                supports=supports,
                testimony_of=witnesses,
                contradicted_by=sorted(c.pk for c in claim.contradicts.all() if c.pk in seen),
                kind_label=claim_kind_label(claim.kind),
                value_named=names.get(claim.value),
            )
        )
    return out


def _date_order(when: When, pk: int) -> tuple[int, dt.date, dt.date, int]:
    """Known dates first, by earliest day then latest; unknown ones after, by id."""
    if when.earliest is None or when.latest is None:
        return (1, dt.date.max, dt.date.max, pk)
    return (0, when.earliest, when.latest, pk)


_INVERSE: dict[str, str] = {"parent": "child", "child": "parent"}


def _relation_views(person: Person, visible: QuerySet[Person]) -> list[RelationView]:
    seen: set[tuple[str, int]] = set()
    out = []
    # `visible` narrowed to the related persons first: SQLite otherwise lists every
    # visible person (and every witness) for the IN, on each page view.
    others = visible.filter(pk__in=person.relations.values("other_id"))
    forward = person.relations.filter(other__in=others).select_related("other")
    froms = visible.filter(pk__in=person.relations_to.values("person_id"))
    backward = person.relations_to.filter(person__in=froms).select_related("person")
    pairs = [(str(r.kind), r.other) for r in forward]
    pairs += [(_INVERSE.get(str(r.kind), str(r.kind)), r.person) for r in backward]
    for kind, other in pairs:
        if (kind, other.pk) in seen:
            continue
        seen.add((kind, other.pk))
        out.append(RelationView(str(Relation.Kind(kind).label), other))
    return out


def person_page(*, user: User, person: Person) -> PersonPage:
    """Everything the person page shows about ``person`` (already checked by `access_person`)."""
    visible = visible_persons(user)
    bodies = visible_bodies(user)
    involvements = list(
        person.involvements.filter(event__in=visible_events(user)).select_related(
            "event", "event__place"
        )
    )
    shown_titles(user, [i.event for i in involvements])
    events = sorted(
        (EventView(i, when_of(i.event, "date")) for i in involvements),
        key=lambda e: _date_order(e.when, e.involvement.event_id),
    )
    memberships = sorted(
        (
            SpanView(m, when_of(m, "start"), when_of(m, "end"))
            for m in person.memberships.filter(body__in=bodies).select_related("body")
        ),
        key=lambda s: _date_order(s.start, s.item.pk),
    )
    posts = sorted(
        (
            SpanView(p, when_of(p, "start"), when_of(p, "end"))
            for p in person.posts.filter(Q(body__isnull=True) | Q(body__in=bodies)).select_related(
                "body"
            )
        ),
        key=lambda s: (bool(getattr(s.item, "current", False)), *_date_order(s.start, s.item.pk)),
    )
    merged = person.merged_into
    if merged is not None and not visible.filter(pk=merged.pk).exists():
        merged = None
    return PersonPage(
        person=person,
        roles=[r.get_role_display() for r in person.roles.all()],
        records=_record_views(person, user),
        claims=_claim_views(person, user),
        events=events,
        memberships=memberships,
        posts=posts,
        relations=_relation_views(person, visible),
        merged_into=merged,
    )
