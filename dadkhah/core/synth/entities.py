"""The case beyond the lists: places, bodies, perpetrators, posts, events.

Written to DIR/entities/*.json (layout in docs/methodology/synthetic-case.md).
Events are generated for documented victims only, since a case knows nothing
of the others; each names its victim by true person key and by the records
that describe them, so a loader can attach it to whatever person linkage makes
of those records. Perpetrators are fictional people with constructed names;
the bodies and places are real ones (commissions per city, prisons, grave
sites), as the product's demo asks.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dadkhah.core import csvsafe
from dadkhah.core.jalali import gregorian_to_jalali, jalali_month_range
from dadkhah.core.synth.catalogue import catalogue
from dadkhah.core.synth.population import NO_DATE, Population, person_key
from dadkhah.core.synth.tables import AFFILIATIONS, CITIES, GRAVE_SITES, JALALI_MONTHS_FA, PRISONS
from dadkhah.core.synth.truth import ListTruth

Obj = dict[str, Any]
MAX_RECORDS_PER_VICTIM = 3


# Uncertain dates, in the five fields of dadkhah.core.dates.UncertainDate.
def ud(earliest: dt.date, latest: dt.date, precision: str, calendar: str, text: str) -> Obj:
    """An uncertain date as JSON: earliest, latest (inclusive), precision, calendar, text."""
    return {
        "earliest": earliest.isoformat(),
        "latest": latest.isoformat(),
        "precision": precision,
        "calendar": calendar,
        "text": text,
    }


def day(ordinal: int) -> Obj:
    """A known day (Gregorian)."""
    d = dt.date.fromordinal(ordinal)
    return ud(d, d, "day", "gregorian", d.isoformat())


def jalali_month(ordinal: int) -> Obj:
    """The Jalali month a day falls in, as a family would say it (مرداد ۱۳۶۷)."""
    y, m, _d = gregorian_to_jalali(dt.date.fromordinal(ordinal))
    first, last = jalali_month_range(y, m)
    text = f"{JALALI_MONTHS_FA[m - 1]} {y}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    return ud(first, last, "month", "jalali", text)


def year(y: int) -> Obj:
    """A known year (Gregorian)."""
    return ud(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "gregorian", str(y))


def place_key(kind: str, key: str) -> str:
    """The key of a place in places.json: city:tehran, prison:evin, site:khavaran."""
    return f"{kind}:{key}"


def build_places(pop: Population, rng: np.random.Generator) -> list[Obj]:
    """Cities, prisons and grave sites; grave sites with their observation history."""
    out: list[Obj] = []
    for c in CITIES:
        out.append(
            {
                "key": place_key("city", c.key),
                "kind": "city",
                "name": c.en,
                "name_fa": c.fa,
                "other_names": [*c.old_names, *c.old_names_fa],
                "parent": None,
                "latitude": c.lat,
                "longitude": c.lon,
                "precision": "city",
            }
        )
    city_of = {c.key: c for c in CITIES}
    for p in PRISONS:
        c = city_of[p.city]
        out.append(
            {
                "key": place_key("prison", p.key),
                "kind": "prison",
                "name": p.en[0],
                "name_fa": p.fa[0],
                "other_names": [*p.en[1:], *p.fa[1:]],
                "parent": place_key("city", c.key),
                "latitude": c.lat,
                "longitude": c.lon,
                "precision": "city",
            }
        )
    buried = np.bincount(pop.burial[pop.burial >= 0], minlength=len(GRAVE_SITES))
    for si, s in enumerate(GRAVE_SITES):
        c = city_of[s.city]
        true_n = int(buried[si])
        out.append(
            {
                "key": place_key("site", s.key),
                "kind": "grave_site",
                "name": s.en[0],
                "name_fa": s.fa[0],
                "other_names": [*s.en[1:], *s.fa[1:]],
                "parent": place_key("city", c.key),
                "latitude": round(c.lat + s.dlat, 4),
                "longitude": round(c.lon + s.dlon, 4),
                "precision": "site",
                # What the case estimates, not the truth (truth/persons.csv has burial_site).
                "estimated_individuals_min": int(true_n * 0.6),
                "estimated_individuals_max": int(true_n * 1.5) + 5,
                "observations": _observations(s.fate, rng),
            }
        )
    return out


def _observations(fate: str, rng: np.random.Generator) -> list[Obj]:
    """Intact in 1988; flowers and markers from families in the 1990s; then the site's fate."""
    obs = [
        {
            "date": ud(
                dt.date(1988, 9, 1), dt.date(1988, 9, 30), "month", "gregorian", "September 1988"
            ),
            "status": "intact",
            "description": "Fresh, unmarked trenches; soil disturbed over a wide area.",
        },
        {
            "date": year(int(rng.integers(1991, 2000))),
            "status": "intact",
            "description": "Families have placed flowers and small markers; some are removed by guards.",
        },
    ]
    if fate != "intact":
        y, status = fate.split(":")
        what = {
            "bulldozed": "The site has been bulldozed; the families' markers are gone.",
            "built_over": "New graves and a building now cover part of the site.",
            "concreted": "The site has been covered with concrete.",
            "damaged": "Part of the site has been dug up and levelled.",
        }[status]
        obs.append(
            {
                "date": year(int(y)),
                "status": "covered" if status == "concreted" else status,
                "description": what,
            }
        )
        obs.append(
            {
                "date": year(int(y) + int(rng.integers(1, 4))),
                "status": "inaccessible",
                "description": "Guards at the entrance turn families away.",
            }
        )
    return obs


