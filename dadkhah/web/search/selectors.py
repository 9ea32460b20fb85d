"""Reads of the search page: one box over every kind, facets that combine, sorting and paging.

The index (`models.py`) finds candidates; each kind's own ``visible_*``
selector decides what the reader sees, so a hit, a facet count and an export
line only ever count objects the reader could open. A facet value given by
something above the reader's clearance (a confidential list a visible person is
on) is neither shown nor counted. Names are matched by the registry's one rule
(`names.py`), written as a full-text expression the database decides
(`name_match`), strict hits before loose ones; the people list asks the same
(`dadkhah.web.people.selectors.person_search`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Lower
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.clearance import cleared_levels
from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.access import visible_bodies
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.events.access import events_hiding_someone, visible_events
from dadkhah.web.events.models import Event
from dadkhah.web.people.access import without_witnesses
from dadkhah.web.people.totals import registry_persons
from dadkhah.web.places.access import visible_places
from dadkhah.web.search.backends import cover_expression, search_backend
from dadkhah.web.search.models import Kind, SearchEntry, SearchFacet
from dadkhah.web.search.names import LOOSE, STRICT, query_read
from dadkhah.web.search.services import FACETS
from dadkhah.web.search.tokens import cleared_codes, loose_token, strict_token
from dadkhah.web.sources.access import visible_records, visible_sources
from dadkhah.web.witnesses.access import visible_testimonies

__all__ = [
    "KIND_LABELS",
    "SORTS",
    "HitList",
    "NameMatch",
    "SearchParams",
    "SearchResult",
    "name_match",
    "search",
    "visible_entries",
]

KIND_LABELS: dict[str, Promise] = {
    Kind.PERSON: _("persons"),
    Kind.RECORD: _("records"),
    Kind.SOURCE: _("sources"),
    Kind.CLAIM: _("claims"),
    Kind.EVENT: _("events"),
    Kind.PLACE: _("places"),
    Kind.BODY: _("bodies"),
    Kind.TESTIMONY: _("testimonies"),
}
FACET_LABELS: dict[str, Promise] = {
    "province": _("province (1988)"),
    "city": _("city"),
    "prison": _("prison"),
    "affiliation": _("affiliation"),
    "fate": _("fate"),
    "sex": _("sex"),
    "list": _("list"),
    "year": _("year (Gregorian)"),
    "jyear": _("year (Jalali)"),
    "confidentiality": _("confidentiality"),
    "claim_status": _("claim status"),
}
SORTS: dict[str, Promise] = {
    "relevance": _("best match"),
    "name": _("name"),
    "date": _("date, earliest first"),
    "-date": _("date, latest first"),
}
MAX_QUERY = 200
MAX_FACET_VALUES = 20
#: Facet values kept per facet in a URL; more is not a search a person makes.
MAX_SELECTED = 10
_VALUE = re.compile(r"^[\w:.\- ]{1,200}$")


@dataclass(frozen=True)
class SearchParams:
    """A search as the page's URL gives it, read and checked once."""

    text: str = ""
    kind: str = ""
    facets: tuple[tuple[str, str], ...] = ()
    sort: str = "relevance"
    loose: bool = True

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> SearchParams:
        """Read the URL's parameters.

        Raises:
            InputError: a parameter that names no kind, facet or sort, or a value that
                cannot be one, saying which and what to do.
        """
        get = data.get
        text = " ".join(str(get("q", "") or "").split())
        if len(text) > MAX_QUERY:
            raise InputError(
                gettext("The query is %(n)s characters long; search for at most %(most)s.")
                % {"n": len(text), "most": MAX_QUERY}
            )
        if "\x00" in text:
            raise InputError(gettext("The query holds a NUL character; type the name again."))
        kind = str(get("kind", "") or "")
        if kind and kind not in KIND_LABELS:
            raise InputError(
                gettext("There is no kind %(kind)s to search; choose one of %(kinds)s.")
                % {"kind": repr(kind[:40]), "kinds": ", ".join(KIND_LABELS)}
            )
        sort = str(get("sort", "") or "relevance")
        if sort not in SORTS:
            raise InputError(
                gettext("Cannot sort by %(sort)s; sort by one of %(sorts)s.")
                % {"sort": repr(sort[:40]), "sorts": ", ".join(SORTS)}
            )
        facets: list[tuple[str, str]] = []
        getlist = getattr(data, "getlist", None)
        for name in FACETS:
            values = getlist(name) if getlist is not None else [get(name)] if get(name) else []
            if len(values) > MAX_SELECTED:
                raise InputError(
                    gettext("Choose at most %(most)s values of %(facet)s.")
                    % {"most": MAX_SELECTED, "facet": name}
                )
            for value in values:
                value = str(value).strip()
                if not _VALUE.match(value) or (name in ("year", "jyear") and not value.isdigit()):
                    raise InputError(
                        gettext(
                            "%(value)s cannot be a value of %(facet)s; "
                            "choose a value from the list beside the results."
                        )
                        % {"value": repr(value[:40]), "facet": name}
                    )
                if (name, value) not in facets:
                    facets.append((name, value))
        loose = str(get("loose", "1")) != "0"
        return cls(text, kind, tuple(facets), sort, loose)


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


