"""Witnesses, their testimonies (Persian and English) and the claims the segments support.

Survivors remember cellmates, the commission and the day a friend was called
out; relatives remember the arrest, the notification, the graves and the
threats. About one statement in ten is wrong (a cellmate placed in the wrong
prison, the wrong grave site, a commission member from another city), as
memory is: those claims are false in truth/claims.csv, and the claims a false
one contradicts are listed on it. A witness's identity lives under the
`vault` key only (identity fields for the encrypted vault, never for plain
columns); everything else names them by pseudonym.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from dadkhah.core.jalali import jalali_years_of
from dadkhah.core.synth.catalogue import catalogue, family_entry
from dadkhah.core.synth.datefmt import digits, jalali
from dadkhah.core.synth.entities import Obj, jalali_month, place_key, year
from dadkhah.core.synth.population import NO_DATE, Population, person_key
from dadkhah.core.synth.tables import AFFILIATIONS, CITIES, GRAVE_SITES, JALALI_MONTHS_FA, PRISONS

SURVIVOR_PRISONS = (
    "evin",
    "gohardasht",
    "gohardasht",
    "evin",
    "vakilabad",
    "adelabad",
    "dizelabad",
    "lakan",
    "dastgerd",
)
RELATIONS = (
    ("brother", "برادر"),
    ("sister", "خواهر"),
    ("mother", "مادر"),
    ("father", "پدر"),
    ("wife", "همسر"),
)
DESTROYED_EN = {
    "bulldozed": "were bulldozed",
    "built_over": "were built over",
    "covered": "were covered with concrete",
    "damaged": "were dug up and levelled",
}
DESTROYED_FA = {
    "bulldozed": "با بولدوزر تخریب کردند",
    "built_over": "زیر ساخت‌وساز بردند",
    "covered": "با بتن پوشاندند",
    "damaged": "تخریب و صاف کردند",
}
ERROR_RATE = 0.1


def _fa_num(n: int) -> str:
    return digits(str(n), "fa")


def _month_fa(ordinal: int) -> str:
    y, m, _ = jalali(ordinal)
    return f"{JALALI_MONTHS_FA[m - 1]} {_fa_num(y)}"


def _month_en(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).strftime("%B %Y")


class World:
    """What the testimonies build: witnesses, testimonies, claims, and the claims' truth."""

    def __init__(
        self, pop: Population, refs: dict[int, list[list[str]]], rng: np.random.Generator
    ) -> None:
        self.pop, self.refs, self.rng = pop, refs, rng
        self.witnesses: list[Obj] = []
        self.testimonies: list[Obj] = []
        self.claims: list[Obj] = []
        self.claim_truth: list[tuple[str, bool, str]] = []
        self._by_subject: dict[tuple[str, str, str], str] = {}

    def claim(
        self,
        subject: tuple[str, str],
        kind: str,
        value: str,
        *,
        place: str | None,
        date: Obj | None,
        true: bool,
        note: str = "",
    ) -> str:
        """A claim (one per subject, kind, value and place; repeated statements add sources)."""
        ident = (f"{subject[0]}:{subject[1]}", kind, f"{value}|{place}")
        if ident in self._by_subject:
            return self._by_subject[ident]
        key = f"C{len(self.claims) + 1:05d}"
        self.claims.append(
            {
                "key": key,
                "subject": {"type": subject[0], "key": subject[1]},
                "kind": kind,
                "value": value,
                "place": place,
                "date": date,
                "sources": [],
                "contradicts": [],
            }
        )
        self.claim_truth.append((key, true, note))
        self._by_subject[ident] = key
        return key

    def cite(self, claim: str, source: Obj) -> None:
        """Add a source to a claim."""
        self.claims[int(claim[1:]) - 1]["sources"].append(source)

    def cite_records(self, claim: str, victim: int) -> None:
        """The list records that describe the victim support the claim too."""
        for lst, rid in self.refs.get(victim, [])[:2]:
            self.cite(
                claim,
                {
                    "kind": "list",
                    "source": lst,
                    "record": rid,
                    "locator": f"record {rid}",
                    "reliability": "C",
                    "credibility": 3,
                },
            )

    def link_contradictions(self) -> None:
        """Claims about the same subject and kind with different values contradict each other."""
        groups: dict[tuple[str, str], list[Obj]] = {}
        for c in self.claims:
            if c["kind"] in ("held_at", "buried_at", "member_of"):
                groups.setdefault((c["subject"]["key"], c["kind"]), []).append(c)
        for members in groups.values():
            if members[0]["kind"] == "member_of":
                continue  # one person may sit on several bodies
            for a in members:
                a["contradicts"] = [
                    b["key"]
                    for b in members
                    if b is not a and (b["value"], b["place"]) != (a["value"], a["place"])
                ]


