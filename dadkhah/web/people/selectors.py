"""Reads for the person pages: search across scripts, access, and everything known of one person.

Search compares cross-script name keys (docs/methodology/names.md): the query's
words, alone or joined, must each agree with a key of the person's names, so
محمدرضا, Mohammad-Reza and Mohammadreza find the same person. Testimony and
witness data never reach these pages: a claim says only which pseudonym's
testimony supports it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise

from dadkhah.core.errors import InputError
from dadkhah.core.names import cross_script_key, name_part_keys, parse_name, search_loose_key
from dadkhah.web.accounts.clearance import is_cleared
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
from dadkhah.web.sources.access import visible_records
from dadkhah.web.sources.models import Record

#: The name fields of ``Record.normalized`` that search compares (the importer's schema v1).
#: The father's name is shown beside each hit to tell namesakes apart, but is not matched:
#: a search for "Nader" should not return every son of a Nader.
SEARCH_FIELDS = ("given_name", "family_name", "full_name")
#: More words than this in a query are ignored (the segmentation below is quadratic).
MAX_QUERY_WORDS = 8
STRICT, LOOSE = 2, 1

_PUBLIC_ID = re.compile(r"^\s*[Pp]-?(\d{1,9})\s*$")

# --- who may see whom: dadkhah.web.people.access -----------------------------------------

__all__ = ["access_person", "visible_persons"]


# --- search ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A search query, read once: its words and the keys their groups give."""

    text: str
    words: tuple[str, ...]
    strict: dict[tuple[int, int], str]
    loose: dict[tuple[int, int], str]
    public_id: str | None

    @property
    def empty(self) -> bool:
        return not self.words and self.public_id is None


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


def query_read(text: str) -> Query:
    """Read a query: honorifics dropped, each run of words keyed as one name and apart.

    Keys are computed for every contiguous run of words, so "Darvish zadeh"
    finds Darvishzadeh (the run) and "Mohammad Reza" finds محمدرضا (each word
    agrees with one part of the compound).
    """
    text = " ".join(text.split())[:200]
    match = _PUBLIC_ID.match(text)
    public_id = f"P-{int(match.group(1)):06d}" if match else None
    words = parse_name(text).tokens[:MAX_QUERY_WORDS] if public_id is None else ()
    strict: dict[tuple[int, int], str] = {}
    loose: dict[tuple[int, int], str] = {}
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            group = " ".join(words[i:j])
            if key := cross_script_key(group):
                strict[(i, j)] = key
            if key := search_loose_key(group):
                loose[(i, j)] = key
    return Query(text, tuple(words), strict, loose, public_id)


@lru_cache(maxsize=200_000)
def name_field_keys(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(strict, loose) keys one name field offers to a query.

    Strict: the field's key, each word's key and the parts of compound given
    names (`name_part_keys`: Reza in Mohammadreza). Loose: `search_loose_key` of
    the field and of each word (Hassan and Hossein agree, Zohra and زهره).
    """
    parts = parse_name(text)
    strict = set(name_part_keys(text))
    for token in parts.tokens:
        strict |= name_part_keys(token)
    loose = {search_loose_key(text), *(search_loose_key(t) for t in parts.tokens)}
    strict.discard("")
    loose.discard("")
    return frozenset(strict), frozenset(loose)


def _covers(n: int, keys: dict[tuple[int, int], str], have: set[str]) -> bool:
    """Whether words 0..n can be cut into runs whose keys are all in ``have``."""
    reach = [False] * (n + 1)
    reach[0] = True
    for i in range(n):
        if not reach[i]:
            continue
        for j in range(i + 1, n + 1):
            key = keys.get((i, j))
            if key is not None and key in have:
                reach[j] = True
    return reach[n]


def _names_of_persons(
    persons: QuerySet[Person], records: QuerySet[Record] | None = None
) -> Iterable[tuple[int, str]]:
    """(person id, a name field) for every display name and every record's name field.

    ``records``: the records whose names count (a reader's search: only those
    they may read, so that a name given only by a list above their clearance
    does not find the person); None, every record.
    """
    for pk, name, name_fa in persons.values_list("pk", "display_name", "display_name_fa"):
        if name:
            yield pk, name
        if name_fa:
            yield pk, name_fa
    if records is None:
        records = Record.objects.all()
    rows = records.filter(person__in=persons.values("pk")).values_list("person_id", "normalized")
    for pk, normalized in rows.iterator(chunk_size=5_000):
        if not isinstance(normalized, dict):
            continue
        for name in SEARCH_FIELDS:
            value = normalized.get(name)
            if isinstance(value, str) and value.strip():
                yield pk, value


def person_search(
    *, user: User, text: str = "", role: str | None = None, loose: bool = False
) -> list[int]:
    """Ids of the persons whose names agree with ``text``, best first.

    Args:
        user: Who searches (witnesses are never found, see `visible_persons`).
        text: Names in either script, or a public id (P-000123). Empty: everyone.
        role: Only persons with this role (victim, perpetrator, relative).
        loose: Also accept agreement of the loose keys (vowel-letter spellings:
            Nasir / ناصر, but also Hassan / Hossein); such hits come after the
            strict ones.

    Returns:
        Person primary keys: strict hits, then loose ones, each by public id.
        Merged-away persons are left out.
    """
    persons = registry_persons(user)
    if role:
        persons = persons.filter(roles__role=role)
    query = query_read(text)
    if query.public_id is not None:
        return list(persons.filter(public_id=query.public_id).values_list("pk", flat=True))
    if query.empty:
        return list(persons.order_by("public_id").values_list("pk", flat=True))
    return persons_named(persons, query, loose=loose, records=visible_records(user))


def persons_named(
    persons: QuerySet[Person],
    query: Query,
    *,
    loose: bool = False,
    records: QuerySet[Record] | None = None,
) -> list[int]:
    """Ids of those of ``persons`` whose names agree with the words of ``query``, best first.

    The one name matching of the registry: the search page and the families'
    matching without a linkage model both call it. Every word must be covered by
    a name field's key (strict hits), or, with ``loose``, by its loose key (after
    the strict hits). Persons are ordered by public id within each kind of hit.
    """
    if not query.words:
        return []
    wanted_strict = set(query.strict.values())
    wanted_loose = set(query.loose.values()) if loose else set()
    have_strict: dict[int, set[str]] = defaultdict(set)
    have_loose: dict[int, set[str]] = defaultdict(set)
    for pk, name in _names_of_persons(persons, records):
        strict, loose_keys = name_field_keys(name)
        if hits := strict & wanted_strict:
            have_strict[pk] |= hits
        if wanted_loose and (hits := loose_keys & wanted_loose):
            have_loose[pk] |= hits
    n = len(query.words)
    score: dict[int, int] = {}
    for pk, have in have_strict.items():
        if _covers(n, query.strict, have):
            score[pk] = STRICT
    for pk, have in have_loose.items():
        if pk not in score and _covers(n, query.loose, have):
            score[pk] = LOOSE
    order = dict(Person.objects.filter(pk__in=list(score)).values_list("pk", "public_id"))
    return sorted(score, key=lambda pk: (-score[pk], order[pk]))


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