class HitList(Sequence[int]):
    """The hits' ids in the order asked for, read a page at a time (LIMIT/OFFSET).

    ``rows`` yields (id, score): search entries for the search page, persons for the
    people list (`people.selectors.person_search`). Its length is the count of the hits
    (one SQL count); slicing it reads that slice only, and notes which of its hits agree
    strictly (``strict``). A paginator takes it as it takes a list.
    """

    def __init__(self, rows: QuerySet[Any], total: int) -> None:
        self._rows = rows
        self._total = total
        #: The hits read so far that agree strictly with the query.
        self.strict: set[int] = set()

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, int):
            if index < 0:
                index += self._total
            if not 0 <= index < self._total:
                raise IndexError(index)
            return self[index : index + 1][0]
        start, stop, step = index.indices(self._total)
        if step != 1:
            return list(self)[index]
        if start >= stop:
            return []
        rows = list(self._rows[start:stop])
        self.strict.update(pk for pk, score in rows if score == STRICT)
        return [pk for pk, _score in rows]

    def __iter__(self) -> Iterator[int]:
        return iter(self[0 : self._total])

    def __contains__(self, value: object) -> bool:
        return value in self[0 : self._total]


@dataclass
class SearchResult:
    #: Entry ids in the order asked for, read from the database a slice at a time.
    ids: HitList
    #: (kind, count) of the hits, before narrowing to one kind.
    kinds: list[tuple[str, int]]
    #: facet → its values with counts, among the hits shown.
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: Events whose title is withheld: a participant is hidden from the reader.
    withheld: set[int] = field(default_factory=set)

    @property
    def strict(self) -> set[int]:
        """Hits by strict agreement of the names (the rest agree loosely), among those read."""
        return self.ids.strict


def _visible_objects(user: User) -> dict[str, QuerySet[Any]]:
    """Each kind's own ``visible_*`` selector for ``user`` (the one rule of each kind)."""
    return {
        Kind.PERSON: registry_persons(user),
        # A witness's records name them: never listed, as the records export leaves them out.
        Kind.RECORD: without_witnesses(
            visible_records(user).filter(next_version__isnull=True), "person"
        ),
        Kind.SOURCE: visible_sources(user),
        Kind.CLAIM: visible_claims(user),
        Kind.EVENT: visible_events(user),
        Kind.PLACE: visible_places(user),
        Kind.BODY: visible_bodies(user),
        Kind.TESTIMONY: visible_testimonies(user),
    }


