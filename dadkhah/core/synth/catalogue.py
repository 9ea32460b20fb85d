"""Catalogues of whole given names and family names built from the name tables.

A given name is simple (Ali) or compound (Mohammad-Reza, written four ways);
a family name is a root with a suffix (Ghasem + -i = Ghasemi / Qasemi). Each
entry carries its Persian spellings and its Latin spellings, the usual one
first, so that lists can choose a spelling by index (index 0 is the most
usual; higher indexes are the other transliteration traditions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import product

import numpy as np

from dadkhah.core.synth.tables import (
    COMPOUND_GIVEN,
    FAMILY_DENYLIST,
    FAMILY_ROOTS,
    FAMILY_SUFFIXES,
    FEMALE_GIVEN,
    MALE_GIVEN,
)

ZWNJ = "\u200c"
_DENIED = re.compile("|".join(map(re.escape, sorted(FAMILY_DENYLIST))))

#: The stocks of family names a population may draw from. "standard": the 439
#: names of a root and a suffix, the demo's (few names, many namesakes).
#: "large": the same names for 40% of people, and some 28,000 names of two
#: roots and a suffix (Ghasem + Ali + -zadeh) for the rest: for cases of
#: hundreds of thousands of people, where the standard stock would give
#: thousands of people the same given and family name.
NAME_STOCKS = ("standard", "large")
LARGE_STOCK_STANDARD_SHARE = 0.4


@dataclass(frozen=True)
class NameEntry:
    """One whole name with its spellings.

    Attributes:
        fa: Persian spellings; the first is the canonical one.
        latin: Latin spellings; the first is the usual one.
        short_fa: the part people remember (Reza for Mohammad-Reza), Persian.
        short_latin: the same in Latin spellings.
        weight: relative frequency.
        female: whether it is a woman's name.
    """

    fa: tuple[str, ...]
    latin: tuple[str, ...]
    short_fa: str
    short_latin: tuple[str, ...]
    weight: float
    female: bool = False


@dataclass(frozen=True)
class Catalogue:
    """Every name the generator can give, with the sampling weights by sex."""

    given: tuple[NameEntry, ...]
    family: tuple[NameEntry, ...]
    male_ids: np.ndarray
    male_p: np.ndarray
    female_ids: np.ndarray
    female_p: np.ndarray
    family_p: np.ndarray


def _key(latin: str) -> str:
    return re.sub(r"[^a-z]", "", latin.lower())


def _compound(first: str, second: str, weight: float) -> NameEntry:
    by_fa = {n.fa: n for n in MALE_GIVEN}
    a, b = by_fa[first], by_fa[second]
    fa = (first + second, f"{first} {second}", first + ZWNJ + second, f"{first}-{second}")
    latin: list[str] = []
    for sep in ("-", "", " "):
        for va, vb in product(a.latin[:3], b.latin[:2]):
            text = va + sep + (vb.lower() if sep == "" else vb)
            if text not in latin:
                latin.append(text)
    latin.sort(key=lambda t: 0 if t == f"{a.latin[0]}-{b.latin[0]}" else 1)
    return NameEntry(fa, tuple(latin), second, b.latin, weight)


def _family(
    root_fa: str, root_latin: tuple[str, ...], suffix: tuple[str, tuple[str, ...], float, bool]
) -> NameEntry:
    sfa, slatin, _, detachable = suffix
    fa = [root_fa + sfa]
    if detachable:
        fa += [root_fa + ZWNJ + sfa, f"{root_fa} {sfa}"]
    latin: list[str] = []
    ranked = sorted(
        product(range(len(root_latin)), range(len(slatin))), key=lambda ij: (ij[0] + 2 * ij[1], ij)
    )
    for i, j in ranked:
        text = root_latin[i] + slatin[j]
        if text not in latin:
            latin.append(text)
    return NameEntry(tuple(fa), tuple(latin), fa[0], (latin[0],), 1.0)


def denied(latin: str) -> bool:
    """Whether a Latin spelling is, or contains, a denylisted family name."""
    return _DENIED.search(_key(latin)) is not None


@cache
def catalogue() -> Catalogue:
    """Build (once) the catalogue of given names and family names."""
    given: list[NameEntry] = []
    for n in MALE_GIVEN:
        given.append(NameEntry((n.fa,), n.latin, n.fa, n.latin, n.weight))
    for first, second, w in COMPOUND_GIVEN:
        given.append(_compound(first, second, w))
    n_male = len(given)
    for n in FEMALE_GIVEN:
        given.append(NameEntry((n.fa,), n.latin, n.fa, n.latin, n.weight, female=True))

    family: list[NameEntry] = []
    for root, suffix in product(FAMILY_ROOTS, FAMILY_SUFFIXES):
        entry = _family(root.fa, root.latin, suffix)
        if any(denied(t) for t in entry.latin):
            continue
        family.append(
            NameEntry(
                entry.fa, entry.latin, entry.short_fa, entry.short_latin, root.weight * suffix[2]
            )
        )

    male_ids = np.arange(n_male)
    female_ids = np.arange(n_male, len(given))
    mw = np.array([g.weight for g in given[:n_male]])
    fw = np.array([g.weight for g in given[n_male:]])
    famw = np.array([f.weight for f in family])
    return Catalogue(
        given=tuple(given),
        family=tuple(family),
        male_ids=male_ids,
        male_p=mw / mw.sum(),
        female_ids=female_ids,
        female_p=fw / fw.sum(),
        family_p=famw / famw.sum(),
    )


@cache
def family_stock(stock: str) -> tuple[tuple[NameEntry, ...], np.ndarray]:
    """Every family name of a stock, the standard ones first, and their probabilities.

    A population's family-name index points into this tuple; `family_entry`
    finds an entry by index whichever the stock. The standard stock is the
    catalogue's own names and weights, so that its draws are the same.
    """
    cat = catalogue()
    if stock == "standard":
        return cat.family, cat.family_p
    if stock != "large":
        raise ValueError(f"unknown name stock {stock!r}")
    tail: list[NameEntry] = []
    weights: list[float] = []
    for a, b in product(FAMILY_ROOTS, FAMILY_ROOTS):
        if a is b:
            continue
        root_latin = tuple(dict.fromkeys(x + y.lower() for x in a.latin[:2] for y in b.latin[:2]))
        for suffix in FAMILY_SUFFIXES:
            entry = _family(a.fa + b.fa, root_latin, suffix)
            if any(denied(t) for t in entry.latin):
                continue
            tail.append(entry)
            weights.append(a.weight * b.weight * suffix[2])
    w = np.asarray(weights)
    p = np.concatenate(
        [LARGE_STOCK_STANDARD_SHARE * cat.family_p, (1 - LARGE_STOCK_STANDARD_SHARE) * w / w.sum()]
    )
    return (*cat.family, *tail), p


def family_entry(idx: int) -> NameEntry:
    """The family name at a population's index, from whichever stock holds it."""
    family = catalogue().family
    return family[idx] if idx < len(family) else family_stock("large")[0][idx]
