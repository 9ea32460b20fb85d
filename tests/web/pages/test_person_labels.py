"""The person page shows words, not the data model's codes: no keys, ids or raw claim kinds."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from dadkhah.web.bodies.models import Body
from dadkhah.web.claims.models import Claim
from dadkhah.web.people.labels import CLAIM_KINDS, OTHER_FIELDS, SEXES
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place
from dadkhah.web.sources.import_forms import FIELD_LABELS
from dadkhah.web.sources.models import Record, Source
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db
CODES = ("given_key", "JUD", "given_norm", "city:tabriz", "commission:tehran", "buried_at")


@pytest.fixture
def coded(demo: Path) -> None:
    """A record and claims of P-000001 as the importer and the demo store them."""
    Place.objects.create(key="city:tabriz", kind="city", name="Tabriz", name_fa="تبریز")
    Body.objects.create(key="commission:tehran", kind="commission", name="Tehran commission X")
    person = Person.objects.get(public_id="P-000001")
    source = Source.objects.create(name="coded-list", title="coded")
    Record.objects.create(
        source=source,
        source_record_id="1",
        raw={"name": "Javad"},
        normalized={
            "v": 1,
            "given_name": "Javad",
            "given_norm": "javad",
            "given_key": "JUD",
            "city": "city:tabriz",
            "sex": "m",
            "birth_year": [1966, 1966],
            "death_date": {
                "text": "مرداد ۱۳۶۷",
                "earliest": "1988-07-23",
                "latest": "1988-08-22",
            },
            "flags": ["place_unknown:prison"],
        },
        person=person,
    )
    Claim.objects.create(person=person, kind="buried_at", value="city:tabriz")
    Claim.objects.create(person=person, kind="member_of", value="commission:tehran")


def test_the_person_page_names_fields_places_bodies_and_claim_kinds(
    analyst: Client, coded: None
) -> None:
    body = analyst.get("/people/P-000001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code in CODES:
        assert code not in body, code
    assert "given name" in body and "<bdi>Tabriz</bdi>" in body and "male" in body
    assert "buried at" in body and "member of" in body and "Tehran commission X" in body
    # The date as written and its interval, each isolated: never one mixed-direction string.
    assert '<bdi class="as-written" title="as written">مرداد ۱۳۶۷</bdi>' in body
    assert "[1988-07-23" not in body
    assert 'between <bdi dir="ltr">1988-07-23</bdi> and <bdi dir="ltr">1988-08-22</bdi>' in body
    fa = persian(analyst).get("/people/P-000001/").content.decode()
    for code in CODES:
        assert code not in fa, code
    assert "<bdi>تبریز</bdi>" in fa and "به خاک سپرده شد در" in fa
    assert '۱۹۶۶</bdi> <span class="other-calendar">(۱۳۴۴–۱۳۴۵)</span>' in fa


def test_every_label_has_a_persian_translation() -> None:
    labels = [*CLAIM_KINDS.values(), *OTHER_FIELDS.values(), *SEXES.values()]
    labels += list(FIELD_LABELS.values())
    with translation.override("fa"):
        untranslated = [
            str(x) for x in labels if not any("\u0600" <= c <= "\u06ff" for c in str(x))
        ]
    assert untranslated == []


def test_a_single_source_alleged_claim_does_not_meet_the_standard_of_proof(
    analyst: Client, demo: Path
) -> None:
    from dadkhah.core.claims import Support, assess_claim
    from dadkhah.web.claims.models import ClaimSource

    person = Person.objects.get(public_id="P-000002")
    source = Source.objects.create(name="one-strong", title="One strong source", reliability="A")
    graded = assess_claim([Support(source.pk, "A", 1)])
    claim = Claim.objects.create(
        person=person,
        kind="arrested",
        status=graded.status.value,
        meets_standard=graded.meets_standard,
        single_source=graded.single_source,
    )
    ClaimSource.objects.create(claim=claim, source=source, credibility=1)
    body = analyst.get("/people/P-000002/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card = body[body.index(f'id="claim-{claim.pk}"') :]
    card = card[: card.index("</article>")]
    assert '<span class="status status-alleged">alleged</span>' in card
    assert '<dt>Meets the standard of proof</dt><dd><span class="no">no</span></dd>' in card
