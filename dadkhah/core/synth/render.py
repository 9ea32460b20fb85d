"""How one record spells a name: spelling traditions, honorifics, typos, partial names.

Every decision takes a uniform number in [0, 1) drawn by the caller, so that a
list draws all its random numbers in one numpy call per chunk of records and
the output depends on the seed alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from dadkhah.core.synth.catalogue import catalogue, family_entry
from dadkhah.core.synth.tables import HONORIFICS_FA, HONORIFICS_LATIN

# Letters heard alike and so confused when a name is written down from speech
# (field notes, "Script"): ه/ح, س/ص/ث, ز/ذ/ظ, ت/ط, ق/غ; and آ written as ا.
SOUND_ALIKE: dict[str, str] = {
    "ح": "ه",
    "ه": "ح",
    "ص": "س",
    "س": "ص",
    "ث": "س",
    "ذ": "ز",
    "ز": "ذ",
    "ظ": "ز",
    "ط": "ت",
    "ت": "ط",
    "ق": "غ",
    "غ": "ق",
    "آ": "ا",
}
# An Arabic keyboard or an old encoding writes ي and ك for ی and ک.
ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
ARABIC_YEH_ONLY = str.maketrans({"ی": "ي"})
VOWEL_SWAP = {"a": "e", "e": "a", "o": "u", "u": "o", "i": "e"}


def cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    """Cumulative probabilities of weights, for `choose`."""
    total = float(sum(weights))
    return tuple(w / total for w in accumulate(weights))


def choose(cum: Sequence[float], x: float, n: int | None = None) -> int:
    """The index a uniform x picks from cumulative weights, capped at n - 1."""
    i = bisect_right(cum, x)
    last = len(cum) - 1 if n is None or n > len(cum) else n - 1
    return i if i < last else last


@dataclass(frozen=True)
class Spelling:
    """How a list spells names.

    Attributes:
        latin: cumulative weights over the Latin spellings of a name (index 0 the usual).
        fa_form: cumulative weights over the Persian forms (joined, spaced, ZWNJ, hyphen).
        honorific: probability that a Seyed's honorific is written.
        typo: probability of a typo in each name part.
        arabic: probability that ی and ک are written ي and ك (1.0: always, as in Windows-1256).
    """

    latin: tuple[float, ...] = cumulative((0.62, 0.2, 0.1, 0.05, 0.03))
    fa_form: tuple[float, ...] = cumulative((0.55, 0.25, 0.15, 0.05))
    honorific: float = 0.5
    typo: float = 0.03
    arabic: float = 0.05


def fa_typo(text: str, x: float) -> str:
    """Swap one letter for a sound-alike, or drop one (x picks which)."""
    positions = [i for i, ch in enumerate(text) if ch in SOUND_ALIKE]
    if positions and x < 0.7:
        i = positions[int(x / 0.7 * len(positions)) % len(positions)]
        return text[:i] + SOUND_ALIKE[text[i]] + text[i + 1 :]
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = letters[1 + int(x * 1000) % (len(letters) - 2)]
    return text[:i] + text[i + 1 :]


def latin_typo(text: str, x: float) -> str:
    """Drop, double or swap a letter, or change a vowel (x picks what and where)."""
    if len(text) < 4:
        return text
    i = 1 + int(x * 1000) % (len(text) - 2)
    op = int(x * 4) % 4
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i] + text[i:]
    if op == 2 and text[i].isalpha() and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    ch = text[i].lower()
    if ch in VOWEL_SWAP:
        return text[:i] + VOWEL_SWAP[ch] + text[i + 1 :]
    return text[:i] + text[i + 1 :]


def to_arabic(text: str, x: float, spelling: Spelling) -> str:
    """Write ي/ك for ی/ک with the list's probability (ی only when x falls in the upper band)."""
    if spelling.arabic >= 1.0:
        return text.translate(ARABIC_LETTERS if x < 0.5 else ARABIC_YEH_ONLY)
    if x < spelling.arabic:
        return text.translate(ARABIC_LETTERS)
    return text


def given_fa(
    idx: int, seyed: bool, female: bool, sp: Spelling, x_form: float, x_hon: float, x_typo: float
) -> str:
    """A given name in Persian script, with the honorific when the list writes it."""
    entry = catalogue().given[idx]
    text = entry.fa[choose(sp.fa_form, x_form, len(entry.fa))]
    if x_typo < sp.typo:
        text = fa_typo(text, x_typo / sp.typo)
    if seyed and x_hon < sp.honorific:
        text = f"{text} سادات" if female else f"{HONORIFICS_FA[int(x_hon * 30) % 3]} {text}"
    return text


def family_fa(idx: int, sp: Spelling, x_form: float, x_typo: float) -> str:
    """A family name in Persian script."""
    entry = family_entry(idx)
    text = entry.fa[choose(sp.fa_form, x_form, len(entry.fa))]
    if x_typo < sp.typo:
        text = fa_typo(text, x_typo / sp.typo)
    return text


def given_latin(
    idx: int, seyed: bool, female: bool, sp: Spelling, x_var: float, x_hon: float, x_typo: float
) -> str:
    """A given name in a Latin spelling, with the honorific when the list writes it."""
    entry = catalogue().given[idx]
    text = entry.latin[choose(sp.latin, x_var, len(entry.latin))]
    if x_typo < sp.typo:
        text = latin_typo(text, x_typo / sp.typo)
    if seyed and x_hon < sp.honorific:
        text = f"{text} Sadat" if female else f"{HONORIFICS_LATIN[int(x_hon * 50) % 5]} {text}"
    return text


def family_latin(idx: int, sp: Spelling, x_var: float, x_typo: float) -> str:
    """A family name in a Latin spelling."""
    entry = family_entry(idx)
    text = entry.latin[choose(sp.latin, x_var, len(entry.latin))]
    if x_typo < sp.typo:
        text = latin_typo(text, x_typo / sp.typo)
    return text


def short_given_fa(idx: int) -> str:
    """The part of a given name people remember (Reza for Mohammad-Reza), Persian."""
    return catalogue().given[idx].short_fa


def short_given_latin(idx: int, sp: Spelling, x_var: float) -> str:
    """The part of a given name people remember, in a Latin spelling."""
    forms = catalogue().given[idx].short_latin
    return forms[choose(sp.latin, x_var, len(forms))]
