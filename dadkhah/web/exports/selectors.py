"""The rows of each exported table, read through the same access rules as the pages.

Every table starts from its app's ``visible_*`` selector (role, then clearance;
:mod:`dadkhah.web.accounts.access`), and adds what the pages add: a witness is never a
person here and their records are left out (the vault keeps who they are), a testimony
is named by its witness's pseudonym only, a strictly confidential source that the user
may not read is shown by its grades alone, and the evidence of a testimony stays out as
it does from a bundle made for no use (:func:`~dadkhah.web.witnesses.selectors.evidence_withheld`).
The columns are declared in :mod:`dadkhah.pipelines.export`.

Each table gives (columns, rows, refs): refs are ``(object reference, level)`` of every
row, for the audit entry the export writes (:mod:`dadkhah.web.exports.services`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from dadkhah.core.record import DATE_FIELDS, read_record
from dadkhah.pipelines.export import (
    COUNT,
    RECORD_NORMALIZED,
    TABLES,
    Column,
    ExportError,
    iso_interval,
)
from dadkhah.web.accounts.clearance import is_cleared
from dadkhah.web.accounts.roles import VIEW_AUDIT, VIEW_ESTIMATES, VIEW_REGISTRY, User, user_can
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.estimates.access import visible_estimate_runs
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.people.access import visible_persons
from dadkhah.web.places.access import visible_places
from dadkhah.web.sources.access import visible_records, visible_sources

Row = dict[str, Any]
PUBLIC = Confidentiality.PUBLIC


@dataclass
class Exported:
    """One table as the user may see it: its columns, its rows (streamed), its references."""

    columns: list[Column]
    rows: Iterator[Row]
    refs: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def _when(obj: Any, prefix: str) -> Row:
    return {
        prefix: iso_interval(getattr(obj, f"{prefix}_earliest"), getattr(obj, f"{prefix}_latest")),
        f"{prefix}_precision": getattr(obj, f"{prefix}_precision"),
        f"{prefix}_text": getattr(obj, f"{prefix}_text"),
    }


def _time(value: Any) -> str:
    return "" if value is None else value.isoformat()


def _text(value: Any) -> str:
    """A raw value as text: strings as they are, anything else as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _pair(value: Any) -> str | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]}/{value[1]}"
    return None


_FLAT = {c.name for c in RECORD_NORMALIZED} - {"normalized_other"}


def normalized_row(normalized: Any) -> Row:
    """A record's normalized fields as the records table's columns (dates as ISO intervals).

    Every stored key is exported as stored (`dadkhah.core.record.read_record`), a damaged
    date's ends included: the table is a copy of the record, not a reading of it.
    """
    data: dict[str, Any] = dict(read_record(normalized))
    data.pop("v", None)
    out: Row = {}
    for name in DATE_FIELDS:
        value = data.pop(name, None)
        if isinstance(value, dict):
            out[name] = iso_interval(value.get("earliest"), value.get("latest"))
            out[f"{name}_precision"] = value.get("precision")
    for key in ("birth_year", "age_range"):
        if key in data:
            out[key] = _pair(data.pop(key))
    for key in ("honorifics", "flags"):
        if isinstance(data.get(key), list):
            out[key] = " ".join(str(v) for v in data.pop(key))
    if "age" in data and not isinstance(data["age"], int):
        out["age"] = None
        data.pop("age")
    for key in list(data):
        if key in _FLAT:
            out[key] = data.pop(key)
    out["normalized_other"] = json.dumps(data, ensure_ascii=False, sort_keys=True) if data else ""
    return out


def _witness_persons() -> Any:
    from dadkhah.web.people.models import Person, PersonRole

    return Person.objects.filter(
        Q(witness__isnull=False) | Q(roles__role=PersonRole.Role.WITNESS)
    ).values("pk")