COMMISSION_ROLES = (
    ("religious_judge", "religious judge (Sharia judge)", "حاکم شرع"),
    ("prosecutor", "prosecutor", "دادستان"),
    (
        "intelligence_representative",
        "representative of the Ministry of Intelligence",
        "نماینده وزارت اطلاعات",
    ),
)
PRISON_ROLES = (
    ("deputy_warden", "deputy warden", "معاون زندان"),
    ("head_of_guards", "head of the prison guards", "رئیس نگهبانان"),
)
SHARED_REPRESENTATIVE = ("semnan", "qom", "yazd")  # cities in the order of CITIES
LATER_POSTS = (
    "judge of the Supreme Court",
    "head of the provincial judiciary of {province}",
    "prosecutor of {province}",
    "deputy head of the Prisons Organisation",
    "member of parliament for {province}",
    "deputy minister",
    "governor of {province}",
    "ambassador",
    "head of a state religious foundation",
    "member of the Assembly of Experts",
    "judge of the Special Court for the Clergy",
    "adviser to the head of the judiciary",
)


def build_bodies() -> list[Obj]:
    """Commissions per city, ministries, courts, prison administrations, political groups."""
    out: list[Obj] = [
        {
            "key": "ministry:intelligence",
            "kind": "ministry",
            "name": "Ministry of Intelligence",
            "name_fa": "وزارت اطلاعات",
            "place": place_key("city", "tehran"),
            "description": "Sent a representative to sit on every commission.",
        },
        {
            "key": "court:prosecutor-general",
            "kind": "court",
            "name": "Office of the Prosecutor-General",
            "name_fa": "دادستانی کل",
            "place": place_key("city", "tehran"),
            "description": "",
        },
    ]
    for c in CITIES:
        prisons = [p for p in PRISONS if p.city == c.key]
        out.append(
            {
                "key": f"commission:{c.key}",
                "kind": "commission",
                "name": f"{c.en} commission (1988)",
                "name_fa": f"هیئت مرگ {c.fa}",
                "place": place_key("city", c.key),
                "sat_at": [place_key("prison", p.key) for p in prisons],
                "description": "A religious judge, a prosecutor and a representative of the Ministry of "
                "Intelligence, deciding by majority. "
                + ("Served both Evin and Gohardasht." if len(prisons) > 1 else ""),
            }
        )
        out.append(
            {
                "key": f"court:revolutionary-{c.key}",
                "kind": "court",
                "name": f"Islamic Revolutionary Court of {c.en}",
                "name_fa": f"دادگاه انقلاب اسلامی {c.fa}",
                "place": place_key("city", c.key),
                "description": "",
            }
        )
    for p in PRISONS:
        out.append(
            {
                "key": f"prison-admin:{p.key}",
                "kind": "prison_administration",
                "name": f"Administration of {p.en[0]}",
                "name_fa": f"ریاست زندان {p.fa[0]}"
                if not p.fa[0].startswith("زندان")
                else f"ریاست {p.fa[0]}",
                "place": place_key("prison", p.key),
                "description": "",
            }
        )
    for a in AFFILIATIONS:
        out.append(
            {
                "key": f"group:{a.key}",
                "kind": "political_group",
                "name": a.latin[0],
                "name_fa": a.fa[0],
                "other_names": [*a.latin[1:], *a.fa[1:]],
                "description": "First wave (July-August 1988)."
                if a.group == "pmoi"
                else "Second wave (from late August 1988).",
            }
        )
    return out


