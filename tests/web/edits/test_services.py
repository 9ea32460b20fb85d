"""The edit services: cited, versioned, refused in words, and nothing overwritten."""

from __future__ import annotations

from typing import Any

import pytest

from dadkhah.core.dates import parse_date_strict
from dadkhah.web.claims.models import ClaimSource
from dadkhah.web.claims.services import claim_create, claim_snapshot, claim_update
from dadkhah.web.edits.models import Change, Term, Vocabulary
from dadkhah.web.edits.selectors import values_at
from dadkhah.web.edits.services import Citation, EditConflict, EditError, EditRefused
from dadkhah.web.events.services import event_create, event_snapshot, involvement_add
from dadkhah.web.people.models import PersonRole
from dadkhah.web.people.services import person_snapshot, person_update, relation_add
from tests.web.edits.conftest import World

pytestmark = pytest.mark.django_db


def _cite(w: World, locator: str = "p. 3") -> list[Citation]:
    return [Citation(w.source.pk, None, locator)]


def _update_claim(
    w: World,
    *,
    version: int,
    value: str,
    citations: list[Citation] | None = None,
    user: Any = None,
) -> tuple[Any, Change]:
    return claim_update(
        user=user or w.investigator,
        claim_id=w.claim.pk,
        version=version,
        kind="executed",
        value=value,
        status="alleged",
        place=w.place,
        date=parse_date_strict("1367/05/10"),
        reason="The list gives the day.",
        citations=_cite(w) if citations is None else citations,
    )


def test_a_claim_edit_raises_the_version_and_logs_before_and_after(world: World) -> None:
    claim, change = _update_claim(world, version=0, value="at dawn")
    assert claim.version == 1
    assert change.version == 1 and change.action == "update"
    assert change.before["value"] == "" and change.after["value"] == "at dawn"
    assert change.after["date_earliest"] == "1988-08-01"
    assert change.citations == [{"source": world.source.pk, "evidence": None, "locator": "p. 3"}]
    assert change.actor == "web:inv" and change.reason == "The list gives the day."
    # The citation became a support of the claim.
    assert ClaimSource.objects.filter(claim=claim, locator="p. 3").exists()


def test_an_edit_at_an_old_version_is_refused_with_both_versions(world: World) -> None:
    _update_claim(world, version=0, value="first")
    with pytest.raises(EditConflict) as caught:
        _update_claim(world, version=0, value="second")
    assert caught.value.version == 1
    assert caught.value.current["value"] == "first"
    world.claim.refresh_from_db()
    assert world.claim.value == "first"
    assert Change.objects.filter(entity="claim", entity_id=world.claim.pk).count() == 1


@pytest.mark.parametrize("citations", [[], [Citation(10**9)]])
def test_an_edit_without_a_citation_is_refused_naming_the_field(
    world: World, citations: list[Citation]
) -> None:
    with pytest.raises(EditError) as caught:
        _update_claim(world, version=0, value="x", citations=citations)
    assert caught.value.field == "citation"
    world.claim.refresh_from_db()
    assert world.claim.version == 0 and world.claim.value == ""


def test_an_edit_without_a_reason_is_refused_naming_the_field(world: World) -> None:
    with pytest.raises(EditError) as caught:
        person_update(
            user=world.investigator, person_id=world.person.pk, version=0,
            display_name="X", display_name_fa="", sex="", roles=[], reason="  ",
            citations=_cite(world),
        )  # fmt: skip
    assert caught.value.field == "reason"


def test_a_reader_may_not_edit(world: World) -> None:
    with pytest.raises(EditRefused):
        _update_claim(world, version=0, value="x", user=world.reader)
    assert not Change.objects.exists()


def test_history_gives_back_every_earlier_version(world: World) -> None:
    snapshots = [claim_snapshot(world.claim)]
    for i, value in enumerate(["one", "two", "three"]):
        claim, _ = _update_claim(world, version=i, value=value, citations=_cite(world, f"p. {i}"))
        snapshots.append(claim_snapshot(claim))
    current = claim_snapshot(claim)
    for version, expected in enumerate(snapshots):
        got = values_at(entity="claim", entity_id=claim.pk, current=current, version=version)
        assert got == expected, version