def records_table(user: User) -> Exported:
    """Records of readable sources, raw and normalized, with the person's public id if visible."""
    records = (
        visible_records(user)
        .exclude(person__in=_witness_persons())
        .order_by("source__name", "source__version", "row_number", "id")
    )
    visible = set(visible_persons(user).values_list("pk", flat=True))
    headers: dict[str, None] = {}
    for raw in records.values_list("raw", flat=True).iterator(chunk_size=5_000):
        if isinstance(raw, dict):
            headers.update(dict.fromkeys(str(k) for k in raw))
    spec = TABLES["records"]
    assert spec.dynamic is not None
    raw_columns = [Column(f"raw.{h}", spec.dynamic.type, spec.dynamic.doc) for h in headers]
    fields = (
        "pk", "source__name", "source__version", "source__confidentiality", "source_record_id",
        "row_number", "version", "person_id", "person__public_id", "raw", "normalized",
    )  # fmt: skip
    levels = {
        pk: lvl
        for pk, lvl in records.values_list("pk", "source__confidentiality").iterator(
            chunk_size=5_000
        )
    }

    def rows() -> Iterator[Row]:
        for values in records.values_list(*fields).iterator(chunk_size=5_000):
            pk, source, version, _lvl, rid, row_number, rversion, person, public_id, raw, norm = (
                values
            )
            row: Row = {
                "record_id": pk,
                "source": source,
                "source_version": version,
                "source_record_id": rid,
                "row_number": row_number,
                "record_version": rversion,
                "person_id": public_id if person in visible else "",
                **normalized_row(norm),
            }
            if isinstance(raw, dict):
                for key, value in raw.items():
                    row[f"raw.{key}"] = _text(value)
            yield row

    return Exported(
        columns=[*spec.columns, *raw_columns],
        rows=rows(),
        refs=[(f"record:{pk}", lvl) for pk, lvl in levels.items()],
    )


def persons_table(user: User) -> Exported:
    persons = (
        visible_persons(user)
        .select_related("merged_into")
        .prefetch_related("roles")
        .annotate(n_records=Count("records"))
        .order_by("public_id")
    )
    visible = set(visible_persons(user).values_list("pk", flat=True))
    refs = [(f"person:{p}", lvl) for p, lvl in persons.values_list("public_id", "confidentiality")]

    def rows() -> Iterator[Row]:
        for p in persons:
            merged = p.merged_into
            yield {
                "person_id": p.public_id,
                "display_name": p.display_name,
                "display_name_fa": p.display_name_fa,
                "sex": p.sex,
                "roles": " ".join(sorted(r.role for r in p.roles.all())),
                "records": p.n_records,
                "merged_into": merged.public_id
                if merged is not None and merged.pk in visible
                else "",
                "confidentiality": p.confidentiality,
                "created_at": _time(p.created_at),
            }

    return Exported(list(TABLES["persons"].columns), rows(), refs)


def sources_table(user: User) -> Exported:
    sources = (
        visible_sources(user)
        .select_related("evidence", "next_version")
        .annotate(n_records=Count("records"))
        .order_by("name", "version")
    )
    refs = [
        (f"source:{n} v{v}", lvl)
        for n, v, lvl in sources.values_list("name", "version", "confidentiality")
    ]

    def rows() -> Iterator[Row]:
        for s in sources:
            latest = not hasattr(s, "next_version") or s.next_version is None
            yield {
                "source": s.name,
                "version": s.version,
                "latest": latest,
                "kind": s.kind,
                "title": s.title,
                "origin": s.origin,
                "obtained_on": s.obtained_on.isoformat() if s.obtained_on else "",
                "language": s.language,
                "reliability": s.reliability,
                "confidentiality": s.confidentiality,
                "systematic": s.systematic,
                "duplicate_free": s.duplicate_free,
                "independence_group": s.independence_group,
                "synthetic": s.synthetic,
                "records": s.n_records,
                "evidence_sha256": s.evidence.sha256 if s.evidence is not None else "",
            }

    return Exported(list(TABLES["sources"].columns), rows(), refs)


def _support(cs: Any, user: User) -> str:
    """One supporting source as the person page shows it (SupportView)."""
    source = cs.source
    grade = f"[{cs.credibility}]"
    if source.kind == "testimony":
        testimony = getattr(source, "testimony", None)
        if testimony is not None:
            return f"testimony of {testimony.witness.pseudonym} {grade}"
    if not is_cleared(user, source.confidentiality):
        return f"confidential source (reliability {source.reliability}) {grade}"
    return f"{source.name} v{source.version} {grade}"


def claims_table(user: User) -> Exported:
    claims = (
        visible_claims(user)
        .select_related("person", "event", "body", "subject_place", "place")
        .prefetch_related(
            "claim_sources__source__testimony__witness",
            "segments__testimony__witness",
            "contradicts",
        )
        .order_by("id")
    )
    refs = [(f"claim:{pk}", lvl) for pk, lvl in claims.values_list("pk", "confidentiality")]

    def rows() -> Iterator[Row]:
        for c in claims:
            subject: tuple[str, str | None]  # a body's key may be empty (NULL)
            if c.person is not None:
                subject = ("person", c.person.public_id)
            elif c.event is not None:
                subject = ("event", str(c.event_id))
            elif c.body is not None:
                subject = ("body", c.body.key)
            else:
                subject = ("place", c.subject_place.key if c.subject_place else "")
            supports = sorted(c.claim_sources.all(), key=lambda cs: cs.pk)
            yield {
                "claim_id": c.pk,
                "subject_type": subject[0],
                "subject": subject[1],
                "kind": c.kind,
                "value": c.value,
                "place": c.place.key if c.place is not None else "",
                **_when(c, "date"),
                "status": c.status,
                "meets_standard": c.meets_standard,
                "single_source": c.single_source,
                "confidentiality": c.confidentiality,
                "sources": "; ".join(_support(cs, user) for cs in supports),
                "testimony_of": " ".join(
                    sorted({s.testimony.witness.pseudonym for s in c.segments.all()})
                ),
                "contradicts": " ".join(str(o.pk) for o in sorted(c.contradicts.all(), key=_pk)),
            }

    return Exported(list(TABLES["claims"].columns), rows(), refs)


