"""Bring a FollowTheMoney stream into the case: persons, bodies, events, places, claims.

The reverse of ``export ftm`` (:mod:`dadkhah.web.exports.ftm`): every line is checked
against the FtM model first (:func:`dadkhah.pipelines.ftm.read_entities`), then every
entity is created in one transaction, so a bad line leaves the case as it was. What
the ``dadkhah`` extension object of an exported entity says (public ids, keys, exact
dates, grades, confidentiality) is kept, so the case exports the same entities again;
an entity from another tool takes what FtM says of it, and the defaults of the case
(restricted, alleged, reliability F) for the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dadkhah.core.errors import InputError
from dadkhah.pipelines.ftm import EXT, FtmError, read_entities
from dadkhah.web.accounts.roles import IMPORT_LISTS, User, user_can
from dadkhah.web.audit.services import DENIED, audit_record


class FtmImportRefused(InputError):
    """The user may not import (no role grants ``import_lists``)."""


@dataclass(frozen=True)
class FtmImported:
    """What an FtM import created, by kind."""

    created: dict[str, int]


def _one(data: dict[str, Any], prop: str) -> str:
    values = data["properties"].get(prop) or []
    return values[0] if values else ""


def _choice(value: str, choices: list[str], default: str) -> str:
    """``value`` where the model knows it, else ``default`` (an FtM text is free)."""
    return value if value in choices else default


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _uncertain(prefix: str, value: Any) -> dict[str, Any]:
    """The five columns of one uncertain date, from the extension object (or unknown)."""
    if not isinstance(value, dict):
        return {}
    return {
        f"{prefix}_earliest": _date(value.get("earliest")),
        f"{prefix}_latest": _date(value.get("latest")),
        f"{prefix}_precision": value.get("precision") or "unknown",
        f"{prefix}_calendar": value.get("calendar") or "",
        f"{prefix}_text": value.get("text") or "",
    }


def _ftm_span(data: dict[str, Any], prop: str, prefix: str) -> dict[str, Any]:
    """An FtM date (``1988``, ``1988-08``, ``1988-08-01``) as an uncertain date."""
    text = _one(data, prop)
    if not text:
        return {}
    parts = [int(p) for p in text[:10].split("-")]
    if len(parts) == 3:
        a = b = dt.date(*parts)
        precision = "day"
    elif len(parts) == 2:
        a = dt.date(parts[0], parts[1], 1)
        b = (dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)) - dt.timedelta(days=1)
        precision = "month"
    else:
        a, b, precision = dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year"
    return {
        f"{prefix}_earliest": a,
        f"{prefix}_latest": b,
        f"{prefix}_precision": precision,
        f"{prefix}_calendar": "gregorian",
        f"{prefix}_text": text,
    }


class _Importer:
    def __init__(self, path: Path, entities: list[tuple[int, dict[str, Any]]]) -> None:
        self.path = path
        self.entities = entities
        self.line = {data["id"]: n for n, data in entities}
        self.made: dict[str, Any] = {}
        self.created: Counter[str] = Counter()
        self.parents: list[tuple[str, str]] = []  # place key, its parent's key
        self.merges: list[tuple[Any, str]] = []  # person, the public id merged into
        self.bodies: list[dict[str, Any]] = []  # bodies whose parent is set at the end

    def save(self, data: dict[str, Any], obj: Any) -> Any:
        """Check ``obj`` as the model does (choices, lengths, constraints), then save it."""
        from django.core.exceptions import ValidationError

        try:
            obj.full_clean()
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            field, messages = next(iter(sorted(errors.items())))
            raise self.fail(
                data,
                f"{EXT}.{field}" if field not in ("", "__all__") else EXT,
                f"{' '.join(str(m) for m in messages)} Fix the value in the file.",
            ) from None
        obj.save()
        return obj

    def fail(self, data: dict[str, Any], prop: str, what: str) -> FtmError:
        n = self.line[data["id"]]
        return FtmError(f"{self.path}, line {n}: entity {data['id']!r}, property {prop!r}: {what}")

    def ref(self, data: dict[str, Any], prop: str, model: type, *, required: bool) -> Any:
        target = _one(data, prop)
        if not target:
            if required:
                raise self.fail(data, prop, "required, missing.")
            return None
        found = self.made.get(target)
        if not isinstance(found, model):
            if required:
                raise self.fail(
                    data,
                    prop,
                    f"{target!r} is not an entity of this file that the case can hold "
                    f"({model.__name__}); add it to the file or remove the reference.",
                )
            return None
        return found

    def run(self) -> None:
        by_schema: dict[str, list[dict[str, Any]]] = {}
        from followthemoney import model

        for _n, data in self.entities:
            schema = model.get(data["schema"])
            assert schema is not None  # checked when read
            for name in ("Document", "Address", "Person", "Organization", "Position", "Membership",
                         "Occupancy", "Event", "Note", "Documentation"):  # fmt: skip
                if schema.is_a(name):
                    by_schema.setdefault(name, []).append(data)
                    break
            else:
                raise FtmError(
                    f"{self.path}, line {self.line[data['id']]}: entity {data['id']!r}: schema "
                    f"{data['schema']!r} has no place in a case; the file may hold Person, "
                    "Organization, Membership, Position, Occupancy, Event, Address, Document, "
                    "Documentation and Note."
                )
        for name, step in (
            ("Document", self.source), ("Address", self.place), ("Person", self.person),
            ("Organization", self.body), ("Position", self.position),
            ("Membership", self.membership), ("Occupancy", self.post), ("Event", self.event),
            ("Note", self.claim), ("Documentation", self.support),
        ):  # fmt: skip
            for data in by_schema.get(name, []):
                try:
                    step(data)
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    raise self.fail(
                        data, EXT, f"cannot be read ({exc!r}); give it as `export ftm` writes it."
                    ) from None
        self.finish()

    def source(self, data: dict[str, Any]) -> None:
        from dadkhah.web.evidence.models import EvidenceItem
        from dadkhah.web.sources.models import Source

        x = data.get(EXT) or {}
        name = x.get("name") or data["id"].replace(".", "-")[:100]  # a slug
        version = int(x.get("version") or 1)
        if Source.objects.filter(name=name, version=version).exists():
            raise self.fail(data, "id", f"the case has source {name} v{version} already.")
        sha = x.get("sha256") or ""
        self.made[data["id"]] = self.save(
            data,
            Source(
                name=name,
                version=version,
                kind=x.get("kind") or "document",
                title=_one(data, "title") or _one(data, "fileName"),
                origin=_one(data, "publisher"),
                obtained_on=_date(_one(data, "date")) if len(_one(data, "date")) == 10 else None,
                language=x.get("language", ""),
                reliability=x.get("reliability") or "F",
                confidentiality=x.get("confidentiality") or "restricted",
                systematic=bool(x.get("systematic")),
                duplicate_free=bool(x.get("duplicate_free")),
                independence_group=x.get("independence_group") or "",
                synthetic=bool(x.get("synthetic")),
                evidence=EvidenceItem.objects.filter(sha256=sha).first() if sha else None,
            ),
        )
        self.created["sources"] += 1

    def place(self, data: dict[str, Any]) -> None:
        from dadkhah.web.places.models import Place

        x = data.get(EXT) or {}
        key = x.get("key") or f"ftm:{data['id']}"[:100]
        if Place.objects.filter(key=key).exists():
            raise self.fail(data, "id", f"the case has place {key} already.")
        lat, lon = _one(data, "latitude"), _one(data, "longitude")
        self.made[data["id"]] = self.save(
            data,
            Place(
                key=key,
                kind=x.get("kind") or _choice(_one(data, "summary"), Place.Kind.values, "other"),
                name=_one(data, "name") or _one(data, "full") or key,
                name_fa=x.get("name_fa", ""),
                other_names=x.get("other_names") or [],
                latitude=float(lat) if lat else None,
                longitude=float(lon) if lon else None,
                precision=x.get("precision") or "unknown",
                estimated_individuals_min=x.get("estimated_individuals_min"),
                estimated_individuals_max=x.get("estimated_individuals_max"),
                confidentiality=x.get("confidentiality") or "restricted",
                notes=_one(data, "remarks"),
            ),
        )
        self.created["places"] += 1
        if x.get("parent"):
            self.parents.append((key, x["parent"]))

    def person(self, data: dict[str, Any]) -> None:
        from dadkhah.core.linkage.stable_ids import format_public_id, next_public_number
        from dadkhah.web.people.models import Person, PersonRole

        x = data.get(EXT) or {}
        public_id = x.get("public_id") or format_public_id(
            next_public_number(Person.objects.values_list("public_id", flat=True))
        )
        if Person.objects.filter(public_id=public_id).exists():
            raise self.fail(data, "id", f"the case has person {public_id} already.")
        names = data["properties"].get("name") or []
        person = self.save(
            data,
            Person(
                public_id=public_id,
                display_name=x.get("display_name", names[0] if names else ""),
                display_name_fa=x.get("display_name_fa", ""),
                sex=x.get("sex") or {"male": "m", "female": "f"}.get(_one(data, "gender"), ""),
                confidentiality=x.get("confidentiality") or "restricted",
            ),
        )
        roles = x.get("roles") or []
        if "witness" in roles:
            raise self.fail(
                data, "keywords", "a witness is not imported as a person; use the vault."
            )
        for role in roles:
            self.save(data, PersonRole(person=person, role=role))
        self.made[data["id"]] = person
        if x.get("merged_into"):
            self.merges.append((person, x["merged_into"]))
        self.created["persons"] += 1

    def body(self, data: dict[str, Any]) -> None:
        from dadkhah.web.bodies.models import Body
        from dadkhah.web.places.models import Place

        x = data.get(EXT) or {}
        names = data["properties"].get("name") or []
        key = x.get("key") or None
        if key and Body.objects.filter(key=key).exists():
            raise self.fail(data, "id", f"the case has body {key} already.")
        self.made[data["id"]] = self.save(
            data,
            Body(
                key=key,
                kind=x.get("kind")
                or _choice(_one(data, "classification"), Body.Kind.values, "organization"),
                name=x.get("name") or (names[0] if names else ""),
                name_fa=x.get("name_fa", ""),
                description=_one(data, "description"),
                place=self.ref(data, "addressEntity", Place, required=False),
            ),
        )
        self.bodies.append(data)
        self.created["bodies"] += 1

    def position(self, data: dict[str, Any]) -> None:
        from dadkhah.web.bodies.models import Body

        self.made[data["id"]] = (
            _one(data, "name"),
            self.ref(data, "organization", Body, required=False),
        )

    def membership(self, data: dict[str, Any]) -> None:
        from dadkhah.web.bodies.models import Body, Membership
        from dadkhah.web.people.models import Person

        x = data.get(EXT) or {}
        dates = (
            {**_uncertain("start", x.get("start")), **_uncertain("end", x.get("end"))}
            if EXT in data
            else {**_ftm_span(data, "startDate", "start"), **_ftm_span(data, "endDate", "end")}
        )
        self.save(
            data,
            Membership(
                person=self.ref(data, "member", Person, required=True),
                body=self.ref(data, "organization", Body, required=True),
                role=_one(data, "role"),
                **dates,
            ),
        )
        self.created["memberships"] += 1

    def post(self, data: dict[str, Any]) -> None:
        from dadkhah.web.bodies.models import Post
        from dadkhah.web.people.models import Person

        x = data.get(EXT) or {}
        position = self.made.get(_one(data, "post"))
        if not isinstance(position, tuple):
            raise self.fail(data, "post", "not a Position of this file.")
        dates = (
            {**_uncertain("start", x.get("start")), **_uncertain("end", x.get("end"))}
            if EXT in data
            else {**_ftm_span(data, "startDate", "start"), **_ftm_span(data, "endDate", "end")}
        )
        self.save(
            data,
            Post(
                person=self.ref(data, "holder", Person, required=True),
                title=position[0],
                body=position[1],
                current=bool(x.get("current")) or _one(data, "status") == "current",
                **dates,
            ),
        )
        self.created["posts"] += 1

    def event(self, data: dict[str, Any]) -> None:
        from dadkhah.web.events.models import Event, Involvement
        from dadkhah.web.places.models import Place

        x = data.get(EXT) or {}
        dates = (
            _uncertain("date", x.get("date")) if EXT in data else _ftm_span(data, "date", "date")
        )
        event = self.save(
            data,
            Event(
                kind=x.get("kind") or "other",
                title=x.get("title", _one(data, "name")),
                description=_one(data, "description"),
                place=self.ref(data, "addressEntity", Place, required=False),
                **dates,
            ),
        )
        for i in x.get("involvements") or []:
            person = self.made.get(i.get("person"))
            if i.get("role") == "witness":
                raise self.fail(data, "involved", "a witness is not imported as a person.")
            if person is None:
                raise self.fail(data, "involved", f"{i.get('person')!r} is not a Person here.")
            self.save(
                data,
                Involvement(event=event, person=person, role=i["role"], mode=i.get("mode", "")),
            )
        self.made[data["id"]] = event
        self.created["events"] += 1

    def claim(self, data: dict[str, Any]) -> None:
        from dadkhah.web.bodies.models import Body
        from dadkhah.web.claims.models import Claim
        from dadkhah.web.events.models import Event
        from dadkhah.web.people.models import Person
        from dadkhah.web.places.models import Place

        x = data.get(EXT) or {}
        subject = self.made.get(_one(data, "entity"))
        subject_fields: dict[type, str] = {
            Person: "person",
            Event: "event",
            Body: "body",
            Place: "subject_place",
        }
        about = subject_fields.get(type(subject))
        if about is None:
            raise self.fail(
                data, "entity", "a claim needs a Person, Event, Organization or Address of "
                "this file as its subject.",
            )  # fmt: skip
        place = self.made.get(x.get("place") or "")
        claim = self.save(
            data,
            Claim(
                **{about: subject},
                kind=x.get("kind") or _one(data, "name") or "note",
                value=x.get("value", _one(data, "description")),
                place=place if isinstance(place, Place) else None,
                status=x.get("status") or "alleged",
                meets_standard=bool(x.get("meets_standard")),
                single_source=x.get("single_source", True),
                confidentiality=x.get("confidentiality") or "restricted",
                **_uncertain("date", x.get("date")),
            ),
        )
        self.made[data["id"]] = claim
        self.created["claims"] += 1

    def support(self, data: dict[str, Any]) -> None:
        from dadkhah.web.claims.models import Claim, ClaimSource
        from dadkhah.web.sources.models import Source

        claim = self.made.get(_one(data, "entity"))
        if not isinstance(claim, Claim):
            return  # documentation of something else: FtM keeps it, a case has no place
        x = data.get(EXT) or {}
        self.save(
            data,
            ClaimSource(
                claim=claim,
                source=self.ref(data, "document", Source, required=True),
                credibility=int(x.get("credibility") or 6),
                locator=x.get("locator", ""),
                excerpt=_one(data, "description"),
            ),
        )
        self.created["claim sources"] += 1

    def finish(self) -> None:
        from dadkhah.web.bodies.models import Body
        from dadkhah.web.people.models import Person
        from dadkhah.web.places.models import Place

        for key, parent in self.parents:
            Place.objects.filter(key=key).update(parent=Place.objects.filter(key=parent).first())
        for person, into in self.merges:
            Person.objects.filter(pk=person.pk).update(
                merged_into=Person.objects.filter(public_id=into).first()
            )
        for data in self.bodies:
            parent = self.ref(data, "parent", Body, required=False)
            if parent is not None:
                Body.objects.filter(pk=self.made[data["id"]].pk).update(parent=parent)


def ftm_import(*, user: User, path: Path) -> FtmImported:
    """Create in the case every entity of the FtM JSON Lines file ``path``, all or nothing.

    Raises:
        FtmImportRefused: the user's roles do not grant ``import_lists``.
        FtmError: a line that is not a valid entity, a reference to an entity not in
            the file, a public id or key the case has already (line, entity, property).
    """
    from django.db import transaction

    if not user_can(user, IMPORT_LISTS):
        audit_record(
            user=user, outcome=DENIED, objects=[f"capability:{IMPORT_LISTS}", "import:ftm"]
        )
        raise FtmImportRefused(
            "this user may not import: no role of theirs grants it (see docs/security.md, "
            "Roles and permissions). Give --as a user with a role that imports lists."
        )
    entities = read_entities(Path(path))
    importer = _Importer(Path(path), entities)
    with transaction.atomic():
        importer.run()
        # Every kind may have grown: the index is rebuilt in the same transaction.
        from dadkhah.web.search.services import search_rebuild

        search_rebuild()
    return FtmImported(dict(importer.created))
