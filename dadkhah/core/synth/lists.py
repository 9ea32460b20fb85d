"""The list-generation model: who each list captures, how often, in what order.

Each list captures a person with probability

    logit p = a + b * documentation(city) + g(group) + c(city) + v * visibility + s * survivors(prison)

(a logistic model of heterogeneous capture, as in the multiple systems
estimation literature: Bird and King, Annu. Rev. Stat. Appl. 5 (2018), and
Manrique-Vallier, Biometrics 72 (2016)). The latent `visibility` is shared by
all lists, so lists are positively dependent through it; opposite signs of
g(group) and c(city) make some pairs negatively dependent (an opposition export
strong on PMOI prisoners, an NGO strong on leftists; a provincial list weak in
Tehran where the families' list is strong). The true total is therefore not
recovered by an estimator that assumes independent lists.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from dadkhah.core.synth import builders as b
from dadkhah.core.synth.population import Population
from dadkhah.core.synth.tables import AFFILIATIONS, CITIES, PRISONS

RANDOMS_PER_RECORD = 36  # the most any builder draws is about 30
CHUNK = 20_000


@dataclass(frozen=True)
class Capture:
    """Coefficients of a list's capture model (see the module docstring)."""

    intercept: float
    documentation: float = 0.0
    visibility: float = 0.0
    survivors: float = 0.0
    groups: tuple[tuple[str, float], ...] = ()
    cities: tuple[tuple[str, float], ...] = ()
    duplicates: float = 0.0  # share of captured persons with more than one record
    everyone: bool = False  # every person exactly once (the bulk list for benchmarks)


@dataclass(frozen=True)
class ListSpec:
    """One list of the synthetic case: its file, its headers, its capture model."""

    name: str
    title: str
    language: str  # "fa", "en" or "mixed"
    fmt: str  # "csv", "xlsx", "ods", "json" or "jsonl"
    encoding: str
    systematic: bool
    duplicate_free: bool
    calendar: str  # "jalali", "gregorian" or "mixed"
    headers: tuple[str, ...]
    builder: b.Builder
    capture: Capture
    id_format: Callable[[int], str]
    description: str
    reliability: str = "C"  # source reliability, A-F (Admiralty scale)

    def filename(self, fmt: str | None = None) -> str:
        """The file name under lists/, with the list's format or the one given."""
        return f"{self.name}.{fmt or self.fmt}"


def _scrambled_id(k: int) -> str:
    # Knuth's multiplicative hash is a bijection on 32-bit integers: ids look
    # random, never repeat, and need no state.
    return f"{(k * 2654435761 + 0x9E3779B9) % 2**32:08x}"


