"""Load a case's entities (places, bodies, perpetrators, events, testimonies, claims).

The format is the one `dadkhah synth` writes under `entities/` (documented in
docs/methodology/synthetic-case.md): JSON arrays keyed by stable strings.
Victims are not created here: an entity names the records that describe a
victim, and the loader attaches it to whatever person linkage made of them.
Witness identity fields (under `vault`) are sealed in the witness vault (docs/vault.md),
never written to a plain column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.db import transaction

from dadkhah.core.case import Case
from dadkhah.core.claims import Support, assess_claim
from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.core.errors import InputError
from dadkhah.web.bodies.models import Body
from dadkhah.web.bodies.selectors import bodies_by_key
from dadkhah.web.bodies.services import body_create, membership_add, post_add
from dadkhah.web.claims.models import Claim
from dadkhah.web.claims.services import (
    claim_assess,
    claim_import,
    claim_source_add,
    claims_contradict,
)
from dadkhah.web.custody.services import load_record
from dadkhah.web.edits.services import terms_cached
from dadkhah.web.events.models import Event
from dadkhah.web.events.services import event_import, involvement_import
from dadkhah.web.evidence.attachments import attachment_import
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import (
    Collection,
    evidence_add_paths,
    evidence_by_hash,
    evidence_mark_synthetic,
)
from dadkhah.web.people.models import Person, PersonRole, Relation
from dadkhah.web.people.services import person_create, relation_import, role_add
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.places.selectors import places_by_key
from dadkhah.web.places.services import place_create, site_observation_add
from dadkhah.web.sources.models import Source
from dadkhah.web.sources.selectors import record_in_source, source_latest, source_lists_current
from dadkhah.web.sources.services import source_create
from dadkhah.web.witnesses.models import Segment, Testimony
from dadkhah.web.witnesses.selectors import consent_allows, witness_by_pseudonym
from dadkhah.web.witnesses.services import (
    case_keyring,
    consent_record,
    harm_check_record,
    segment_add,
    segment_claims_add,
    testimony_create,
    witness_add,
    witness_person_create,
)

Echo = Callable[[str], object]

#: How a relative is related to the victim ("mother" of the victim: a parent of).
RELATION_KINDS = {
    "mother": Relation.Kind.PARENT,
    "father": Relation.Kind.PARENT,
    "son": Relation.Kind.CHILD,
    "daughter": Relation.Kind.CHILD,
    "brother": Relation.Kind.SIBLING,
    "sister": Relation.Kind.SIBLING,
    "wife": Relation.Kind.SPOUSE,
    "husband": Relation.Kind.SPOUSE,
}


def _vault_fields(row: dict[str, Any]) -> dict[str, str]:
    """A synthetic witness's identity fields (``row["vault"]``) as the vault's fields."""
    v = row.get("vault") or {}
    name_fa = " ".join(x for x in (v.get("given_name_fa"), v.get("family_name_fa")) if x)
    details = [name_fa, v.get("sex", ""), f"born {v['birth_year']}" if v.get("birth_year") else ""]
    return {
        "name": " ".join(x for x in (v.get("given_name"), v.get("family_name")) if x)
        or row["pseudonym"],
        "contact": "; ".join(x for x in (v.get("phone"), v.get("email")) if x),
        "location": v.get("address", ""),
        "relations": row.get("relation", ""),
        "details": "; ".join(x for x in details if x),
    }


def _consented_uses(consent: dict[str, Any]) -> list[str]:
    """The uses a synthetic witness's ``consent`` grants (the synth's coarse flags)."""
    uses = []
    if consent.get("testimony"):
        uses.append("interview")
    if consent.get("court"):
        uses += ["icc", "un_mechanism", "national_prosecutor"]
    if consent.get("publication") in ("pseudonymous", "named"):
        uses.append("public_report")
    if consent.get("publication") == "named":
        uses.append("identity_disclosure")
    return uses


def witnesses_scrub(entities: Path) -> int:
    """Drop the identity fields from the synthetic ``witnesses.json`` once they are sealed.

    The case folder must hold no witness identity in the clear (issue 12, the plaintext
    scan); the vault now holds them. Returns how many witnesses were scrubbed.
    """
    path = entities / "witnesses.json"
    rows = _read(entities, "witnesses")
    scrubbed = [
        r for r in rows if isinstance(r.get("vault"), dict) and r["vault"] != {"sealed": True}
    ]
    if not scrubbed:
        return 0
    for row in rows:
        row["vault"] = {"sealed": True}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(scrubbed)


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def _date(value: dict[str, Any] | None) -> UncertainDate | None:
    if not value:
        return None
    earliest, latest = value.get("earliest"), value.get("latest")
    calendar = value.get("calendar")
    return UncertainDate(
        dt.date.fromisoformat(earliest) if earliest else None,
        dt.date.fromisoformat(latest) if latest else None,
        Precision(value.get("precision") or "unknown"),
        Calendar(calendar) if calendar in ("jalali", "gregorian") else None,
        value.get("text") or "",
    )


class _Loader:
    def __init__(self, case: Case, folder: Path, actor: str) -> None:
        self.case = case
        self.folder = folder
        self.entities = folder / "entities"
        self.actor = actor
        self.places: dict[str, Place] = {}
        self.bodies: dict[str, Body] = {}
        self.events: dict[str, Event] = {}
        self.persons: dict[str, Person] = {}
        self.victim_records: dict[str, list[tuple[str, str]]] = {}
        self.evidence: dict[str, tuple[EvidenceItem, Source]] = {}
        self.testimonies: dict[str, Testimony] = {}
        self.segments: dict[tuple[str, int], Segment] = {}
        self.witness_of_testimony: dict[str, str] = {}
        self.claims: dict[str, Claim] = {}
        self.created: dict[str, int] = {}
        self.lists = source_lists_current()

    def _count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n

    def places_load(self) -> None:
        rows = {row["key"]: row for row in _read(self.entities, "places")}
        self.places.update(places_by_key(rows))  # loaded before: kept as they are

        def place(key: str, seen: tuple[str, ...] = ()) -> Place:
            # Parents come first in the file, but do not rely on it: make each parent first.
            if key in self.places:
                return self.places[key]
            if key in seen:
                raise InputError(f"the place {key} lies within itself ({' > '.join(seen)}).")
            row = rows[key]
            parent = place(row["parent"], (*seen, key)) if row.get("parent") else None
            self.places[key] = place_create(
                key=key,
                kind=row["kind"] if row["kind"] in Place.Kind.values else "other",
                name=row["name"],
                name_fa=row.get("name_fa", ""),
                other_names=row.get("other_names", []),
                parent=parent,
                latitude=row.get("latitude"),
                longitude=row.get("longitude"),
                precision=row.get("precision", "unknown"),
                estimated_individuals_min=row.get("estimated_individuals_min"),
                estimated_individuals_max=row.get("estimated_individuals_max"),
            )
            self._count("place")
            return self.places[key]

        for key in rows:
            place(key)

    def evidence_load(self) -> None:
        for row in _read(self.entities, "evidence"):
            captured = _date(row.get("captured"))
            when = (
                dt.datetime.combine(captured.earliest, dt.time(), tzinfo=dt.UTC)
                if captured is not None and captured.earliest is not None
                else None
            )
            report = evidence_add_paths(
                case=self.case,
                paths=[self.folder / row["file"]],
                actor=self.actor,
                collection=Collection(
                    collected_by=self.actor,
                    collected_at=when,
                    method="synthetic case generator",
                    source="dadkhah synth",
                    title=row.get("title", ""),
                ),
            )
            item = evidence_by_hash(row["sha256"])
            if report.added and row.get("synthetic"):
                evidence_mark_synthetic(item=item)
            meta = row.get("source") or {}
            name = meta.get("name", row["key"].lower())
            source = source_latest(name=name)
            if source is None:
                source = source_create(
                    name=name,
                    kind=meta["kind"] if meta.get("kind") in Source.Kind.values else "document",
                    title=row.get("title", row["key"]),
                    reliability=meta.get("reliability", "F"),
                    synthetic=bool(meta.get("synthetic", False)),
                    evidence=item,
                )
                self._count("source")
            self.evidence[row["key"]] = (item, source)

    def observations_load(self) -> None:
        attached: set[tuple[int, int]] = set()
        for row in _read(self.entities, "places"):
            for obs in row.get("observations", []):
                shown = [self.evidence[k] for k in obs.get("evidence", []) if k in self.evidence]
                site_observation_add(
                    place=self.places[row["key"]],
                    status=obs["status"]
                    if obs["status"] in SiteObservation.Status.values
                    else "unknown",
                    description=obs.get("description", ""),
                    # The observation rests on its photographs: cite the source they are
                    # filed under (the first one's), as the site pages' source column reads it.
                    source=shown[0][1] if shown else None,
                    date=_date(obs.get("date")),
                    evidence=[item for item, _source in shown],
                )
                self._count("site observation")
                site = self.places[row["key"]]
                for item in {item.pk: item for item, _source in shown}.values():
                    # The photographs concern the site itself, not only the observation.
                    if (item.pk, site.pk) in attached:
                        continue
                    attachment_import(
                        item=item, entity="place", entity_id=site.pk, actor=self.actor,
                        reason="A photograph of the site, cited by its observation.",
                    )  # fmt: skip
                    attached.add((item.pk, site.pk))
                    self._count("attachment")

    def bodies_load(self) -> None:
        rows = _read(self.entities, "bodies")
        self.bodies.update(bodies_by_key(row["key"] for row in rows))  # loaded before: kept
        for row in rows:
            if row["key"] in self.bodies:
                continue
            self.bodies[row["key"]] = body_create(
                key=row["key"],
                kind=row["kind"] if row["kind"] in Body.Kind.values else "organization",
                name=row["name"],
                name_fa=row.get("name_fa", ""),
                place=self.places.get(row.get("place") or ""),
                description=row.get("description", ""),
            )
            self._count("body")

    def perpetrators_load(self) -> None:
        for row in _read(self.entities, "perpetrators"):
            honorific = row.get("honorific", "")
            name = " ".join(p for p in (honorific, row["given_name"], row["family_name"]) if p)
            self.persons[row["person_key"]] = person_create(
                display_name=name,
                display_name_fa=f"{row.get('given_name_fa', '')} {row.get('family_name_fa', '')}".strip(),
                sex=row.get("sex", "").lower()[:1] if row.get("sex") else "",
                roles=[PersonRole.Role.PERPETRATOR],
            )
            self._count("person")
        for row in _read(self.entities, "memberships"):
            membership_add(
                body=self.bodies[row["body"]],
                person=self.persons[row["person"]],
                role=row.get("role", "").replace("_", " "),
                start=_date(row.get("start")),
                end=_date(row.get("end")),
            )
            self._count("membership")
        for row in _read(self.entities, "posts"):
            post_add(
                person=self.persons[row["person"]],
                title=row["title"],
                body=self.bodies.get(row.get("body") or ""),
                current=bool(row.get("current")),
                start=_date(row.get("start")),
                end=_date(row.get("end")),
            )
            self._count("post")

    def _victim(self, key: str) -> Person | None:
        """The person linkage made of the records that describe this victim."""
        if key in self.persons:
            return self.persons[key]
        for list_name, record_id in self.victim_records.get(key, []):
            source = self.lists.get(list_name)
            if source is None:
                continue
            record = record_in_source(source=source, source_record_id=record_id, linked=True)
            if record is not None and record.person is not None:
                self.persons[key] = record.person
                return record.person
        return None

    def events_load(self) -> None:
        rows = _read(self.entities, "events")
        for row in rows:
            for victim in row.get("victims", []):
                self.victim_records.setdefault(victim["person_key"], []).extend(
                    tuple(r) for r in victim.get("records", [])
                )
        for row in _read(self.entities, "claims"):
            subject = row["subject"]
            for src in row.get("sources", []):
                if subject["type"] == "person" and src["kind"] == "list" and src.get("record"):
                    self.victim_records.setdefault(subject["key"], []).append(
                        (src["source"], src["record"])
                    )
        for row in rows:
            event = event_import(
                kind=row["kind"] if row["kind"] in Event.Kind.values else "other",
                place=self.places.get(row.get("place") or ""),
                title=row.get("title", ""),
                description=", ".join(
                    self.bodies[b].name for b in row.get("bodies", []) if b in self.bodies
                ),
                date=_date(row.get("date")),
            )
            self.events[row["key"]] = event
            self._count("event")
            seen = set()
            for inv in row.get("involvements", []):
                person = self._victim(inv["person"])
                key = (inv["person"], inv["role"], inv.get("mode", ""))
                if person is None or key in seen:
                    continue
                seen.add(key)
                involvement_import(
                    event=event, person=person, role=inv["role"], mode=inv.get("mode", "")
                )
                self._count("involvement")
                if inv["role"] == "victim":
                    role_add(person=person, role=PersonRole.Role.VICTIM)

    def testimonies_load(self) -> None:
        witnesses = {}
        keyring = None
        for row in _read(self.entities, "witnesses"):
            # Identity fields (row["vault"]) are sealed in the vault, never in a plain column.
            witness = witness_by_pseudonym(row["pseudonym"])
            if witness is None:
                if keyring is None:
                    keyring = case_keyring(self.case).keyring
                witness = witness_add(
                    keyring=keyring,
                    pseudonym=row["pseudonym"],
                    risk=row.get("risk_level", "high"),
                    **_vault_fields(row),
                )
                for use in _consented_uses(row.get("consent") or {}):
                    consent_record(
                        witness=witness,
                        use=use,
                        grant=True,
                        obtained_by="synthetic case generator",
                        actor=self.actor,
                        note="synthetic",
                    )
                if witness.risk_level in ("high", "severe") and consent_allows(witness, "icc"):
                    # The demo's liaison has weighed sharing with the ICC for each witness
                    # at risk who agreed to it; other disclosures stay unchecked.
                    harm_check_record(
                        witness=witness,
                        use="icc",
                        cleared=True,
                        checked_by="synthetic case generator",
                        note="synthetic",
                    )
            witnesses[row["pseudonym"]] = witness
            victim = self._victim(row["relative_of"]) if row.get("relative_of") else None
            if victim is not None and witness.person is None:
                # The relative is a person of the case, known here by pseudonym only.
                relative = witness_person_create(witness=witness, relative=True)
                kind = RELATION_KINDS.get(row.get("relation", ""), Relation.Kind.RELATIVE)
                relation_import(person=relative, other=victim, kind=kind)
                self._count("person")
                self._count("relation")
        for row in _read(self.entities, "testimonies"):
            meta = row.get("source") or {}
            # A witness's testimonies in two languages are one source of knowledge: the
            # service files each in the witness's independence group, strictly confidential.
            testimony = testimony_create(
                witness=witnesses[row["witness"]],
                source_name=meta.get("name", row["key"].lower()),
                title=row.get("title", row["key"]),
                language=row.get("language", ""),
                reliability=meta.get("reliability", "F"),
                synthetic=bool(meta.get("synthetic", False)),
                taken_on=dt.date.fromisoformat(row["taken_on"]) if row.get("taken_on") else None,
            )
            self.testimonies[row["key"]] = testimony
            self.witness_of_testimony[row["key"]] = row["witness"]
            self._count("testimony")
            for seg in row.get("segments", []):
                self.segments[row["key"], seg["order"]] = segment_add(
                    testimony=testimony,
                    order=seg["order"],
                    locator=seg.get("locator", ""),
                    text=seg["text"],
                )
                self._count("segment")

    def _subject(self, subject: dict[str, str]) -> dict[str, Any] | None:
        kind, key = subject["type"], subject["key"]
        if kind == "person":
            person = self._victim(key)
            return {"person": person} if person is not None else None
        if kind == "event":
            event = self.events.get(key)
            return {"event": event} if event is not None else None
        if kind == "body":
            return {"body": self.bodies[key]} if key in self.bodies else None
        if kind == "place":
            return {"subject_place": self.places[key]} if key in self.places else None
        return None

    def _claim_sources(self, claim: Claim, sources: Iterable[dict[str, Any]]) -> list[Support]:
        supports = []
        for src in sources:
            record = evidence = None
            group = ""
            if src["kind"] == "testimony":
                testimony = self.testimonies.get(src["source"])
                if testimony is None:
                    continue
                source = testimony.source
                group = source.independence_group
                order = src.get("segment")  # none given: no segment holds the claim
                segment = self.segments.get((src["source"], order)) if order is not None else None
                if segment is not None:
                    segment_claims_add(segment=segment, claims=[claim])
            elif src["kind"] == "list":
                found = self.lists.get(src["source"])
                if found is None:
                    continue
                source = found
                record = record_in_source(source=source, source_record_id=src.get("record", ""))
            elif src["kind"] == "evidence":
                if src["source"] not in self.evidence:
                    continue
                evidence, source = self.evidence[src["source"]]
            else:
                continue
            credibility = int(src.get("credibility", 6))
            claim_source_add(
                claim=claim,
                source=source,
                record=record,
                evidence=evidence,
                locator=src.get("locator", "")[:300],
                excerpt=src.get("excerpt", ""),
                credibility=credibility,
            )
            self._count("claim support")
            supports.append(
                Support(
                    source.pk,
                    src.get("reliability") or source.reliability,
                    credibility,
                    group or source.independence_group,
                )
            )
        return supports

    def claims_load(self) -> None:
        rows = _read(self.entities, "claims")
        pending = []
        for row in rows:
            subject = self._subject(row["subject"])
            if subject is None:
                continue
            (subject_field, subject_row), *_ = subject.items()
            claim = claim_import(
                subject=subject_field,
                subject_id=subject_row.pk,
                kind=row["kind"],
                value=row.get("value", ""),
                place=self.places.get(row.get("place") or ""),
                date=_date(row.get("date")),
            )
            self.claims[row["key"]] = claim
            self._count("claim")
            pending.append((claim, self._claim_sources(claim, row.get("sources", []))))
        supports_of = {c.pk: s for c, s in pending}
        first = {pk: assess_claim(s) for pk, s in supports_of.items()}
        by_key = {row["key"]: row for row in rows}
        for key, claim in self.claims.items():
            rivals = [
                self.claims[k] for k in by_key[key].get("contradicts", []) if k in self.claims
            ]
            claims_contradict(claim=claim, rivals=rivals)
            result = assess_claim(
                supports_of[claim.pk],
                contradicted_by=[first[r.pk].status for r in rivals],
            )
            claim_assess(claim=claim, assessment=result, actor=self.actor)


def entities_load(*, case: Case, folder: Path, actor: str, echo: Echo = print) -> dict[str, int]:
    """Load everything under `folder/entities` into the case, in one transaction."""
    with transaction.atomic(), terms_cached():
        loader = _Loader(case, folder, actor)
        loader.places_load()
        loader.evidence_load()
        loader.observations_load()
        loader.bodies_load()
        loader.perpetrators_load()
        loader.events_load()
        loader.testimonies_load()
        loader.claims_load()
        load_record(case=case, actor=actor, loader="entities", created=loader.created)
        # Places, bodies, events, testimonies and claims are searchable from now on.
        from dadkhah.web.search.services import search_rebuild

        search_rebuild()
    # Sealed and committed: now the plaintext copy in the synthetic folder goes.
    witnesses_scrub(loader.entities)
    counts = {
        "places": len(loader.places),
        "bodies": len(loader.bodies),
        "events": len(loader.events),
        "testimonies": len(loader.testimonies),
        "claims": len(loader.claims),
        "evidence": len(loader.evidence),
    }
    echo("Loaded " + ", ".join(f"{n:,} {k}" for k, n in counts.items()) + ".")
    return counts
