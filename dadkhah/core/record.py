"""The normalized form of a record (``Record.normalized``), typed: one home for its keys.

The importer (`dadkhah.pipelines.importing.normalize.RowNormalizer`) writes one
JSON object per row beside the row's raw values; linkage, search, spellings,
strata, exports and the person page read it. Its keys and the JSON of an
uncertain date are defined here, once: the producer writes these names, every
reader reads them, and `tests/core/test_record.py` checks the producer's output
against `NormalizedRecord` key by key.

What every value holds (docs/methodology/import.md has the same table):

* **Names** (``given``, ``family``, ``father``; `NAME_PARTS`): ``<part>_name``
  is the name as written in the list, in whatever script it used (Persian,
  Latin, Arabic letters …), honorifics included; ``<part>_norm`` is
  `dadkhah.core.names.parse_name`'s ``joined`` form (letters folded,
  honorifics removed, words joined) and ``<part>_key`` its cross-script key
  (ASCII capitals, the same for ``زهره`` and ``Zohreh``). The norm and key are
  absent when the name folds to nothing. ``full_name`` is a one-column name as
  written; when the list has no separate name columns it is split into
  ``given_name`` and ``family_name`` and ``name_order`` says how
  (``given_first``, ``family_first``, ``single``). ``honorifics`` lists the
  honorific flags of the three names (``seyed``, ``haj`` …); ``display`` is a
  machine romanization ("Given Family") for display only, never for matching.
* **Dates** (`DATE_FIELDS`): a `DateJSON` object, an interval of Gregorian
  days whatever the calendar it was written in; ``calendar`` says which
  (``jalali``, ``gregorian``, or null when the text did not tell) and
  ``text`` keeps it as written. An unreadable date has both ends null and
  precision ``unknown`` (and a ``date_unparsed`` flag).
* **Birth**: ``birth_year`` is ``[first, last]``, Gregorian years the person
  can have been born in (a Jalali year spans two); ``birth_from`` says which
  field gave it (``birth_date``, ``birth_year``, ``age``). ``age`` is an exact
  age as written (1–110), ``age_range`` ``[youngest, oldest]`` when a range is
  written (``age`` is then absent).
* **Places**: ``city``, ``prison``, ``burial_place`` and ``ward_prison`` are
  gazetteer ids (``city:tehran``, ``prison:evin``, ``cemetery:khavaran``;
  `dadkhah.core.places`); ``city_from`` is ``prison`` or ``burial_place`` when
  the city is that of the prison or cemetery the row names. ``ward`` is the
  ward as written, ``ward_key`` its comparison form (ASCII digits).
* **Other**: ``sex`` is ``m`` or ``f``; ``affiliation`` an affiliation code
  (`dadkhah.core.affiliations`) and ``sympathizer`` true for a supporter;
  ``notes`` as written; ``flags`` the row's warnings as ``code:field``.

**Missing** is always an absent key, never null or "": the producer leaves out
every key whose value would be empty. Only ``v`` is always written.

Rows of other writers (the demo loader, tests, a database edited by hand) may
lack ``v`` or give ``birth_year`` as one int: readers go
through `read_record`, which reads a row without ``v`` as version 1, and keep
tolerating such values; a date goes through `read_date` and the birth years through
`read_birth_years`, so that search, linkage, strata and the pages read a damaged value
alike (as nothing).
The custody log hashes the stored JSON exactly as stored
(`dadkhah.core.custody.records`), so nothing here rewrites a stored row.
"""

# No `from __future__ import annotations`: TypedDict reads `NotRequired` at run time only
# from evaluated annotations (Python 3.11), and the tests check the required keys.
import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, Literal, NotRequired, TypedDict, cast

from dadkhah.core.dates import Calendar, Precision, UncertainDate

