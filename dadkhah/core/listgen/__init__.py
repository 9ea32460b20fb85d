"""A second, independently designed generator of victim lists with a known truth.

The linkage model must not be tuned to one generator's habits. This one is
written from the field notes (shared/docs/PERSIAN-NAMES-AND-DATES.md) and the
product brief, not from `dadkhah.core.synth`, and writes lists the way other
people write them:

* **families**: Persian script, Jalali birth years and Jalali dates of death
  in Persian digits (sometimes a month only, sometimes the later date the
  family was told), dropped dots and Arabic keyboard letters; duplicate-free;
* **organisation**: Latin script, English-style spellings, given-first and
  family-first orders mixed in one "Victim" column ("Rahimi, Hossein"),
  keyboard slips; duplicate-free;
* **survivors**: French-style spellings, full names with prison (under either
  of its names) and affiliation, and no dates at all; duplicate-free;
* **merged export**: Arabic-style spellings ("Mohammed", "Hussein"), Jalali
  years in a column called ``birth_year``, OCR-like confusions, and internal
  duplicates (a person merged in from two databases appears twice).

Who appears on which list is drawn by a capture mode. ``latent`` (default)
gives each person one of a few latent visibility classes shared by every
list, the heterogeneity latent-class estimators (LCMCR) are built to
identify; ``independent`` gives every person the same chance per list.

`generate_lists` writes one CSV per list, ``lists.toml`` (each list's file,
mapping and whether it is duplicate-free) and ``truth.csv`` (record → person)
with ``persons.csv`` (every person, listed or not, with their class).
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dadkhah.core import csvsafe
from dadkhah.core.dates import gregorian_to_jalali
from dadkhah.core.errors import InputError
from dadkhah.core.listgen.stock import (
    AFFILIATIONS,
    FAMILY_ROOTS,
    FAMILY_SUFFIXES,
    FEMALE_GIVEN,
    MALE_GIVEN,
    PLACES,
    Name,
    romanize,
)
from dadkhah.core.synth.catalogue import denied

__all__ = ["CAPTURE_MODES", "LIST_NAMES", "ListParams", "Person", "generate_lists", "read_lists"]

CAPTURE_MODES = ("latent", "independent")
LIST_NAMES = ("families", "organisation", "survivors", "merged")

# Capture probabilities per latent class and list (families, organisation,
# survivors, merged) and the classes' shares: well-known prisoners are on
# most lists, obscure ones on few. Classes are shared across lists, so the
# lists are positively dependent through visibility alone (the case LCMCR,
# Manrique-Vallier 2016, is built for).
_CLASSES = (
    (0.45, (0.70, 0.75, 0.40, 0.65)),
    (0.35, (0.40, 0.45, 0.15, 0.35)),
    (0.20, (0.15, 0.10, 0.05, 0.15)),
)
_INDEPENDENT = (0.48, 0.50, 0.23, 0.45)
_DUPLICATE_RATE = 0.15  # share of the merged export's persons who appear twice

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Letters a careless or Arabic keyboard writes for another, and dots dropped by
# hand-copying (field notes, "Script").
_FA_SLIPS = (
    ("ی", "ي"),
    ("ک", "ك"),
    ("پ", "ب"),
    ("چ", "ج"),
    ("ژ", "ز"),
    ("گ", "ک"),
    ("\u200c", " "),
)
_QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_OCR = (("m", "rn"), ("d", "cl"), ("h", "li"), ("e", "c"), ("i", "l"), ("u", "ii"))
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ListParams:
    """What to generate.

    Attributes:
        persons: People executed (listed or not).
        seed: Seed of every draw (the same seed gives the same files).
        capture: "latent" (visibility classes shared across lists) or
            "independent" (one chance per list for everyone).
    """

    persons: int = 2_500
    seed: int = 7
    capture: str = "latent"

    def __post_init__(self) -> None:
        if self.persons < 1:
            raise InputError(f"listgen: persons must be at least 1 (got {self.persons}).")
        if self.capture not in CAPTURE_MODES:
            raise InputError(
                f"listgen: unknown capture mode {self.capture!r}; use {' or '.join(CAPTURE_MODES)}."
            )


@dataclass(frozen=True)
class Person:
    """One person of the truth."""

    key: str
    female: bool
    given: Name
    family: tuple[Name, Name]
    father: Name
    born: dt.date
    died: dt.date
    place: int
    tehran_prison: int
    affiliation: int
    klass: int


def _family_names() -> list[tuple[Name, Name]]:
    out = []
    for root in FAMILY_ROOTS:
        for suffix in FAMILY_SUFFIXES:
            if not any(
                denied(romanize(n, s) + romanize(x, s))
                for n, x in [(root, suffix)]
                for s in ("english", "arabic", "french")
            ):
                out.append((root, suffix))
    return out


def _person(i: int, rng: random.Random, families: list[tuple[Name, Name]]) -> Person:
    female = rng.random() < 0.08
    weights = [w for w, _ in _CLASSES]
    klass = rng.choices(range(len(_CLASSES)), weights=weights)[0]
    born = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(365 * 35))
    died = dt.date(1988, 7, 20) + dt.timedelta(days=rng.randrange(70))
    return Person(
        key=f"P{i:06d}",
        female=female,
        given=rng.choice(FEMALE_GIVEN if female else MALE_GIVEN),
        family=rng.choice(families),
        father=rng.choice(MALE_GIVEN),
        born=born,
        died=died,
        place=rng.randrange(len(PLACES)),
        tehran_prison=rng.randrange(2),
        affiliation=rng.choices(range(len(AFFILIATIONS)), weights=(8, 2, 1, 2, 1, 1, 1))[0],
        klass=klass,
    )


# --- corruptions ----------------------------------------------------------------


def _keyboard_slip(text: str, rng: random.Random) -> str:
    """One keyboard slip: a neighbouring key, a doubled or a swapped letter."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.randrange(3)
    if kind == 0:
        low = text[i].lower()
        for row in _QWERTY_ROWS:
            j = row.find(low)
            if j >= 0:
                near = [row[k] for k in (j - 1, j + 1) if 0 <= k < len(row)]
                return text[:i] + rng.choice(near) + text[i + 1 :]
        return text
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