FAMILIES_FA = ListSpec(
    name="families_fa",
    title="SYNTHETIC — Families' list (Persian)",
    language="fa",
    fmt="csv",
    encoding="utf-8",
    systematic=True,
    duplicate_free=True,
    calendar="jalali",
    headers=b.FAMILIES_FA_HEADERS,
    builder=b.families_fa,
    capture=Capture(
        -1.7,
        documentation=1.0,
        visibility=1.2,
        groups=(("pmoi", 0.3), ("left", -0.1), ("kurdish", -0.6)),
    ),
    id_format=lambda k: str(k + 1),
    description="Compiled by families: Persian headers and digits, Jalali dates, ages for birth years, "
    "sometimes the date the family was told in place of the date of death.",
    reliability="B",
)
REGIONAL_FA = ListSpec(
    name="regional_fa",
    title="SYNTHETIC — Provincial network list (Persian, Windows-1256)",
    language="fa",
    fmt="csv",
    encoding="cp1256",
    systematic=True,
    duplicate_free=True,
    calendar="jalali",
    headers=b.REGIONAL_FA_HEADERS,
    builder=b.regional_fa,
    capture=Capture(
        -1.8,
        documentation=0.2,
        visibility=0.6,
        groups=(("pmoi", -0.3), ("left", 0.3), ("kurdish", 0.9)),
        cities=(("tehran", -2.5),),
    ),
    id_format=lambda k: f"R-{k + 1:05d}",
    description="Typed on an Arabic keyboard and saved in Windows-1256: ASCII digits, ي and ك; "
    "strong in the provinces and in Kurdish cities, weak in Tehran.",
)
NGO_LATIN = ListSpec(
    name="ngo_latin",
    title="SYNTHETIC — NGO list (Latin script)",
    language="en",
    fmt="xlsx",
    encoding="utf-8",
    systematic=True,
    duplicate_free=True,
    calendar="mixed",
    headers=b.NGO_LATIN_HEADERS,
    builder=b.ngo_latin,
    capture=Capture(
        -1.4,
        documentation=0.6,
        visibility=0.9,
        groups=(("pmoi", -0.5), ("left", 0.9), ("kurdish", 0.4)),
    ),
    id_format=lambda k: f"NGO-{k + 1:06d}",
    description="An NGO's systematic list in Latin script: mixed date formats (d/m/y, m/d/y, ISO, "
    "month names, spreadsheet dates), family name first sometimes, ages, former city names.",
    reliability="B",
)
SURVIVORS = ListSpec(
    name="survivors",
    title="SYNTHETIC — Survivors' recollections",
    language="mixed",
    fmt="ods",
    encoding="utf-8",
    systematic=False,
    duplicate_free=False,
    calendar="mixed",
    headers=b.SURVIVORS_HEADERS,
    builder=b.survivors,
    capture=Capture(-3.3, survivors=1.2, visibility=0.3, groups=(("left", 0.3),), duplicates=0.15),
    id_format=lambda k: f"S-{k + 1:04d}",
    description="Former prisoners' partial recollections: one part of a name, the prison, the group, "
    "a year of arrest; two survivors may remember the same person.",
)
EXPORT_DUPES = ListSpec(
    name="export_dupes",
    title="SYNTHETIC — Export of merged databases (with duplicates)",
    language="mixed",
    fmt="json",
    encoding="utf-8",
    systematic=True,
    duplicate_free=False,
    calendar="mixed",
    headers=b.EXPORT_HEADERS,
    builder=b.export_dupes,
    capture=Capture(
        -1.1,
        documentation=0.5,
        visibility=0.7,
        groups=(("pmoi", 0.8), ("left", -0.9), ("kurdish", -0.9)),
        duplicates=0.2,
    ),
    id_format=_scrambled_id,
    description="A JSON array exported from merged databases: Persian and Latin records, nulls, "
    "the same person repeated with other spellings.",
)
MEMORIAL = ListSpec(
    name="memorial",
    title="SYNTHETIC — Memorial site entries (English)",
    language="en",
    fmt="jsonl",
    encoding="utf-8",
    systematic=True,
    duplicate_free=True,
    calendar="gregorian",
    headers=b.MEMORIAL_HEADERS,
    builder=b.memorial,
    capture=Capture(-3.4, documentation=0.6, visibility=1.8),
    id_format=lambda k: f"m{k + 1:06d}",
    description="A memorial website's entries in English (JSON Lines): other transliterations, "
    "former city names, month-precision dates; the best-known victims.",
)
BULK_LATIN = ListSpec(
    name="bulk_latin",
    title="SYNTHETIC — Bulk list for benchmarks (every victim once)",
    language="en",
    fmt="csv",
    encoding="utf-8",
    systematic=True,
    duplicate_free=True,
    calendar="mixed",
    headers=b.NGO_LATIN_HEADERS,
    builder=b.ngo_latin,
    capture=Capture(0.0, everyone=True),
    id_format=lambda k: f"B-{k + 1:07d}",
    description="Every victim exactly once, written like the NGO list: for import benchmarks.",
    reliability="B",
)

DEFAULT_LISTS: tuple[ListSpec, ...] = (
    FAMILIES_FA,
    REGIONAL_FA,
    NGO_LATIN,
    SURVIVORS,
    EXPORT_DUPES,
    MEMORIAL,
)
ALL_LISTS: dict[str, ListSpec] = {s.name: s for s in (*DEFAULT_LISTS, BULK_LATIN)}


def list_rng(seed: int, name: str) -> np.random.Generator:
    """The list's own random stream: the same whichever other lists are generated."""
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(name.encode())]))