__all__ = [
    "DATE_FIELDS",
    "FIELDS",
    "NAME_FIELDS",
    "NAME_PARTS",
    "PLACE_FIELDS",
    "SCHEMA_VERSION",
    "UNVERSIONED",
    "DateField",
    "DateJSON",
    "NameField",
    "NamePart",
    "NormalizedRecord",
    "RecordKey",
    "date_from_json",
    "date_json",
    "name_key",
    "read_birth_years",
    "read_date",
    "read_record",
]

#: The version of the normalized form, stored as ``v``. A change of meaning of a key gets a
#: new version; adding a key does not.
SCHEMA_VERSION: Final = 1

NamePart = Literal["given", "family", "father"]
#: The name parts, in the order the producer writes them: ``<part>_name``, ``_norm``, ``_key``.
NAME_PARTS: Final[tuple[NamePart, ...]] = ("given", "family", "father")
NameField = Literal[
    "given_name", "family_name", "father_name",
    "given_norm", "family_norm", "father_norm",
    "given_key", "family_key", "father_key",
]  # fmt: skip
DateField = Literal["birth_date", "arrest_date", "death_date"]
#: The names as written (the one-column ``full_name`` is not one of them).
NAME_FIELDS: Final[tuple[NameField, ...]] = ("given_name", "family_name", "father_name")
#: Every key of `NormalizedRecord`, for code that writes a key it holds in a variable
#: (the producer); tests/core/test_record.py checks that the two agree.
RecordKey = Literal[
    "v", "full_name", "name_order",
    "given_name", "given_norm", "given_key",
    "family_name", "family_norm", "family_key",
    "father_name", "father_norm", "father_key",
    "honorifics", "display", "sex",
    "birth_date", "arrest_date", "death_date",
    "age", "age_range", "birth_year", "birth_from",
    "prison", "burial_place", "city", "city_from",
    "ward", "ward_key", "ward_prison",
    "affiliation", "sympathizer", "notes", "flags",
]  # fmt: skip

#: The uncertain dates (each a `DateJSON`), in the order the producer writes them.
DATE_FIELDS: Final[tuple[DateField, ...]] = ("birth_date", "arrest_date", "death_date")
#: The gazetteer ids of places.
PLACE_FIELDS: Final[tuple[RecordKey, ...]] = ("city", "prison", "burial_place", "ward_prison")


class DateJSON(TypedDict):
    """An `UncertainDate` as JSON: inclusive Gregorian days as ISO text, null where unknown.

    Attributes:
        earliest: The first day it can mean ("1988-08-01"), or None.
        latest: The last day it can mean, or None (both ends or neither).
        precision: A `dadkhah.core.dates.Precision` value ("day" … "unknown").
        calendar: The calendar it was written in ("jalali", "gregorian"), or None.
        text: The date exactly as written.
    """

    earliest: str | None
    latest: str | None
    precision: str
    calendar: str | None
    text: str


class NormalizedRecord(TypedDict):
    """``Record.normalized``, schema `SCHEMA_VERSION` (see the module for each key).

    ``v`` is the one key the producer always writes; every other key is absent
    where the row does not give it.
    """

    v: int
    full_name: NotRequired[str]
    name_order: NotRequired[Literal["given_first", "family_first", "single"]]
    given_name: NotRequired[str]
    given_norm: NotRequired[str]
    given_key: NotRequired[str]
    family_name: NotRequired[str]
    family_norm: NotRequired[str]
    family_key: NotRequired[str]
    father_name: NotRequired[str]
    father_norm: NotRequired[str]
    father_key: NotRequired[str]
    honorifics: NotRequired[list[str]]
    display: NotRequired[str]
    sex: NotRequired[Literal["m", "f"]]
    birth_date: NotRequired[DateJSON]
    arrest_date: NotRequired[DateJSON]
    death_date: NotRequired[DateJSON]
    age: NotRequired[int]
    age_range: NotRequired[list[int]]
    birth_year: NotRequired[list[int]]
    birth_from: NotRequired[Literal["birth_date", "birth_year", "age"]]
    prison: NotRequired[str]
    burial_place: NotRequired[str]
    city: NotRequired[str]
    city_from: NotRequired[Literal["prison", "burial_place"]]
    ward: NotRequired[str]
    ward_key: NotRequired[str]
    ward_prison: NotRequired[str]
    affiliation: NotRequired[str]
    sympathizer: NotRequired[bool]
    notes: NotRequired[str]
    flags: NotRequired[list[str]]


