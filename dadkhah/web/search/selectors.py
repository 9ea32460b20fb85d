"""Reads of the search page: one box over every kind, facets that combine, sorting and paging.

The index (`models.py`) finds candidates; each kind's own ``visible_*``
selector decides what the reader sees, so a hit, a facet count and an export
line only ever count objects the reader could open. A facet value given by
something above the reader's clearance (a confidential list a visible person is
on) is neither shown nor counted. Name matching is the people search's
(`dadkhah.web.people.selectors`): the full-text look-up narrows the entries, then
the same cross-script rule decides, strict hits before loose ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Lower
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
from dadkhah.web.people.selectors import LOOSE, STRICT, _covers, query_read
from dadkhah.web.people.totals import registry_persons
from dadkhah.web.places.access import visible_places
from dadkhah.web.search.backends import search_backend
from dadkhah.web.search.models import Kind, SearchEntry, SearchFacet
from dadkhah.web.search.services import FACETS
from dadkhah.web.search.tokens import (
    cleared_codes,
    loose_token,
    query_groups,
    readable,
    strict_token,
)
from dadkhah.web.sources.access import visible_records, visible_sources
from dadkhah.web.witnesses.access import visible_testimonies

__all__ = ["KIND_LABELS", "SORTS", "SearchParams", "SearchResult", "search", "visible_entries"]

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
CHUNK = 10_000
#: The columns of an entry that filtering, counting and sorting read.
ROW = ("pk", "kind", "object_id", "label", "label_fa", "date_earliest")
Row = tuple[int, str, int, str, str, dt.date | None]
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


@dataclass
class SearchResult:
    #: Entry ids in the order asked for (all of them; the page cuts a page out).
    ids: list[int]
    #: (kind, count) of the hits, before narrowing to one kind.
    kinds: list[tuple[str, int]]
    #: facet → its values with counts, among the hits shown.
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: Hits by strict agreement of the names (the rest agree loosely).
    strict: set[int] = field(default_factory=set)
    #: Events whose title is withheld: a participant is hidden from the reader.
    withheld: set[int] = field(default_factory=set)


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
    """The entries of the objects ``user`` may see, through each kind's own selector."""
    rule = Q(pk__in=[])
    for kind, queryset in _visible_objects(user).items():
        rule |= Q(kind=kind, object_id__in=queryset.values("pk"))
    return SearchEntry.objects.filter(rule)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    # Well under SQLite's 32,766 parameters a statement.
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _visible_rows(user: User, pks: list[int]) -> list[Row]:
    """The rows of these entries whose objects ``user`` may see.

    Asked kind by kind with the candidates' object ids: one query joining a long id
    list to the eight visibility rules at once is planned badly by SQLite (seconds).
    """
    rows: list[Row] = []
    for chunk in _chunks(pks):
        rows += SearchEntry.objects.filter(pk__in=chunk).values_list(*ROW)
    by_kind: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        by_kind[r[1]].add(r[2])
    visible = _visible_objects(user)
    seen: set[tuple[str, int]] = set()
    for kind, objects in by_kind.items():
        wanted = sorted(objects)
        for chunk in _chunks(wanted):
            found = visible[kind].filter(pk__in=chunk).values_list("pk", flat=True)
            seen.update((kind, pk) for pk in found)
    return [r for r in rows if (r[1], r[2]) in seen]


def _matched(text: str, *, loose: bool, levels: tuple[str, ...]) -> dict[int, int] | None:
    """Entry id → STRICT or LOOSE for the entries whose names agree with ``text``.

    None when the text asks for nothing (every entry is a hit).
    """
    query = query_read(text)
    if query.public_id is not None:
        ids = SearchEntry.objects.filter(kind=Kind.PERSON, ref=query.public_id)
        return dict.fromkeys(ids.values_list("pk", flat=True), STRICT)
    if query.empty:
        return None
    # An id as written (prison:evin, claim:12) or a pseudonym (W-0001): name keys keep
    # letters only, so these are looked up as they are.
    # In any case, as ``ref__iexact`` would, but through the index on LOWER(ref): iexact
    # read every entry of the index on each search (SQLite's LIKE, PostgreSQL's UPPER).
    exact = SearchEntry.objects.alias(ref_lower=Lower("ref")).filter(
        Q(ref_lower=Lower(Value(text))) | Q(kind=Kind.TESTIMONY, label__iexact=text)
    )
    found = dict.fromkeys(exact.values_list("pk", flat=True), STRICT)
    codes = cleared_codes(levels)
    groups = query_groups(query, loose=loose, codes=codes)
    if not groups or any(not g for g in groups):
        return found
    candidates = search_backend().candidates(groups)
    strict = {k: strict_token(v) for k, v in query.strict.items()}
    loose_keys = {k: loose_token(v) for k, v in query.loose.items()}
    n = len(query.words)
    out: dict[int, int] = found
    for i in range(0, len(candidates), 5000):
        rows = SearchEntry.objects.filter(pk__in=candidates[i : i + 5000])
        for pk, keys in rows.values_list("pk", "keys"):
            have = readable(keys, codes)
            if _covers(n, strict, have):
                out[pk] = STRICT
            elif loose and _covers(n, loose_keys, have):
                out[pk] = LOOSE
    return out


