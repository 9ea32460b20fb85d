"""One row of each kind of list, as its compilers would have written it.

A builder takes a chunk of the population's columns (Python lists, gathered
for the chunk's persons so that reading them is sequential), a position in
the chunk and `nx`, a function that returns the next uniform number of the
record's own block, and returns the row's cells in the order of the list's
headers. None is a missing value (an
empty CSV cell, a JSON null). The kinds follow the field notes: a families'
list in Persian with Jalali dates; a provincial list in an Arabic code page; an
NGO's list in Latin script with mixed date formats; survivors' partial
recollections; an export of merged databases; a memorial site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

from dadkhah.core.synth import render as r
from dadkhah.core.synth.datefmt import digits, fa_date, jalali_year, latin_date
from dadkhah.core.synth.population import NO_DATE
from dadkhah.core.synth.tables import AFFILIATIONS, CITIES, GRAVE_SITES, PRISONS

Cell = str | int | dt.date | None
Next = Callable[[], float]
Columns = SimpleNamespace  # one chunk of the population's columns, as Python lists
Builder = Callable[[Columns, int, Next], list[Cell]]

FA_SPELLING = r.Spelling(honorific=0.6, typo=0.04, arabic=0.06)
REGIONAL_SPELLING = r.Spelling(
    fa_form=r.cumulative((0.4, 0.45, 0.0, 0.15)), honorific=0.5, typo=0.06, arabic=1.0
)
NGO_SPELLING = r.Spelling(honorific=0.35, typo=0.04)
EXPORT_SPELLING = r.Spelling(
    latin=r.cumulative((0.5, 0.25, 0.12, 0.08, 0.05)), honorific=0.4, typo=0.05, arabic=0.2
)
MEMORIAL_SPELLING = r.Spelling(latin=r.cumulative((0.3, 0.45, 0.15, 0.1)), honorific=0.7, typo=0.01)
SURVIVOR_SPELLING = r.Spelling(latin=r.cumulative((0.45, 0.3, 0.15, 0.1)), honorific=0.2, typo=0.06)


def _pick(options: tuple[str, ...], x: float) -> str:
    """The option a uniform x in [0, 1) picks."""
    return options[int(x * len(options))]


def city_fa(ci: int, x: float) -> str:
    """A city in Persian script, by its former name one time in ten where it had one."""
    c = CITIES[ci]
    return _pick(c.old_names_fa, x / 0.1) if c.old_names_fa and x < 0.1 else c.fa


def city_latin(ci: int, x: float, old: float = 0.12) -> str:
    """A city in Latin script, by a former name or other spelling with probability `old`."""
    c = CITIES[ci]
    return _pick(c.old_names, x / old) if c.old_names and x < old else c.en


def prison_fa(pi: int, x: float) -> str:
    """A prison's Persian name, one of its names."""
    return _pick(PRISONS[pi].fa, x)


def prison_latin(pi: int, x: float) -> str:
    """A prison's Latin name, the usual one more often than not."""
    names = PRISONS[pi].en
    return names[0] if x < 0.5 else _pick(names, (x - 0.5) * 2)


def affiliation_fa(ai: int, x: float) -> str:
    """A political group as a Persian list writes it."""
    return _pick(AFFILIATIONS[ai].fa, x)


def affiliation_latin(ai: int, x: float) -> str:
    """A political group as a Latin list writes it."""
    return _pick(AFFILIATIONS[ai].latin, x)


