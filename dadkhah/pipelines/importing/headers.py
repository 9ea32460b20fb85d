"""Column recognition: which column of a list holds which field.

A list's columns are recognized by their headers, scored against a lexicon of
the usual headers in English, French and Persian (`lexicon`), and by their
values (`assistant`). A TOML mapping file names the columns when the headers
are something else, and may say how to read the file (encoding, delimiter,
sheet) and which calendar its dates use, for the whole file or per column.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from dadkhah.core.errors import InputError
from dadkhah.core.script import fold
from dadkhah.pipelines.importing.lexicon import read_header
from dadkhah.pipelines.importing.readers import ReadOptions, text_encoding
from dadkhah.pipelines.importing.validate import fail

FIELDS: Final = (
    "record_id",
    "full_name",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_year",
    "birth_date",
    "age",
    "arrest_date",
    "death_date",
    "city",
    "prison",
    "affiliation",
    "burial_place",
    "notes",
    "ward",
)
NAME_FIELDS: Final = ("full_name", "given_name", "family_name")
DATE_FIELDS: Final = ("birth_date", "arrest_date", "death_date")
CALENDAR_HINTS: Final = ("jalali", "gregorian")
# Fields a per-column calendar ([calendars] in a mapping file) may be given for.
CALENDAR_FIELDS: Final = (*DATE_FIELDS, "birth_year")
# A header scoring this much by itself names its field (`recognize`).
RECOGNIZED: Final = 0.75

_NON_WORD = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """A header folded for comparison: letters and digits only, one written form."""
    return _NON_WORD.sub("", fold(text))


def recognize(header: str) -> str | None:
    """The field a header names with confidence by itself (no values seen), or None.

    The scored lexicon (`lexicon.read_header`) decides; a header scoring below
    `RECOGNIZED` names no field. The import also weighs a column's values
    (`assistant.assess`); this is for headers seen alone (JSON keys that
    appear after the first records).
    """
    name, score = read_header(header).best()
    return name if score >= RECOGNIZED else None


@dataclass
class Mapping:
    """What a TOML mapping file says (docs/methodology/import.md, "Mapping files")."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> header
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    calendar: str | None = None
    calendars: dict[str, str] = field(default_factory=dict)  # field -> calendar, per column
    # Headers kept in raw only, even where the importer would read them as a field.
    raw_only: list[str] = field(default_factory=list)
    path: Path | None = None
    # What the analyst says about the list (docs/cli.md, `import`); None: not said.
    systematic: bool | None = None
    reliability: str | None = None
    duplicate_free: bool | None = None
    independence_group: str | None = None

    def read_options(self) -> ReadOptions:
        return ReadOptions(encoding=self.encoding, delimiter=self.delimiter, sheet=self.sheet)

    def source_attributes(self) -> dict[str, bool | str]:
        """The source attributes the mapping sets (those it leaves out are absent)."""
        values = {
            "systematic": self.systematic,
            "reliability": self.reliability,
            "duplicate_free": self.duplicate_free,
            "independence_group": self.independence_group,
        }
        return {k: v for k, v in values.items() if v is not None}


# Admiralty / NATO source reliability grades (the Source model's choices).
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
# An independence group is a short name, as a source's (dadkhah/web/sources).
INDEPENDENCE_GROUP = re.compile(r"^[\w-]{1,100}$")
_SOURCE_FLAGS = ("systematic", "duplicate_free")
_MAPPING_KEYS = {
    "columns",
    "raw_only",
    "encoding",
    "delimiter",
    "sheet",
    "calendar",
    "calendars",
    "reliability",
    "independence_group",
    *_SOURCE_FLAGS,
}


