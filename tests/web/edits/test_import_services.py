"""The import writers: a bulk load's initial versions, checked as an edit is, logged once.

``claim_import``, ``event_import``, ``involvement_import`` and ``relation_import`` share
their writer and checks with the edit services but write version 0 and no ``Change``
(docs/decisions/0008); ``person_create`` and ``role_add`` add persons known other than
through a list.
"""

from __future__ import annotations

from typing import Any

import pytest

from dadkhah.core.claims import Support, assess_claim
from dadkhah.core.dates import parse_date_strict
from dadkhah.core.errors import InputError
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.claims.services import (
    claim_assess,
    claim_import,
    claim_source_add,
    claims_contradict,
)
from dadkhah.web.edits.models import Change, Term, Vocabulary
from dadkhah.web.edits.services import EditError, terms_cached
from dadkhah.web.events.models import Involvement
from dadkhah.web.events.services import event_import, involvement_import
from dadkhah.web.people.models import Person, PersonRole, Relation
from dadkhah.web.people.services import person_create, relation_import, role_add
from dadkhah.web.sources.models import Record
from dadkhah.web.sources.services import record_add, source_create
from tests.web.edits.conftest import World

pytestmark = pytest.mark.django_db


def test_an_imported_claim_is_version_0_with_no_change(world: World) -> None:
    claim = claim_import(
        subject="person", subject_id=world.person.pk, kind="executed", value=" at dawn ",
        place=world.place, date=parse_date_strict("1367/05/10"),
    )  # fmt: skip
    claim.refresh_from_db()
    assert (claim.version, claim.value, claim.status, claim.date_text) == (
        0,
        "at dawn",
        "alleged",
        "1367/05/10",
    )
    assert not Change.objects.filter(entity="claim", entity_id=claim.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "witness"}, "subject"),
        ({"kind": "vanished_into_air"}, "kind"),
        ({"status": "proven"}, "status"),
    ],
)
def test_a_bad_imported_claim_is_refused_as_an_edit_would_be(
    world: World, changes: dict[str, Any], field: str
) -> None:
    before = Claim.objects.count()
    with pytest.raises(EditError) as caught:
        claim_import(
            **{"subject": "person", "subject_id": world.person.pk, "kind": "executed", **changes}
        )
    assert caught.value.field == field and Claim.objects.count() == before


def test_a_claim_is_supported_graded_and_contradicted(world: World) -> None:
    record = record_add(source=world.source, source_record_id="4", raw={"name": "Roya"})
    claim = claim_import(subject="person", subject_id=world.person.pk, kind="executed")
    support = claim_source_add(
        claim=claim, source=world.source, record=record, locator="row 4", credibility=2
    )
    assert (support.record, support.credibility) == (record, 2)
    claims_contradict(claim=claim, rivals=[world.claim])
    assert list(world.claim.contradicts.all()) == [claim]  # both ways
    result = assess_claim([Support(world.source.pk, "B", 2)])
    claim_assess(claim=claim, assessment=result, actor="loader")
    claim.refresh_from_db()
    assert (claim.status, claim.meets_standard, claim.assessed_by) == (
        result.status.value,
        result.meets_standard,
        "loader",
    )
    assert claim.assessed_at is not None and claim.version == 0


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"credibility": 0}, "credibility runs from 1 to 6"),
        ({"credibility": 7}, "credibility runs from 1 to 6"),
        ({"locator": "x" * 301}, "at most 300"),
        ({"claim": Claim(kind="executed")}, "saved claim"),
        ("other_record", "not one of the source"),
    ],
)
def test_a_bad_support_is_refused_in_words(
    world: World, changes: dict[str, Any] | str, words: str
) -> None:
    if changes == "other_record":
        other = source_create(name="list-y", kind="list", title="List Y")
        changes = {"record": record_add(source=other, source_record_id="1", raw={"a": 1})}
    assert isinstance(changes, dict)
    before = ClaimSource.objects.count()
    with pytest.raises(InputError, match=words):
        claim_source_add(**{"claim": world.claim, "source": world.source, **changes})
    assert ClaimSource.objects.count() == before


def test_a_claim_does_not_contradict_itself_and_an_assessment_names_who(world: World) -> None:
    with pytest.raises(InputError, match="contradict itself"):
        claims_contradict(claim=world.claim, rivals=[world.claim])
    with pytest.raises(InputError, match="who assessed"):
        claim_assess(claim=world.claim, assessment=assess_claim([]), actor=" ")


