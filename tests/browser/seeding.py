"""One fictional case for the browser tests that walk every main page.

The minimal demo case, scored by linkage so that the review queue has pairs, and
estimated (log-linear alone: quick) with its plots, so that a run page has images.
The people added here are fictional, like the demo's.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

from dadkhah.core.case import Case

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough passphrase 42"
# Made-up syllables: no name built from them belongs to anyone.
GIVEN = ["Arvan", "Sepand", "Tirdad", "Noushan", "Behtaj", "Kimia", "Parsan", "Rozhan", "Darab"]
FAMILY = ["Zarvand", "Mehrasb", "Tolouian", "Sarvdel", "Nikoukar"]
SUFFIX = ["", "i", "nia", "far", "pour", "zad", "an"]


def artifacts_dir(*parts: str) -> Path:
    """The folder screenshots are kept in: test-artifacts/ (DADKHAH_SCREENSHOTS names another)."""
    root = Path(os.environ.get("DADKHAH_SCREENSHOTS", REPO / "test-artifacts"))
    folder = root.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class Seeded:
    """What the pages of the seeded case are reached by."""

    pair: str  # "<record a>/<record b>" of a pair waiting for review
    run: int  # an estimate run with plots
    perpetrator: str  # the public id of a perpetrator
    place: str
    source: str
    evidence: str  # an evidence item's sha256
    event: int
    body: int
    claim: int
    witness: str


def seed_case(case: Case) -> Seeded:
    """Build the minimal demo case, link it and estimate from it."""
    from dadkhah.core.estimation import LcmcrSettings
    from dadkhah.core.linkage.settings import LinkageSettings
    from dadkhah.web.bodies.models import Body
    from dadkhah.web.claims.models import Claim
    from dadkhah.web.demo.minimal import demo_case_build_minimal
    from dadkhah.web.estimates.services import estimate_run
    from dadkhah.web.events.models import Event
    from dadkhah.web.evidence.models import EvidenceItem
    from dadkhah.web.linkage.selectors import review_queue
    from dadkhah.web.linkage.services import link_run
    from dadkhah.web.people.models import Person
    from dadkhah.web.search.services import search_rebuild
    from dadkhah.web.sources.models import Record, Source

    fast = LcmcrSettings(burn_in=500, iterations=2000, thinning=10, chains=2, seed=5, workers=1)
    demo_case_build_minimal(case=case, echo=lambda _m: None)
    lists = [Source.objects.get(name=n) for n in ("families-fa", "ngo-latin")]
    lists.append(
        Source.objects.create(
            name="survivors", kind="list", title="Survivors' list (synthetic)", language="en",
            reliability="C", systematic=True, synthetic=True,
        )
    )  # fmt: skip
    # Enough fictional people on three overlapping lists for an estimate with an interval,
    # each named from made-up syllables so that linkage pairs few of them.
    rng = random.Random(1367)
    for i in range(90):
        given = GIVEN[i % len(GIVEN)]
        family = f"{FAMILY[i // len(GIVEN) % len(FAMILY)]}{SUFFIX[i % len(SUFFIX)]}"
        extra = Person.objects.create(public_id=f"P-0008{i:02d}", display_name=f"{given} {family}")
        on = [src for src, p in zip(lists, (0.5, 0.4, 0.3), strict=True) if rng.random() < p]
        for j, listed in enumerate(on or lists[:1]):
            Record.objects.create(
                source=listed, source_record_id=f"extra-{i}-{j}", row_number=200 + i,
                person=extra, raw={"full_name": f"{given} {family}"},
                normalized={"given_name": given, "family_name": family, "birth_year": 1950 + i % 20},
            )  # fmt: skip
    # Estimated from the persons as the lists were entered, before linkage scores pairs.
    run, _result = estimate_run(
        list_names=[src.name for src in lists], methods=["loglinear", "lcmcr"], lcmcr=fast, actor="demo",
        linkage_samples=0, plots_dir=case.root / "estimates",
    )  # fmt: skip
    # A near namesake of P-000001, so that linkage has a pair to ask about.
    Record.objects.create(
        source=lists[2], source_record_id="N-namesake", row_number=300,
        raw={"full_name": "Kaveh Darvishzade", "father_name": "Nader"},
        normalized={"given_name": "Kaveh", "family_name": "Darvishzade", "father_name": "Nader"},
    )  # fmt: skip
    # Every scored pair in the review band, so that the queue has pairs to show.
    link_run(settings=LinkageSettings(store_min=0.0, review_low=0.0, review_high=1.0))
    search_rebuild()
    queue = review_queue(limit=1)
    assert queue, "linkage left no pair for review"
    pair = queue[0]
    item = EvidenceItem.objects.order_by("pk").first()
    assert item is not None
    return Seeded(
        pair=f"{pair.record_a_id}/{pair.record_b_id}",
        run=run.pk,
        perpetrator="P-900001",
        place="prison:evin",
        source="families-fa",
        evidence=item.sha256,
        event=Event.objects.order_by("pk").values_list("pk", flat=True)[0],
        body=Body.objects.order_by("pk").values_list("pk", flat=True)[0],
        claim=Claim.objects.order_by("pk").values_list("pk", flat=True)[0],
        witness="W-0001",
    )
