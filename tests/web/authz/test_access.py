"""Object-level access: default deny, clearance, "not found" alike for missing and forbidden."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from dadkhah.core.case import Case
from dadkhah.web.accounts.clearance import cleared_levels, level_rank
from dadkhah.web.accounts.roles import CAPABILITIES, ROLES, role_name, roles_of, user_can
from dadkhah.web.claims.access import access_claim
from dadkhah.web.claims.models import Claim
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.evidence.access import access_evidence_item
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.people.access import access_person, visible_persons
from dadkhah.web.people.models import Person
from dadkhah.web.places.access import access_place
from dadkhah.web.places.models import Place
from dadkhah.web.sources.access import access_record, access_source
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.witnesses.access import access_testimony
from dadkhah.web.witnesses.models import Testimony, Witness
from tests.web.authz.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db

LEVELS = ("public", "restricted", "strictly_confidential")


def _source(level: str, name: str = "s") -> Source:
    return Source.objects.create(name=name, title="T", confidentiality=level)


# Each entity: make one at a level -> (access call for an existing id, for a missing id).
Maker = Callable[[str], tuple[Callable[[Any], Any], Callable[[Any], Any]]]


def _person(level: str):  # type: ignore[no-untyped-def]
    Person.objects.create(public_id="P-000001", confidentiality=level)
    return (
        lambda u: access_person(user=u, public_id="P-000001"),
        lambda u: access_person(user=u, public_id="P-999999"),
    )


def _source_entity(level: str):  # type: ignore[no-untyped-def]
    _source(level)
    return (
        lambda u: access_source(user=u, name="s", version=1),
        lambda u: access_source(user=u, name="s", version=9),
    )


def _record(level: str):  # type: ignore[no-untyped-def]
    r = Record.objects.create(source=_source(level), source_record_id="1", raw={"n": "x"})
    return (lambda u: access_record(user=u, id=r.pk), lambda u: access_record(user=u, id=r.pk + 99))


def _claim(level: str):  # type: ignore[no-untyped-def]
    site = Place.objects.create(
        key="grave:c", kind="grave_site", name="C", confidentiality="public"
    )
    c = Claim.objects.create(kind="site_of", subject_place=site, confidentiality=level)
    return (lambda u: access_claim(user=u, id=c.pk), lambda u: access_claim(user=u, id=c.pk + 99))


def _place(level: str):  # type: ignore[no-untyped-def]
    Place.objects.create(key="prison:x", kind="prison", name="X", confidentiality=level)
    return (
        lambda u: access_place(user=u, key="prison:x"),
        lambda u: access_place(user=u, key="prison:none"),
    )


def _evidence(level: str):  # type: ignore[no-untyped-def]
    sha = "a" * 64
    EvidenceItem.objects.create(sha256=sha, size=1, collected_at=timezone.now(),
                                confidentiality=level)  # fmt: skip
    return (
        lambda u: access_evidence_item(user=u, sha256=sha),
        lambda u: access_evidence_item(user=u, sha256="b" * 64),
    )


def _testimony(level: str):  # type: ignore[no-untyped-def]
    w = Witness.objects.create(pseudonym="W-0001")
    t = Testimony.objects.create(witness=w, source=_source(level), language="fa",
                                 confidentiality=level)  # fmt: skip
    return (
        lambda u: access_testimony(user=u, id=t.pk),
        lambda u: access_testimony(user=u, id=t.pk + 99),
    )


ENTITIES: dict[str, Maker] = {
    "person": _person, "source": _source_entity, "record": _record, "claim": _claim,
    "place": _place, "evidence": _evidence, "testimony": _testimony,
}  # fmt: skip


@pytest.mark.parametrize("entity", ENTITIES)
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("clearance", LEVELS)
def test_an_object_opens_exactly_up_to_the_clearance(
    entity: str, level: str, clearance: str
) -> None:
    existing, missing = ENTITIES[entity](level)
    user = make_user("u", "admin", clearance)  # admin holds every capability
    if level_rank(level) <= level_rank(clearance):
        assert existing(user) is not None
    else:
        with pytest.raises(Http404) as forbidden:
            existing(user)
        with pytest.raises(Http404) as absent:
            missing(user)
        # The same answer, word for word, for "not allowed" and "does not exist".
        assert str(forbidden.value) == str(absent.value)


@pytest.mark.parametrize("entity", ENTITIES)
def test_a_user_with_no_role_opens_nothing_even_public(entity: str) -> None:
    existing, _missing = ENTITIES[entity]("public")
    user = make_user("nobody", None, "strictly_confidential")
    assert roles_of(user) == frozenset() and cleared_levels(user) == ()
    with pytest.raises(Http404):
        existing(user)


def test_a_role_without_the_capability_opens_nothing() -> None:
    existing, _missing = _evidence("public")
    reviewer = make_user("rev", "reviewer", "strictly_confidential")
    assert not user_can(reviewer, "view_evidence")
    with pytest.raises(Http404):
        existing(reviewer)


def test_witnesses_are_never_persons_on_the_registry_pages() -> None:
    person = Person.objects.create(public_id="P-000002", confidentiality="public")
    Witness.objects.create(pseudonym="W-0002", person=person)
    admin = make_user("boss", "admin")
    assert not visible_persons(admin).filter(pk=person.pk).exists()


def test_a_user_with_no_role_sees_nothing_on_the_pages(client: Client) -> None:
    Person.objects.create(public_id="P-000001", confidentiality="public")
    sign_in(client, make_user("nobody", None))
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert home.status_code == 200 and "has no role" in home.content.decode()
    assert "persons" not in home.content.decode().lower().split("has no role")[1]
    for url in ("/people/", "/people/P-000001/", "/sources/", "/places/", "/evidence/",
                "/estimates/", "/linkage/review/"):  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_viewer_is_read_as_the_read_only_role() -> None:
    user = make_user("old", "viewer")
    assert role_name("viewer") == "read_only" and roles_of(user) == {"read_only"}


def test_every_role_has_a_row_and_only_known_capabilities() -> None:
    from dadkhah.web.accounts.roles import CAPABILITY_NAMES

    assert set(CAPABILITIES) == set(ROLES)
    for caps in CAPABILITIES.values():
        assert caps <= set(CAPABILITY_NAMES)
    with pytest.raises(ValueError, match="unknown capability"):
        user_can(make_user("x", "admin"), "view_everything")


# --- audit of reads and refusals ------------------------------------------------------------


def _details(entry: CustodyEntry) -> dict[str, Any]:
    import json

    return dict(json.loads(entry.data)["details"])


def test_reads_of_protected_objects_and_refusals_are_audited(
    client: Client, case_dir: Any, settings: Any
) -> None:
    from dadkhah.core.case import open_case

    case: Case = open_case(case_dir)
    settings.CASE = case
    Person.objects.create(public_id="P-000001", confidentiality="restricted")
    Person.objects.create(public_id="P-000002", confidentiality="strictly_confidential")
    Person.objects.create(public_id="P-000003", confidentiality="public")
    sign_in(client, make_user("ana", "investigator", "restricted"))
    before = CustodyEntry.objects.count()
    assert client.get("/people/P-000001/").status_code == 200
    assert client.get("/people/P-000002/").status_code == 404
    assert client.get("/people/P-000003/").status_code == 200  # public: no entry
    assert client.get("/people/P-999999/").status_code == 404  # nothing there: no entry
    entries = list(CustodyEntry.objects.filter(seq__gte=before).order_by("seq"))
    assert [(e.actor, e.action) for e in entries] == [("web:ana", "read_protected")] * 2
    read, denied = (_details(e) for e in entries)
    assert (read["outcome"], read["objects"], read["level"]) == (
        "read",
        ["person:P-000001"],
        "restricted",
    )
    assert (denied["outcome"], denied["objects"]) == ("denied", ["person:P-000002"])


def test_a_refused_capability_is_audited_as_a_403(
    client: Client, case_dir: Any, settings: Any
) -> None:
    from dadkhah.core.case import open_case

    settings.CASE = open_case(case_dir)
    sign_in(client, make_user("rev", "reviewer"))
    assert client.get("/evidence/").status_code == 403
    entry = CustodyEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.actor == "web:rev"
    assert _details(entry)["objects"] == ["capability:view_evidence"]
    assert _details(entry)["path"] == "/evidence/"


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (None, [], ["/people/", "/evidence/", "/estimates/", "/audit/"]),
        ("read_only", ["/people/", "/estimates/", "/linkage/review/"], ["/evidence/", "/audit/"]),
        ("witness_liaison", ["/people/", "/evidence/"], ["/estimates/", "/audit/"]),
        ("admin", ["/people/", "/evidence/", "/estimates/", "/audit/"], []),
    ],
)
def test_the_navigation_links_only_what_the_role_may_open(
    client: Client, role: str | None, shown: list[str], hidden: list[str]
) -> None:
    sign_in(client, make_user("u", role))
    nav = client.get("/").content.decode().split('<nav class="main-nav">')[1].split("</nav>")[0]
    for url in shown:
        assert f'href="{url}"' in nav, url
    for url in hidden:
        assert f'href="{url}"' not in nav, url


def test_the_person_list_names_only_the_sources_the_reader_is_cleared_for(client: Client) -> None:
    person = Person.objects.create(public_id="P-000001")
    for name, level in (("list-a", "restricted"), ("testimony-x", "strictly_confidential")):
        Record.objects.create(
            source=_source(level, name), source_record_id="1", person=person, raw={},
            normalized={"father_name": f"Father from {name}"},
        )  # fmt: skip
    sign_in(client, make_user("ana", "investigator", "restricted"))
    body = client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "P-000001" in body and "list-a" in body and "Father from list-a" in body
    assert "testimony-x" not in body and "Father from testimony-x" not in body