def capture_probability(spec: ListSpec, pop: Population, shift: float = 0.0) -> np.ndarray:
    """Each person's probability of being on the list (see the module docstring)."""
    c = spec.capture
    if c.everyone:
        return np.ones(pop.n)
    group_of = np.array([a.group for a in AFFILIATIONS])[pop.affiliation]
    eta = np.full(pop.n, c.intercept + shift)
    eta += c.documentation * np.array([x.documentation for x in CITIES])[pop.city]
    eta += c.visibility * pop.visibility
    eta += c.survivors * np.array([p.survivors for p in PRISONS])[pop.prison]
    for group, coef in c.groups:
        eta += coef * (group_of == group)
    city_keys = np.array([x.key for x in CITIES])[pop.city]
    for key, coef in c.cities:
        eta += coef * (city_keys == key)
    return np.asarray(1.0 / (1.0 + np.exp(-eta)))


# The identifiable capture mode (`dadkhah synth --capture latent-classes`): every
# person belongs to one of a few latent classes, and given the class the lists
# capture independently with class-specific probabilities. This is exactly the
# model LCMCR assumes (Manrique-Vallier, Biometrics 72 (2016), section 2), so an
# end-to-end test has a truth the method can reach; the default "logistic" mode,
# with its city and group effects, is a stress test that no estimator assuming
# conditional independence can recover (docs/methodology/estimation.md).
CAPTURE_MODES = ("logistic", "latent-classes")
LATENT_CLASS_WEIGHTS = (0.45, 0.35, 0.20)  # hidden, ordinary and prominent victims
# Capture logit per class (in the order above); coverage_shift is added to each.
LATENT_CLASS_LOGITS: dict[str, tuple[float, float, float]] = {
    "families_fa": (-0.9, -0.2, 1.4),
    "regional_fa": (-0.8, -1.1, 0.4),
    "ngo_latin": (-1.1, 0.0, 1.2),
    "survivors": (-2.8, -2.4, -1.4),
    "export_dupes": (-0.7, 0.1, 1.0),
    "memorial": (-1.6, -1.5, 0.8),
}


def latent_classes(seed: int, n: int) -> np.ndarray:
    """Each person's latent class (0, 1 or 2), from its own stream: the population is unchanged."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(b"latent-classes")]))
    return np.asarray(rng.choice(len(LATENT_CLASS_WEIGHTS), size=n, p=LATENT_CLASS_WEIGHTS))


def latent_class_probability(spec: ListSpec, classes: np.ndarray, shift: float = 0.0) -> np.ndarray:
    """Each person's probability of being on the list, from their latent class alone."""
    if spec.capture.everyone:
        return np.ones(classes.shape[0])
    logits = np.asarray(LATENT_CLASS_LOGITS[spec.name]) + shift
    return np.asarray((1.0 / (1.0 + np.exp(-logits)))[classes])


def draw_records(
    spec: ListSpec,
    pop: Population,
    rng: np.random.Generator,
    shift: float = 0.0,
    classes: np.ndarray | None = None,
) -> np.ndarray:
    """The persons behind the list's records, in the order of the file.

    A duplicate-free list has at most one record per person; otherwise a share
    `duplicates` of the captured persons get one more record (two more, one time
    in four). The order is shuffled: nothing about a person follows from a
    record's position. With ``classes`` (the latent-classes mode), capture
    depends on the person's latent class only.
    """
    if classes is None:
        p = capture_probability(spec, pop, shift)
    else:
        p = latent_class_probability(spec, classes, shift)
    captured = np.flatnonzero(rng.random(pop.n) < p)
    copies = np.ones(captured.shape[0], dtype=np.int64)
    if spec.capture.duplicates > 0:
        extra = rng.random(captured.shape[0])
        copies += extra < spec.capture.duplicates
        copies += extra < spec.capture.duplicates / 4
    persons = np.repeat(captured, copies)
    return persons[rng.permutation(persons.shape[0])]


def iter_rows(
    spec: ListSpec, pop: Population, persons: np.ndarray, rng: np.random.Generator
) -> Iterator[list[list[b.Cell]]]:
    """The list's rows, record_id first, in chunks; random numbers drawn a chunk at a time."""
    for start in range(0, persons.shape[0], CHUNK):
        part = persons[start : start + CHUNK]
        cols = pop.columns(part)
        randoms = rng.random((part.shape[0], RANDOMS_PER_RECORD)).tolist()
        rows: list[list[b.Cell]] = []
        for k, u in enumerate(randoms):
            row: list[b.Cell] = [spec.id_format(start + k)]
            row.extend(spec.builder(cols, k, iter(u).__next__))
            rows.append(row)
        yield rows
