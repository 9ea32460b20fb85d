"""Testimonies and their passages, and a witness made a person of the case by pseudonym only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dadkhah.core.errors import InputError
from dadkhah.core.vault import KeyringSource
from dadkhah.web.claims.services import claim_import
from dadkhah.web.people.models import PersonRole
from dadkhah.web.people.services import person_create
from dadkhah.web.witnesses import models, services
from dadkhah.web.witnesses.models import Segment, Witness
from dadkhah.web.witnesses.services import (
    segment_add,
    segment_claims_add,
    witness_add,
    witness_person_create,
)

pytestmark = pytest.mark.django_db

NAME = "Zqxtestgiven Zqxtestfamily"  # fictional, and found nowhere outside the vault


def _witness(source: KeyringSource) -> Witness:
    return witness_add(keyring=source.keyring, name=NAME, pseudonym="W-0042")


def _testimony(given: Witness, **changes: Any) -> models.Testimony:
    values: dict[str, Any] = {
        "witness": given,
        "source_name": "testimony-w-0042",
        "title": "Testimony of W-0042 (synthetic)",
        "language": "fa",
    }
    # Called through its module: pytest would collect a ``testimony_*`` name as a test.
    return services.testimony_create(**{**values, **changes})


def test_a_testimony_and_its_source_are_strictly_confidential(source: KeyringSource) -> None:
    testimony = _testimony(_witness(source), reliability="B", taken_on=dt.date(2019, 5, 1))
    testimony.refresh_from_db()
    cited = testimony.source
    assert testimony.confidentiality == cited.confidentiality == "strictly_confidential"
    assert (cited.kind, cited.independence_group, cited.reliability) == (
        "testimony",
        "witness:W-0042",
        "B",
    )
    assert testimony.taken_on == dt.date(2019, 5, 1)
    assert NAME not in cited.title


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"language": " "}, "which language"),
        ({"taken_on": dt.date.today() + dt.timedelta(days=2)}, "in the future"),
        ({"source_name": "bad name"}, "letters, digits"),
        ({"reliability": "Z"}, "unknown reliability"),
        ({"witness": Witness(pseudonym="W-9999")}, "saved witness"),
    ],
)
def test_a_bad_testimony_is_refused_in_words(
    source: KeyringSource, changes: dict[str, Any], words: str
) -> None:
    witness = _witness(source)
    with pytest.raises(InputError, match=words):
        _testimony(witness, **changes)
    assert not models.Testimony.objects.exists()


def test_segments_are_numbered_and_hold_their_claims(source: KeyringSource) -> None:
    testimony = _testimony(_witness(source))
    victim = person_create(display_name="Victim T (fictional)", roles=["victim"])
    claim = claim_import(subject="person", subject_id=victim.pk, kind="executed")
    first = segment_add(testimony=testimony, text=" He did not return. ", locator="00:01:00")
    second = segment_add(testimony=testimony, text="They took him at night.", claims=[claim])
    segment_claims_add(segment=first, claims=[claim])
    segment_claims_add(segment=first, claims=[claim])
    assert (first.order, first.text, second.order) == (1, "He did not return.", 2)
    assert list(claim.segments.order_by("order")) == [first, second]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"text": "  "}, "words of the testimony"),
        ({"locator": "x" * 101}, "at most 100"),
        ({"order": 0}, "numbered from 1"),
        ({"order": 1}, "holds a segment 1 already"),
    ],
)
def test_a_bad_segment_is_refused_in_words(
    source: KeyringSource, changes: dict[str, Any], words: str
) -> None:
    testimony = _testimony(_witness(source))
    segment_add(testimony=testimony, text="First.")
    with pytest.raises(InputError, match=words):
        segment_add(**{"testimony": testimony, "text": "Second.", **changes})
    assert Segment.objects.count() == 1


def test_a_witness_person_carries_the_pseudonym_only(source: KeyringSource) -> None:
    witness = _witness(source)
    person = witness_person_create(witness=witness)
    witness.refresh_from_db()
    assert witness.person == person and person.display_name == "W-0042"
    assert person.display_name_fa == "" and NAME not in str(person)
    assert sorted(PersonRole.objects.filter(person=person).values_list("role", flat=True)) == [
        "relative",
        "witness",
    ]
    with pytest.raises(InputError, match="a person of the case already"):
        witness_person_create(witness=witness)