def test_person_history_gives_back_names_roles_and_relations(world: World) -> None:
    first = person_snapshot(world.person)
    person, _ = person_update(
        user=world.investigator, person_id=world.person.pk, version=0,
        display_name="Roya Testani-Nur", display_name_fa="رویا تستانی", sex="f",
        roles=["victim"], reason="Her sister's letter.", citations=_cite(world),
    )  # fmt: skip
    second = person_snapshot(person)
    relation_add(
        user=world.investigator, person_id=person.pk, version=1, other_id=world.other.pk,
        kind="sibling", reason="Same letter.", citations=_cite(world),
    )  # fmt: skip
    person.refresh_from_db()
    now = person_snapshot(person)
    assert now["relations"] == [["sibling", "P-000902"]]
    assert PersonRole.objects.filter(person=person, role="victim").exists()
    assert values_at(entity="person", entity_id=person.pk, current=now, version=0) == first
    assert values_at(entity="person", entity_id=person.pk, current=now, version=1) == second


def test_a_witness_is_not_edited_here(world: World) -> None:
    PersonRole.objects.create(person=world.person, role="witness")
    with pytest.raises(EditError):
        person_update(
            user=world.investigator, person_id=world.person.pk, version=0,
            display_name="X", display_name_fa="", sex="", roles=[], reason="r",
            citations=_cite(world),
        )  # fmt: skip


def test_a_new_claim_and_event_start_at_version_one_and_did_not_exist_before(world: World) -> None:
    claim, change = claim_create(
        user=world.investigator, subject="person", subject_id=world.person.pk,
        kind="held_at", place=world.place, reason="Ward list.", citations=_cite(world),
    )  # fmt: skip
    assert claim.version == 1 and change.action == "create"
    assert (
        values_at(entity="claim", entity_id=claim.pk, current=claim_snapshot(claim), version=0)
        is None
    )
    event, _ = event_create(
        user=world.investigator, kind="transfer", title="", reason="Ward list.",
        citations=_cite(world),
    )  # fmt: skip
    assert event.version == 1
    involvement_add(
        user=world.investigator, event_id=event.pk, version=1, person=world.person,
        role="victim", reason="Ward list.", citations=_cite(world),
    )  # fmt: skip
    event.refresh_from_db()
    assert event.version == 2
    assert event_snapshot(event)["involvements"] == [["P-000901", "victim", ""]]


def test_new_values_come_from_the_vocabulary(world: World) -> None:
    with pytest.raises(EditError) as caught:
        claim_create(
            user=world.investigator, subject="person", subject_id=world.person.pk,
            kind="not_a_kind", reason="r", citations=_cite(world),
        )  # fmt: skip
    assert caught.value.field == "kind"
    Term.objects.filter(vocabulary=Vocabulary.VIOLATION_TYPE, key="transfer").update(active=False)
    with pytest.raises(EditError):
        event_create(user=world.investigator, kind="transfer", reason="r", citations=_cite(world))


def test_the_vocabularies_are_seeded_in_both_languages(db: None) -> None:
    for vocabulary in Vocabulary.values:
        terms = Term.objects.filter(vocabulary=vocabulary)
        assert terms.exists(), vocabulary
        assert not terms.filter(label_fa="").exists()
    from dadkhah.core.affiliations import AFFILIATIONS
    from dadkhah.web.events.models import Event
    from dadkhah.web.places.models import Place

    def keys(v: str) -> set[str]:
        return set(Term.objects.filter(vocabulary=v).values_list("key", flat=True))

    assert keys("violation_type") == set(Event.Kind.values)
    assert keys("place_kind") == set(Place.Kind.values)
    assert keys("affiliation") == set(AFFILIATIONS)


def test_each_edit_is_a_custody_entry_without_its_values(
    world: World, case_dir: Any, settings: Any
) -> None:
    import json

    from dadkhah.core.case import open_case
    from dadkhah.web.custody.models import CustodyEntry

    settings.CASE = open_case(case_dir)
    person_update(
        user=world.investigator, person_id=world.person.pk, version=0,
        display_name="Roya Testani-Nur", display_name_fa="رویا تستانی", sex="f",
        roles=[], reason="Her sister's letter.", citations=_cite(world),
    )  # fmt: skip
    entry = CustodyEntry.objects.filter(action="edit").get()
    data = json.loads(entry.data)
    assert data["actor"] == "web:inv"
    assert data["details"]["object"] == f"person:{world.person.pk}"
    assert data["details"]["version"] == 1
    assert data["details"]["fields"] == ["display_name", "sex"]
    assert "Testani" not in entry.data and "letter" not in entry.data