def _pk(obj: Any) -> int:
    return int(obj.pk)


def events_table(user: User) -> Exported:
    from dadkhah.web.events.access import events_hiding_someone, visible_events
    from dadkhah.web.events.models import Event

    events = (
        visible_events(user).select_related("place").order_by("date_earliest", "id")
        if user_can(user, VIEW_REGISTRY)
        else Event.objects.none()
    )
    withheld = events_hiding_someone(user, events)

    def rows() -> Iterator[Row]:
        for e in events:
            yield {
                "event_id": e.pk,
                "kind": e.kind,
                # titles name people: withheld where a participant is hidden
                "title": "" if e.pk in withheld else e.title,
                "description": "" if e.pk in withheld else e.description,
                "place": e.place.key if e.place is not None else "",
                **_when(e, "date"),
            }

    return Exported(list(TABLES["events"].columns), rows())


def involvements_table(user: User) -> Exported:
    from dadkhah.web.events.models import Involvement

    involvements = (
        Involvement.objects.filter(person__in=visible_persons(user).values("pk"))
        .select_related("person")
        .order_by("event_id", "person__public_id", "role", "mode")
    )

    def rows() -> Iterator[Row]:
        for i in involvements:
            yield {
                "event_id": i.event_id,
                "person_id": i.person.public_id,
                "role": i.role,
                "mode": i.mode,
            }

    return Exported(list(TABLES["involvements"].columns), rows())


def places_table(user: User) -> Exported:
    places = visible_places(user).select_related("parent").order_by("key")
    refs = [(f"place:{k}", lvl) for k, lvl in places.values_list("key", "confidentiality")]
    readable = set(places.values_list("pk", flat=True))

    def rows() -> Iterator[Row]:
        for p in places:
            names = p.other_names if isinstance(p.other_names, list) else []
            yield {
                "place": p.key,
                "kind": p.kind,
                "name": p.name,
                "name_fa": p.name_fa,
                "other_names": "; ".join(_text(n) for n in names),
                "parent": p.parent.key if p.parent is not None and p.parent.pk in readable else "",
                "latitude": p.latitude,
                "longitude": p.longitude,
                "precision": p.precision,
                "estimated_individuals_min": p.estimated_individuals_min,
                "estimated_individuals_max": p.estimated_individuals_max,
                "confidentiality": p.confidentiality,
                "notes": p.notes,
            }

    return Exported(list(TABLES["places"].columns), rows(), refs)


def observations_table(user: User) -> Exported:
    """As the places page: readable places, observations whose source is readable."""
    from dadkhah.web.places.models import SiteObservation

    observations = (
        SiteObservation.objects.filter(place__in=visible_places(user).values("pk"))
        .filter(Q(source__isnull=True) | Q(source__in=visible_sources(user).values("pk")))
        .select_related("place", "source")
        .prefetch_related("evidence")
        .order_by("place__key", "date_earliest", "id")
    )
    seen = set(visible_evidence(user).values_list("pk", flat=True))

    def rows() -> Iterator[Row]:
        for o in observations:
            yield {
                "observation_id": o.pk,
                "place": o.place.key,
                "status": o.status,
                "description": o.description,
                **_when(o, "date"),
                "source": f"{o.source.name} v{o.source.version}" if o.source is not None else "",
                "evidence_sha256": " ".join(
                    sorted(i.sha256 for i in o.evidence.all() if i.pk in seen)
                ),
            }

    return Exported(list(TABLES["observations"].columns), rows())


