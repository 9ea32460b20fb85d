"""The population model: every victim of the synthetic case, documented or not.

One row per true person, in numpy arrays so that a million persons take
seconds. The shape follows the field (../shared/docs/PERSIAN-NAMES-AND-DATES.md
and docs/methodology/synthetic-case.md): cities and prisons in rough
proportion, a first wave of PMOI prisoners from late Tir 1367 and a second wave
of leftists from late Mordad, arrests mostly after June 1981, brothers and
sisters who share a family name and a father's name, and namesakes in the same
city with different fathers — the hard negatives of record linkage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from dadkhah.core.errors import InputError
from dadkhah.core.synth.catalogue import NAME_STOCKS, catalogue, family_stock
from dadkhah.core.synth.tables import (
    AFFILIATIONS,
    ARREST_YEARS,
    CITIES,
    FATES,
    FIRST_WAVE_START,
    GRAVE_SITES,
    LAST_EXECUTION,
    PMOI,
    PRISONS,
    SECOND_WAVE_START,
    WEEKS_1988,
)

REFERENCE_DAY = dt.date(1988, 8, 1)
COLUMN_NAMES = (
    "female given family father seyed birth arrest death notified fate city prison "
    "affiliation burial visibility sibling_group namesake_of"
).split()
NO_DATE = -1


@dataclass(frozen=True)
class PopulationParams:
    """Knobs of the population model; the defaults give the demo's shape."""

    sibling_rate: float = 0.025  # share of persons who have a brother or sister among the victims
    namesake_rate: float = 0.01  # share given the same name as another victim of their city
    seyed_rate: float = 0.08
    compound_rate: float = 0.22  # share of men with a compound given name
    female_rate: float = 0.07
    female_rate_evin: float = 0.2
    unknown_burial_rate: float = 0.2
    never_notified_rate: float = 0.15
    name_stock: str = "standard"  # family names: see dadkhah.core.synth.catalogue.NAME_STOCKS

    def __post_init__(self) -> None:
        if self.name_stock not in NAME_STOCKS:
            raise InputError(
                f"Unknown name stock {self.name_stock!r}: choose one of {', '.join(NAME_STOCKS)}."
            )


@dataclass
class Population:
    """The true persons, one index per person; dates are proleptic ordinals or NO_DATE."""

    n: int
    female: np.ndarray  # bool
    given: np.ndarray  # index into catalogue().given
    family: np.ndarray  # index into catalogue().family
    father: np.ndarray  # index into catalogue().given (a man's name)
    seyed: np.ndarray  # bool: the honorific Seyed / Sadat
    birth: np.ndarray
    arrest: np.ndarray
    death: np.ndarray  # NO_DATE for the disappeared
    notified: np.ndarray  # the family was told; NO_DATE if never
    fate: np.ndarray  # index into FATES
    city: np.ndarray  # index into CITIES
    prison: np.ndarray  # index into PRISONS
    affiliation: np.ndarray  # index into AFFILIATIONS
    burial: np.ndarray  # index into GRAVE_SITES, -1 unknown
    visibility: np.ndarray  # latent: how known the person and family are (shared by all lists)
    sibling_group: np.ndarray  # -1 or the index of the group's first member
    namesake_of: np.ndarray  # -1 or the index of the person whose name they share
    params: PopulationParams = field(default_factory=PopulationParams)

    def key(self, i: int) -> str:
        """The person key of the truth files."""
        return person_key(i)

    def columns(self, persons: np.ndarray) -> SimpleNamespace:
        """The columns of these persons, in their order, as Python lists.

        Indexing a list is many times faster than indexing a numpy array one
        element at a time, as the record builders do; gathering a chunk's
        persons first makes the reads sequential.
        """
        return SimpleNamespace(**{k: getattr(self, k)[persons].tolist() for k in COLUMN_NAMES})

    @property
    def wave(self) -> np.ndarray:
        """1 for the first wave (PMOI), 2 for the second (leftists and Kurdish parties)."""
        return np.where(self.affiliation == PMOI, 1, 2)


def person_key(i: int) -> str:
    """The person key of the truth files: P0000001 for index 0."""
    return f"P{i + 1:07d}"