def test_an_imported_event_and_involvement_raise_no_version(world: World) -> None:
    event = event_import(kind="hearing", title=" Hearing ", place=world.place)
    involvement = involvement_import(event=event, person=world.person, role="victim")
    perpetrator = involvement_import(
        event=event, person=world.other, role="perpetrator", mode="sat_on_commission"
    )
    event.refresh_from_db()
    assert (event.version, event.title, involvement.role, perpetrator.mode) == (
        0,
        "Hearing",
        "victim",
        "sat_on_commission",
    )
    assert not Change.objects.filter(entity="event").exists()


def test_a_retired_violation_type_is_refused_to_an_import(world: World) -> None:
    Term.objects.filter(vocabulary=Vocabulary.VIOLATION_TYPE, key="burial").update(active=False)
    with pytest.raises(EditError) as caught:
        event_import(kind="burial")
    assert caught.value.field == "kind"
    with pytest.raises(EditError):
        event_import(kind="no_such_kind")


def test_terms_are_read_once_inside_terms_cached(
    world: World, django_assert_num_queries: Any
) -> None:
    with terms_cached():
        event_import(kind="arrest")
        with django_assert_num_queries(1):  # the INSERT only: no term is looked up again
            event_import(kind="transfer")
        with pytest.raises(EditError):
            event_import(kind="no_such_kind")


@pytest.mark.parametrize(
    ("role", "mode", "field"),
    [("witness", "", "role"), ("bystander", "", "role"), ("victim", "sat_on_commission", "mode")],
)
def test_a_bad_involvement_is_refused_as_an_edit_would_be(
    world: World, role: str, mode: str, field: str
) -> None:
    with pytest.raises(EditError) as caught:
        involvement_import(event=world.event, person=world.person, role=role, mode=mode)
    assert caught.value.field == field


def test_an_involvement_is_recorded_once(world: World) -> None:
    involvement_import(event=world.event, person=world.person, role="victim")
    with pytest.raises(EditError, match="already"):
        involvement_import(event=world.event, person=world.person, role="victim")
    assert Involvement.objects.filter(event=world.event).count() == 1


def test_a_person_is_created_with_the_next_public_id_and_roles(world: World) -> None:
    person = person_create(
        display_name=" Official B (fictional) ", sex="m", roles=["perpetrator", "perpetrator"]
    )
    assert (person.public_id, person.display_name, person.version) == (
        "P-000903",
        "Official B (fictional)",
        0,
    )
    assert list(PersonRole.objects.filter(person=person).values_list("role", flat=True)) == [
        "perpetrator"
    ]
    given = person_create(display_name_fa="مقام پ", public_id="P-000042")
    assert given.public_id == "P-000042" and given.display_name_fa == "مقام پ"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"display_name": " "}, "a name in at least one script"),
        ({"sex": "x"}, "unknown sex"),
        ({"roles": ["hero"]}, "unknown role"),
        ({"roles": ["witness"]}, "through the vault"),
        ({"public_id": "42"}, "looks like P-000042"),
        ({"public_id": "P-000901"}, "is taken"),
    ],
)
def test_a_bad_person_is_refused_in_words(
    world: World, changes: dict[str, Any], words: str
) -> None:
    before = Person.objects.count()
    with pytest.raises(InputError, match=words):
        person_create(**{"display_name": "Someone (fictional)", **changes})
    assert Person.objects.count() == before


def test_a_role_is_given_once_and_the_witness_role_never(world: World) -> None:
    role_add(person=world.person, role="victim")
    role_add(person=world.person, role="victim")
    assert PersonRole.objects.filter(person=world.person, role="victim").count() == 1
    for role, words in (("witness", "unknown role"), ("hero", "unknown role")):
        with pytest.raises(InputError, match=words):
            role_add(person=world.person, role=role)
    with pytest.raises(InputError, match="saved person"):
        role_add(person=Person(public_id="P-999999"), role="victim")


def test_an_imported_relation_writes_no_change_and_is_checked(world: World) -> None:
    relation = relation_import(person=world.person, other=world.other, kind="sibling")
    assert (relation.kind, relation.source) == ("sibling", None)
    assert world.person.version == 0 and not Change.objects.exists()
    for other, kind, field in (
        (world.other, "cousin", "kind"),
        (world.person, "sibling", "other"),
        (world.other, "sibling", "other"),  # recorded already
    ):
        with pytest.raises(EditError) as caught:
            relation_import(person=world.person, other=other, kind=kind)
        assert caught.value.field == field
    assert Relation.objects.count() == 1 and Record.objects.count() == 0