def _vault(rng: np.random.Generator, n: int, city: str, family: int | None, female: bool) -> Obj:
    """Fictional identity fields for the vault: never in plain columns."""
    cat = catalogue()
    ids, p = (cat.female_ids, cat.female_p) if female else (cat.male_ids, cat.male_p)
    g = cat.given[int(ids[rng.choice(len(p), p=p)])]
    f = family_entry(
        family if family is not None else int(rng.choice(len(cat.family_p), p=cat.family_p))
    )
    return {
        "identity_fields": True,
        "given_name": g.latin[0],
        "family_name": f.latin[0],
        "given_name_fa": g.fa[0],
        "family_name_fa": f.fa[0],
        "sex": "F" if female else "M",
        "birth_year": int(rng.integers(1945, 1970)),
        "phone": f"+00 555 {n:04d}",
        "email": f"witness{n:04d}@example.org",
        "address": f"{int(rng.integers(1, 200))} Synthetic Street, {city}",
    }


def _name(pop: Population, i: int, lang: str, short: bool) -> str:
    cat = catalogue()
    g, f = cat.given[int(pop.given[i])], family_entry(int(pop.family[i]))
    if lang == "fa":
        return f"{g.short_fa if short else g.fa[0]} {f.fa[0]}"
    return f"{g.short_latin[0] if short else g.latin[0]} {f.latin[0]}"


def _perp_name(p: Obj, lang: str, rng: np.random.Generator) -> str:
    if rng.random() < 0.4:
        return str(p["other_names"][1 if lang == "fa" else 0])
    return (
        f"{p['given_name_fa']} {p['family_name_fa']}"
        if lang == "fa"
        else f"{p['given_name']} {p['family_name']}"
    )