def evidence_table(user: User) -> Exported:
    from dadkhah.web.witnesses.selectors import evidence_withheld

    withheld = evidence_withheld(None)
    items = (
        visible_evidence(user)
        .exclude(pk__in=list(withheld))
        .select_related("derived_from")
        .order_by("collected_at", "id")
    )
    rows_meta = list(items.values_list("sha256", "confidentiality"))

    def rows() -> Iterator[Row]:
        for i in items:
            yield {
                "sha256": i.sha256,
                "size": i.size,
                "media_type": i.media_type,
                "original_name": i.original_name,
                "title": i.title,
                "collected_by": i.collected_by,
                "collected_at": _time(i.collected_at),
                "collection_method": i.collection_method,
                "collected_from": i.collected_from,
                "derived_from": i.derived_from.sha256 if i.derived_from is not None else "",
                "transformation": i.transformation,
                "synthetic": i.synthetic,
                "confidentiality": i.confidentiality,
                "metadata": json.dumps(i.metadata or {}, ensure_ascii=False, sort_keys=True),
            }

    return Exported(
        list(TABLES["evidence"].columns),
        rows(),
        [(f"evidence:{sha}", lvl) for sha, lvl in rows_meta],
        items=[sha for sha, _lvl in rows_meta],
    )


def custody_table(user: User) -> Exported:
    """The whole log, for those who may read the audit page (it is the audit trail)."""
    from dadkhah.web.custody.models import CustodyEntry

    entries = (
        CustodyEntry.objects.order_by("seq")
        if user_can(user, VIEW_AUDIT)
        else CustodyEntry.objects.none()
    )

    def rows() -> Iterator[Row]:
        for e in entries.iterator(chunk_size=2_000):
            yield {
                "seq": e.seq,
                "time": _time(e.time),
                "actor": e.actor,
                "action": e.action,
                "items": " ".join(e.items or []),
                "leaf_hash": e.leaf_hash,
                "entry": e.data,
            }

    return Exported(list(TABLES["custody"].columns), rows())


def _method_rows(run: Any, stratum: str, documented: Any, results: Any) -> Iterator[Row]:
    for r in results if isinstance(results, list) else []:
        yield {
            "run_id": run.pk,
            "created_at": _time(run.created_at),
            "by": run.by,
            "lists": " ".join(run.lists or []),
            "stratum": stratum,
            "method": r.get("method"),
            "documented": documented,
            "estimate": r.get("estimate"),
            "lower": r.get("lower"),
            "upper": r.get("upper"),
            "linkage_share": r.get("linkage_share"),
            "warnings": "; ".join(str(w) for w in r.get("warnings") or []),
        }


def estimates_table(user: User) -> Exported:
    runs = visible_estimate_runs(user).order_by("id")

    def rows() -> Iterator[Row]:
        for run in runs:
            result = run.result if isinstance(run.result, dict) else {}
            yield from _method_rows(run, "total", result.get("documented"), result.get("results"))
            for s in result.get("strata") or []:
                yield from _method_rows(
                    run, str(s.get("stratum")), s.get("documented"), s.get("results")
                )

    return Exported(list(TABLES["estimates"].columns), rows())


def capture_histories_table(user: User, *, by: str | None) -> Exported:
    """The counts table `estimate` builds: the same lists, the same histories, by stratum."""
    from dadkhah.core.estimation import tables_by_stratum
    from dadkhah.web.estimates.selectors import capture_histories, current_lists

    spec = TABLES["capture-histories"]
    assert spec.dynamic is not None
    if not user_can(user, VIEW_ESTIMATES):
        return Exported([*spec.columns, COUNT], iter(()))
    lists = current_lists()
    names = [s.name for s in lists]
    people = capture_histories(by=by, lists=lists)
    tables = tables_by_stratum(names, people)
    columns = [*spec.columns, *(Column(n, spec.dynamic.type, spec.dynamic.doc) for n in names)]
    columns.append(COUNT)

    def rows() -> Iterator[Row]:
        for stratum in sorted(tables):
            table = tables[stratum]
            for pattern, count in zip(table.patterns.tolist(), table.counts.tolist(), strict=True):
                yield {"stratum": stratum, **dict(zip(names, pattern, strict=True)), "count": count}

    return Exported(columns, rows())


_READERS = {
    "records": records_table,
    "persons": persons_table,
    "sources": sources_table,
    "claims": claims_table,
    "events": events_table,
    "involvements": involvements_table,
    "places": places_table,
    "observations": observations_table,
    "evidence": evidence_table,
    "custody": custody_table,
    "estimates": estimates_table,
}


def exported_table(*, user: User, table: str, by: str | None = None) -> Exported:
    """The table ``table`` as ``user`` may see it.

    Raises:
        ExportError: an unknown table, or ``by`` given for a table other than
            capture-histories.
        InputError: a stratum `estimate --by` does not know.
    """
    if table == "capture-histories":
        return capture_histories_table(user, by=by)
    if by is not None:
        raise ExportError("--by applies to the capture-histories table only.")
    reader = _READERS.get(table)
    if reader is None:
        raise ExportError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}.")
    return reader(user)