def visible_entries(user: User) -> QuerySet[SearchEntry]:
    """The entries of the objects ``user`` may see, through each kind's own selector.

    Each kind's rule is asked of each entry as ``EXISTS`` on the object's primary key,
    inside one ``CASE`` on the kind: the database looks each candidate up by its key,
    where ``object_id IN (every visible object)`` made it read every visible person and
    record for each search. The ``CASE`` also keeps SQLite from planning an OR of the
    kinds through the kind index (every entry of a kind read, then matched): the
    full-text match drives the query.
    """
    rule = Case(
        *(
            When(kind=kind, then=Exists(queryset.order_by().filter(pk=OuterRef("object_id"))))
            for kind, queryset in _visible_objects(user).items()
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    return SearchEntry.objects.filter(rule)


@dataclass(frozen=True)
class NameMatch:
    """The entries a text matches, as SQL the database evaluates (no ids in Python)."""

    #: Entries that agree strictly or loosely; None when the text asks for nothing.
    hits: Q | None
    #: Those among them that agree strictly.
    strict: Q


def name_match(text: str, *, loose: bool, levels: tuple[str, ...]) -> NameMatch:
    """The entries whose names agree with ``text``, strict hits told from loose ones.

    The one name matching of the registry: the search page, the people list and the
    families' matching all ask it. The cross-script rule (`names.py`: every word of
    the query covered by a run of words whose key a name offers) is written as a
    full-text expression over the index's tokens (`backends.cover_expression`), so the
    database returns exactly the entries that rule accepts.

    Args:
        text: A query as typed: names in either script, a public id (P-000123), an id
            as the pages write it (prison:evin) or a witness pseudonym.
        loose: Also accept agreement of the loose keys (after the strict hits).
        levels: The levels whose names may match (a reader's `cleared_levels`).
    """
    query = query_read(text)
    nothing = Q(pk__in=[])
    if query.public_id is not None:
        ids = SearchEntry.objects.filter(kind=Kind.PERSON, ref=query.public_id)
        return NameMatch(Q(pk__in=ids.values("pk")), Q(pk__in=ids.values("pk")))
    if query.empty:
        return NameMatch(None, nothing)
    # An id as written (prison:evin, claim:12) or a pseudonym (W-0001): name keys keep
    # letters only, so these are looked up as they are.
    # In any case, as ``ref__iexact`` would, but through the index on LOWER(ref): iexact
    # read every entry of the index on each search (SQLite's LIKE, PostgreSQL's UPPER).
    exact = SearchEntry.objects.alias(ref_lower=Lower("ref")).filter(
        Q(ref_lower=Lower(Value(text))) | Q(kind=Kind.TESTIMONY, label__iexact=text)
    )
    found = list(exact.values_list("pk", flat=True))  # an id as typed: one or two entries
    codes = cleared_codes(levels)
    backend = search_backend()
    n = len(query.words)
    strict_expr = cover_expression(
        backend, n, {k: strict_token(v) for k, v in query.strict.items()}, codes
    )
    loose_expr = (
        cover_expression(backend, n, {k: loose_token(v) for k, v in query.loose.items()}, codes)
        if loose
        else None
    )
    strict = Q(pk__in=found)
    if strict_expr is not None:
        strict |= Q(pk__in=RawSQL(backend.match_sql(), [strict_expr]))  # noqa: S611
    either = [f"({e})" for e in (strict_expr, loose_expr) if e is not None]
    if not either:
        return NameMatch(Q(pk__in=found), strict)
    # One look-up of the full-text index for every hit; an id as typed joins it by UNION
    # (an OR of two IN lists would make the database read the whole index).
    sql = backend.match_sql()
    if found:
        # The backend's constant SQL and placeholders only: every value is a parameter.
        wrapped = f"SELECT id FROM ({sql}) AS matched"  # noqa: S608
        sql = " UNION ".join([wrapped, *(["SELECT %s"] * len(found))])
    return NameMatch(Q(pk__in=RawSQL(sql, [backend.OR.join(either), *found])), strict)  # noqa: S611


def _order(rows: QuerySet[Any], sort: str, scored: bool) -> QuerySet[Any]:
    """``rows`` in the order of ``sort``, as Python's sort of (label, label_fa, id) put them.

    Names compare by code point, as Python compares strings: SQLite's BINARY collation
    does so (UTF-8 bytes in order), and PostgreSQL's "C" collation.
    """
    if connection.vendor == "postgresql":
        label: Any = Collate("label", "C")
        label_fa: Any = Collate("label_fa", "C")
    else:
        label, label_fa = F("label"), F("label_fa")
    by_name = [label.asc(), label_fa.asc(), F("pk").asc()]
    if sort == "date":
        return rows.order_by(F("date_earliest").asc(nulls_last=True), *by_name)
    if sort == "-date":
        return rows.order_by(F("date_earliest").desc(nulls_last=True), *by_name)
    if sort == "relevance" and scored:
        # Strict hits, then loose ones; by name within each.
        return rows.order_by(F("score").desc(), *by_name)
    return rows.order_by(*by_name)


def _facet_counts(
    shown: QuerySet[SearchEntry], levels: tuple[str, ...]
) -> dict[tuple[str, str], int]:
    """(facet, value) → how many of ``shown`` have it, in one aggregate of the database."""
    rows = (
        SearchFacet.objects.filter(entry_id__in=shown.order_by().values("pk"), level__in=levels)
        .order_by()
        .values_list("facet", "value")
        .annotate(n=Count("entry_id", distinct=True))
    )
    return {(facet, value): n for facet, value, n in rows}


def search(*, user: User, params: SearchParams) -> SearchResult:
    """The hits of ``params`` that ``user`` may see, their kinds and their facets.

    Everything is asked of the database: the full-text match with the exact name rule,
    each kind's visibility, the facets chosen, the counts by kind and by facet value (one
    GROUP BY each) and the order; the hits themselves are read a page at a time
    (`HitList`).
    """
    levels = cleared_levels(user)
    match = name_match(params.text, loose=params.loose, levels=levels)
    rows = visible_entries(user)
    if match.hits is not None:
        rows = rows.filter(match.hits)
    for name, value in params.facets:
        having = SearchFacet.objects.filter(
            entry_id=OuterRef("pk"), facet=name, value=value, level__in=levels
        )
        rows = rows.filter(Exists(having))
    # An event's title names people: where a participant is hidden from the reader, the
    # title is withheld (events.access.shown_title), so it must not find the event either.
    kinds = dict(rows.order_by().values_list("kind").annotate(n=Count("pk")))
    withheld: set[int] = set()
    if kinds.get(Kind.EVENT):
        events = Event.objects.filter(pk__in=rows.filter(kind=Kind.EVENT).values("object_id"))
        hidden = events_hiding_someone(user, events)
        hidden_entries = Q(kind=Kind.EVENT, object_id__in=sorted(hidden))
        if hidden and match.hits is not None:
            rows = rows.exclude(hidden_entries)
            kinds = dict(rows.order_by().values_list("kind").annotate(n=Count("pk")))
        elif hidden:
            withheld = set(rows.filter(hidden_entries).values_list("pk", flat=True))
    shown = rows.filter(kind=params.kind) if params.kind else rows
    total = kinds.get(params.kind, 0) if params.kind else sum(kinds.values())
    counts = _facet_counts(shown, levels) if total else {}
    selected = set(params.facets)
    facets: dict[str, list[FacetValue]] = {}
    for (facet, value), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        values = facets.setdefault(facet, [])
        if len(values) < MAX_FACET_VALUES or (facet, value) in selected:
            values.append(FacetValue(value, n, (facet, value) in selected))
    if match.hits is None:
        scored = shown.annotate(score=Value(STRICT))
    else:
        scored = shown.annotate(
            score=Case(When(match.strict, then=Value(STRICT)), default=Value(LOOSE))
        )
    ordered = _order(scored, params.sort, match.hits is not None).values_list("pk", "score")
    return SearchResult(
        ids=HitList(ordered, total),
        kinds=[(k, kinds[k]) for k in KIND_LABELS if k in kinds],
        facets={f: facets[f] for f in FACETS if f in facets},
        withheld=withheld,
    )


def search_entries(ids: list[int]) -> list[SearchEntry]:
    """These entries, in this order (a page of hits)."""
    found = SearchEntry.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