def _pick(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    p = weights / weights.sum()
    return rng.choice(len(p), size=size, p=p)


def _prisons(rng: np.random.Generator, city: np.ndarray) -> np.ndarray:
    prison = np.zeros(city.shape[0], dtype=np.int16)
    for ci, c in enumerate(CITIES):
        ids = [pi for pi, p in enumerate(PRISONS) if p.city == c.key]
        mask = city == ci
        w = np.array([PRISONS[pi].weight for pi in ids])
        prison[mask] = np.array(ids)[_pick(rng, w, int(mask.sum()))]
    return prison


def _affiliations(rng: np.random.Generator, city: np.ndarray) -> np.ndarray:
    n = city.shape[0]
    left_share = np.array([c.left_share for c in CITIES])[city]
    kurdish = np.array([c.kurdish for c in CITIES])[city]
    is_left = rng.random(n) < left_share
    aff = np.full(n, PMOI, dtype=np.int8)
    lw = np.array([a.left_weight for a in AFFILIATIONS])
    kw = np.array([a.kurdish_weight for a in AFFILIATIONS])
    draw_l = _pick(rng, lw, n)
    draw_k = _pick(rng, kw, n)
    aff[is_left] = np.where(kurdish, draw_k, draw_l)[is_left]
    return aff


def _death_dates(rng: np.random.Generator, wave: np.ndarray) -> np.ndarray:
    n = wave.shape[0]
    starts = np.array([w[0].toordinal() for w in WEEKS_1988])
    week1 = _pick(rng, np.array([w[1] for w in WEEKS_1988]), n)
    week2 = _pick(rng, np.array([w[2] for w in WEEKS_1988]), n)
    day = starts[np.where(wave == 1, week1, week2)] + rng.integers(0, 7, n)
    low = np.where(wave == 1, FIRST_WAVE_START.toordinal(), SECOND_WAVE_START.toordinal())
    # A day drawn before the wave began falls on its first days (a clip, not a redraw:
    # the first days of each wave were among the heaviest).
    return np.clip(day, low, LAST_EXECUTION.toordinal())


def _arrest_dates(rng: np.random.Generator, wave: np.ndarray, birth: np.ndarray) -> np.ndarray:
    n = wave.shape[0]
    years = np.array([y for y, _, _ in ARREST_YEARS])
    y1 = years[_pick(rng, np.array([w for _, w, _ in ARREST_YEARS]), n)]
    y2 = years[_pick(rng, np.array([w for _, _, w in ARREST_YEARS]), n)]
    year = np.where(wave == 1, y1, y2)
    jan1 = np.array([dt.date(int(y), 1, 1).toordinal() for y in years])
    start = jan1[year - years[0]]
    # 1981: the crackdown after 20 June; 1988: before the summer.
    start = np.where(year == 1981, dt.date(1981, 6, 20).toordinal(), start)
    span = np.where(year == 1981, 195, np.where(year == 1988, 180, 365))
    day = start + (rng.random(n) * span).astype(np.int64)
    return np.asarray(np.maximum(day, birth + 15 * 365))


def generate_population(
    n: int, rng: np.random.Generator, params: PopulationParams | None = None
) -> Population:
    """Draw the n true victims of a synthetic case.

    Args:
        n: the true total number of victims.
        rng: the generator (its state advances).
        params: the model's knobs; defaults when None.

    Returns:
        The population, one index per person.
    """
    params = params or PopulationParams()
    cat = catalogue()
    city = _pick(rng, np.array([c.weight for c in CITIES]), n).astype(np.int16)
    prison = _prisons(rng, city)
    affiliation = _affiliations(rng, city)
    wave = np.where(affiliation == PMOI, 1, 2)
    evin = next(i for i, p in enumerate(PRISONS) if p.key == "evin")
    female = rng.random(n) < np.where(prison == evin, params.female_rate_evin, params.female_rate)

    age = np.clip(18.5 + rng.gamma(2.2, 4.2, n), 18, 72)
    birth = (REFERENCE_DAY.toordinal() - age * 365.25).astype(np.int64)
    arrest = _arrest_dates(rng, wave, birth)

    fate = _pick(rng, np.array([w for _, w in FATES]), n).astype(np.int8)
    death = _death_dates(rng, wave)
    disappeared = fate == [k for k, _ in FATES].index("disappeared")
    death = np.where(disappeared, NO_DATE, death)
    delay = np.clip(rng.lognormal(np.log(110), 0.6, n), 20, 900).astype(np.int64)
    never = rng.random(n) < params.never_notified_rate
    notified = np.where(never | disappeared, NO_DATE, death + delay)

    burial = np.full(n, -1, dtype=np.int16)
    for ci, c in enumerate(CITIES):
        ids = np.array([si for si, s in enumerate(GRAVE_SITES) if s.city == c.key])
        mask = city == ci
        w = np.array([GRAVE_SITES[si].weight for si in ids])
        burial[mask] = ids[_pick(rng, w, int(mask.sum()))]
    burial[(rng.random(n) < params.unknown_burial_rate) | disappeared] = -1

    given = np.where(
        female,
        cat.female_ids[rng.choice(len(cat.female_p), n, p=cat.female_p)],
        cat.male_ids[rng.choice(len(cat.male_p), n, p=cat.male_p)],
    ).astype(np.int32)
    father = cat.male_ids[rng.choice(len(cat.male_p), n, p=cat.male_p)].astype(np.int32)
    _, family_p = family_stock(params.name_stock)
    family = rng.choice(len(family_p), n, p=family_p).astype(np.int32)
    seyed = rng.random(n) < params.seyed_rate
    visibility = rng.normal(0.0, 1.0, n)

    pop = Population(
        n=n,
        female=female,
        given=given,
        family=family,
        father=father,
        seyed=seyed,
        birth=birth,
        arrest=arrest,
        death=death,
        notified=notified,
        fate=fate,
        city=city,
        prison=prison,
        affiliation=affiliation,
        burial=burial,
        visibility=visibility,
        sibling_group=np.full(n, -1, dtype=np.int32),
        namesake_of=np.full(n, -1, dtype=np.int32),
        params=params,
    )
    _siblings(pop, rng)
    _namesakes(pop, rng)
    return pop


def _same_city_partner(
    rng: np.random.Generator, by_city: list[np.ndarray], city: int, taken: np.ndarray
) -> int:
    pool = by_city[city]
    for _ in range(4):
        j = int(pool[rng.integers(0, pool.shape[0])])
        if not taken[j]:
            return j
    return -1


def _other_given(rng: np.random.Generator, female: bool, avoid: int) -> int:
    """A given name of that sex other than `avoid`, drawn by popularity."""
    cat = catalogue()
    ids, p = (cat.female_ids, cat.female_p) if female else (cat.male_ids, cat.male_p)
    while True:
        g = int(ids[rng.choice(len(p), p=p)])
        if g != avoid:
            return g


def _siblings(pop: Population, rng: np.random.Generator) -> None:
    """Make brothers and sisters: same family name, father, city; other given names."""
    n_groups = round(pop.n * pop.params.sibling_rate / 2.2)
    if n_groups == 0:
        return
    by_city = [np.flatnonzero(pop.city == ci) for ci in range(len(CITIES))]
    taken = np.zeros(pop.n, dtype=bool)
    anchors = rng.choice(pop.n, size=n_groups, replace=False)
    for a in anchors:
        a = int(a)
        if taken[a] or by_city[int(pop.city[a])].shape[0] < 3:
            continue
        taken[a] = True
        size = 2 if rng.random() < 0.8 else 3
        for _ in range(size - 1):
            j = _same_city_partner(rng, by_city, int(pop.city[a]), taken)
            if j < 0:
                continue
            taken[j] = True
            pop.sibling_group[a] = a
            pop.sibling_group[j] = a
            pop.family[j] = pop.family[a]
            pop.father[j] = pop.father[a]
            pop.seyed[j] = pop.seyed[a]
            if pop.given[j] == pop.given[a]:
                pop.given[j] = _other_given(rng, bool(pop.female[j]), int(pop.given[a]))
            gap = int(rng.integers(1, 9)) * (1 if rng.random() < 0.5 else -1)
            youngest = REFERENCE_DAY.toordinal() - 18 * 365  # prisoners were adults by 1988
            pop.birth[j] = min(
                int(pop.birth[a]) + gap * 365 + int(rng.integers(-120, 120)), youngest
            )
            pop.arrest[j] = max(int(pop.arrest[j]), int(pop.birth[j]) + 15 * 365)
            if rng.random() < 0.7:
                pop.prison[j] = pop.prison[a]
            if rng.random() < 0.7 and pop.affiliation[j] != pop.affiliation[a]:
                _join_group(pop, rng, j, int(pop.affiliation[a]))
            # A family that lost two children is better known: visibility is shared.
            pop.visibility[j] = pop.visibility[a] + rng.normal(0.0, 0.3)


def _join_group(pop: Population, rng: np.random.Generator, j: int, affiliation: int) -> None:
    """Move person j to another group, with a death date of that group's wave."""
    old_wave = 1 if pop.affiliation[j] == PMOI else 2
    pop.affiliation[j] = affiliation
    wave = 1 if affiliation == PMOI else 2
    if wave == old_wave or pop.death[j] == NO_DATE:
        return
    day = int(_death_dates(rng, np.array([wave]))[0])
    if pop.notified[j] != NO_DATE:
        pop.notified[j] += day - pop.death[j]
    pop.death[j] = day


def _namesakes(pop: Population, rng: np.random.Generator) -> None:
    """Give some persons the given and family name of another victim of their city."""
    n_pairs = round(pop.n * pop.params.namesake_rate)
    if n_pairs == 0:
        return
    by_city = [np.flatnonzero(pop.city == ci) for ci in range(len(CITIES))]
    taken = pop.sibling_group >= 0
    for i in rng.choice(pop.n, size=n_pairs, replace=False):
        i = int(i)
        if taken[i]:
            continue
        j = _same_city_partner(rng, by_city, int(pop.city[i]), taken)
        if j < 0 or j == i or pop.female[j] != pop.female[i]:
            continue
        taken[i] = taken[j] = True
        pop.namesake_of[j] = i
        pop.given[j] = pop.given[i]
        pop.family[j] = pop.family[i]
        if pop.father[j] == pop.father[i]:
            pop.father[j] = _other_given(rng, False, int(pop.father[i]))
