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
from django.db.models import Max

from dadkhah.core.case import Case
from dadkhah.core.claims import Support, assess_claim
from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.web.bodies.models import Body, Membership, Post
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import Collection, evidence_add_paths
from dadkhah.web.modelutils import uncertain_kwargs
from dadkhah.web.people.models import Person, PersonRole, Relation
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.witnesses.models import Segment, Testimony, Witness
from dadkhah.web.witnesses.selectors import consent_allows
from dadkhah.web.witnesses.services import (
    case_keyring,
    consent_record,
    harm_check_record,
    witness_add,
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
        self.witness_of_testimony: dict[str, str] = {}
        self.claims: dict[str, Claim] = {}
        self.lists = {
            s.name: s for s in Source.objects.filter(kind="list", next_version__isnull=True)
        }
        top = Person.objects.aggregate(m=Max("public_id"))["m"]
        self.next_id = int(top[2:]) + 1 if top else 1

    def _new_public_id(self) -> str:
        pid = f"P-{self.next_id:06d}"
        self.next_id += 1
        return pid

    def places_load(self) -> None:
        rows = _read(self.entities, "places")
        for row in rows:  # parents come first in the file, but do not rely on it
            place, _ = Place.objects.update_or_create(
                key=row["key"],
                defaults={
                    "kind": row["kind"] if row["kind"] in Place.Kind.values else "other",
                    "name": row["name"],
                    "name_fa": row.get("name_fa", ""),
                    "other_names": row.get("other_names", []),
                    "latitude": row.get("latitude"),
                    "longitude": row.get("longitude"),
                    "precision": row.get("precision", "unknown"),
                    "estimated_individuals_min": row.get("estimated_individuals_min"),
                    "estimated_individuals_max": row.get("estimated_individuals_max"),
                },
            )
            self.places[row["key"]] = place
        for row in rows:
            if row.get("parent"):
                Place.objects.filter(pk=self.places[row["key"]].pk).update(
                    parent=self.places[row["parent"]]
                )

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
            item = EvidenceItem.objects.get(sha256=row["sha256"])
            if report.added and row.get("synthetic"):
                EvidenceItem.objects.filter(pk=item.pk).update(synthetic=True)
            meta = row.get("source") or {}
            source, _ = Source.objects.get_or_create(
                name=meta.get("name", row["key"].lower()),
                version=1,
                defaults={
                    "kind": meta.get("kind", "document")
                    if meta.get("kind") in Source.Kind.values
                    else "document",
                    "title": row.get("title", row["key"]),
                    "reliability": meta.get("reliability", "F"),
                    "synthetic": bool(meta.get("synthetic", False)),
                    "evidence": item,
                },
            )
            self.evidence[row["key"]] = (item, source)

    def observations_load(self) -> None:
        for row in _read(self.entities, "places"):
            for obs in row.get("observations", []):
                shown = [self.evidence[k] for k in obs.get("evidence", []) if k in self.evidence]
                observation = SiteObservation.objects.create(
                    place=self.places[row["key"]],
                    status=obs["status"]
                    if obs["status"] in SiteObservation.Status.values
                    else "unknown",
                    description=obs.get("description", ""),
                    # The observation rests on its photographs: cite the source they are
                    # filed under (the first one's), as the site pages' source column reads it.
                    source=shown[0][1] if shown else None,
                    **uncertain_kwargs("date", _date(obs.get("date"))),
                )
                observation.evidence.set([item for item, _source in shown])

    def bodies_load(self) -> None:
        for row in _read(self.entities, "bodies"):
            body, _ = Body.objects.update_or_create(
                key=row["key"],
                defaults={
                    "kind": row["kind"] if row["kind"] in Body.Kind.values else "organization",
                    "name": row["name"],
                    "name_fa": row.get("name_fa", ""),
                    "place": self.places.get(row.get("place") or ""),
                    "description": row.get("description", ""),
                },
            )
            self.bodies[row["key"]] = body

    def perpetrators_load(self) -> None:
        for row in _read(self.entities, "perpetrators"):
            honorific = row.get("honorific", "")
            name = " ".join(p for p in (honorific, row["given_name"], row["family_name"]) if p)
            person = Person.objects.create(
                public_id=self._new_public_id(),
                display_name=name,
                display_name_fa=f"{row.get('given_name_fa', '')} {row.get('family_name_fa', '')}".strip(),
                sex=row.get("sex", "").lower()[:1] if row.get("sex") else "",
            )
            PersonRole.objects.create(person=person, role=PersonRole.Role.PERPETRATOR)
            self.persons[row["person_key"]] = person
        for row in _read(self.entities, "memberships"):
            Membership.objects.create(
                body=self.bodies[row["body"]],
                person=self.persons[row["person"]],
                role=row.get("role", "").replace("_", " "),
                **uncertain_kwargs("start", _date(row.get("start"))),
                **uncertain_kwargs("end", _date(row.get("end"))),
            )
        for row in _read(self.entities, "posts"):
            Post.objects.create(
                person=self.persons[row["person"]],
                title=row["title"],
                body=self.bodies.get(row.get("body") or ""),
                current=bool(row.get("current")),
                **uncertain_kwargs("start", _date(row.get("start"))),
                **uncertain_kwargs("end", _date(row.get("end"))),
            )

    def _victim(self, key: str) -> Person | None:
        """The person linkage made of the records that describe this victim."""
        if key in self.persons:
            return self.persons[key]
        for list_name, record_id in self.victim_records.get(key, []):
            source = self.lists.get(list_name)
            if source is None:
                continue
            record = (
                Record.objects.filter(source=source, source_record_id=record_id)
                .exclude(person=None)
                .select_related("person")
                .first()
            )
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
            event = Event.objects.create(
                kind=row["kind"] if row["kind"] in Event.Kind.values else "other",
                place=self.places.get(row.get("place") or ""),
                title=row.get("title", ""),
                description=", ".join(
                    self.bodies[b].name for b in row.get("bodies", []) if b in self.bodies
                ),
                **uncertain_kwargs("date", _date(row.get("date"))),
            )
            self.events[row["key"]] = event
            seen = set()
            for inv in row.get("involvements", []):
                person = self._victim(inv["person"])
                key = (inv["person"], inv["role"], inv.get("mode", ""))
                if person is None or key in seen:
                    continue
                seen.add(key)
                Involvement.objects.create(
                    event=event, person=person, role=inv["role"], mode=inv.get("mode", "")
                )
                if inv["role"] == "victim":
                    PersonRole.objects.get_or_create(person=person, role=PersonRole.Role.VICTIM)

    def testimonies_load(self) -> None:
        witnesses = {}
        keyring = None
        for row in _read(self.entities, "witnesses"):
            # Identity fields (row["vault"]) are sealed in the vault, never in a plain column.
            witness = Witness.objects.filter(pseudonym=row["pseudonym"]).first()
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
                relative = Person.objects.create(
                    public_id=self._new_public_id(), display_name=row["pseudonym"]
                )
                PersonRole.objects.create(person=relative, role=PersonRole.Role.RELATIVE)
                PersonRole.objects.create(person=relative, role=PersonRole.Role.WITNESS)
                Witness.objects.filter(pk=witness.pk).update(person=relative)
                kind = RELATION_KINDS.get(row.get("relation", ""), Relation.Kind.RELATIVE)
                Relation.objects.create(person=relative, other=victim, kind=kind)
        for row in _read(self.entities, "testimonies"):
            meta = row.get("source") or {}
            source = Source.objects.create(
                name=meta.get("name", row["key"].lower()),
                kind=Source.Kind.TESTIMONY,
                title=row.get("title", row["key"]),
                language=row.get("language", ""),
                reliability=meta.get("reliability", "F"),
                confidentiality="strictly_confidential",
                synthetic=bool(meta.get("synthetic", False)),
                # a witness's testimonies in two languages are one source of knowledge
                independence_group=f"witness:{row['witness']}",
            )
            testimony = Testimony.objects.create(
                witness=witnesses[row["witness"]],
                source=source,
                language=row.get("language", ""),
                taken_on=dt.date.fromisoformat(row["taken_on"]) if row.get("taken_on") else None,
            )
            self.testimonies[row["key"]] = testimony
            self.witness_of_testimony[row["key"]] = row["witness"]
            for seg in row.get("segments", []):
                Segment.objects.create(
                    testimony=testimony,
                    order=seg["order"],
                    locator=seg.get("locator", ""),
                    text=seg["text"],
                )

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
                segment = (
                    testimony.segments.filter(order=order).first() if order is not None else None
                )
                if segment is not None:
                    segment.claims.add(claim)
            elif src["kind"] == "list":
                found = self.lists.get(src["source"])
                if found is None:
                    continue
                source = found
                record = Record.objects.filter(
                    source=source, source_record_id=src.get("record", "")
                ).first()
            elif src["kind"] == "evidence":
                if src["source"] not in self.evidence:
                    continue
                evidence, source = self.evidence[src["source"]]
            else:
                continue
            credibility = int(src.get("credibility", 6))
            ClaimSource.objects.create(
                claim=claim,
                source=source,
                record=record,
                evidence=evidence,
                locator=src.get("locator", "")[:300],
                excerpt=src.get("excerpt", ""),
                credibility=credibility,
            )
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
            claim = Claim.objects.create(
                kind=row["kind"],
                value=row.get("value", ""),
                place=self.places.get(row.get("place") or ""),
                **subject,
                **uncertain_kwargs("date", _date(row.get("date"))),
            )
            self.claims[row["key"]] = claim
            pending.append((claim, self._claim_sources(claim, row.get("sources", []))))
        supports_of = {c.pk: s for c, s in pending}
        first = {pk: assess_claim(s) for pk, s in supports_of.items()}
        by_key = {row["key"]: row for row in rows}
        for key, claim in self.claims.items():
            rivals = [
                self.claims[k] for k in by_key[key].get("contradicts", []) if k in self.claims
            ]
            claim.contradicts.add(*rivals)
            result = assess_claim(
                supports_of[claim.pk],
                contradicted_by=[first[r.pk].status for r in rivals],
            )
            claim.status = result.status.value
            claim.meets_standard = result.meets_standard
            claim.single_source = result.single_source
            claim.assessed_by = self.actor
            claim.assessed_at = dt.datetime.now(dt.UTC)
            claim.save(
                update_fields=[
                    "status",
                    "meets_standard",
                    "single_source",
                    "assessed_by",
                    "assessed_at",
                ]
            )


def entities_load(*, case: Case, folder: Path, actor: str, echo: Echo = print) -> dict[str, int]:
    """Load everything under `folder/entities` into the case, in one transaction."""
    with transaction.atomic():
        loader = _Loader(case, folder, actor)
        loader.places_load()
        loader.evidence_load()
        loader.observations_load()
        loader.bodies_load()
        loader.perpetrators_load()
        loader.events_load()
        loader.testimonies_load()
        loader.claims_load()
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
