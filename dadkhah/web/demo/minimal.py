"""Build the demo case: a small, fictional case that fills every model.

Every person here is invented. Places are real (cities, prisons, cemeteries)
as the product asks; the structure and calendar are those of 1988.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from django.db import transaction

from dadkhah.core.case import Case
from dadkhah.core.claims import Support, assess_claim
from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.web.bodies.services import body_create, membership_add, post_add
from dadkhah.web.claims.services import claim_assess, claim_import, claim_source_add
from dadkhah.web.custody.services import load_record
from dadkhah.web.events.services import event_import, involvement_import
from dadkhah.web.evidence.attachments import attachment_import
from dadkhah.web.evidence.services import (
    Collection,
    evidence_add_stream,
    evidence_mark_synthetic,
)
from dadkhah.web.people.services import person_create, relation_import
from dadkhah.web.places.models import Place
from dadkhah.web.places.services import place_create, site_observation_add
from dadkhah.web.sources.services import record_add, source_create
from dadkhah.web.witnesses.services import (
    case_keyring,
    consent_record,
    harm_check_record,
    segment_add,
    testimony_create,
    witness_add,
)

MORDAD_1367 = UncertainDate(
    dt.date(1988, 7, 23), dt.date(1988, 8, 22), Precision.MONTH, Calendar.JALALI, "مرداد ۱۳۶۷"
)
SUMMER_1988 = UncertainDate(
    dt.date(1988, 6, 21), dt.date(1988, 9, 22), Precision.SEASON, Calendar.GREGORIAN, "summer 1988"
)

# Fictional victims: (given, family, father, given_fa, family_fa, father_fa, birth year, prison key)
VICTIMS = [
    ("Kaveh", "Darvishzadeh", "Nader", "کاوه", "درویش‌زاده", "نادر", 1962, "prison:evin"),
    ("Behrouz", "Darvishzadeh", "Nader", "بهروز", "درویش‌زاده", "نادر", 1960, "prison:gohardasht"),
    ("Shirin", "Mehrabanpour", "Ahmad", "شیرین", "مهربان‌پور", "احمد", 1965, "prison:evin"),
    ("Ali-Reza", "Tabesh", "Hossein", "علیرضا", "تابش", "حسین", 1958, "prison:vakilabad"),
]


def _place(
    key: str,
    kind: str,
    name: str,
    name_fa: str,
    lat: float,
    lon: float,
    parent: Place | None = None,
) -> Place:
    return place_create(
        key=key, kind=kind, name=name, name_fa=name_fa, latitude=lat, longitude=lon,
        parent=parent, precision=Place.LocationPrecision.CITY,
    )  # fmt: skip


@transaction.atomic
def demo_case_build_minimal(*, case: Case, echo: Callable[[str], object] = print) -> None:
    """Fill every model with a handful of fictional rows."""
    tehran = _place("city:tehran", "city", "Tehran", "تهران", 35.69, 51.39)
    mashhad = _place("city:mashhad", "city", "Mashhad", "مشهد", 36.30, 59.61)
    prisons = {
        "prison:evin": _place("prison:evin", "prison", "Evin", "اوین", 35.80, 51.39, tehran),
        "prison:gohardasht": _place(
            "prison:gohardasht",
            "prison",
            "Gohardasht (Rajaei Shahr)",
            "گوهردشت",
            35.83,
            50.94,
            tehran,
        ),
        "prison:vakilabad": _place(
            "prison:vakilabad", "prison", "Vakilabad", "وکیل‌آباد", 36.30, 59.61, mashhad
        ),
    }
    khavaran = _place("cemetery:khavaran", "grave_site", "Khavaran", "خاوران", 35.60, 51.55, tehran)
    site_observation_add(
        place=khavaran, status="intact", description="Unmarked trenches reported by families.",
        date=SUMMER_1988,
    )  # fmt: skip
    site_observation_add(
        place=khavaran, status="covered", description="Area levelled and covered (fictional observation).",
        date=UncertainDate(dt.date(2008, 1, 1), dt.date(2008, 12, 31), Precision.YEAR, Calendar.GREGORIAN, "2008"),
    )  # fmt: skip

    payload = b"%PDF-1.4\n% synthetic demo document\n"
    report = evidence_add_stream(
        case=case,
        stream=io.BytesIO(payload),
        name="family-letter.pdf",
        actor="demo",
        collection=Collection(
            collected_by="demo", method="scan", title="Family letter (synthetic)"
        ),
    )
    item = (report.added or [d for _n, d in report.duplicates])[0]
    evidence_mark_synthetic(item=item)
    families = source_create(
        name="families-fa", kind="list", title="فهرست خانواده‌ها (ساختگی)", language="fa",
        reliability="B", systematic=True, duplicate_free=True, synthetic=True, evidence=item,
    )  # fmt: skip
    ngo = source_create(
        name="ngo-latin", kind="list", title="NGO list (synthetic)", language="en",
        reliability="C", systematic=True, synthetic=True,
    )  # fmt: skip

    victims = []
    claims = []
    for n, (g, f, fa, gfa, ffa, fafa, year, prison) in enumerate(VICTIMS, start=1):
        person = person_create(
            public_id=f"P-{n:06d}",
            display_name=f"{g} {f}",
            display_name_fa=f"{gfa} {ffa}",
            sex="m" if g != "Shirin" else "f",
            roles=["victim"],
        )
        r1 = record_add(
            source=families, source_record_id=str(n), row_number=n + 1, person=person,
            raw={"نام": gfa, "نام خانوادگی": ffa, "نام پدر": fafa, "تاریخ اعدام": "مرداد ۱۳۶۷"},
            normalized={"given_name": gfa, "family_name": ffa, "father_name": fafa},
        )  # fmt: skip
        record_add(
            source=ngo, source_record_id=f"N{n}", row_number=n + 1, person=person,
            raw={"full_name": f"{g} {f}", "father_name": fa, "birth_year": str(year)},
            normalized={"given_name": g, "family_name": f, "father_name": fa, "birth_year": year},
        )  # fmt: skip
        execution = event_import(
            kind="execution", place=prisons[prison], title=f"Execution of {g} {f}",
            date=MORDAD_1367,
        )  # fmt: skip
        involvement_import(event=execution, person=person, role="victim")
        claim = claim_import(
            subject="person", subject_id=person.pk, kind="executed",
            value=f"executed at {prisons[prison].name}", place=prisons[prison], date=MORDAD_1367,
        )  # fmt: skip
        claim_source_add(
            claim=claim, source=families, record=r1, credibility=2, locator=f"row {n + 1}"
        )
        claim_source_add(claim=claim, source=ngo, credibility=3, locator=f"N{n}")
        assessment = assess_claim([Support(families.pk, "B", 2), Support(ngo.pk, "C", 3)])
        claim_assess(claim=claim, assessment=assessment, actor="demo")
        claims.append(claim)
        victims.append(person)
    attachment_import(
        item=item, entity="person", entity_id=victims[0].pk, actor="demo",
        reason="The family's letter names him and asks where he is buried (synthetic).",
    )  # fmt: skip
    from dadkhah.web.custody.records import records_commit

    for source in (families, ngo):  # as an import would: verify checks every record
        records_commit(case=case, source=source, actor="demo")
    relation_import(person=victims[0], other=victims[1], kind="sibling")
    relation_import(person=victims[1], other=victims[0], kind="sibling")

    commission = body_create(
        kind="commission", name="Tehran commission (1988)", name_fa="هیئت تهران", place=tehran
    )
    judge = person_create(
        public_id="P-900001", display_name="Official A (fictional)", roles=["perpetrator"]
    )
    membership_add(
        body=commission, person=judge, role="religious judge", start=MORDAD_1367, end=SUMMER_1988
    )
    post_add(person=judge, title="Senior judicial post (fictional)", current=True)
    hearing = event_import(kind="hearing", place=prisons["prison:evin"], date=MORDAD_1367)
    involvement_import(event=hearing, person=judge, role="perpetrator", mode="sat_on_commission")
    involvement_import(event=hearing, person=victims[0], role="victim")

    witness = witness_add(
        keyring=case_keyring(case).keyring,
        pseudonym="W-0001",
        risk="high",
        name="Synthetic Witness One",
        contact="+00 555 0001",
        location="Synthetic Street 1",
    )
    consent_record(witness=witness, use="interview", grant=True, obtained_by="demo", actor="demo")
    harm_check_record(witness=witness, use="interview", cleared=True, checked_by="demo")
    testimony = testimony_create(
        witness=witness, source_name="testimony-w-0001", title="Testimony of W-0001 (synthetic)",
        language="en", reliability="B", synthetic=True,
    )  # fmt: skip
    segment_add(
        testimony=testimony, order=1, locator="00:04:10",
        text="I saw Kaveh taken from our ward in early Mordad; he did not return.",
        claims=[claims[0]],
    )  # fmt: skip
    load_record(
        case=case, actor="demo", loader="minimal",
        created={
            "place": 6, "site observation": 2, "source": 3, "person": len(victims) + 1,
            "record": 2 * len(victims), "event": len(victims) + 1, "claim": len(claims),
            "body": 1, "membership": 1, "post": 1, "involvement": len(victims) + 2,
            "relation": 2, "testimony": 1, "segment": 1, "attachment": 1,
        },
    )  # fmt: skip
    from dadkhah.web.search.services import search_rebuild

    search_rebuild()
    echo(f"Built the minimal demo case in {case.root}.")