def parse_mapping(data: dict[str, object], *, name: str) -> Mapping:
    """Check a decoded mapping table and return it as a Mapping.

    Raises:
        ImportFileError: mapping_invalid, saying which key is wrong.
    """
    unknown = sorted(set(data) - _MAPPING_KEYS)
    if unknown:
        raise fail(
            "mapping_invalid",
            name,
            detail=f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_MAPPING_KEYS))})",
        )
    mapping = Mapping()
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        raise fail("mapping_invalid", name, detail="[columns] must be a table")
    for key, header in columns.items():
        if key not in FIELDS:
            raise fail(
                "mapping_invalid", name, detail=f"{key!r} is not a field ({', '.join(FIELDS)})"
            )
        if not isinstance(header, str) or not header.strip():
            raise fail("mapping_invalid", name, detail=f"columns.{key} must be a column's header")
        mapping.columns[key] = header.strip()
    _check_one_field_per_column(mapping.columns, name)
    raw_only = data.get("raw_only", [])
    if not isinstance(raw_only, list) or not all(
        isinstance(h, str) and h.strip() for h in raw_only
    ):
        raise fail("mapping_invalid", name, detail="raw_only must be a list of column headers")
    mapping.raw_only = [h.strip() for h in raw_only]
    for header in mapping.raw_only:
        mapped_to = [f for f, h in mapping.columns.items() if header_key(h) == header_key(header)]
        if mapped_to:
            raise fail(
                "mapping_invalid",
                name,
                column=header,
                detail=f"column {header!r} is both in raw_only and mapped to {mapped_to[0]}",
            )
    calendars = data.get("calendars", {})
    if not isinstance(calendars, dict):
        raise fail("mapping_invalid", name, detail="[calendars] must be a table")
    for key, value in calendars.items():
        if key not in CALENDAR_FIELDS:
            raise fail(
                "mapping_invalid",
                name,
                detail=f"calendars.{key}: a calendar is for {', '.join(CALENDAR_FIELDS)}",
            )
        if value not in CALENDAR_HINTS:
            raise fail(
                "mapping_invalid", name, detail=f"calendars.{key} must be jalali or gregorian"
            )
        mapping.calendars[key] = value
    for key in ("encoding", "delimiter", "sheet", "calendar"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or value == "":
            raise fail("mapping_invalid", name, detail=f"{key} must be text")
        setattr(mapping, key, value)
    if mapping.delimiter is not None and len(mapping.delimiter) != 1:
        raise fail(
            "mapping_invalid", name, detail='delimiter must be one character ("\\t" for a tab)'
        )
    if mapping.calendar is not None and mapping.calendar not in CALENDAR_HINTS:
        raise fail("mapping_invalid", name, detail="calendar must be jalali or gregorian")
    _parse_source_attributes(data, mapping, name)
    if mapping.encoding is not None:
        text_encoding(mapping.encoding, name)
    return mapping


def _check_one_field_per_column(columns: dict[str, str], name: str) -> None:
    """One column holds one field: two fields mapped to one header are refused."""
    seen: dict[str, str] = {}
    for key, header in columns.items():
        other = seen.get(header_key(header))
        if other is not None:
            raise fail(
                "mapping_invalid",
                name,
                column=header,
                detail=f"columns.{other} and columns.{key} both name the column {header!r}; "
                "a column holds one field",
            )
        seen[header_key(header)] = key


def check_reliability(value: str) -> str:
    """The grade A-F in capitals, or InputError saying which grades exist."""
    grade = value.strip().upper()
    if grade not in RELIABILITY_GRADES:
        raise InputError(
            f"reliability {value!r} is not a grade: use one of A, B, C, D, E, F "
            "(A completely reliable ... E unreliable, F cannot be judged)."
        )
    return grade


def check_independence_group(value: str) -> str:
    """The group's name, or InputError saying what a name may hold."""
    if not INDEPENDENCE_GROUP.match(value.strip()):
        raise InputError(
            f"independence group {value!r} is not a short name: use letters, digits, - and _ "
            "(at most 100)."
        )
    return value.strip()


def _parse_source_attributes(data: dict[str, object], mapping: Mapping, name: str) -> None:
    for key in _SOURCE_FLAGS:
        flag = data.get(key)
        if flag is None:
            continue
        if not isinstance(flag, bool):
            raise fail("mapping_invalid", name, detail=f"{key} must be true or false")
        setattr(mapping, key, flag)
    for key, check in (
        ("reliability", check_reliability),
        ("independence_group", check_independence_group),
    ):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise fail("mapping_invalid", name, detail=f"{key} must be text")
        try:
            setattr(mapping, key, check(value))
        except InputError as exc:
            raise fail("mapping_invalid", name, detail=str(exc)) from None


def load_mapping(path: Path) -> Mapping:
    """Read a TOML mapping file.

    Raises:
        ImportFileError: mapping_invalid (unreadable, not TOML, or a wrong key).
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise fail("mapping_invalid", path.name, detail=exc.strerror or str(exc)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise fail("mapping_invalid", path.name, detail=f"not valid TOML ({exc})") from exc
    mapping = parse_mapping(data, name=path.name)
    mapping.path = path
    return mapping


def synthetic_list_mapping(entry: dict[str, object]) -> Mapping:
    """The mapping of one ``[[lists]]`` entry of a `dadkhah synth` lists.toml.

    The entry names the list's record-id column, its encoding (for CSV and
    TSV) and its calendar where all its dates use one.
    """
    record_id, calendar, fmt = (
        entry.get("record_id_column"),
        entry.get("calendar"),
        entry.get("format"),
    )
    encoding = entry.get("encoding")
    mapping = Mapping(
        columns={"record_id": str(record_id)} if record_id else {},
        encoding=str(encoding) if encoding and fmt in ("csv", "tsv") else None,
        calendar=str(calendar) if calendar in ("jalali", "gregorian") else None,
    )
    # The entry describes the list as an analyst would (systematic, reliability,
    # duplicate_free, independence_group), with the mapping file's keys and checks.
    _parse_source_attributes(entry, mapping, str(entry.get("name", "lists.toml")))
    return mapping


@dataclass
class Columns:
    """Which header holds which field, for one file."""

    by_field: dict[str, str] = field(default_factory=dict)  # field -> header
    unused: list[str] = field(default_factory=list)  # headers kept in raw only
    ids_generated: bool = False

    def has_name(self) -> bool:
        return any(f in self.by_field for f in NAME_FIELDS)


class ColumnResolver:
    """Assigns headers to fields as they appear (all at once for a table, one by one for JSON)."""

    def __init__(self, mapping: Mapping | None, *, file: str) -> None:
        self.mapping = mapping or Mapping()
        self.file = file
        self.columns = Columns()
        self._seen: set[str] = set()
        self._wanted = {header_key(h): f for f, h in self.mapping.columns.items()}
        self._exact = {h: f for f, h in self.mapping.columns.items()}
        self._raw_only = {header_key(h) for h in self.mapping.raw_only}

    def add(self, header: str) -> None:
        """Assign one header (a second header for the same field is an error).

        Raises:
            ImportFileError: columns_ambiguous.
        """
        if header in self._seen:
            return
        self._seen.add(header)
        if header_key(header) in self._raw_only:
            self.columns.unused.append(header)
            return
        name = self._exact.get(header) or self._wanted.get(header_key(header))
        if name is None:
            name = recognize(header)
            if name is not None and name in self.mapping.columns:
                name = None  # the mapping chose another column for this field
        if name is None:
            self.columns.unused.append(header)
            return
        other = self.columns.by_field.get(name)
        if other is not None:
            raise fail(
                "columns_ambiguous",
                self.file,
                column=header,
                detail=f"{name} ({other!r} and {header!r})",
            )
        self.columns.by_field[name] = header

    def add_all(self, headers: list[str], chosen: dict[str, str] | None = None) -> Columns:
        """Assign all headers; ``chosen`` (header -> field, from `assistant.assess`) decides.

        Without ``chosen`` each header is read by itself (`recognize`).
        """
        if chosen is None:
            for header in headers:
                self.add(header)
            return self.finish(headers)
        for header in headers:
            if header in self._seen:
                continue
            self._seen.add(header)
            name = chosen.get(header)
            if name is None or name in self.columns.by_field:
                self.columns.unused.append(header)
            else:
                self.columns.by_field[name] = header
        return self.finish(headers)

    def finish(self, headers: list[str]) -> Columns:
        """Check the result: mapped columns exist, a name column exists.

        Raises:
            ImportFileError: mapping_invalid or no_name_column.
        """
        missing = [h for f, h in self.mapping.columns.items() if f not in self.columns.by_field]
        present = {header_key(h) for h in headers}
        missing += [h for h in self.mapping.raw_only if header_key(h) not in present]
        if missing:
            mapping_name = self.mapping.path.name if self.mapping.path else self.file
            shown = ", ".join(repr(h) for h in headers[:20])
            raise fail(
                "mapping_invalid",
                mapping_name,
                detail=f"the file has no column {missing[0]!r} (its columns: {shown})",
            )
        if not self.columns.has_name():
            shown = ", ".join(repr(h) for h in headers[:20]) or "none"
            raise fail("no_name_column", self.file, detail=f"its columns: {shown}")
        self.columns.ids_generated = "record_id" not in self.columns.by_field
        return self.columns