def build_perpetrators(rng: np.random.Generator) -> tuple[list[Obj], list[Obj], list[Obj]]:
    """Fictional commission members and prison officials, their seats and their later posts.

    Returns:
        (perpetrators, memberships, posts).
    """
    cat = catalogue()
    summer = ud(dt.date(1988, 7, 27), dt.date(1988, 10, 7), "range", "gregorian", "summer 1988")
    persons: list[Obj] = []
    members: list[Obj] = []
    posts: list[Obj] = []

    def new_person(role_note: str, cleric: bool, city_key: str) -> Obj:
        g = int(cat.male_ids[rng.choice(len(cat.male_p), p=cat.male_p)])
        f = int(rng.choice(len(cat.family_p), p=cat.family_p))
        fa = int(cat.male_ids[rng.choice(len(cat.male_p), p=cat.male_p)])
        key = f"PR{len(persons) + 1:04d}"
        given, family = cat.given[g], cat.family[f]
        person = {
            "person_key": key,
            "role": "perpetrator",
            "sex": "M",
            "honorific": "Hojatoleslam" if cleric else "",
            "given_name": given.latin[0],
            "family_name": family.latin[0],
            "father_name": cat.given[fa].latin[0],
            "given_name_fa": given.fa[0],
            "family_name_fa": family.fa[0],
            "father_name_fa": cat.given[fa].fa[0],
            "other_names": [f"Haj Agha {given.short_latin[0]}", f"حاج آقا {given.short_fa}"],
            "birth_year": int(rng.integers(1935, 1962)),
            "description": f"{role_note} (fictional person).",
            "city": city_key,
        }
        persons.append(person)
        _later_posts(person, rng, posts)
        return person

    shared: Obj | None = None
    for c in CITIES:
        for rk, ren, rfa in COMMISSION_ROLES:
            # One intelligence representative serves three provincial commissions in turn.
            if (
                rk == "intelligence_representative"
                and shared is not None
                and c.key in SHARED_REPRESENTATIVE[1:]
            ):
                person = shared
            else:
                person = new_person(
                    f"{ren.capitalize()} on the {c.en} commission", rk == "religious_judge", c.key
                )
            if rk == "intelligence_representative" and c.key == SHARED_REPRESENTATIVE[0]:
                shared = person
            members.append(
                {
                    "person": person["person_key"],
                    "body": f"commission:{c.key}",
                    "role": rk,
                    "role_fa": rfa,
                    "start": summer,
                    "end": summer,
                }
            )
            if rk == "intelligence_representative":
                members.append(
                    {
                        "person": person["person_key"],
                        "body": "ministry:intelligence",
                        "role": "official",
                        "role_fa": "کارمند",
                        "start": year(int(rng.integers(1984, 1988))),
                        "end": year(int(rng.integers(1990, 2000))),
                    }
                )
            posts.append(
                {
                    "person": person["person_key"],
                    "title": f"{ren} ({c.en}, 1988)",
                    "title_fa": f"{rfa} ({c.fa}، ۱۳۶۷)",
                    "body": f"commission:{c.key}",
                    "start": summer,
                    "end": summer,
                    "current": False,
                }
            )
    for p in PRISONS:
        for rk, ren, rfa in PRISON_ROLES[: 2 if p.key in ("evin", "gohardasht") else 1]:
            person = new_person(f"{ren.capitalize()} of {p.en[0]}", False, p.city)
            members.append(
                {
                    "person": person["person_key"],
                    "body": f"prison-admin:{p.key}",
                    "role": rk,
                    "role_fa": rfa,
                    "start": year(int(rng.integers(1983, 1988))),
                    "end": year(int(rng.integers(1989, 1996))),
                }
            )
    return persons, members, posts