def _ocr_slip(text: str, rng: random.Random) -> str:
    """One confusion of a scanned page read by OCR (m/rn, d/cl, h/li …)."""
    options = [(old, new) for old, new in _OCR if old in text[1:]]
    if not options:
        return text
    old, new = rng.choice(options)
    at = text.index(old, 1)
    return text[:at] + new + text[at + len(old) :]


def _persian_slip(text: str, rng: random.Random) -> str:
    options = [(old, new) for old, new in _FA_SLIPS if old in text]
    if not options:
        return text
    old, new = rng.choice(options)
    return text.replace(old, new, 1)


# --- the lists ---------------------------------------------------------------------


def _fa_family(p: Person) -> str:
    root, suffix = p.family
    joiner = "" if suffix.fa in ("ی", "یان") else "\u200c"
    return root.fa + joiner + suffix.fa


def _latin_family(p: Person, style: str) -> str:
    root, suffix = p.family
    return romanize(root, style) + romanize(suffix, style).lower()


def _latin_full(p: Person, style: str, rng: random.Random) -> str:
    """Given-first or family-first, in one column (field notes, "Order")."""
    given, family = romanize(p.given, style), _latin_family(p, style)
    order = rng.random()
    if order < 0.55:
        return f"{given} {family}"
    if order < 0.8:
        return f"{family.upper()}, {given}"
    return f"{family}, {given}"


def _prison(p: Person, rng: random.Random) -> str:
    _city_fa, _cities, _prison_fa, prisons = PLACES[p.place]
    if p.place == 0 and p.tehran_prison == 1:
        prisons = PLACES[1][3]
    return rng.choice(prisons)


def _families_row(p: Person, rng: random.Random) -> dict[str, str]:
    given, family, father = p.given.fa, _fa_family(p), p.father.fa
    if rng.random() < 0.25:
        given = _persian_slip(given, rng)
    if rng.random() < 0.25:
        family = _persian_slip(family, rng)
    jy, _jm, _jd = gregorian_to_jalali(p.born)
    death = p.died
    if rng.random() < 0.15:  # the family was told later (field notes, "Dates")
        death = death + dt.timedelta(days=rng.randrange(30, 200))
    y, m, d = gregorian_to_jalali(death)
    shown = f"{y}/{m:02d}" if rng.random() < 0.2 else f"{y}/{m:02d}/{d:02d}"
    return {
        "نام": given,
        "نام خانوادگی": family,
        "نام پدر": father if rng.random() < 0.85 else "",
        "سال تولد": str(jy).translate(_PERSIAN_DIGITS) if rng.random() < 0.8 else "",
        "تاریخ اعدام": shown.translate(_PERSIAN_DIGITS),
        "شهر": PLACES[p.place][0],
    }


def _organisation_row(p: Person, rng: random.Random) -> dict[str, str]:
    full = _latin_full(p, "english", rng)
    if rng.random() < 0.2:
        full = _keyboard_slip(full, rng)
    died = p.died
    date = f"{died.day} {_MONTHS[died.month - 1]} {died.year}"
    if rng.random() < 0.15:
        date = f"{_MONTHS[died.month - 1]} {died.year}"
    return {
        "Victim": full,
        "Son/daughter of": romanize(p.father, "english") if rng.random() < 0.6 else "",
        "Executed": date,
        "Held at": _prison(p, rng),
        "Organisation": rng.choice(AFFILIATIONS[p.affiliation][1:]),
        "M/F": "F" if p.female else "M",
    }


def _survivors_row(p: Person, rng: random.Random) -> dict[str, str]:
    full = _latin_full(p, "french", rng)
    if rng.random() < 0.15:
        full = _keyboard_slip(full, rng)
    return {
        "Nom complet": full,
        "Prison": _prison(p, rng),
        "Tendance": rng.choice(AFFILIATIONS[p.affiliation][1:]) if rng.random() < 0.9 else "",
    }


