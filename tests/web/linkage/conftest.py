"""A small fictional case for the linkage app: two duplicate-free lists, brothers, namesakes.

Records are written in the importer's normalized form (schema v1,
docs/methodology/import.md): one list in Persian script with Jalali birth
years, one in Latin transliteration. Every person here is invented.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from dadkhah.web.linkage.models import LinkRun
from dadkhah.web.sources.models import Record, Source

GIVEN = [
    ("Ali", "علی"), ("Hossein", "حسین"), ("Reza", "رضا"), ("Mehdi", "مهدی"), ("Kaveh", "کاوه"),
    ("Behrouz", "بهروز"), ("Javad", "جواد"), ("Hamid", "حمید"), ("Saeed", "سعید"), ("Nader", "نادر"),
    ("Mohammad-Reza", "محمدرضا"), ("Gholam-Hossein", "غلامحسین"), ("Jafar", "جعفر"),
    ("Ghasem", "قاسم"), ("Mahmoud", "محمود"), ("Parviz", "پرویز"), ("Siamak", "سیامک"),
    ("Farhad", "فرهاد"), ("Bijan", "بیژن"), ("Houshang", "هوشنگ"), ("Shirin", "شیرین"),
    ("Maryam", "مریم"), ("Fatemeh", "فاطمه"), ("Zahra", "زهرا"),
]  # fmt: skip
LATIN_VARIANT = {
    "Hossein": "Hosein",
    "Mehdi": "Mahdi",
    "Jafar": "Ja'far",
    "Ghasem": "Qasem",
    "Mahmoud": "Mahmud",
    "Saeed": "Said",
}
FAMILY = [
    ("Ahmadi", "احمدی"), ("Karimi", "کریمی"), ("Tabesh", "تابش"), ("Darvishzadeh", "درویش‌زاده"),
    ("Mehrabanpour", "مهربان‌پور"), ("Rostami", "رستمی"), ("Sadeghi", "صادقی"), ("Jafari", "جعفری"),
    ("Moradi", "مرادی"), ("Kazemi", "کاظمی"), ("Rahimi", "رحیمی"), ("Nazari", "نظری"),
    ("Heydari", "حیدری"), ("Ghorbani", "قربانی"), ("Amini", "امینی"), ("Bagheri", "باقری"),
    ("Khosravi", "خسروی"), ("Soltani", "سلطانی"), ("Yazdani", "یزدانی"), ("Shirazi", "شیرازی"),
    ("Tehrani", "تهرانی"), ("Esfahani", "اصفهانی"), ("Mohammadi", "محمدی"), ("Hosseini", "حسینی"),
    ("Abbaszadeh", "عباس‌زاده"), ("Ghasemlou", "قاسملو"), ("Farahani", "فراهانی"), ("Zarei", "زارعی"),
]  # fmt: skip
CITIES = ["city:tehran", "city:tehran", "city:mashhad", "city:shiraz", "city:rasht", "city:tabriz"]
PRISONS = {
    "city:tehran": "prison:evin",
    "city:mashhad": "prison:vakilabad",
    "city:shiraz": "prison:adelabad",
    "city:rasht": "prison:lakan",
    "city:tabriz": "prison:tabriz-central",
}


@dataclass
class SmallCase:
    """The fictional case: sources, and each record's true person."""

    persian: Source
    latin: Source
    survivors: Source
    truth: dict[int, int]


def _death(day: int) -> dict[str, str]:
    import datetime as dt

    d = dt.date(1988, 7, 25) + dt.timedelta(days=day)
    return {
        "earliest": d.isoformat(),
        "latest": d.isoformat(),
        "precision": "day",
        "calendar": "gregorian",
        "text": d.isoformat(),
    }