def _later_posts(person: Obj, rng: np.random.Generator, posts: list[Obj]) -> None:
    start = int(rng.integers(1990, 2000))
    n = int(rng.integers(1, 4))
    city = next(c for c in CITIES if c.key == person["city"])
    for k in range(n):
        title = LATER_POSTS[int(rng.integers(0, len(LATER_POSTS)))].format(province=city.en)
        end = start + int(rng.integers(3, 12))
        current = k == n - 1 and rng.random() < 0.35
        posts.append(
            {
                "person": person["person_key"],
                "title": title,
                "body": None,
                "start": year(start),
                "end": None if current else year(min(end, 2024)),
                "current": bool(current),
            }
        )
        start = min(end, 2024)


def records_by_person(truths: Sequence[ListTruth]) -> dict[int, list[list[str]]]:
    """Each documented person's first records: [[list, record_id], …]."""
    out: dict[int, list[list[str]]] = {}
    for lt in truths:
        for rid, i in zip(lt.record_ids, lt.persons.tolist(), strict=True):
            refs = out.setdefault(i, [])
            if len(refs) < MAX_RECORDS_PER_VICTIM:
                refs.append([lt.name, rid])
    return out


def build_events(
    pop: Population,
    refs: dict[int, list[list[str]]],
    memberships: list[Obj],
    rng: np.random.Generator,
) -> list[Obj]:
    """Arrest, transfer, hearing, execution, burial, notification, threats: documented victims only."""
    seats: dict[str, dict[str, str]] = {}
    prison_staff: dict[str, list[str]] = {}
    for m in memberships:
        if m["body"].startswith("commission:"):
            seats.setdefault(m["body"].split(":")[1], {})[m["role"]] = m["person"]
        if m["body"].startswith("prison-admin:"):
            prison_staff.setdefault(m["body"].split(":")[1], []).append(m["person"])
    events: list[Obj] = []

    def add(
        kind: str,
        date: Obj | None,
        place: str | None,
        victim: int,
        title: str,
        involvements: list[Obj],
        bodies: Sequence[str] = (),
    ) -> None:
        events.append(
            {
                "key": f"E{len(events) + 1:06d}",
                "kind": kind,
                "date": date,
                "place": place,
                "title": title,
                "victims": [{"person_key": person_key(victim), "records": refs[victim]}],
                "involvements": [
                    {"role": "victim", "person": person_key(victim), "mode": ""},
                    *involvements,
                ],
                "bodies": list(bodies),
            }
        )

    for i in sorted(refs):
        city, prison = CITIES[int(pop.city[i])], PRISONS[int(pop.prison[i])]
        commission = seats[city.key]
        p_city, p_prison = place_key("city", city.key), place_key("prison", prison.key)
        arrest = int(pop.arrest[i])
        add(
            "arrest",
            day(arrest) if rng.random() < 0.4 else year(dt.date.fromordinal(arrest).year),
            p_city,
            i,
            f"Arrest in {city.en}",
            [],
            [f"court:revolutionary-{city.key}"],
        )
        if prison.key == "gohardasht" and rng.random() < 0.5:
            add("transfer", year(1987), p_prison, i, "Transfer from Evin to Gohardasht", [])
        death = int(pop.death[i])
        if death == NO_DATE:
            add(
                "disappearance",
                ud(dt.date(1988, 7, 27), dt.date(1988, 10, 7), "range", "gregorian", "summer 1988"),
                p_prison,
                i,
                f"Disappeared from {prison.en[0]}",
                [],
            )
            continue
        sat = [
            {"role": "perpetrator", "person": commission[r], "mode": "sat_on_commission"}
            for r, _, _ in COMMISSION_ROLES
        ]
        add(
            "hearing",
            day(death - int(rng.integers(0, 6))),
            p_prison,
            i,
            f"Hearing before the {city.en} commission",
            sat,
            [f"commission:{city.key}"],
        )
        ordered = [
            {"role": "perpetrator", "person": commission["religious_judge"], "mode": "ordered"}
        ]
        carried = [
            {"role": "perpetrator", "person": s, "mode": "carried_out"}
            for s in prison_staff.get(prison.key, [])[:1]
        ]
        add(
            "execution",
            jalali_month(death) if rng.random() < 0.6 else day(death),
            p_prison,
            i,
            f"Execution at {prison.en[0]}",
            ordered + carried,
            [f"commission:{city.key}"],
        )
        if pop.burial[i] >= 0:
            site = GRAVE_SITES[int(pop.burial[i])]
            concealed = [
                {"role": "perpetrator", "person": s, "mode": "concealed"}
                for s in prison_staff.get(prison.key, [])[:1]
            ]
            add(
                "burial",
                jalali_month(death + int(rng.integers(0, 3))),
                place_key("site", site.key),
                i,
                f"Burial in an unmarked grave at {site.en[0]}",
                concealed,
            )
        if pop.notified[i] != NO_DATE:
            add(
                "family_notification",
                day(int(pop.notified[i])),
                p_prison,
                i,
                "Family told of the execution; belongings returned",
                [],
                [f"prison-admin:{prison.key}"],
            )
        if rng.random() < 0.08:
            add(
                "threat_against_family",
                year(int(rng.integers(1989, 2020))),
                p_city,
                i,
                "Family warned not to hold a memorial",
                [],
                ["ministry:intelligence"],
            )
    return events