def _merged_row(p: Person, rng: random.Random) -> dict[str, str]:
    style = "arabic" if rng.random() < 0.7 else "english"
    full = f"{romanize(p.given, style)} {_latin_family(p, style)}"
    if rng.random() < 0.25:
        full = _ocr_slip(full, rng)
    jy = gregorian_to_jalali(p.born)[0]
    cities = PLACES[p.place][1]
    return {
        "name": full,
        "father's name": romanize(p.father, style) if rng.random() < 0.7 else "",
        "birth_year": str(jy + rng.choice((0, 0, 0, 1, -1))) if rng.random() < 0.7 else "",
        "date": p.died.isoformat() if rng.random() < 0.8 else "",
        "city": rng.choice(cities),
    }


# Each list: (name, record-id header, mapping of fields to headers, calendar,
# duplicate-free, row writer).
_LISTS: tuple[tuple[str, str, dict[str, str], str | None, bool, Any], ...] = (
    (
        "families",
        "ردیف",
        {"record_id": "ردیف", "given_name": "نام", "family_name": "نام خانوادگی",
         "father_name": "نام پدر", "birth_year": "سال تولد", "death_date": "تاریخ اعدام",
         "city": "شهر"},
        "jalali",
        True,
        _families_row,
    ),
    (
        "organisation",
        "Ref",
        {"record_id": "Ref", "full_name": "Victim", "father_name": "Son/daughter of",
         "death_date": "Executed", "prison": "Held at", "affiliation": "Organisation",
         "sex": "M/F"},
        "gregorian",
        True,
        _organisation_row,
    ),
    (
        "survivors",
        "No.",
        {"record_id": "No.", "full_name": "Nom complet", "prison": "Prison",
         "affiliation": "Tendance"},
        None,
        True,
        _survivors_row,
    ),
    (
        "merged",
        "ID",
        {"record_id": "ID", "full_name": "name", "father_name": "father's name",
         "birth_year": "birth_year", "death_date": "date", "city": "city"},
        None,
        False,
        _merged_row,
    ),
)  # fmt: skip


def generate_lists(folder: Path, params: ListParams) -> dict[str, int]:
    """Write the lists, their mappings and the truth into `folder`.

    Args:
        folder: Where to write (created if missing).
        params: Persons, seed and capture mode.

    Returns:
        Records written per list.
    """
    rng = random.Random(params.seed)
    families = _family_names()
    people = [_person(i + 1, rng, families) for i in range(params.persons)]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    truth: list[tuple[str, str, str]] = []
    counts: dict[str, int] = {}
    meta = ["# Lists written by dadkhah.core.listgen; mapping = the importer's mapping file."]
    for index, (name, id_header, columns, calendar, free, writer) in enumerate(_LISTS):
        chosen: list[Person] = []
        for p in people:
            chance = (
                _CLASSES[p.klass][1][index] if params.capture == "latent" else _INDEPENDENT[index]
            )
            if rng.random() < chance:
                chosen.append(p)
                if not free and rng.random() < _DUPLICATE_RATE:
                    chosen.append(p)
        rng.shuffle(chosen)
        rows = []
        for number, p in enumerate(chosen, start=1):
            row = {id_header: f"{name[:3].upper()}-{number:05d}", **writer(p, rng)}
            rows.append(row)
            truth.append((name, row[id_header], p.key))
        file = f"{name}.csv"
        with (folder / file).open("w", encoding="utf-8", newline="") as fh:
            out = csvsafe.dict_writer(
                fh,
                fieldnames=[id_header, *(h for h in rows[0] if h != id_header)]
                if rows
                else [id_header],
            )
            out.writeheader()
            out.writerows(rows)
        counts[name] = len(rows)
        meta += [
            "",
            "[[lists]]",
            f'name = "{name}"',
            f'file = "{file}"',
            f"duplicate_free = {str(free).lower()}",
        ]
        meta += ["[lists.mapping]"]
        if calendar is not None:
            meta.append(f'calendar = "{calendar}"')
        meta.append("[lists.mapping.columns]")
        meta += [f'{field} = "{header}"' for field, header in columns.items()]
    (folder / "lists.toml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    with (folder / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        truth_out = csvsafe.writer(fh)
        truth_out.writerow(["list", "record_id", "person_key"])
        truth_out.writerows(truth)
    with (folder / "persons.csv").open("w", encoding="utf-8", newline="") as fh:
        persons_out = csvsafe.writer(fh)
        persons_out.writerow(["person_key", "latent_class", "listed"])
        listed = {key for _l, _r, key in truth}
        persons_out.writerows((p.key, p.klass, int(p.key in listed)) for p in people)
    return counts


def read_lists(folder: Path) -> list[dict[str, Any]]:
    """The ``[[lists]]`` entries of a generated folder's lists.toml."""
    data = tomllib.loads((Path(folder) / "lists.toml").read_text(encoding="utf-8"))
    return list(data["lists"])