def _ordered(rows: list[Row], sort: str, score: dict[int, int] | None) -> list[int]:
    def by_name(r: Row) -> tuple[str, str, int]:
        return (r[3], r[4], r[0])

    def by_date(r: Row) -> dt.date:
        assert r[5] is not None  # only the rows with a date are sorted by it
        return r[5]

    if sort in ("date", "-date"):
        known = sorted((r for r in rows if r[5] is not None), key=by_name)
        known.sort(key=by_date, reverse=sort == "-date")
        unknown = sorted((r for r in rows if r[5] is None), key=by_name)
        return [r[0] for r in known + unknown]
    named = sorted(rows, key=by_name)
    if sort == "relevance" and score is not None:
        # Strict hits, then loose ones; by name within each (a stable sort).
        named.sort(key=lambda r: -score.get(r[0], 0))
    return [r[0] for r in named]


def _facet_counts(ids: list[int], levels: tuple[str, ...]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for chunk in _chunks(ids):  # disjoint chunks of entries: their counts add up
        rows = (
            SearchFacet.objects.filter(entry_id__in=chunk, level__in=levels)
            .values_list("facet", "value")
            .annotate(n=Count("entry_id", distinct=True))
        )
        for facet, value, n in rows:
            counts[(facet, value)] += n
    return counts


def search(*, user: User, params: SearchParams) -> SearchResult:
    """The hits of ``params`` that ``user`` may see, their kinds and their facets."""
    levels = cleared_levels(user)
    score = _matched(params.text, loose=params.loose, levels=levels)
    if score is None:
        rows = list(visible_entries(user).values_list(*ROW))
    else:
        rows = _visible_rows(user, sorted(score))
    for name, value in params.facets:
        having = SearchFacet.objects.filter(facet=name, value=value, level__in=levels)
        keep = set(having.values_list("entry_id", flat=True))
        rows = [r for r in rows if r[0] in keep]
    # An event's title names people: where a participant is hidden from the reader, the
    # title is withheld (events.access.shown_title), so it must not find the event either.
    events = [r[2] for r in rows if r[1] == Kind.EVENT]
    hidden: set[int] = set()
    for chunk in _chunks(events):
        hidden |= events_hiding_someone(user, Event.objects.filter(pk__in=chunk))
    if score is not None and hidden:
        rows = [r for r in rows if not (r[1] == Kind.EVENT and r[2] in hidden)]
    withheld = {r[0] for r in rows if r[1] == Kind.EVENT and r[2] in hidden}
    kinds = Counter(r[1] for r in rows)
    shown = [r for r in rows if r[1] == params.kind] if params.kind else rows
    counts = _facet_counts([r[0] for r in shown], levels)
    selected = set(params.facets)
    facets: dict[str, list[FacetValue]] = {}
    for (facet, value), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        values = facets.setdefault(facet, [])
        if len(values) < MAX_FACET_VALUES or (facet, value) in selected:
            values.append(FacetValue(value, n, (facet, value) in selected))
    ids = _ordered(shown, params.sort, score)
    return SearchResult(
        ids=ids,
        kinds=[(k, kinds[k]) for k in KIND_LABELS if k in kinds],
        facets={f: facets[f] for f in FACETS if f in facets},
        strict={pk for pk in ids if score is None or score.get(pk) == STRICT},
        withheld=withheld,
    )


def search_entries(ids: list[int]) -> list[SearchEntry]:
    """These entries, in this order (a page of hits)."""
    found = SearchEntry.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