def grave_events(places: list[Obj], start: int) -> list[Obj]:
    """One grave-interference event per site whose history ends destroyed."""
    out: list[Obj] = []
    for p in places:
        if p["kind"] != "grave_site":
            continue
        for o in p["observations"]:
            if o["status"] in ("bulldozed", "built_over", "covered", "damaged"):
                out.append(
                    {
                        "key": f"E{start + len(out) + 1:06d}",
                        "kind": "grave_interference",
                        "date": o["date"],
                        "place": p["key"],
                        "title": f"{p['name']}: {o['status'].replace('_', ' ')}",
                        "victims": [],
                        "involvements": [],
                        "bodies": [],
                    }
                )
    return out


def dump(path: Path, data: list[Obj]) -> None:
    """Write a JSON array deterministically: UTF-8, one compact object a line."""
    lines = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) for obj in data)
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")


def write_entities(out: Path, pop: Population, truths: Sequence[ListTruth], seed: int) -> None:
    """Write DIR/entities/*.json and DIR/evidence/ for a full-mode case."""
    from dadkhah.core.synth.case import stream
    from dadkhah.core.synth.evidence import write_evidence
    from dadkhah.core.synth.testimony import build_testimonies

    rng = stream(seed, "entities")
    ent = out / "entities"
    ent.mkdir()
    refs = records_by_person(truths)
    places = build_places(pop, rng)
    bodies = build_bodies()
    perpetrators, memberships, posts = build_perpetrators(rng)
    events = build_events(pop, refs, memberships, rng)
    events += grave_events(places, len(events))
    world = build_testimonies(
        pop, refs, places, perpetrators, memberships, events, stream(seed, "testimonies")
    )
    evidence = write_evidence(
        out / "evidence",
        pop,
        refs,
        places,
        perpetrators,
        memberships,
        posts,
        world,
        stream(seed, "evidence"),
    )
    dump(ent / "places.json", places)
    dump(ent / "bodies.json", bodies)
    dump(ent / "perpetrators.json", perpetrators)
    dump(ent / "memberships.json", memberships)
    dump(ent / "posts.json", posts)
    dump(ent / "events.json", events)
    dump(ent / "witnesses.json", world["witnesses"])
    dump(ent / "testimonies.json", world["testimonies"])
    dump(ent / "claims.json", world["claims"])
    dump(ent / "evidence.json", evidence)
    with (out / "truth" / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csvsafe.writer(fh)
        w.writerow(("claim_key", "true", "note"))
        w.writerows((k, "true" if t else "false", note) for k, t, note in world["claim_truth"])
