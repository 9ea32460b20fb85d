"""Writes of the search index: what each searchable object offers to a query and to the facets.

The services that write persons, records, sources, claims, events, places,
bodies and testimonies call `search_index_refresh` with the objects they
changed (the import, linkage's `persons_refresh`), and the loaders of a whole
case call `search_rebuild` at their end (`dadkhah demo`, `dadkhah link`,
`import-ftm`). An object that is gone, or no longer searchable (a superseded
record version, a merged-away person), loses its entry.

Facet values carry the level of what gave them (``SearchFacet.level``): a
person's list is that list's level, so a reader not cleared for the list does
not learn from a facet that the person is on it. A testimony is indexed by its
witness's pseudonym, never by anything sealed in the vault.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from dadkhah.core.dates import gregorian_to_jalali
from dadkhah.core.places import Gazetteer
from dadkhah.core.record import read_date, read_record
from dadkhah.web.bodies.models import Body
from dadkhah.web.claims.models import Claim
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place
from dadkhah.web.search.models import Kind, SearchEntry, SearchFacet
from dadkhah.web.search.names import SEARCH_FIELDS
from dadkhah.web.search.tokens import name_tokens
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.witnesses.models import Testimony

__all__ = ["FACETS", "search_index_refresh", "search_rebuild"]

#: The facets, in the order the page shows them. ``year`` is the Gregorian year of
#: the earliest date, ``jyear`` its Jalali year (1988 → 1366 or 1367).
FACETS: tuple[str, ...] = (
    "province",
    "city",
    "prison",
    "affiliation",
    "fate",
    "sex",
    "list",
    "year",
    "jyear",
    "confidentiality",
    "claim_status",
)
#: Event kinds that say what became of a victim (the ``fate`` facet).
FATES = frozenset(
    {
        Event.Kind.EXECUTION,
        Event.Kind.DISAPPEARANCE,
        Event.Kind.DETENTION,
        Event.Kind.ARREST,
        Event.Kind.BURIAL,
    }
)
BATCH = 2000
PUBLIC = Confidentiality.PUBLIC.value


@dataclass
class Doc:
    """One entry before it is written."""

    kind: str
    object_id: int
    ref: str
    label: str = ""
    label_fa: str = ""
    #: (name, level of what gave it): a name is matched only for a reader cleared for it.
    names: list[tuple[str, str]] = field(default_factory=list)
    level: str = ""
    earliest: dt.date | None = None
    latest: dt.date | None = None
    facets: set[tuple[str, str, str]] = field(default_factory=set)

    def name(self, level: str, *texts: Any) -> None:
        self.names += [(t, level) for t in texts if isinstance(t, str) and t.strip()]

    def facet(self, name: str, value: Any, level: str) -> None:
        if value is None or value == "":
            return
        self.facets.add((name, str(value)[:200], level))

    def date(self, earliest: dt.date | None, latest: dt.date | None, level: str) -> None:
        if earliest is None:
            return
        if self.earliest is None or earliest < self.earliest:
            self.earliest, self.latest = earliest, latest
        self.facet("year", earliest.year, level)
        self.facet("jyear", gregorian_to_jalali(earliest)[0], level)

    def place(self, key: str | None, level: str) -> None:
        """City, prison and province facets of a gazetteer id (``city:tehran``)."""
        if not key:
            return
        kind = key.partition(":")[0]
        if kind in ("city", "prison"):
            self.facet(kind, key, level)
        try:
            place = Gazetteer.load().get(key)
        except KeyError:
            return
        self.facet("province", place.province_1988, level)
        if kind == "prison" and place.parent:
            self.facet("city", place.parent, level)


def _record_into(doc: Doc, normalized: Any, level: str, source_name: str, kind: str) -> None:
    """What one record's normalized fields give an entry (its person's or its own).

    The fields are read through the schema (`dadkhah.core.record`): a value of another
    type, as a hand-written row may hold, gives nothing, and so does a damaged date.
    """
    if kind == Source.Kind.LIST:
        doc.facet("list", source_name, level)
    n = read_record(normalized)
    for name in SEARCH_FIELDS:
        value = n.get(name)
        if isinstance(value, str) and value.strip():
            doc.name(level, value)
    for place in (n.get("city"), n.get("prison")):
        doc.place(place if isinstance(place, str) else None, level)
    affiliation = n.get("affiliation")
    if isinstance(affiliation, str):
        doc.facet("affiliation", affiliation, level)
    sex = n.get("sex")
    if sex in ("m", "f"):
        doc.facet("sex", sex, level)
    death = read_date(n.get("death_date"))
    if death is not None:
        doc.date(death.earliest, death.latest, level)


# --- one reader per kind: ids → docs ------------------------------------------------------


def _person_docs(pks: list[int]) -> list[Doc]:
    docs: dict[int, Doc] = {}
    persons = Person.objects.filter(pk__in=pks, merged_into__isnull=True)
    for p in persons.only(
        "pk", "public_id", "display_name", "display_name_fa", "sex", "confidentiality"
    ):
        doc = Doc(Kind.PERSON, p.pk, p.public_id, p.display_name, p.display_name_fa)
        doc.name(p.confidentiality, p.display_name, p.display_name_fa)
        doc.level = p.confidentiality
        doc.facet("confidentiality", p.confidentiality, PUBLIC)
        doc.facet("sex", p.sex, p.confidentiality)
        docs[p.pk] = doc
    records = Record.objects.filter(person_id__in=list(docs), next_version__isnull=True)
    for pk, normalized, level, name, kind in records.values_list(
        "person_id", "normalized", "source__confidentiality", "source__name", "source__kind"
    ).iterator(chunk_size=BATCH):
        _record_into(docs[pk], normalized, level, name, kind)
    involvements = Involvement.objects.filter(
        person_id__in=list(docs), role=Involvement.Role.VICTIM
    ).values_list(
        "person_id",
        "event__kind",
        "event__date_earliest",
        "event__date_latest",
        "event__place__confidentiality",
    )
    for pk, kind, earliest, latest, place_level in involvements:
        level = place_level or PUBLIC
        if kind in FATES:
            docs[pk].facet("fate", kind, level)
        if kind == Event.Kind.EXECUTION:
            docs[pk].date(earliest, latest, level)
    claims = Claim.objects.filter(person_id__in=list(docs)).values_list(
        "person_id", "status", "confidentiality"
    )
    for pk, status, level in claims:
        docs[pk].facet("claim_status", status, level)
    return list(docs.values())


def _record_docs(pks: list[int]) -> list[Doc]:
    out = []
    records = Record.objects.filter(pk__in=pks, next_version__isnull=True).select_related("source")
    for r in records.iterator(chunk_size=BATCH):
        level = r.source.confidentiality
        doc = Doc(Kind.RECORD, r.pk, f"{r.source.name}:{r.source_record_id}", level=level)
        _record_into(doc, r.normalized, level, r.source.name, r.source.kind)
        doc.facet("confidentiality", level, PUBLIC)
        latin = [n for n, _l in doc.names if n.isascii()]
        doc.label = " · ".join(dict.fromkeys(latin))[:300]
        farsi = [n for n, _l in doc.names if not n.isascii()]
        doc.label_fa = " · ".join(dict.fromkeys(farsi))[:300]
        out.append(doc)
    return out


def _source_docs(pks: list[int]) -> list[Doc]:
    out = []
    for s in Source.objects.filter(pk__in=pks, next_version__isnull=True):
        doc = Doc(Kind.SOURCE, s.pk, f"{s.name} v{s.version}", s.title, level=s.confidentiality)
        doc.name(s.confidentiality, s.name.replace("-", " "), s.title)
        doc.facet("confidentiality", s.confidentiality, PUBLIC)
        if s.kind == Source.Kind.LIST:
            doc.facet("list", s.name, s.confidentiality)
        out.append(doc)
    return out


def _claim_docs(pks: list[int]) -> list[Doc]:
    out = []
    claims = Claim.objects.filter(pk__in=pks).select_related("person", "place", "subject_place")
    for c in claims:
        doc = Doc(
            Kind.CLAIM, c.pk, f"claim:{c.pk}", f"{c.kind}: {c.value}"[:300], level=c.confidentiality
        )
        doc.name(c.confidentiality, c.kind.replace("_", " "), c.value)
        if c.person is not None:
            doc.name(c.confidentiality, c.person.display_name, c.person.display_name_fa)
        for place in (c.place, c.subject_place):
            if place is not None:
                doc.name(place.confidentiality, place.name, place.name_fa)
                doc.place(place.key, place.confidentiality)
        doc.facet("claim_status", c.status, c.confidentiality)
        doc.facet("confidentiality", c.confidentiality, PUBLIC)
        doc.date(c.date_earliest, c.date_latest, c.confidentiality)
        out.append(doc)
    return out


def _event_docs(pks: list[int]) -> list[Doc]:
    out = []
    for e in Event.objects.filter(pk__in=pks).select_related("place"):
        level = e.place.confidentiality if e.place is not None else PUBLIC
        doc = Doc(Kind.EVENT, e.pk, f"event:{e.pk}", e.title or f"{e.kind} {e.date_text}".strip())
        doc.level = PUBLIC
        doc.name(PUBLIC, e.title, e.kind.replace("_", " "))
        if e.place is not None:
            doc.name(level, e.place.name, e.place.name_fa)
            doc.place(e.place.key, level)
        doc.date(e.date_earliest, e.date_latest, level)
        out.append(doc)
    return out


def _place_docs(pks: list[int]) -> list[Doc]:
    out = []
    for p in Place.objects.filter(pk__in=pks):
        doc = Doc(Kind.PLACE, p.pk, p.key, p.name, p.name_fa, level=p.confidentiality)
        doc.name(p.confidentiality, p.name, p.name_fa, *p.other_names)
        doc.place(p.key, p.confidentiality)
        doc.facet("confidentiality", p.confidentiality, PUBLIC)
        out.append(doc)
    return out


def _body_docs(pks: list[int]) -> list[Doc]:
    out = []
    for b in Body.objects.filter(pk__in=pks).select_related("place"):
        doc = Doc(Kind.BODY, b.pk, b.key or f"body:{b.pk}", b.name, b.name_fa, level=PUBLIC)
        doc.name(PUBLIC, b.name, b.name_fa)
        if b.place is not None:
            doc.place(b.place.key, b.place.confidentiality)
        out.append(doc)
    return out


def _testimony_docs(pks: list[int]) -> list[Doc]:
    out = []
    # Only the pseudonym: the witness's identity is sealed, and even the source's title
    # may describe the witness (docs/vault.md).
    for t in Testimony.objects.filter(pk__in=pks).select_related("witness"):
        pseudonym = t.witness.pseudonym
        doc = Doc(Kind.TESTIMONY, t.pk, f"testimony:{t.pk}", pseudonym, level=t.confidentiality)
        if not any(c.isdigit() for c in pseudonym):
            # A word-like pseudonym is matched as a name; W-0001 only as written
            # (selectors.name_match), since name keys drop its digits.
            doc.name(t.confidentiality, pseudonym)
        doc.facet("confidentiality", t.confidentiality, PUBLIC)
        if t.taken_on is not None:
            doc.date(t.taken_on, t.taken_on, t.confidentiality)
        out.append(doc)
    return out


READERS = {
    Kind.PERSON: (_person_docs, Person),
    Kind.RECORD: (_record_docs, Record),
    Kind.SOURCE: (_source_docs, Source),
    Kind.CLAIM: (_claim_docs, Claim),
    Kind.EVENT: (_event_docs, Event),
    Kind.PLACE: (_place_docs, Place),
    Kind.BODY: (_body_docs, Body),
    Kind.TESTIMONY: (_testimony_docs, Testimony),
}


# --- writing ------------------------------------------------------------------------------


def _write(kind: str, pks: list[int], docs: list[Doc]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=pks).delete()
    entries = [
        SearchEntry(
            kind=d.kind,
            object_id=d.object_id,
            ref=d.ref[:200],
            label=(d.label or "")[:300],
            label_fa=(d.label_fa or "")[:300],
            keys=" ".join(sorted(name_tokens(d.names))),
            level=d.level,
            date_earliest=d.earliest,
            date_latest=d.latest,
        )
        for d in docs
    ]
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
    facets = [
        SearchFacet(entry=e, facet=f, value=v, level=lvl)
        for e, d in zip(entries, docs, strict=True)
        for f, v, lvl in sorted(d.facets)
    ]
    SearchFacet.objects.bulk_create(facets, batch_size=BATCH)


def search_index_refresh(*, kind: str, ids: Iterable[int]) -> int:
    """Rewrite the entries of these objects of ``kind`` (a `models.Kind` value).

    Returns:
        How many entries were written (objects that are gone are only removed).
    """
    reader, _model = READERS[Kind(kind)]
    pks = sorted(set(ids))
    written = 0
    with transaction.atomic():
        for i in range(0, len(pks), BATCH):
            chunk = pks[i : i + BATCH]
            docs = reader(chunk)
            _write(kind, chunk, docs)
            written += len(docs)
    return written


def search_rebuild() -> dict[str, int]:
    """Rebuild the whole index from the case's tables.

    Returns:
        Entries written, by kind.
    """
    counts: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for kind, (_reader, model) in READERS.items():
            # _default_manager: `objects` on each of these models, which define no other.
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            counts[kind] = search_index_refresh(kind=kind, ids=pks)
    return dict(counts)


def search_index_after_import(*, source_id: int) -> None:
    """Index a source just imported, its records, and the versions it replaces."""
    source = Source.objects.filter(pk=source_id).only("pk", "previous_id").first()
    if source is None:
        return
    search_index_refresh(kind=Kind.SOURCE, ids=[source.pk, *filter(None, [source.previous_id])])
    records = Record.objects.filter(source_id__in=[source.pk, *filter(None, [source.previous_id])])
    search_index_refresh(kind=Kind.RECORD, ids=records.values_list("pk", flat=True))
    persons = records.filter(person__isnull=False).values_list("person_id", flat=True)
    search_index_refresh(kind=Kind.PERSON, ids=set(persons))