def _testimony(
    world: World,
    witness: str,
    lang: str,
    segments: list[tuple[str, str, list[str]]],
    rng: np.random.Generator,
) -> None:
    key = f"T-{len(world.testimonies) + 1:04d}"
    taken = dt.date(
        int(rng.integers(2005, 2024)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    )
    segs = []
    second = 0
    for k, (text_fa, text_en, claims) in enumerate(segments, start=1):
        text = text_fa if lang == "fa" else text_en
        locator = f"00:{second // 60:02d}:{second % 60:02d}"
        second += int(rng.integers(40, 400))
        segs.append({"order": k, "locator": locator, "text": text, "claims": claims})
        for c in claims:
            world.cite(
                c,
                {
                    "kind": "testimony",
                    "source": key,
                    "segment": k,
                    "locator": locator,
                    "excerpt": text[:200],
                    "reliability": "B",
                    "credibility": 2,
                },
            )
    world.testimonies.append(
        {
            "key": key,
            "witness": witness,
            "language": lang,
            "taken_on": taken.isoformat(),
            "title": f"SYNTHETIC — Testimony of {witness} ({'Persian' if lang == 'fa' else 'English'})",
            "source": {
                "name": f"testimony-{key.lower()}",
                "kind": "testimony",
                "reliability": "B",
                "synthetic": True,
            },
            "segments": segs,
        }
    )


def build_testimonies(
    pop: Population,
    refs: dict[int, list[list[str]]],
    places: list[Obj],
    perpetrators: list[Obj],
    memberships: list[Obj],
    events: list[Obj],
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Witnesses (W-0001 …), testimonies (T-0001 …) and claims (C00001 …).

    Returns:
        {"witnesses", "testimonies", "claims", "claim_truth", "world"}.
    """
    world = World(pop, refs, rng)
    documented = np.array(sorted(refs), dtype=np.int64)
    if documented.shape[0] == 0:
        return {"witnesses": [], "testimonies": [], "claims": [], "claim_truth": [], "world": world}
    perp = {p["person_key"]: p for p in perpetrators}
    seats: dict[str, dict[str, str]] = {}
    for m in memberships:
        if m["body"].startswith("commission:"):
            seats.setdefault(m["body"].split(":")[1], {})[m["role"]] = m["person"]
    event_of = {(e["kind"], v["person_key"]): e["key"] for e in events for v in e["victims"]}
    site_fate = {
        p["key"]: [o for o in p["observations"] if o["status"] in DESTROYED_EN]
        for p in places
        if p["kind"] == "grave_site"
    }
    prison_idx = {p.key: k for k, p in enumerate(PRISONS)}
    n_witnesses = max(6, round(pop.n / 150))
    for w in range(n_witnesses):
        pseudonym = f"W-{w + 1:04d}"
        if rng.random() < 0.6:
            _survivor(world, pseudonym, documented, seats, perp, prison_idx)
        else:
            _relative(world, pseudonym, documented, event_of, site_fate)
    world.link_contradictions()
    return {
        "witnesses": world.witnesses,
        "testimonies": world.testimonies,
        "claims": world.claims,
        "claim_truth": world.claim_truth,
        "world": world,
    }


def _languages(world: World) -> list[str]:
    first = "fa" if world.rng.random() < 0.6 else "en"
    return [first, "en" if first == "fa" else "fa"] if world.rng.random() < 0.25 else [first]


def _survivor(
    world: World,
    pseudonym: str,
    documented: np.ndarray,
    seats: dict[str, dict[str, str]],
    perp: dict[str, Obj],
    prison_idx: dict[str, int],
) -> None:
    pop, rng = world.pop, world.rng
    prison = PRISONS[prison_idx[SURVIVOR_PRISONS[int(rng.integers(0, len(SURVIVOR_PRISONS)))]]]
    city = next(c for c in CITIES if c.key == prison.city)
    # Men and women were held in separate wards: a survivor's cellmates share their sex.
    female = bool(rng.random() < 0.25)
    pool = documented[
        (pop.prison[documented] == prison_idx[prison.key]) & (pop.female[documented] == female)
    ]
    if pool.shape[0] == 0:
        pool = documented[pop.female[documented] == female]
    if pool.shape[0] == 0:
        pool = documented
    mates = [int(i) for i in rng.choice(pool, size=min(3, pool.shape[0]), replace=False)]
    arrested = int(rng.integers(1981, 1986))
    released = int(rng.integers(1989, 1992))
    p_key = place_key("prison", prison.key)
    segs: list[tuple[str, str, list[str]]] = [
        (
            f"من در سال {_fa_num(jalali_years_of(arrested)[1])} دستگیر شدم و تا سال {_fa_num(jalali_years_of(released)[1])} در {prison.fa[0]} زندانی بودم.",
            f"I was arrested in {arrested} and held in {prison.en[0]} until {released}.",
            [],
        )
    ]
    ward = int(rng.integers(1, 9))
    for i in mates:
        wrong = rng.random() < ERROR_RATE
        where = (
            PRISONS[(prison_idx[prison.key] + 1) % len(PRISONS)]
            if wrong
            else PRISONS[int(pop.prison[i])]
        )
        c = world.claim(
            ("person", person_key(i)),
            "held_at",
            where.en[0],
            place=place_key("prison", where.key),
            date=year(1987),
            true=not wrong,
            note="witness placed the cellmate in the wrong prison" if wrong else "",
        )
        aff = AFFILIATIONS[int(pop.affiliation[i])]
        segs.append(
            (
                f"در سال {_fa_num(1366)} با {_name(pop, i, 'fa', True)} که هوادار {aff.fa[0]} بود در بند {_fa_num(ward)} {where.fa[0]} هم‌سلول بودم.",
                f"In 1987 I shared a cell in ward {ward} of {where.en[0]} with {_name(pop, i, 'en', True)}, a {aff.latin[0]} supporter.",
                [c],
            )
        )
    seat = seats[city.key]
    wrong = rng.random() < ERROR_RATE
    judge_key = (
        seats[CITIES[(CITIES.index(city) + 1) % len(CITIES)].key]["religious_judge"]
        if wrong
        else seat["religious_judge"]
    )
    judge, prosecutor = perp[judge_key], perp[seat["prosecutor"]]
    commission = f"commission:{city.key}"
    when = (
        int(rng.choice(pop.death[mates][pop.death[mates] != NO_DATE]))
        if (pop.death[mates] != NO_DATE).any()
        else dt.date(1988, 8, 5).toordinal()
    )
    c_judge = world.claim(
        ("person", judge_key),
        "member_of",
        commission,
        place=p_key,
        date=jalali_month(when),
        true=not wrong,
        note="witness named another city's judge" if wrong else "",
    )
    c_pros = world.claim(
        ("person", seat["prosecutor"]),
        "member_of",
        commission,
        place=p_key,
        date=jalali_month(when),
        true=True,
    )
    c_sat = world.claim(
        ("body", commission),
        "sat_at",
        prison.en[0],
        place=p_key,
        date=jalali_month(when),
        true=True,
    )
    segs.append(
        (
            f"در {_month_fa(when)} ما را یکی‌یکی به هیئت بردند. {_perp_name(judge, 'fa', rng)} ریاست هیئت را داشت و {_perp_name(prosecutor, 'fa', rng)} و نماینده‌ای از وزارت اطلاعات هم حضور داشتند.",
            f"In {_month_en(when)} we were taken one by one before the commission. {_perp_name(judge, 'en', rng)} presided; {_perp_name(prosecutor, 'en', rng)} and a man from the Intelligence Ministry sat with him.",
            [c_judge, c_pros, c_sat],
        )
    )
    executed = [
        i for i in mates if pop.death[i] != NO_DATE and pop.prison[i] == prison_idx[prison.key]
    ]
    if executed:
        i = executed[0]
        c = world.claim(
            ("person", person_key(i)),
            "executed",
            prison.en[0],
            place=p_key,
            date=jalali_month(int(pop.death[i])),
            true=True,
        )
        world.cite_records(c, i)
        segs.append(
            (
                f"در {_month_fa(int(pop.death[i]))} {_name(pop, i, 'fa', True)} را با چشم‌بند صدا زدند و دیگر برنگشت.",
                f"In {_month_en(int(pop.death[i]))} {_name(pop, i, 'en', True)} was called out, blindfolded, and never came back.",
                [c],
            )
        )
    segs.append(
        (
            "بعدها فهمیدیم که بیشتر هم‌بندی‌های ما اعدام شده بودند.",
            "Later we learned that most of our ward had been executed.",
            [],
        )
    )
    world.witnesses.append(
        {
            "pseudonym": pseudonym,
            "kind": "survivor",
            "risk_level": "high" if rng.random() < 0.6 else "medium",
            "about": f"Former political prisoner, held in {prison.en[0]} {arrested}–{released}.",
            "relative_of": None,
            "consent": {
                "testimony": True,
                "court": bool(rng.random() < 0.7),
                "publication": "pseudonymous",
            },
            "vault": _vault(rng, len(world.witnesses) + 1, city.en, None, female),
        }
    )
    for lang in _languages(world):
        _testimony(world, pseudonym, lang, segs, rng)


def _relative(
    world: World,
    pseudonym: str,
    documented: np.ndarray,
    event_of: dict[tuple[str, str], str],
    site_fate: dict[str, list[Obj]],
) -> None:
    pop, rng = world.pop, world.rng
    i = int(documented[int(rng.integers(0, documented.shape[0]))])
    pk = person_key(i)
    city, prison = CITIES[int(pop.city[i])], PRISONS[int(pop.prison[i])]
    rel_en, rel_fa = RELATIONS[int(rng.integers(0, len(RELATIONS)))]
    if rel_en == "wife" and pop.female[i]:
        rel_en = "husband"
    arrest_year = dt.date.fromordinal(int(pop.arrest[i])).year
    c_arrest = world.claim(
        ("person", pk),
        "arrested",
        city.en,
        place=place_key("city", city.key),
        date=year(arrest_year),
        true=True,
    )
    world.cite_records(c_arrest, i)
    segs: list[tuple[str, str, list[str]]] = [
        (
            f"{rel_fa} من، {_name(pop, i, 'fa', False)}، در سال {_fa_num(jalali(int(pop.arrest[i]))[0])} در {city.fa} دستگیر شد.",
            f"My {rel_en} {_name(pop, i, 'en', False)} was arrested in {arrest_year} in {city.en}.",
            [c_arrest],
        )
    ]
    if pop.notified[i] != NO_DATE:
        told = int(pop.notified[i])
        c_exec = world.claim(
            ("person", pk),
            "executed",
            prison.en[0],
            place=place_key("prison", prison.key),
            date=None,
            true=True,
        )
        world.cite_records(c_exec, i)
        claims = [c_exec]
        if ("family_notification", pk) in event_of:
            claims.append(
                world.claim(
                    ("event", event_of[("family_notification", pk)]),
                    "took_place",
                    "family notified",
                    place=place_key("prison", prison.key),
                    date=jalali_month(told),
                    true=True,
                )
            )
        segs.append(
            (
                f"در {_month_fa(told)} ما را به {prison.fa[0]} احضار کردند، ساکی از وسایلش را به ما دادند و گفتند اعدام شده است.",
                f"In {_month_en(told)} we were summoned to {prison.en[0]}, given a bag of belongings and told of the execution.",
                claims,
            )
        )
    sites = [s for s in GRAVE_SITES if s.city == city.key]
    true_site = GRAVE_SITES[int(pop.burial[i])] if pop.burial[i] >= 0 else None
    guess = (
        true_site
        if true_site is not None and rng.random() > ERROR_RATE * 2
        else sites[int(rng.integers(0, len(sites)))]
    )
    right = true_site is not None and guess.key == true_site.key
    c_buried = world.claim(
        ("person", pk),
        "buried_at",
        guess.en[0],
        place=place_key("site", guess.key),
        date=None,
        true=right,
        note="" if right else "the family's guess of the grave site is wrong or unverifiable",
    )
    segs.append(
        (
            f"هرگز به ما نگفتند کجا دفن شده است. بعدها گورهای تازه‌ای در {guess.fa[0]} پیدا کردیم.",
            f"We were never told where {'she' if pop.female[i] else 'he'} was buried. Later we found fresh graves at {guess.en[0]}.",
            [c_buried],
        )
    )
    for obs in site_fate.get(place_key("site", guess.key), []):
        y = int(obs["date"]["text"])
        c_site = world.claim(
            ("place", place_key("site", guess.key)),
            "site_status",
            obs["status"],
            place=place_key("site", guess.key),
            date=year(y),
            true=True,
        )
        segs.append(
            (
                f"در سال {_fa_num(y)} گورهای {guess.fa[0]} را {DESTROYED_FA[obs['status']]}.",
                f"In {y} the graves at {guess.en[0]} {DESTROYED_EN[obs['status']]}.",
                [c_site],
            )
        )
    if ("threat_against_family", pk) in event_of:
        c_threat = world.claim(
            ("event", event_of[("threat_against_family", pk)]),
            "took_place",
            "family threatened",
            place=place_key("city", city.key),
            date=None,
            true=True,
        )
        segs.append(
            (
                "مأموران وزارت اطلاعات به ما هشدار دادند که مراسم یادبود برگزار نکنیم.",
                "Agents of the Intelligence Ministry warned us not to hold a memorial.",
                [c_threat],
            )
        )
    # Siblings and fathers share the victim's family name; mothers and wives keep their own.
    family = int(pop.family[i]) if rel_en in ("brother", "sister", "father") else None
    female = rel_en in ("sister", "mother", "wife")
    world.witnesses.append(
        {
            "pseudonym": pseudonym,
            "kind": "relative",
            "risk_level": "severe" if rng.random() < 0.3 else "high",
            "about": f"Relative ({rel_en}) of a victim from {city.en}.",
            "relative_of": pk,
            "relation": rel_en,
            "consent": {
                "testimony": True,
                "court": bool(rng.random() < 0.5),
                "publication": "pseudonymous",
            },
            "vault": _vault(rng, len(world.witnesses) + 1, city.en, family, female),
        }
    )
    for lang in _languages(world):
        _testimony(world, pseudonym, lang, segs, rng)
