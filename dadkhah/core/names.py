"""Persian and Latin personal names: normalization, honorifics, a cross-script key.

The same person appears as محمدرضا, محمد رضا, Mohammad-Reza and Mohamadreza.
This module folds the spelling variants of each script (`normalize_name`),
takes honorifics out as flags (`parse_name`), and maps both scripts into one
comparable consonant skeleton (`cross_script_key`) for blocking and
comparison in the linkage model, with the looser keys below it (`loose_key`,
`coarse_key`) that the linkage and the search share. The scheme, and what it
knowingly misses, is documented in docs/methodology/names.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from dadkhah.core import name_data
from dadkhah.core.script import APOSTROPHES, ZWNJ, Script, fold, is_persian_char, script_of

__all__ = [
    "NameParts",
    "coarse_key",
    "cross_script_key",
    "is_seyed_initial",
    "loose_key",
    "name_keys",
    "name_part_keys",
    "normalize_latin",
    "normalize_name",
    "normalize_persian",
    "parse_name",
    "romanize",
    "script_of",
    "search_loose_key",
]

# After `fold`: ZWNJ and hyphens separate the parts of a compound; apostrophes
# (for ع and ء) vanish; any other punctuation separates tokens.
_SEPARATORS = re.compile(r"[^\w]+|_")
_APOS_TABLE = str.maketrans({c: None for c in APOSTROPHES} | {ZWNJ: " "})


def _clean(text: str) -> str:
    folded = fold(text).translate(_APOS_TABLE)
    return " ".join(_SEPARATORS.sub(" ", folded).split())


def normalize_name(text: str) -> str:
    """Fold a name in either script (or both) into its normalized written form.

    Persian: Arabic letter variants to Persian ones (ي→ی, ك→ک, ة→ه, أ/إ→ا,
    ؤ→و, ئ→ی), diacritics and tatweel removed, ZWNJ as a space. Latin: lower
    case, diacritics removed (Ā→a), apostrophes removed (Ja'far→jafar),
    hyphens and other punctuation as spaces. Digits become ASCII. Spaces are
    collapsed. The words stay as written: no transliteration, no honorific
    removed.

    Args:
        text: A name or part of a name, any script.

    Returns:
        The normalized form; ``normalize_name(normalize_name(x)) == normalize_name(x)``.
    """
    return _clean(text)


def normalize_persian(text: str) -> str:
    """Normalize a Persian-script name (see `normalize_name`, which it is)."""
    return _clean(text)


def normalize_latin(text: str) -> str:
    """Normalize a Latin-script name (see `normalize_name`, which it is)."""
    return _clean(text)


# --------------------------------------------------------------------------
# The cross-script key.
#
# Each token becomes a string of symbols: an upper-case letter per consonant
# class, shared by both scripts, and a lower-case letter per vowel sign:
# "a" (ا, a), "i" (ی, i, y, ee), "u" (و, ou, oo, w, v, a long u), "e" (a short
# vowel Persian does not write: e, o, a short u; ع; the silent final ه/-eh),
# and "y"/"v" for ی/و (y, v, w) opening a word. A field joins its tokens'
# symbols, so joined, spaced and hyphenated compounds agree, and writes each
# run of vowel signs as: at the start, "A" (or "Y"/"V" for a semivowel); in
# the middle, "I" and/or "U" (the long vowels Persian writes); at the end,
# "I" for ی/-i, "A" for ا/-a, nothing for ه/-e/-eh/و. Short vowels leave no
# trace, so Hossein/Hosein/حسین agree while Hassan (حسن) does not.

_FA_CONSONANTS: Final[dict[str, str]] = {
    "ب": "B", "پ": "P", "ت": "T", "ط": "T", "ث": "S", "س": "S", "ص": "S",
    "ج": "J", "ژ": "J", "چ": "C", "ح": "H", "خ": "X", "د": "D", "ذ": "Z",
    "ز": "Z", "ض": "Z", "ظ": "Z", "ر": "R", "ش": "W", "ف": "F", "ق": "Q",
    "غ": "Q", "ک": "K", "گ": "G", "ل": "L", "م": "M", "ن": "N", "ه": "H",
}  # fmt: skip
_FA_VOWELS: Final[dict[str, str]] = {"ا": "a", "آ": "a", "ع": "e", "ی": "i", "و": "u"}

_LATIN_DIGRAPHS: Final[dict[str, str]] = {
    "ch": "C", "sh": "W", "kh": "X", "gh": "Q", "zh": "J", "jh": "J", "dj": "J",
    "ph": "F", "ck": "K",
}  # fmt: skip
_LATIN_CONSONANTS: Final[dict[str, str]] = {
    "b": "B", "c": "K", "d": "D", "f": "F", "g": "G", "h": "H", "j": "J", "k": "K",
    "l": "L", "m": "M", "n": "N", "p": "P", "q": "Q", "r": "R", "s": "S", "t": "T",
    "x": "X", "z": "Z",
}  # fmt: skip
_LATIN_VOWELS: Final[frozenset[str]] = frozenset("aeiouvwy")


def _real_final_heh(letters: list[str]) -> bool:
    """A final ه read as h: after ا/آ (شاه), after the vowel و (شکوه, not کاوه), in الله."""
    before = letters[-2]
    third = letters[-3] if len(letters) > 2 else ""
    if before == "و":
        return third not in ("ا", "آ")
    return before in "اآ" or (before == "ل" and third == "ل")


def _fa_token_symbols(token: str) -> str:
    if token in name_data.ALEF_MAKSURA_WORDS:
        token = token[:-1] + "ا"
    letters = [c for c in token if is_persian_char(c) and c != "ء"]
    last = len(letters) - 1
    out: list[str] = []
    for i, c in enumerate(letters):
        if (
            c == "و"
            and 0 < i < last
            and (
                (letters[i - 1] == "خ" and letters[i + 1] == "ا")  # silent و: خواهر, نیکخواه
                or (
                    i == 2 and letters[0] == "ا" and letters[1] == "ب" and letters[3] == "ا"
                )  # ابوال
            )
        ):
            out.append("e")
        elif i == 0 and c in "یو":
            out.append("y" if c == "ی" else "v")
        elif c == "ه" and i == last and i > 0 and not _real_final_heh(letters):
            out.append("h")  # the silent final ه of Fatemeh, Zohreh
        elif c in _FA_VOWELS:
            out.append(_FA_VOWELS[c])
        else:
            code = _FA_CONSONANTS.get(c)
            if code is not None and not (out and out[-1] == code):
                out.append(code)
    return "".join(out)


def _closed_syllable(letters: str, j: int) -> bool:
    """True when two consonant sounds follow position j (a digraph is one)."""
    for _ in range(2):
        if j >= len(letters) or letters[j] in _LATIN_VOWELS:
            return False
        j += 2 if letters[j : j + 2] in _LATIN_DIGRAPHS else 1
    return True


def _latin_token_symbols(token: str) -> str:
    letters = "".join(c for c in token if "a" <= c <= "z")
    n = len(letters)
    # A final -eh is the silent ه (Fatemeh); -ah, -ih, -uh are a real h or ح
    # (Shah, Abdollah, Farah, Masih).
    silent_h = n >= 2 and letters[-1] == "h" and letters[-2] == "e"
    if silent_h:
        letters = letters[:-1]
        n -= 1
    out: list[str] = []
    i = 0
    while i < n:
        c = letters[i]
        pair = letters[i : i + 2]
        if c in _LATIN_VOWELS:
            if i == 0 and c in "yvw" and n > 1 and letters[1] in "aeiou":
                out.append("y" if c == "y" else "v")
            elif pair in ("ou", "oo"):
                out.append("u")
                i += 1
            elif pair == "ee":
                out.append("i")
                i += 1
            elif c in "iy":
                out.append("i")
            elif c in "vw":
                out.append("u")
            elif c == "u":
                # u before two consonants is short (Hussein, Mustafa); else ū.
                out.append("e" if _closed_syllable(letters, i + 1) else "u")
            elif c == "a":
                out.append("a")
            else:
                out.append("e")
            i += 1
            continue
        if c == "t" and letters[i : i + 3] == "tch":
            code, i = "C", i + 3
        elif pair in _LATIN_DIGRAPHS and (pair != "dj" or i == 0):  # Djafar, not Mohammadjavad
            code, i = _LATIN_DIGRAPHS[pair], i + 2
        else:
            code, i = _LATIN_CONSONANTS.get(c, ""), i + 1
        if code and not (out and out[-1] == code):
            out.append(code)
    if silent_h:
        out.append("h")
    return "".join(out)


@lru_cache(maxsize=262_144)
def _token_units(token: str) -> str:
    """The symbols of one normalized token (see the scheme above)."""
    if any(is_persian_char(c) for c in token):
        if any("a" <= c <= "z" for c in token):  # both scripts inside one token
            fa = "".join(c for c in token if not ("a" <= c <= "z"))
            la = "".join(c for c in token if "a" <= c <= "z")
            return _fa_token_symbols(fa) + _latin_token_symbols(la)
        return _fa_token_symbols(token)
    return _latin_token_symbols(token)


def _vowel_run(run: str, *, first: bool, last: bool) -> str:
    out: list[str] = []
    if first:
        if run[0] not in "yv":
            return "A"  # an opening vowel: Persian writes it as ا, آ or ع alike
        out.append(run[0].upper())
        run = run[1:]
    end = ""
    if last and run.endswith("h"):
        run = run[:-1]  # a silent final ه / -eh / -ah writes no end vowel
    elif last:
        j = len(run) - 1
        while j >= 0 and run[j] == "e":
            j -= 1
        if j >= 0:
            end = "I" if run[j] in "iy" else "A" if run[j] == "a" else ""
        run = run[: max(j, 0)]
    for sym in run:
        mark = "I" if sym in "iy" else "U" if sym in "uv" else ""
        if mark and not (out and out[-1] == mark):
            out.append(mark)
    if end and not (out and out[-1] == end):
        out.append(end)
    return "".join(out)


def _key_from_units(units: str) -> str:
    if not units:
        return ""
    out: list[str] = []
    run_start = -1
    prev = ""
    for i, u in enumerate(units):
        if u.isupper():
            if run_start >= 0:
                out.append(_vowel_run(units[run_start:i], first=run_start == 0, last=False))
                run_start = -1
            if u != prev:  # Mohammad Dehghan: the d of both tokens is one
                out.append(u)
            prev = u
        else:
            if run_start < 0:
                run_start = i
            prev = ""
    if run_start >= 0:
        out.append(_vowel_run(units[run_start:], first=run_start == 0, last=True))
    return "".join(out)


# --------------------------------------------------------------------------
# Honorifics.


def _build_honorifics() -> tuple[dict[str, str], dict[str, str]]:
    prefix: dict[str, str] = {}
    suffix: dict[str, str] = {}
    for flag, (position, spellings) in name_data.HONORIFICS.items():
        table = prefix if position == "prefix" else suffix
        for s in spellings:
            table[_clean(s).replace(" ", "")] = flag
    return prefix, suffix


_PREFIX_HONORIFICS, _SUFFIX_HONORIFICS = _build_honorifics()
_SUFFIX_WORDS: Final[frozenset[str]] = frozenset(
    {"zadeh", "zade", "pour", "pur", "poor", "nejad", "nezhad", "lou", "loo", "lu", "far", "ian"}
    | {s for s, _ in name_data.FAMILY_SUFFIXES}
    | {"ای", "ها"}
)
_MAX_HONORIFIC_TOKENS = 4
_ABBREVIATED_SEYED: Final[frozenset[str]] = frozenset({"s", "sd", "sy", "sey"})


def _match_prefix(tokens: list[str], start: int) -> tuple[str, int] | None:
    """The longest run of tokens from `start` spelling a prefix honorific."""
    for width in range(min(_MAX_HONORIFIC_TOKENS, len(tokens) - start), 0, -1):
        joined = "".join(tokens[start : start + width])
        flag = _PREFIX_HONORIFICS.get(joined)
        if flag is not None:
            return flag, width
    return None


@lru_cache(maxsize=1)
def _given_name_keys() -> frozenset[str]:
    keys: set[str] = set()
    for fa, la in (*name_data.GIVEN_NAMES_MALE, *name_data.GIVEN_NAMES_FEMALE):
        keys.add(_field_key(tuple(_clean(fa).split())))
        keys.add(_field_key(tuple(_clean(la).split())))
    return frozenset(keys)


def is_seyed_initial(word: str, following: str) -> bool:
    """Whether `word` is Seyed written as an initial: "S." in "S. Morteza Akbarnejad".

    Latin lists abbreviate Seyed to S. (Sd., Sy.). A lone initial is read so
    only before a known given name: in "S. Karimi" it is the initial of a
    given name before a family name, and stays as written.
    """
    return _clean(word) in _ABBREVIATED_SEYED and _field_key((_clean(following),)) in (
        _given_name_keys()
    )


def _split_honorifics(tokens: list[str]) -> tuple[list[str], list[str]]:
    flags: list[str] = []
    rest: list[str] = []
    i = 0
    if len(tokens) >= 2 and is_seyed_initial(tokens[0], tokens[1]):
        flags.append("seyed")
        i = 1
    while i < len(tokens):
        m = _match_prefix(tokens, i)
        # A prefix honorific counts only when a name follows it, not a suffix
        # (حاجی زاده, Haji Pour are family names).
        if m is not None and any(t not in _SUFFIX_WORDS for t in tokens[i + m[1] :]):
            flags.append(m[0])
            i += m[1]
            continue
        rest.append(tokens[i])
        i += 1
    # A suffix honorific (Sadat, Khanom) counts only after a name.
    kept: list[str] = []
    for j, tok in enumerate(rest):
        flag = _SUFFIX_HONORIFICS.get(tok)
        if flag is not None and j > 0:
            flags.append(flag)
        else:
            kept.append(tok)
    # Seyed and Mir written joined to a known given name: سیدعلی, Mirhossein.
    if kept:
        head = kept[0]
        for prefix in ("seyyed", "seyed", "sayyed", "sayed", "سید", "mir", "میر"):
            if head.startswith(prefix) and len(head) > len(prefix) + 1:
                remainder = head[len(prefix) :]
                if _field_key((remainder,)) in _given_name_keys():
                    flags.append(_PREFIX_HONORIFICS[prefix])
                    kept[0] = remainder
                    break
    return kept, list(dict.fromkeys(flags))


# Latin suffix spellings of one Persian suffix, to one spelling each.
_LATIN_SUFFIXES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"(?<=.{2})(zade|zaadeh|zaade)$"), "zadeh"),
    (re.compile(r"(?<=.{2})(nezhad|nejhad|nezhaad|nejaad|nijad|nezhaad)$"), "nejad"),
    (re.compile(r"(?<=.{2})(poor|pur)$"), "pour"),
    (re.compile(r"(?<=.{2})(loo|lu)$"), "lou"),
)


_LATIN_SUFFIX_WORDS: Final[dict[str, str]] = {
    "zade": "zadeh", "nezhad": "nejad", "nejhad": "nejad", "nijad": "nejad",
    "poor": "pour", "pur": "pour", "loo": "lou", "lu": "lou",
}  # fmt: skip


def _canonical_latin_token(token: str) -> str:
    if not token.isascii():
        return token
    token = name_data.LATIN_ALIASES.get(token, token)
    token = _LATIN_SUFFIX_WORDS.get(token, token)
    for pattern, repl in _LATIN_SUFFIXES:
        token = pattern.sub(repl, token)
    return token


@lru_cache(maxsize=262_144)
def _field_key(tokens: tuple[str, ...]) -> str:
    return _key_from_units("".join(_token_units(t) for t in tokens))


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name as written and as the case compares it.

    Attributes:
        original: The text exactly as given.
        script: ``"fa"``, ``"latin"``, ``"mixed"`` or ``"empty"``.
        normalized: `normalize_name` of the text, honorifics included.
        tokens: The name's words, honorifics removed, Latin suffix spellings
            made one (-zade→-zadeh, -nezhad→-nejad, -pur/-poor→-pour, -lu/-loo→-lou).
        honorifics: Flags of the honorifics found, in order: "seyed", "sadat",
            "haj", "mirza", "mir", "sheikh", "mashhadi", "karbalaei", "cleric",
            "dr", "title", "khanom".
        joined: The tokens written together: the same for محمدرضا, محمد رضا
            and محمد‌رضا, and for Gholamreza, Gholam Reza and Gholam-Reza.
        key: The cross-script key (see `cross_script_key`).
    """

    original: str
    script: Script
    normalized: str
    tokens: tuple[str, ...]
    honorifics: tuple[str, ...]
    joined: str
    key: str

    @property
    def loose_key(self) -> str:
        """The key without its inner vowel letters (see `loose_key`)."""
        return loose_key(self.key)

    @property
    def coarse_key(self) -> str:
        """The loose key with other spelling traditions folded in (see `coarse_key`)."""
        return coarse_key(self.key)

    @property
    def romanized(self) -> str:
        """A readable Latin form for display (`romanize` of the tokens)."""
        return _romanize_tokens(self.tokens)


@lru_cache(maxsize=262_144)
def parse_name(text: str) -> NameParts:
    """Normalize one name field and take its honorifics out as flags.

    Args:
        text: A given name, family name or father's name as the source
            writes it, in either script.

    Returns:
        The `NameParts`. A name made only of an honorific ("Seyed") keeps it as
        the name.
    """
    normalized = _clean(text)
    raw_tokens = normalized.split()
    tokens, flags = _split_honorifics(raw_tokens)
    tokens = [_canonical_latin_token(t) for t in tokens]
    tt = tuple(tokens)
    return NameParts(
        original=text,
        script=script_of(text),
        normalized=normalized,
        tokens=tt,
        honorifics=tuple(flags),
        joined="".join(tt),
        key=_field_key(tt),
    )


def cross_script_key(text: str) -> str:
    """One comparable ASCII consonant skeleton for a name field in either script.

    Persian writes no short vowels, so the key keeps consonants only, one
    letter per sound class shared by both scripts (ث/س/ص and s → S; ذ/ز/ض/ظ
    and z → Z; ق/غ, q and gh → Q; ج/ژ, j, zh → J; ش, sh → W; خ, kh → X; چ, ch
    → C; ت/ط → T; ح/ه, h → H). Vowels and the semivowels و/ی (v, w, y) count
    only at the edges: an opening vowel gives "A" (an opening ی/و "Y"/"V"), a
    closing ی / -i / -y / -ee gives "I" and a closing ا / -a gives "A"; a
    closing ه / -eh / -e gives nothing. Honorifics are dropped; compounds
    joined, spaced or hyphenated agree.

    Examples: Mohammad-Reza, Mohammadreza, محمدرضا, محمد رضا → "MHMDRZA";
    Hossein, Hosein, Hussein, حسین → "HSN"; Mohammadi, محمدی → "MHMDI".

    Args:
        text: One name field (given, family or father's name).

    Returns:
        The key; "" when the text has no letter.
    """
    return parse_name(text).key


# --------------------------------------------------------------------------
# The looser keys: one ladder for the linkage and the search.
#
# Each key is a function of the one before it: `cross_script_key` → `loose_key`
# → `coarse_key`, so that equal keys on a rung give equal keys on every rung
# below it. The linkage model compares all three (a comparison level each,
# dadkhah.core.linkage.settings) and blocks on the coarse key; the search
# matches the strict key and, at its "looser spelling" level, stops at the
# coarse key (`search_loose_key`). Both sides call these functions and differ
# only in where they stop, and a test holds them to the variant table
# (tests/web/search/test_loose_key_agreement.py).

_INNER_VOWELS = re.compile("[AIUY]")


def loose_key(key: str) -> str:
    """The cross-script key without its inner vowel letters.

    A Latin spelling writes vowels Persian leaves out and each tradition
    writes them differently (Murad / Morad, Bijan / Bejan, Mustafa /
    Mostafa, Nasir / ناصر, Muhsin / محسن, o for و in Roya / رویا), and a vowel
    letter in the middle of the key is what they leave behind (MURDI / MRDI).
    The first and last letters stay: they carry the opening vowel, the final
    -i of Mohammadi (Mohammad is still not Mohammadi) and the final -a of
    Zahra (زهرا is not Zohreh, زهره: they meet only at `coarse_key`). The cost:
    names that differ only in a long vowel merge (Hassan and Hossein are both
    HSN).

    This is the linkage's definition (its ``*_loose`` columns), kept when the
    search's own loose key, which also dropped a closing -a, was retired
    (issue 11): the published linkage numbers were measured with it.

    Args:
        key: A cross-script key (`cross_script_key`, `NameParts.key`).

    Returns:
        The loose key; "" for "".
    """
    if len(key) <= 2:
        return key
    return key[0] + _INNER_VOWELS.sub("", key[1:-1]) + key[-1]


_COARSE = (("DH", "Z"), ("DJ", "J"), ("C", "W"), ("G", "K"))
_DOUBLED = re.compile(r"(.)\1+")


def coarse_key(key: str) -> str:
    """The loose key with the spellings of other traditions folded together.

    Where the cross-script key reads each tradition as it is written, this
    one folds what the traditions write differently for one Persian letter:
    French "ch" for ش (Chahrokh / Shahrokh: C → W), Arabic "dh" for ذ/ز/ض
    (Adhar / Azar, Kadhim / Kazem: DH → Z), a final -a or -eh (Zada / Zadeh,
    Ridha / Reza, Zohra / زهره: the final A goes), French "dj" for ج inside a
    name (Madjid / Majid), گ written ک (Asgar / Askar: a stroke a keyboard or
    a copyist drops, field notes "Script"), and doubled letters (Hassan /
    Hasan). It is coarser than `loose_key` (equal loose keys give equal coarse
    keys) and merges more names (Zahra and Zohreh; Jalal and Jila, JL), so it
    serves to find candidates, as one comparison level below the loose key,
    and as the search's looser spelling, never as an identity.

    Args:
        key: A cross-script key (`cross_script_key`, `NameParts.key`).

    Returns:
        The coarse key; "" for "".
    """
    out = loose_key(key)
    for old, new in _COARSE:
        out = out.replace(old, new)
    out = _DOUBLED.sub(r"\1", out)
    if len(out) > 2 and out.endswith("A"):
        out = out[:-1]
    return out


def search_loose_key(text: str) -> str:
    """The key of the search's "looser spelling" level: the coarse key of the name.

    The search's promise is that a name written in the other script or
    another tradition is found, below the strict hits: Zohra finds زهره,
    Nasir ناصر, Bejan بیژن, Chahrokh شاهرخ. Only the coarse key keeps that
    promise (the loose key keeps Zohra's final A), so the search stops one
    rung below the linkage's loose level, at the linkage's last key level:
    a query finds, at the looser level, exactly the spellings that the
    linkage model reads as "same key across spelling traditions" or better.

    Args:
        text: One name field, or a run of a query's words, in either script.

    Returns:
        `coarse_key` of its `cross_script_key`; "" when the text has no letter.
    """
    return coarse_key(parse_name(text).key)


def name_keys(given: str = "", family: str = "", father: str = "") -> dict[str, str]:
    """The keys of a record's three name fields, for blocking and comparison.

    Args:
        given: Given name as written.
        family: Family name as written.
        father: Father's name as written.

    Returns:
        ``{"given_key", "family_key", "father_key", "full_key",
        "given_first_key", "given_loose_key", "family_loose_key",
        "father_loose_key", "honorifics"}``: ``full_key`` is given + family (the
        key of a list that writes the whole name in one column);
        ``given_first_key`` the key of the first word of the given name (Reza
        for Reza Ahmadi; fellow prisoners remember one part); ``honorifics``
        the flags of all three fields joined by "|".
    """
    g, f, p = parse_name(given), parse_name(family), parse_name(father)
    return {
        "given_key": g.key,
        "family_key": f.key,
        "father_key": p.key,
        "full_key": _field_key(g.tokens + f.tokens),
        "given_first_key": _field_key(g.tokens[:1]),
        "given_loose_key": loose_key(g.key),
        "family_loose_key": loose_key(f.key),
        "father_loose_key": loose_key(p.key),
        "honorifics": "|".join(dict.fromkeys(g.honorifics + f.honorifics + p.honorifics)),
    }


@lru_cache(maxsize=1)
def _part_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Simple given names as heads (no end marker) and tails (no opening A)."""
    heads: dict[str, str] = {}
    tails: dict[str, str] = {}
    for fa, la in (*name_data.GIVEN_NAMES_MALE, *name_data.GIVEN_NAMES_FEMALE):
        for written in (fa, la):
            tokens = tuple(_clean(written).split())
            if len(tokens) != 1:
                continue
            units = _token_units(tokens[0])
            full = _key_from_units(units)
            if not full:
                continue
            stem = units.rstrip("aeiuyv")
            if stem:
                heads.setdefault(_key_from_units(stem), full)
            # "Ж" stands for a consonant before the name: its opening vowel is
            # then medial, as in the second half of a joined compound.
            tails.setdefault(_key_from_units("Ж" + units)[1:], full)
    return heads, tails


@lru_cache(maxsize=262_144)
def name_part_keys(text: str) -> frozenset[str]:
    """The keys of a given name and of the simple names it is made of.

    Compound given names are often remembered by one part (Reza for
    Mohammad-Reza). The parts come from the words of the field and from
    splitting a joined word into two known given names (محمدرضا → محمد + رضا).

    Args:
        text: A given name in either script.

    Returns:
        The key of the whole field, of each word, and of each known part.
    """
    parts = parse_name(text)
    keys = {parts.key} if parts.key else set()
    heads, tails = _part_tables()
    for tok in parts.tokens:
        k = _field_key((tok,))
        if not k:
            continue
        keys.add(k)
        for i in range(1, len(k)):
            head, tail = k[:i], k[i:]
            if tail[0] in "IUA" and tail[1:] in tails:
                tail = tail[1:]  # the vowel between the parts (Ali-Akbar)
            if head in heads and tail in tails:
                keys.update((heads[head], tails[tail]))
    return frozenset(keys)


# --------------------------------------------------------------------------
# Romanization for display.

_FA_LETTERS_LATIN: Final[dict[str, str]] = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j",
    "ژ": "zh", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ز": "z", "ض": "z",
    "ظ": "z", "ر": "r", "ش": "sh", "ف": "f", "ق": "gh", "غ": "gh", "ک": "k", "گ": "g",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ع": "'", "ا": "a", "آ": "a", "ء": "",
}  # fmt: skip


@lru_cache(maxsize=1)
def _romanization_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for fa, la in (
        *name_data.GIVEN_NAMES_MALE,
        *name_data.GIVEN_NAMES_FEMALE,
        *name_data.FAMILY_NAMES,
    ):
        table.setdefault(_clean(fa).replace(" ", ""), la)
    return table


def _letters_to_latin(token: str) -> str:
    out: list[str] = []
    n = len(token)
    for i, c in enumerate(token):
        if c == "ی":
            out.append("y" if i == 0 or (i + 1 < n and token[i + 1] in "اآو") else "i")
        elif c == "و":
            out.append("v" if i == 0 or (i + 1 < n and token[i + 1] in "اآی") else "ou")
        elif c == "ه" and i == n - 1 and i > 0:
            out.append("eh")
        else:
            out.append(_FA_LETTERS_LATIN.get(c, c))
    return "".join(out)


def _romanize_known(token: str, *, split: bool = True) -> str | None:
    """The table spelling of a Persian word, its suffixed form or two joined names."""
    table = _romanization_table()
    if token in table:
        return table[token]
    for suffix, latin in name_data.FAMILY_SUFFIXES:
        stem = token[: -len(suffix)]
        if token.endswith(suffix) and len(stem) >= 2 and stem in table:
            return table[stem] + latin
    for i in range(2, len(token) - 1 if split else 0):
        head, tail = token[:i], token[i:]
        if head in table and tail in table:
            return table[head] + table[tail].lower()
    return None


@lru_cache(maxsize=65_536)
def _romanize_token(token: str) -> str:
    if not any(is_persian_char(c) for c in token):
        return token
    known = _romanize_known(token)
    if known is not None:
        return known
    return _letters_to_latin(token)


_MAX_ROMANIZE_SPAN = 3
_FA_SUFFIX_TOKENS: Final[dict[str, str]] = dict(name_data.FAMILY_SUFFIXES) | {"ای": "i"}


def _romanize_tokens(tokens: tuple[str, ...]) -> str:
    words: list[str] = []
    i = 0
    while i < len(tokens):
        # Spaced or ZWNJ-separated parts of one name (روح الله, حسن زاده).
        for width in range(min(_MAX_ROMANIZE_SPAN, len(tokens) - i), 1, -1):
            span = "".join(tokens[i : i + width])
            persian = any(is_persian_char(c) for c in span)
            known = _romanize_known(span, split=False) if persian else None
            if known is not None:
                words.append(known)
                i += width
                break
        else:
            tok = tokens[i]
            if words and tok in _FA_SUFFIX_TOKENS:  # خامنه‌ای: a suffix after ZWNJ
                words[-1] += _FA_SUFFIX_TOKENS[tok]
            else:
                words.append(_romanize_token(tok))
            i += 1
    return " ".join(w[:1].upper() + w[1:] for w in words)


def romanize(text: str) -> str:
    """A readable Latin form of a name, for display beside the original.

    Common names come from a table (محمدرضا → Mohammadreza, تهرانی →
    Tehrani); other words letter by letter, without the short vowels Persian
    does not write. Latin-script input is returned normalized and capitalized.
    Never use it for matching: use `cross_script_key`.

    Args:
        text: A name in either script.

    Returns:
        The display form, honorifics removed.
    """
    return _romanize_tokens(parse_name(text).tokens)