def make_persons(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    persons = []
    while len(persons) < n:
        g, f, p = rng.randrange(len(GIVEN)), rng.randrange(len(FAMILY)), rng.randrange(20)
        city = rng.choice(CITIES)
        person = {
            "given": g,
            "family": f,
            "father": p,
            "born": rng.randint(1945, 1968),
            "city": city,
            "death": rng.randrange(40),
        }
        persons.append(person)
        if rng.random() < 0.08:  # a brother: same family and father, another given name
            brother = dict(
                person,
                given=(g + 1 + rng.randrange(len(GIVEN) - 1)) % len(GIVEN),
                born=person["born"] + rng.choice((-3, -2, 2, 4)),
                death=rng.randrange(40),
            )
            persons.append(brother)
    return persons[:n]


def persian_record(p: dict) -> dict:
    jalali = p["born"] - 621
    return {
        "v": 1,
        "given_name": GIVEN[p["given"]][1],
        "family_name": FAMILY[p["family"]][1],
        "father_name": GIVEN[p["father"]][1],
        "birth_year": [jalali + 621, jalali + 622],
        "death_date": _death(p["death"]),
        "city": p["city"],
    }


def latin_record(p: dict, rng: random.Random) -> dict:
    given = GIVEN[p["given"]][0]
    if rng.random() < 0.3:
        given = LATIN_VARIANT.get(given, given)
    out = {
        "v": 1,
        "given_name": given,
        "family_name": FAMILY[p["family"]][0],
        "birth_year": [p["born"], p["born"]],
        "city": p["city"],
        "prison": PRISONS[p["city"]],
    }
    if rng.random() < 0.6:
        out["father_name"] = GIVEN[p["father"]][0]
    if rng.random() < 0.5:
        out["death_date"] = _death(p["death"])
    return out


def build_small_case(*, persons: int = 150, seed: int = 5) -> SmallCase:
    rng = random.Random(seed + 1)
    people = make_persons(persons, seed)
    persian = Source.objects.create(
        name="families-fa",
        title="Families (synthetic)",
        language="fa",
        duplicate_free=True,
        synthetic=True,
    )
    latin = Source.objects.create(
        name="ngo-latin",
        title="NGO (synthetic)",
        language="en",
        duplicate_free=True,
        synthetic=True,
    )
    truth: dict[int, int] = {}
    for i, p in enumerate(people):
        if rng.random() < 0.85:
            r = Record.objects.create(
                source=persian, source_record_id=f"F{i}", raw={}, normalized=persian_record(p)
            )
            truth[r.pk] = i
        if rng.random() < 0.85:
            r = Record.objects.create(
                source=latin, source_record_id=f"N{i}", raw={}, normalized=latin_record(p, rng)
            )
            truth[r.pk] = i
    # Fellow prisoners' recollections: a name, maybe only one part of it, and a prison.
    survivors = Source.objects.create(
        name="survivors", title="Recollections (synthetic)", synthetic=True
    )
    for i, p in enumerate(people):
        if rng.random() < 0.2:
            normalized = {"v": 1, "given_name": GIVEN[p["given"]][0], "prison": PRISONS[p["city"]]}
            if rng.random() < 0.6:
                normalized["family_name"] = FAMILY[p["family"]][0]
            r = Record.objects.create(
                source=survivors, source_record_id=f"S{i}", raw={}, normalized=normalized
            )
            truth[r.pk] = i
    return SmallCase(persian, latin, survivors, truth)


@pytest.fixture
def small_case(db) -> SmallCase:
    return build_small_case()


@dataclass
class LinkedCase:
    """The small case after one full run that trained the model."""

    case: SmallCase
    run: LinkRun


@contextmanager
def linked_small_case(django_db_blocker: Any, *, persons: int = 150) -> Iterator[LinkedCase]:
    """Build the small case and link it once, for every test of a module or a class.

    Training the model is most of a linking test's time (a run that reuses the model takes
    about a sixth of one that trains), and a run is deterministic: the case linked once is
    the case each test linked for itself. It lives in one transaction that rolls back when
    the block ends; pytest-django runs each test in a savepoint inside it, so what a test
    writes (decisions, splits, later runs) goes with that test. Use it from a module- or
    class-scoped fixture that asks for ``django_db_setup`` first.
    """
    from django.db import transaction

    from dadkhah.web.linkage.services import link_run
    from tests.database import custody_triggers_create, vocabularies_seed_if_missing

    with django_db_blocker.unblock(), transaction.atomic():
        # What each test's database holds before it builds anything (tests/conftest.py).
        vocabularies_seed_if_missing()
        custody_triggers_create()
        case = build_small_case(persons=persons)
        run = link_run(started_by="tester")
        yield LinkedCase(case, run)
        transaction.set_rollback(True)