def _age(p: Columns, i: int) -> int:
    end = p.death[i] if p.death[i] != NO_DATE else dt.date(1988, 8, 15).toordinal()
    return int((end - p.birth[i]) // 365.25)


def _digit_kind(x: float) -> str:
    return "fa" if x < 0.8 else ("ar" if x < 0.9 else "ascii")


def families_fa(p: Columns, i: int, nx: Next) -> list[Cell]:
    """A families' list in Persian: Persian digits, Jalali dates, ages for birth years.

    The date of death is the date the family was told, one time in five.
    """
    sp = FA_SPELLING
    dk = _digit_kind(nx())
    female, seyed = p.female[i], p.seyed[i]
    given = r.given_fa(p.given[i], seyed, female, sp, nx(), nx(), nx())
    family = r.family_fa(p.family[i], sp, nx(), nx())
    x = nx()
    father = r.given_fa(p.father[i], False, False, sp, nx(), 1.0, nx()) if x < 0.75 else None
    x = nx()
    birth_year = digits(str(jalali_year(p.birth[i])), dk) if x < 0.55 else None
    age = digits(str(_age(p, i) + (1 if nx() < 0.15 else 0)), dk) if 0.55 <= x < 0.75 else None
    x, style = nx(), nx()
    death = None
    if p.death[i] != NO_DATE and x < 0.88:
        day = p.death[i]
        if nx() < 0.2 and p.notified[i] != NO_DATE:
            day = p.notified[i]
        fmt = (
            "ymd"
            if style < 0.6
            else "ymd_short"
            if style < 0.75
            else "day_month"
            if style < 0.85
            else "month"
        )
        death = fa_date(day, fmt, dk)
    elif p.death[i] == NO_DATE and x < 0.3:
        death = "نامعلوم"
    city = city_fa(p.city[i], nx())
    x = nx()
    prison = prison_fa(p.prison[i], nx()) if x < 0.7 else None
    x = nx()
    affiliation = affiliation_fa(p.affiliation[i], nx()) if x < 0.8 else None
    x = nx()
    burial = _pick(GRAVE_SITES[p.burial[i]].fa, nx()) if p.burial[i] >= 0 and x < 0.5 else None
    x = nx()
    notes = None
    if p.sibling_group[i] >= 0 and x < 0.4:
        notes = "برادرش نیز اعدام شد" if nx() < 0.8 else "خواهرش نیز اعدام شد"
    elif p.death[i] == NO_DATE and x < 0.5:
        notes = "سرنوشت و محل دفن نامعلوم"
    return [given, family, father, birth_year, age, death, city, prison, affiliation, burial, notes]


FAMILIES_FA_HEADERS = (
    "شناسه",
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "سال تولد",
    "سن",
    "تاریخ اعدام",
    "شهر",
    "زندان",
    "سازمان",
    "محل دفن",
    "توضیحات",
)


def regional_fa(p: Columns, i: int, nx: Next) -> list[Cell]:
    """A provincial network's list, typed on an Arabic keyboard, saved in Windows-1256.

    ASCII digits (the code page has no Persian ones), ي for ی always, ك for ک often.
    """
    sp = REGIONAL_SPELLING
    x_ar = nx()
    female, seyed = p.female[i], p.seyed[i]
    given = r.given_fa(p.given[i], seyed, female, sp, nx(), nx(), nx())
    family = r.family_fa(p.family[i], sp, nx(), nx())
    x = nx()
    father = r.given_fa(p.father[i], False, False, sp, nx(), 1.0, nx()) if x < 0.6 else None
    x = nx()
    sex = ("زن" if female else "مرد") if x < 0.95 else None
    x, style = nx(), nx()
    birth = None
    if x < 0.6:
        birth = fa_date(p.birth[i], "year", "ascii")
    elif x < 0.75:
        birth = fa_date(p.birth[i], "ymd_short" if style < 0.5 else "ymd", "ascii")
    x, style = nx(), nx()
    arrest = fa_date(p.arrest[i], "year" if style < 0.6 else "month", "ascii") if x < 0.5 else None
    x, style = nx(), nx()
    death = None
    if p.death[i] != NO_DATE and x < 0.85:
        death = fa_date(
            p.death[i],
            "ymd" if style < 0.6 else "ymd_dash" if style < 0.7 else "month",
            "ascii",
        )
    city = city_fa(p.city[i], nx())
    x = nx()
    prison = prison_fa(p.prison[i], nx()) if x < 0.6 else None
    x = nx()
    affiliation = affiliation_fa(p.affiliation[i], nx()) if x < 0.85 else None
    x = nx()
    notes = "از فعالین محلی" if x < 0.05 else None
    cells: list[Cell] = [
        given,
        family,
        father,
        sex,
        birth,
        arrest,
        death,
        city,
        prison,
        affiliation,
        notes,
    ]
    return [r.to_arabic(c, x_ar, sp) if isinstance(c, str) else c for c in cells]


# The code page has no ی: the headers are written with the Arabic ي too.
REGIONAL_FA_HEADERS = tuple(
    h.translate(r.ARABIC_LETTERS)
    for h in (
        "شناسه",
        "نام",
        "نام خانوادگی",
        "نام پدر",
        "جنسیت",
        "تاریخ تولد",
        "تاریخ بازداشت",
        "تاریخ اعدام",
        "شهر",
        "زندان",
        "گرایش سیاسی",
        "توضیحات",
    )
)

_LATIN_DEATH_STYLES = (
    ("dmy", 0.22),
    ("mdy", 0.12),
    ("iso", 0.14),
    ("d_mon_y", 0.14),
    ("mon_y", 0.16),
    ("dot", 0.06),
    ("jalali", 0.05),
    ("season", 0.05),
    ("excel", 0.06),
)
_LATIN_DEATH_CUM = r.cumulative([w for _, w in _LATIN_DEATH_STYLES])


def _latin_full(given: str, family: str, x: float) -> str:
    if x < 0.7:
        return f"{given} {family}"
    if x < 0.9:
        return f"{family}, {given}"
    return f"{family.upper()} {given}"


def ngo_latin(p: Columns, i: int, nx: Next) -> list[Cell]:
    """An NGO's list in Latin script: mixed date formats, family name first sometimes.

    Some death dates are real spreadsheet dates (a `datetime.date` cell).
    """
    sp = NGO_SPELLING
    female, seyed = p.female[i], p.seyed[i]
    given = r.given_latin(p.given[i], seyed, female, sp, nx(), nx(), nx())
    family = r.family_latin(p.family[i], sp, nx(), nx())
    x_layout, x_full, x_caps = nx(), nx(), nx()
    if x_caps < 0.08:
        given, family = given.upper(), family.upper()
    full: str | None = None
    g: str | None = given
    f: str | None = family
    if x_layout < 0.5:
        full, g, f = _latin_full(given, family, x_full), None, None
    x = nx()
    father = r.given_latin(p.father[i], False, False, sp, nx(), 1.0, nx()) if x < 0.4 else None
    x = nx()
    sex = (
        ("F" if female else "M")
        if x < 0.5
        else ("female" if female else "male")
        if x < 0.7
        else None
    )
    x = nx()
    birth_year: Cell = None
    age: Cell = None
    if x < 0.5:
        birth_year = dt.date.fromordinal(p.birth[i]).year
    elif x < 0.55:
        birth_year = jalali_year(p.birth[i])  # a Jalali year in a Latin list: it happens
    elif x < 0.75:
        age = _age(p, i)
    x, style = nx(), nx()
    arrest = latin_date(p.arrest[i], "year" if style < 0.6 else "mon_y") if x < 0.3 else None
    x, style = nx(), nx()
    death: Cell = None
    if p.death[i] != NO_DATE and x < 0.9:
        kind = _LATIN_DEATH_STYLES[r.choose(_LATIN_DEATH_CUM, style)][0]
        day = p.death[i]
        death = dt.date.fromordinal(day) if kind == "excel" else latin_date(day, kind)
    city = city_latin(p.city[i], nx())
    x = nx()
    prison = prison_latin(p.prison[i], nx()) if x < 0.6 else None
    x = nx()
    affiliation = affiliation_latin(p.affiliation[i], nx()) if x < 0.85 else None
    x = nx()
    notes = None
    if p.sibling_group[i] >= 0 and x < 0.3:
        notes = "brother also executed" if nx() < 0.8 else "sister also executed"
    return [
        full,
        g,
        f,
        father,
        sex,
        birth_year,
        age,
        arrest,
        death,
        city,
        prison,
        affiliation,
        notes,
    ]


NGO_LATIN_HEADERS = (
    "record_id",
    "full_name",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_year",
    "age",
    "arrest_date",
    "death_date",
    "city",
    "prison",
    "affiliation",
    "notes",
)

_LEFT_FA = ("چپ", "کمونیست", "مارکسیست")
_LEFT_EN = ("leftist", "left", "communist", "Marxist")


def survivors(p: Columns, i: int, nx: Next) -> list[Cell]:
    """What a fellow prisoner remembers: part of a name, the prison, the group, a year.

    Two survivors may remember the same person (the list is not duplicate-free).
    """
    sp = SURVIVOR_SPELLING
    persian = nx() < 0.65
    x_shape, x_var, x_typo, x_typo2 = nx(), nx(), nx(), nx()
    gi, fi = p.given[i], p.family[i]
    female = p.female[i]
    if persian:
        short = r.short_given_fa(gi)
        full_given = r.given_fa(gi, False, female, sp, x_var, 1.0, x_typo)
        family = r.family_fa(fi, sp, x_var, x_typo2)
    else:
        short = r.short_given_latin(gi, sp, x_var)
        full_given = r.given_latin(gi, False, female, sp, x_var, 1.0, x_typo)
        family = r.family_latin(fi, sp, x_var, x_typo2)
    if x_shape < 0.35:
        name = short
    elif x_shape < 0.6:
        name = f"{short} {family}"
    elif x_shape < 0.8:
        name = family
    else:
        name = f"{full_given} {family}"
    if p.seyed[i] and nx() < 0.3:
        name = ("سید " if persian else "Seyed ") + name
    x = nx()
    pi = p.prison[i]
    prison = (prison_fa(pi, nx()) if persian else prison_latin(pi, nx())) if x < 0.95 else None
    x, y = nx(), nx()
    ai = p.affiliation[i]
    affiliation: str | None = None
    if x < 0.7:
        if AFFILIATIONS[ai].group == "pmoi" or y < 0.5:
            affiliation = affiliation_fa(ai, nx()) if persian else affiliation_latin(ai, nx())
        else:
            affiliation = _pick(_LEFT_FA if persian else _LEFT_EN, nx())
    x, y = nx(), nx()
    arrest: str | None = None
    if x < 0.5:
        day = p.arrest[i] + (365 if y < 0.1 else -365 if y < 0.2 else 0)  # memory errs by a year
        arrest = fa_date(day, "year", "fa") if persian else latin_date(day, "year")
    x = nx()
    city = (
        (city_fa(p.city[i], nx()) if persian else city_latin(p.city[i], nx())) if x < 0.4 else None
    )
    x, y = nx(), nx()
    notes: str | None = None
    ward = 1 + int(y * 8)
    if x < 0.35:
        notes = digits(f"بند {ward}", "fa") if persian else f"ward {ward}"
    elif x < 0.5 and p.death[i] != NO_DATE:
        notes = (
            f"آخرین بار در {fa_date(p.death[i] - 3, 'month', 'fa')} دیده شد"
            if persian
            else f"last seen {latin_date(p.death[i] - 3, 'mon_y')}"
        )
    return [name, prison, affiliation, arrest, city, notes]


SURVIVORS_HEADERS = (
    "record_id",
    "full_name",
    "prison",
    "affiliation",
    "arrest_date",
    "city",
    "notes",
)


def export_dupes(p: Columns, i: int, nx: Next) -> list[Cell]:
    """A record of an export from merged databases: Persian or Latin script, nulls."""
    sp = EXPORT_SPELLING
    persian = nx() < 0.35
    female, seyed = p.female[i], p.seyed[i]
    gi, fi, fa_i = p.given[i], p.family[i], p.father[i]
    if persian:
        x_ar = nx()  # one keyboard per record: both names or neither in Arabic letters
        given = r.to_arabic(r.given_fa(gi, seyed, female, sp, nx(), nx(), nx()), x_ar, sp)
        family = r.to_arabic(r.family_fa(fi, sp, nx(), nx()), x_ar, sp)
        full = f"{given} {family}"
    else:
        given = r.given_latin(gi, seyed, female, sp, nx(), nx(), nx())
        family = r.family_latin(fi, sp, nx(), nx())
        full = _latin_full(given, family, nx())
    split = nx() < 0.6
    x = nx()
    father: str | None = None
    if x < 0.45:
        father = (
            r.given_fa(fa_i, False, False, sp, nx(), 1.0, nx())
            if persian
            else r.given_latin(fa_i, False, False, sp, nx(), 1.0, nx())
        )
    x = nx()
    sex = None if x < 0.4 else ("زن" if female else "مرد") if persian else ("F" if female else "M")
    x = nx()
    birth = p.birth[i]
    birth_date = (
        (fa_date(birth, "ymd", "ascii") if persian else latin_date(birth, "iso"))
        if x < 0.15
        else None
    )
    birth_year: int | None = (
        (jalali_year(birth) if persian else dt.date.fromordinal(birth).year)
        if 0.15 <= x < 0.6
        else None
    )
    x, style = nx(), nx()
    death: str | None = None
    if p.death[i] != NO_DATE and x < 0.85:
        d = p.death[i]
        if persian:
            death = fa_date(d, "ymd" if style < 0.8 else "month", "ascii")
        else:
            death = latin_date(d, "iso" if style < 0.5 else "dmy" if style < 0.8 else "mon_y")
    ci, pi, ai = p.city[i], p.prison[i], p.affiliation[i]
    city = city_fa(ci, nx()) if persian else city_latin(ci, nx())
    x = nx()
    prison = (prison_fa(pi, nx()) if persian else prison_latin(pi, nx())) if x < 0.55 else None
    x = nx()
    affiliation = (
        (affiliation_fa(ai, nx()) if persian else affiliation_latin(ai, nx())) if x < 0.9 else None
    )
    x = nx()
    burial = None
    if p.burial[i] >= 0 and x < 0.3:
        site = GRAVE_SITES[p.burial[i]]
        burial = _pick(site.fa, nx()) if persian else _pick(site.en, nx())
    return [
        full,
        given if split else None,
        family if split else None,
        father,
        sex,
        birth_date,
        birth_year,
        death,
        city,
        prison,
        affiliation,
        burial,
    ]


EXPORT_HEADERS = (
    "record_id",
    "full_name",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_date",
    "birth_year",
    "death_date",
    "city",
    "prison",
    "affiliation",
    "burial_place",
)


def memorial(p: Columns, i: int, nx: Next) -> list[Cell]:
    """A memorial site's entry in English: other transliterations, former city names."""
    sp = MEMORIAL_SPELLING
    female, seyed = p.female[i], p.seyed[i]
    given = r.given_latin(p.given[i], seyed, female, sp, nx(), nx(), nx())
    family = r.family_latin(p.family[i], sp, nx(), nx())
    x = nx()
    birth = p.birth[i]
    birth_date = (
        latin_date(birth, "iso") if x < 0.3 else latin_date(birth, "year") if x < 0.8 else None
    )
    x = nx()
    death = latin_date(p.death[i], "mon_y" if x < 0.6 else "iso") if p.death[i] != NO_DATE else None
    ci, pi = p.city[i], p.prison[i]
    city = city_latin(ci, nx(), old=0.3)
    x = nx()
    prison = prison_latin(pi, nx()) if x < 0.8 else None
    affiliation = affiliation_latin(p.affiliation[i], nx())
    x = nx()
    where = PRISONS[pi].en[0]
    notes = (
        f"Executed in {where} in the summer of 1988." if x < 0.5 and p.death[i] != NO_DATE else None
    )
    return [f"{given} {family}", birth_date, death, city, prison, affiliation, notes]


MEMORIAL_HEADERS = (
    "record_id",
    "full_name",
    "birth_date",
    "death_date",
    "city",
    "prison",
    "affiliation",
    "notes",
)
