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
from dadkhah.web.bodies.models import Body, Membership, Post
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import Collection, evidence_add_stream
from dadkhah.web.modelutils import uncertain_kwargs
from dadkhah.web.people.models import Person, PersonRole, Relation
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.witnesses.models import Segment, Testimony
from dadkhah.web.witnesses.services import (
    case_keyring,
    consent_record,
    harm_check_record,
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
    precision = Place.LocationPrecision.CITY
    return Place.objects.create(
        key=key, kind=kind, name=name, name_fa=name_fa, latitude=lat, longitude=lon,
        parent=parent, precision=precision,
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
    SiteObservation.objects.create(
        place=khavaran, status="intact", description="Unmarked trenches reported by families.",
        **uncertain_kwargs("date", SUMMER_1988),
    )  # fmt: skip
    SiteObservation.objects.create(
        place=khavaran, status="covered", description="Area levelled and covered (fictional observation).",
        **uncertain_kwargs("date", UncertainDate(dt.date(2008, 1, 1), dt.date(2008, 12, 31), Precision.YEAR, Calendar.GREGORIAN, "2008")),
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
    EvidenceItem.objects.filter(pk=item.pk).update(synthetic=True)
    families = Source.objects.create(
        name="families-fa", kind="list", title="فهرست خانواده‌ها (ساختگی)", language="fa",
        reliability="B", systematic=True, duplicate_free=True, synthetic=True, evidence=item,
    )  # fmt: skip
    ngo = Source.objects.create(
        name="ngo-latin", kind="list", title="NGO list (synthetic)", language="en",
        reliability="C", systematic=True, synthetic=True,
    )  # fmt: skip

    victims = []
    for n, (g, f, fa, gfa, ffa, fafa, year, prison) in enumerate(VICTIMS, start=1):
        person = Person.objects.create(
            public_id=f"P-{n:06d}",
            display_name=f"{g} {f}",
            display_name_fa=f"{gfa} {ffa}",
            sex="m" if g != "Shirin" else "f",
        )
        PersonRole.objects.create(person=person, role="victim")
        r1 = Record.objects.create(
            source=families, source_record_id=str(n), row_number=n + 1, person=person,
            raw={"نام": gfa, "نام خانوادگی": ffa, "نام پدر": fafa, "تاریخ اعدام": "مرداد ۱۳۶۷"},
            normalized={"given_name": gfa, "family_name": ffa, "father_name": fafa},
        )  # fmt: skip
        Record.objects.create(
            source=ngo, source_record_id=f"N{n}", row_number=n + 1, person=person,
            raw={"full_name": f"{g} {f}", "father_name": fa, "birth_year": str(year)},
            normalized={"given_name": g, "family_name": f, "father_name": fa, "birth_year": year},
        )  # fmt: skip
        execution = Event.objects.create(
            kind="execution", place=prisons[prison], title=f"Execution of {g} {f}",
            **uncertain_kwargs("date", MORDAD_1367),
        )  # fmt: skip
        Involvement.objects.create(event=execution, person=person, role="victim")
        assessment = assess_claim([Support(families.pk, "B", 2), Support(ngo.pk, "C", 3)])
        claim = Claim.objects.create(
            person=person, kind="executed", value=f"executed at {prisons[prison].name}",
            place=prisons[prison], status=assessment.status.value,
            meets_standard=assessment.meets_standard, single_source=assessment.single_source,
            assessed_by="demo", assessed_at=dt.datetime.now(dt.UTC),
            **uncertain_kwargs("date", MORDAD_1367),
        )  # fmt: skip
        ClaimSource.objects.create(
            claim=claim, source=families, record=r1, credibility=2, locator=f"row {n + 1}"
        )
        ClaimSource.objects.create(claim=claim, source=ngo, credibility=3, locator=f"N{n}")
        victims.append(person)
    from dadkhah.web.custody.records import records_commit

    for source in (families, ngo):  # as an import would: verify checks every record
        records_commit(case=case, source=source, actor="demo")
    Relation.objects.create(person=victims[0], other=victims[1], kind="sibling")
    Relation.objects.create(person=victims[1], other=victims[0], kind="sibling")

    commission = Body.objects.create(
        kind="commission", name="Tehran commission (1988)", name_fa="هیئت تهران", place=tehran
    )
    judge = Person.objects.create(public_id="P-900001", display_name="Official A (fictional)")
    PersonRole.objects.create(person=judge, role="perpetrator")
    Membership.objects.create(
        body=commission, person=judge, role="religious judge",
        **uncertain_kwargs("start", MORDAD_1367), **uncertain_kwargs("end", SUMMER_1988),
    )  # fmt: skip
    Post.objects.create(person=judge, title="Senior judicial post (fictional)", current=True)
    hearing = Event.objects.create(
        kind="hearing", place=prisons["prison:evin"], **uncertain_kwargs("date", MORDAD_1367)
    )
    Involvement.objects.create(
        event=hearing, person=judge, role="perpetrator", mode="sat_on_commission"
    )
    Involvement.objects.create(event=hearing, person=victims[0], role="victim")

    testimony_source = Source.objects.create(
        name="testimony-w-0001", kind="testimony", title="Testimony of W-0001 (synthetic)",
        language="en", reliability="B", confidentiality="strictly_confidential", synthetic=True,
    )  # fmt: skip
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
    testimony = Testimony.objects.create(witness=witness, source=testimony_source, language="en")
    segment = Segment.objects.create(
        testimony=testimony, order=1, locator="00:04:10",
        text="I saw Kaveh taken from our ward in early Mordad; he did not return.",
    )  # fmt: skip
    first_claim = victims[0].claims.first()
    assert first_claim is not None  # each victim above was given a claim
    segment.claims.add(first_claim)
    from dadkhah.web.search.services import search_rebuild

    search_rebuild()
    echo(f"Built the minimal demo case in {case.root}.")
