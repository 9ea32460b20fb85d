"""Per-row normalization: the record's fields in the form the case compares them.

The raw values stay untouched in ``Record.raw``; this builds
``Record.normalized``, whose schema (`dadkhah.core.record.NormalizedRecord`,
version `SCHEMA_VERSION`) is documented field by field there and in
docs/methodology/import.md. Keys whose value would be empty are left out (a
missing key means "not given").

The work is done by the core normalizers (`dadkhah.core.names`,
`dadkhah.core.dates`, `dadkhah.core.places`, `dadkhah.core.affiliations`);
here they are combined per row and their answers cached per distinct value,
since a million-row list repeats the same cities, prisons, groups and dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final, Literal, cast

from dadkhah.core import name_data
from dadkhah.core.affiliations import normalize_affiliation
from dadkhah.core.dates import (
    Calendar,
    DateParseResult,
    Era,
    UncertainDate,
    birth_years_from_age,
    infer_calendar,
    parse_birth_year,
    parse_date_detailed,
    says_unknown,
)
from dadkhah.core.names import is_seyed_initial, normalize_name, parse_name
from dadkhah.core.places import Gazetteer, ward_key
from dadkhah.core.record import (
    DATE_FIELDS,
    NAME_PARTS,
    SCHEMA_VERSION,
    DateField,
    NamePart,
    NormalizedRecord,
    RecordKey,
    date_json,
    name_key,
)
from dadkhah.core.script import normalize_digits
from dadkhah.core.textsafety import bidi_controls_in, describe, visible
from dadkhah.pipelines.importing.headers import Columns
from dadkhah.pipelines.importing.validate import Problem, problem

# A victim of 1988 was born between about 1900 and 1976 (at least 12 years
# old); a birth year outside this window is kept and flagged as implausible.
PLAUSIBLE_BIRTH: Final = (1900, 1976)

_INT = re.compile(r"\d{1,4}")
_AGE_RANGE = re.compile(r"(\d{1,3})\s*(?:-|–|—|to|à|or|تا|یا)\s*(\d{1,3})(?!\d)")
_CACHE_LIMIT: Final = 200_000


# --- the core normalizers, behind one small interface each ------------------------------


def parse_date_text(text: str, calendar: str | None, *, era: Era | None = None) -> DateParseResult:
    """The core date parser: the interval, and why it is unknown if it is.

    ``era="event"`` (arrest, death) lets a two-digit year of the events' era
    be read without a calendar (docs/methodology/dates-and-places.md).
    """
    hint = Calendar(calendar) if calendar else None
    return parse_date_detailed(text, calendar_hint=hint, era=era)


def infer_column_calendar(values: list[str]) -> str | None:
    """The calendar ("jalali", "gregorian") a date column's values show, or None.

    For `RowNormalizer`'s ``column_calendars``: the four-digit years, month
    names and markers of the values (the column's first rows) agree on one
    calendar for at least 95 % of those that show one; None when mixed or
    when none shows one (`dadkhah.core.dates.infer_calendar`).
    """
    found = infer_calendar(values)
    return found.value if found is not None else None


def birth_years(text: str, calendar: str | None) -> tuple[int, int] | None:
    """The Gregorian years a birth-year cell can mean (Jalali 1340 → 1961–1962)."""
    hint = Calendar(calendar) if calendar else None
    return parse_birth_year(text, calendar_hint=hint)


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


def place_match(text: str, kind: str | None) -> tuple[str, str | None, str] | None:
    """(gazetteer id, id of its city, how it matched) for a place as written, or None."""
    found = _gazetteer().lookup(text, kind=kind)  # type: ignore[arg-type]
    if found is None:
        return None
    return found.place.id, found.place.parent, found.method


# A prison value that ends in its ward: "اوین / ۲۰۹", "Evin, ward 209", "گوهردشت بند ۸".
_WITH_WARD: Final = re.compile(
    r"^(?P<prison>.*?\S)\s*(?:[/,،\-–]\s*|\s+)"
    r"(?P<ward>(?:(?:ward|block|section|hall|salon|band|بند|سالن|اندرزگاه)[\s\-‌]*)?"
    r"[0-9۰-۹٠-٩]{1,3}[a-zA-Z]?"
    r"|(?:ward|block|section|hall|salon|band|بند|سالن|اندرزگاه)\s+[^\s\d۰-۹٠-٩]\S*)\s*$",
    re.IGNORECASE,
)


def prison_and_ward(text: str) -> tuple[str, str] | None:
    """(the prison, its ward) of a prison value that ends in its ward, or None.

    Volunteers write the prison and the ward in one cell ("اوین / ۲۰۹",
    "گوهردشت بند ۸", "اوین بند زنان"): a ward number, or a ward word and one
    word. Only a prison the gazetteer knows counts.
    """
    m = _WITH_WARD.match(text.strip())
    if m is None or place_match(m.group("prison"), "prison") is None:
        return None
    return m.group("prison"), m.group("ward")


# (city, prison, burial place, city_from, conflict, by_key) read from one place value.
PlaceParts = tuple[str | None, str | None, str | None, str | None, str, bool]


def place_parts(text: str) -> PlaceParts | None:
    """What a place value names ("Evin", "Evin, Tehran", "Tehran (Evin)"), or None.

    Returns:
        (city id, prison id, burial place id, city_from, conflict, by_key):
        city_from is None when the text names the city, else "prison" or
        "burial_place"; conflict is "" or what disagrees; by_key is True when
        a part matched only by the cross-script key.
    """
    r = _gazetteer().read(text)
    if not r.found:
        return None
    return (
        r.city.id if r.city is not None else None,
        r.prison.id if r.prison is not None else None,
        r.burial.id if r.burial is not None else None,
        r.city_from,
        r.conflict,
        r.by_key,
    )


def affiliation_code(text: str) -> tuple[str, bool] | None:
    """(code, sympathizer) of a political affiliation as written, or None when unrecognized."""
    found = normalize_affiliation(text)
    if not found.recognized:
        return None
    return found.code, found.sympathizer


# --- names ------------------------------------------------------------------------------

# Family-name endings written as a word of their own ("Hassan Zadeh", "حسن زاده").
_SUFFIX_WORDS: Final = frozenset(
    {"zadeh", "zade", "pour", "pur", "poor", "nejad", "nezhad", "far", "lou", "loo", "nia"}
    | {fa for fa, _ in name_data.FAMILY_SUFFIXES if len(fa) > 1}
)


@lru_cache(maxsize=1)
def _given_keys() -> frozenset[str]:
    keys = set()
    for fa, la in (*name_data.GIVEN_NAMES_MALE, *name_data.GIVEN_NAMES_FEMALE):
        keys.add(parse_name(fa).key)
        keys.add(parse_name(la).key)
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=1)
def _honorific_words() -> frozenset[str]:
    return frozenset(
        normalize_name(w) for _, spellings in name_data.HONORIFICS.values() for w in spellings
    )


@lru_cache(maxsize=_CACHE_LIMIT)
def split_full_name(text: str) -> tuple[str, str, str]:
    """Split a one-column name into (given, family, order).

    ``order`` is "given_first", "family_first" ("Ahmadi, Reza" or "AHMADI
    Reza": a comma, or a capitalized first word before a word that is not),
    or "single" (one word: the given name when it is a known given name, else
    the family name; fellow prisoners remember either). A family-name ending
    written as its own word (Hassan Zadeh, حسن زاده) stays with its stem.
    Honorifics stay in the given part, where the name normalizer flags them.
    """
    text = " ".join(text.split())
    if "," in text or "،" in text:
        family, _, given = text.replace("،", ",").partition(",")
        return given.strip(), family.strip(), "family_first"
    words = text.split(" ")
    titles = 0  # leading honorifics (Seyed, Haj) go with the name that follows them
    if len(words) >= 3 and is_seyed_initial(words[0], words[1]):
        titles = 1  # "S. Morteza Akbarnejad"
    while titles < len(words) - 1 and normalize_name(words[titles]) in _honorific_words():
        titles += 1
    if len(words) - titles == 1:
        if parse_name(words[-1]).key in _given_keys():
            return text, "", "single"
        return "", text, "single"
    first = words[0]
    if (
        titles == 0
        and first.isupper()
        and len(first) > 1
        and first.isascii()
        and not all(w.isupper() for w in words[1:])
    ):
        cut = 1
        while cut < len(words) and words[cut].isupper():
            cut += 1
        return " ".join(words[cut:]), " ".join(words[:cut]), "family_first"
    if len(words) == 2 and _family_then_given(words[0], words[1]):
        return words[1], words[0], "family_first"
    cut = len(words) - 1
    while cut > titles + 1 and words[cut].lower() in _SUFFIX_WORDS:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:]), "given_first"


def _family_then_given(first: str, second: str) -> bool:
    """Whether two words read family name first: "JALALZADEH NASER", "Karimi Ali".

    Only when the second word is a known given name and the first is not one,
    and the first is no family-name ending written apart ("Hassan Zadeh").
    """
    if first.lower() in _SUFFIX_WORDS or second.lower() in _SUFFIX_WORDS:
        return False
    given = _given_keys()
    return parse_name(second).key in given and parse_name(first).key not in given


class _Name:
    """What the normalized form keeps of one name field (cached per distinct text)."""

    __slots__ = ("honorifics", "joined", "key", "romanized")

    def __init__(self, text: str) -> None:
        parts = parse_name(text)
        self.joined = parts.joined
        self.key = parts.key
        self.honorifics = parts.honorifics
        self.romanized = parts.romanized


# --- the row ------------------------------------------------------------------------------

_MALE_ABROAD: Final = (
    "homme", "masculin", "männlich", "mann", "hombre", "masculino", "erkek", "kişi",
    "ذكر", "نێر", "نیر",
)  # fmt: skip
_FEMALE_ABROAD: Final = (
    "femme", "féminin", "w", "weiblich", "frau", "mujer", "femenino", "vrouw", "kvinna",
    "kadın", "qadın", "أنثى", "انثى", "مێ", "ژن",
)  # fmt: skip
_SEX: Final[dict[str, str]] = {
    **dict.fromkeys(("m", "male", "man", "mr", "h", "مرد", "مذکر", "آقا", "پسر"), "m"),
    **dict.fromkeys(
        ("f", "female", "woman", "mrs", "ms", "زن", "مونث", "مؤنث", "خانم", "دختر"), "f"
    ),
    # French, German, Spanish, Dutch, Swedish, Turkish, Azeri, Arabic, Kurdish
    **dict.fromkeys(_MALE_ABROAD, "m"),
    **dict.fromkeys(_FEMALE_ABROAD, "f"),
}


_ENCODE: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_SEP: Final = ","


def _pair(key: RecordKey, value: Any) -> str:
    """One ``"key":value`` member of the normalized form (`dadkhah.core.record`)."""
    return f'"{key}":{_ENCODE(value)}'


def _key(key: RecordKey) -> str:
    """The ``"key":`` of a member whose value is written in place."""
    return f'"{key}":'


# The places a row names in their own columns (the city column may name them too).
PlaceKey = Literal["prison", "burial_place"]
_OWN_PLACES: Final[tuple[PlaceKey, ...]] = ("prison", "burial_place")

# The normalized form is built as text (see `RowNormalizer`): these are its fixed parts.
_OPEN: Final = "{" + _pair("v", SCHEMA_VERSION)
_AGE: Final = _key("age")
_AGE_RANGE_KEY: Final = _key("age_range")
_BIRTH_YEAR: Final = _key("birth_year")
_BIRTH_FROM: Final = "," + _key("birth_from")
_SYMPATHIZER: Final = "," + _pair("sympathizer", True)


class RowNormalizer:
    """Normalizes the fields of one row; caches the answers per distinct value.

    The normalized form is built as JSON text from members cached per distinct
    value (a name's three keys, a date's interval, a place's id): a
    million-row list has far fewer distinct names, dates, places and groups
    than rows, and re-encoding them for every row would cost more than the
    rest of the import.
    """

    def __init__(
        self,
        *,
        columns: Columns,
        file: str,
        calendar: str | None = None,
        column_calendars: dict[str, str] | None = None,
    ) -> None:
        """A normalizer for the rows of one file.

        Args:
            columns: Which column holds which field.
            file: The file's name, for problems.
            calendar: The file's calendar ("jalali", "gregorian") from the mapping.
            column_calendars: Field -> calendar, for the date and birth-year
                fields whose own calendar is known (a header hint, or
                `infer_column_calendar`); it replaces `calendar` for that field.
        """
        self.columns = columns
        self.file = file
        self.calendar = calendar
        self.column_calendars = dict(column_calendars) if column_calendars is not None else {}
        self._names: dict[tuple[str, str], tuple[str, tuple[str, ...], str]] = {}
        self._dates: dict[tuple[str, str], tuple[str, UncertainDate, str | None]] = {}
        self._years: dict[str, tuple[int, int] | None] = {}
        self._places: dict[tuple[str, str], tuple[str, str, str | None, str] | None] = {}
        self._readings: dict[str, PlaceParts | None] = {}
        self._groups: dict[str, str | None] = {}

    @staticmethod
    def _cached(cache: dict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
        value = cache.get(key, cache)
        if value is cache:
            value = make()
            RowNormalizer._store(cache, key, value)
        return value

    @staticmethod
    def _store(cache: dict[Any, Any], key: Any, value: Any) -> None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()  # bounded memory; the next rows refill what they use
        cache[key] = value

    def _name(self, prefix: NamePart, text: str) -> tuple[str, tuple[str, ...], str]:
        """(JSON members, honorifics, romanized) of one name field."""
        hit = self._names.get((prefix, text))
        if hit is None:
            parts = parse_name(text)
            members = [_pair(name_key(prefix, "name"), text)]
            if parts.joined:
                members.append(_pair(name_key(prefix, "norm"), parts.joined))
            if parts.key:
                members.append(_pair(name_key(prefix, "key"), parts.key))
            hit = _SEP.join(members), parts.honorifics, parts.romanized
            self._store(self._names, (prefix, text), hit)
        return hit

    def _date(self, name: DateField, text: str) -> tuple[str, UncertainDate, str | None]:
        """(JSON member, interval, why unreadable or None) of a date as written."""
        hit = self._dates.get((name, text))
        if hit is None:
            result = parse_date_text(text, self.calendar_of(name), era=_ERA.get(name))
            hit = _pair(name, date_json(result.value)), result.value, result.problem
            self._store(self._dates, (name, text), hit)
        return hit

    def calendar_of(self, field: str) -> str | None:
        """The calendar a field's values are read in: its column's, else the file's."""
        return self.column_calendars.get(field, self.calendar)

    def years(self, text: str) -> tuple[int, int] | None:
        calendar = self.calendar_of("birth_year")
        return self._cached(self._years, text, lambda: birth_years(text, calendar))  # type: ignore[no-any-return]

    def _place(self, name: PlaceKey, text: str) -> tuple[str, str, str | None, str] | None:
        """(JSON member, place id, id of its city, how it matched) or None when unknown.

        For the prison and burial_place columns: a value that also names a
        city ("Evin, Tehran") gives its prison or burial place; a city alone
        in the prison column ("Tabriz") is read as "Tabriz prison", the
        city's one prison (none where the city has several: Tehran).
        """
        hit = self._places.get((name, text), self._places)
        if hit is not self._places:
            return hit  # type: ignore[return-value]

        def make() -> tuple[str, str, str | None, str] | None:
            kind = {"city": "city", "prison": "prison"}.get(name)
            match = place_match(text, kind)
            if match is None:
                parts = self._reading(text)
                if parts is None:
                    return None
                found = parts[1] if name == "prison" else parts[2]
                if found is None and name == "prison" and parts[3] is None:
                    of_city = place_match(text + " prison", "prison")
                    if of_city is not None and of_city[0].startswith("prison:"):
                        return _pair(name, of_city[0]), of_city[0], of_city[1], of_city[2]
                if found is None:
                    return None
                city = _gazetteer().get(found).parent
                return _pair(name, found), found, city, "key" if parts[5] else "name"
            return _pair(name, match[0]), match[0], match[1], match[2]

        return self._cached(self._places, (name, text), make)  # type: ignore[no-any-return]

    def _reading(self, text: str) -> PlaceParts | None:
        return self._cached(self._readings, text, lambda: place_parts(text))  # type: ignore[no-any-return]

    def _group(self, text: str) -> str | None:
        hit = self._groups.get(text, self._groups)
        if hit is not self._groups:
            return hit  # type: ignore[return-value]

        def make() -> str | None:
            coded = affiliation_code(text)
            if coded is None:
                return None
            member = _pair("affiliation", coded[0])
            return member + _SYMPATHIZER if coded[1] else member

        return self._cached(self._groups, text, make)  # type: ignore[no-any-return]

    def __call__(
        self, number: int, fields: dict[str, str]
    ) -> tuple[NormalizedRecord, list[Problem]]:
        """The normalized form of one row as a dict, and its warnings (see `text`)."""
        text, found = self.text(number, fields)
        return cast("NormalizedRecord", json.loads(text)), found

    def text(self, number: int, fields: dict[str, str]) -> tuple[str, list[Problem]]:
        """The normalized form of one row as JSON text, and its warnings.

        The text is a `NormalizedRecord`, written member by member in the order
        of its keys (the same input gives the same bytes, which the custody
        log hashes).

        Args:
            number: The row number (for problems).
            fields: Field name -> the cell as text (stripped; "" when empty).
        """
        out = [_OPEN]
        found: list[Problem] = []
        flags: list[str] = []
        get = fields.get

        def warn(code: str, field: str, value: str | None = None, detail: str = "") -> None:
            column = self.columns.by_field.get(field)
            found.append(
                problem(code, self.file, row=number, column=column, value=value, detail=detail)
            )
            flags.append(f"{code}:{field}" if field else code)

        for field, text in fields.items():
            controls = bidi_controls_in(text)
            if controls:
                warn("bidi_control", field, visible(text), describe(controls))
        # Names: separate columns win; a one-column name fills what they leave empty.
        given, family, father = (
            get("given_name", ""),
            get("family_name", ""),
            get("father_name", ""),
        )
        full = get("full_name", "")
        if full:
            out.append(_pair("full_name", full))
            if not given and not family:
                given, family, order = split_full_name(full)
                out.append(_ORDER[order])
        honorifics: tuple[str, ...] = ()
        romanized = []
        for prefix, name in zip(NAME_PARTS, (given, family, father), strict=True):
            if name:
                members, flags_of_name, latin = self._name(prefix, name)
                out.append(members)
                honorifics += flags_of_name
                if latin and prefix != "father":
                    romanized.append(latin)
        if honorifics:
            out.append(_pair("honorifics", list(dict.fromkeys(honorifics))))
        if not given and not family:
            warn("name_missing", "")
        elif romanized:
            out.append(_pair("display", " ".join(romanized)))

        sex = get("sex", "")
        if sex:
            code = _SEX.get(sex.lower().rstrip("."))
            if code is None:
                warn("sex_unknown", "sex", sex)
            else:
                out.append(_SEX_MEMBER[code])

        dates: dict[str, UncertainDate] = {}
        for name in DATE_FIELDS:
            written = get(name, "")
            if written:
                member, value, why = self._date(name, written)
                if why is not None:
                    warn("date_unparsed", name, written, detail=why)
                dates[name] = value
                out.append(member)

        # Birth: from the birth date, else the birth year, else the age at death.
        self._birth(out, fields, dates, warn)

        self._row_places(out, fields, warn, flags)
        written = get("affiliation", "")
        if written:
            group = self._group(written)
            if group is None:
                warn("affiliation_unknown", "affiliation", written)
            else:
                out.append(group)
        notes = get("notes", "")
        if notes:
            out.append(_pair("notes", notes))
        if flags:
            out.append(_pair("flags", flags))
        return _SEP.join(out) + "}", found

    def _row_places(
        self,
        out: list[str],
        fields: dict[str, str],
        warn: Callable[..., None],
        flags: list[str],
    ) -> None:
        """city, prison, burial_place and ward (docs/methodology/import.md).

        The city column may hold a prison or a cemetery alone ("Evin") or with
        its city ("Evin, Tehran"): it then fills the prison or burial place
        unless the row has its own, and a disagreement is flagged
        (``place_conflict:city``). The prison's city stands in for a city the
        row does not name (``city_from``).
        """
        get = fields.get
        ids: dict[str, str] = {}
        city: str | None = None
        city_from: str | None = None
        ward_of_prison = ""
        for name in _OWN_PLACES:
            written = get(name, "")
            if not written or says_unknown(written):  # "نامعلوم", "?": not given
                continue
            match = self._place(name, written)
            split = prison_and_ward(written) if match is None and name == "prison" else None
            if split is not None:  # "اوین / ۲۰۹": the prison, and its ward
                match = self._place(name, split[0])
                ward_of_prison = split[1]
            if match is None:
                warn("place_unknown", name, written)
                continue
            out.append(match[0])
            ids[name] = match[1]
            if city is None and name == "prison" and match[2] is not None:
                city, city_from = match[2], "prison"
            if match[3] == "key":  # only the cross-script key agreed: a person should check
                flags.append(f"place_by_key:{name}")
        written = get("city", "")
        if says_unknown(written):
            written = ""
        parts = self._reading(written) if written else None
        if written and parts is None:
            warn("place_unknown", "city", written)
        elif parts is not None:
            conflicts = [parts[4]] if parts[4] else []
            for name, found in zip(_OWN_PLACES, (parts[1], parts[2]), strict=True):
                if found is None:
                    continue
                if not get(name, ""):
                    out.append(_pair(name, found))
                    ids[name] = found
                elif ids.get(name, found) != found:
                    conflicts.append(f"the {name} column names {ids[name]}, this {found}")
            if parts[0] is not None:
                city, city_from = parts[0], parts[3]
            if conflicts:
                warn("place_conflict", "city", written, detail="; ".join(conflicts))
            if parts[5]:
                flags.append("place_by_key:city")
        if city is not None:
            member = _pair("city", city)
            out.append(member if city_from is None else member + _pair_from(city_from))
        ward = get("ward", "") or ward_of_prison
        if ward:
            # A ward is a part of its prison: "209" means nothing without Evin.
            out.append(_pair("ward", ward))
            key = ward_key(ward)
            if key:
                out.append(_pair("ward_key", key))
            if "prison" in ids:
                out.append(_pair("ward_prison", ids["prison"]))
            else:
                warn("ward_without_prison", "ward", ward)

    def _birth(
        self,
        out: list[str],
        fields: dict[str, str],
        dates: dict[str, UncertainDate],
        warn: Callable[..., None],
    ) -> None:
        lo_hi: tuple[int, int] | None = None
        source = ""
        birth = dates.get("birth_date")
        if birth is not None and birth.earliest is not None and birth.latest is not None:
            lo_hi, source = (birth.earliest.year, birth.latest.year), "birth_date"
        text = fields.get("birth_year", "")
        if lo_hi is None and text and not says_unknown(text):
            years = self.years(text)
            if years is None:
                warn("date_unparsed", "birth_year", text, detail="not a year")
            else:
                lo_hi, source = years, "birth_year"
        age_text = fields.get("age", "")
        if age_text and not says_unknown(age_text):  # "?", "نامعلوم": not given
            ages = _age(age_text)
            if ages is None:
                warn("age_invalid", "age", age_text, detail="not a number of years from 1 to 110")
            else:
                youngest, oldest = ages
                if youngest == oldest:
                    out.append(f"{_AGE}{youngest}")
                else:  # "25-30": only an exact age is an int
                    out.append(f"{_AGE_RANGE_KEY}[{youngest},{oldest}]")
                death = dates.get("death_date")
                if lo_hi is None and death is not None:
                    # Age A at death on day D: born in [D - A - 1 years, D - A years].
                    lo_hi = birth_years_from_age(youngest, death, oldest=oldest)
                    source = "age"
        if lo_hi is None:
            return
        out.append(f'{_BIRTH_YEAR}[{lo_hi[0]},{lo_hi[1]}]{_BIRTH_FROM}"{source}"')
        if lo_hi[1] < PLAUSIBLE_BIRTH[0] or lo_hi[0] > PLAUSIBLE_BIRTH[1]:
            shown = str(lo_hi[0]) if lo_hi[0] == lo_hi[1] else f"{lo_hi[0]}–{lo_hi[1]}"
            warn("birth_year_implausible", source, fields.get(source, ""), detail=shown)


def _pair_from(source: str) -> str:
    return "," + _pair("city_from", source)


_ORDER: Final = {o: _pair("name_order", o) for o in ("given_first", "family_first", "single")}
_SEX_MEMBER: Final = {c: _pair("sex", c) for c in ("m", "f")}


_ERA: Final[dict[str, Era]] = {"birth_date": "birth", "arrest_date": "event", "death_date": "event"}


def _age(text: str) -> tuple[int, int] | None:
    """(youngest, oldest) of an age as written: "۲۸ ساله", "aged 28", "25-30"; None if none.

    The words around the number do not matter ("about 28" is 28, as an
    approximate date keeps its interval); a range gives both ends.
    """
    s = normalize_digits(text).lower()
    span = _AGE_RANGE.search(s)
    if span is not None:
        youngest, oldest = int(span.group(1)), int(span.group(2))
        return (youngest, oldest) if 1 <= youngest <= oldest <= 110 else None
    match = _INT.search(s)
    if match is None:
        return None
    age = int(match.group())
    return (age, age) if 1 <= age <= 110 else None