#: Every key of the schema.
FIELDS: Final[tuple[str, ...]] = tuple(NormalizedRecord.__annotations__)
#: The version of a stored row that does not say (rows of other writers: the demo, tests).
UNVERSIONED: Final = 1


def name_key(part: NamePart, what: Literal["name", "norm", "key"]) -> NameField:
    """The key of one name part: ``name_key("given", "key")`` is ``"given_key"``."""
    return cast("NameField", f"{part}_{what}")


def read_record(data: object) -> NormalizedRecord:
    """A stored ``normalized`` value as the schema, for reading (never to store back).

    A dict (a mapping) with its version is returned as it is, without a copy; one without
    (`UNVERSIONED`) gets ``v`` in a copy; anything else reads as an empty
    record. Values are not checked: a reader still checks the type of a value
    it relies on, since the schema is what the importer writes, not what every
    hand-written row holds.
    """
    if isinstance(data, Mapping):
        if "v" in data:
            return cast("NormalizedRecord", data)
        return cast("NormalizedRecord", {"v": UNVERSIONED, **data})
    return {"v": UNVERSIONED}


_PRECISIONS: Final = {p.value: p for p in Precision}
_CALENDARS: Final = {c.value: c for c in Calendar}


def date_json(value: UncertainDate) -> DateJSON:
    """An `UncertainDate` as stored in ``normalized`` (ISO days; None where unknown)."""
    return {
        "earliest": value.earliest.isoformat() if value.earliest is not None else None,
        "latest": value.latest.isoformat() if value.latest is not None else None,
        "precision": value.precision.value,
        "calendar": value.calendar.value if value.calendar is not None else None,
        "text": value.text,
    }


def date_from_json(data: Mapping[str, Any] | None) -> UncertainDate | None:
    """The inverse of `date_json` (None stays None).

    Raises:
        ValueError: A day that is not ISO, an unknown precision or calendar, one end
            without the other, or the earliest day after the latest.
        TypeError: A day that is not text.
    """
    if data is None:
        return None
    earliest, latest, cal = data.get("earliest"), data.get("latest"), data.get("calendar")
    # Dict look-ups rather than Precision(...) and Calendar(...): linkage decodes three
    # dates of every record, and the enum calls were most of the cost.
    precision = _PRECISIONS.get(data.get("precision", "unknown"))
    calendar = _CALENDARS.get(cal) if cal else None
    if precision is None or (cal and calendar is None):
        raise ValueError(f"not a precision and calendar: {data.get('precision')!r}, {cal!r}")
    return UncertainDate(
        dt.date.fromisoformat(earliest) if earliest else None,
        dt.date.fromisoformat(latest) if latest else None,
        precision,
        calendar,
        data.get("text", ""),
    )


def read_date(data: object) -> UncertainDate | None:
    """`date_from_json` of a stored value, or None where it is not a readable `DateJSON`.

    For readers of stored rows, which are never refused for one damaged date.
    """
    if not isinstance(data, Mapping):
        return None
    try:
        return date_from_json(data)
    except (ValueError, TypeError, KeyError):
        return None


def read_birth_years(record: NormalizedRecord) -> tuple[int, int] | None:
    """``birth_year`` of a stored record as ``(first, last)``, or None where it gives none.

    The importer writes ``[first, last]``; a hand-written row may give one int (read as
    that year twice). Anything else, or a year that is not a whole number, reads as None.
    """
    years: object = record.get("birth_year")
    if isinstance(years, int):
        years = [years, years]
    if isinstance(years, list | tuple) and len(years) == 2:
        try:
            return int(years[0]), int(years[1])
        except (TypeError, ValueError):
            return None
    return None
