"""A small fictional case for the linkage app: two duplicate-free lists, brothers, namesakes.

Records are written in the importer's normalized form (schema v1,
docs/methodology/import.md): one list in Persian script with Jalali birth
years, one in Latin transliteration. Every person here is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

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
