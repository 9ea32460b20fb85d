"""The catalogue of import problems: what is fatal, what is a warning, and what to do.

Every problem names the file, the row, the column and the value, says what is
wrong and what to do (STYLE.md: errors the user must fix say so in a sentence).
A *fatal* problem rejects the whole import (all or nothing) unless
``--skip-invalid`` is given and the problem belongs to one row; a *file*
problem (undecodable bytes, no name column, a zip bomb …) rejects the import
whatever the options. A *warning* keeps the record and is flagged in its
normalized form (``flags``). The catalogue is documented in
docs/methodology/import.md; tests/data/import/ holds one bad file per entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from dadkhah.core.errors import InputError


class Severity(StrEnum):
    FILE = "file"  # the file cannot be imported at all
    ROW = "row"  # this row cannot be imported (fatal; --skip-invalid sets it aside)
    WARNING = "warning"  # the record is kept and flagged


@dataclass(frozen=True)
class Kind:
    """One entry of the catalogue."""

    code: str
    severity: Severity
    what: str  # what is wrong (may use {detail})
    todo: str  # what to do (may use {detail})


def _k(code: str, severity: Severity, what: str, todo: str) -> Kind:
    return Kind(code, severity, what, todo)


F, R, W = Severity.FILE, Severity.ROW, Severity.WARNING

CATALOGUE: Final[dict[str, Kind]] = {
    k.code: k
    for k in (
        # --- the file as a whole ------------------------------------------------
        _k("file_empty", F, "the file holds no data ({detail})",
           "check that you chose the right file; a list needs a header row and at least one row"),
        _k("file_too_large", F, "the file is {detail}, over the import limit",
           "split the list into several files, or raise the limit in the import settings"),
        _k("file_unreadable", F, "the file cannot be read ({detail})",
           "give the path of a regular file you may read (not a folder, link or device)"),
        _k("format_unsupported", F, "this is not a format the import reads ({detail})",
           "save the list as CSV (UTF-8), XLSX, ODS, JSON or JSON Lines"),
        _k("encoding_undecodable", F, "the bytes are not valid {detail}",
           "save the file as UTF-8, or name its encoding in a mapping file "
           '(encoding = "cp1256" for Windows-1256)'),
        _k("encoding_unsure", F, "the text encoding cannot be told with confidence ({detail})",
           'save the file as UTF-8, or name its encoding in a mapping file (encoding = "cp1256")'),
        _k("zip_invalid", F, "the file is not a readable {detail} workbook",
           "open it in a spreadsheet program and save it again as XLSX or ODS"),
        _k("zip_too_large", F, "the workbook unpacks to {detail}, over the limit",
           "split the workbook, or export the sheet as CSV"),
        _k("zip_ratio", F, "a part of the workbook is compressed {detail} (a zip bomb?)",
           "export the sheet as CSV from a program you trust and import that"),
        _k("xml_forbidden", F, "the workbook's XML uses {detail}, which the import refuses",
           "save the workbook again from a spreadsheet program, or export the sheet as CSV"),
        _k("sheet_missing", F, "the workbook has no sheet {detail}",
           "name one of its sheets with sheet = \"…\" in the mapping file"),
        _k("export_several_sources", F,
           "the file is a records export of more than one source ({detail})",
           "export one source version at a time (--where source=NAME --where "
           "source_version=N) and import each file as its own source"),
        _k("json_invalid", F, "the JSON is not valid ({detail})",
           "fix the JSON; the import takes an array of objects or one object per line"),
        _k("json_not_records", F, "the JSON is not a list of records ({detail})",
           "give an array of objects ([{…}, {…}]) or JSON Lines (one object per line)"),
        _k("json_too_deep", F, "the JSON is nested deeper than {detail} levels",
           "give flat records: each field a single value"),
        _k("record_too_long", F, "one record is longer than {detail}",
           "check the file: a missing quote or bracket joins many records into one"),
        _k("cell_too_long", F, "a cell is longer than {detail}",
           "check the file: an unbalanced quote joins many cells into one"),
        _k("too_many_columns", F, "the header has {detail} columns, over the limit",
           "remove the columns that are not about the people listed"),
        _k("too_many_rows", F, "the file has more than {detail} rows, over the limit",
           "split the list into several files"),
        _k("header_duplicate", F, "two columns are both named {detail}",
           "rename one of them (column names must be unique)"),
        _k("columns_ambiguous", F, "several columns could be {detail}",
           "name the column to use in a mapping file ([columns] field = \"header\")"),
        _k("columns_unsure", F, "the columns cannot be read with confidence: {detail}",
           "answer in a mapping file: save the suggested [columns] (import --write-mapping "
           "M.toml writes them), correct them and import with --mapping M.toml"),
        _k("no_name_column", F, "no column holds a name ({detail})",
           "name the columns full_name, or given_name and family_name (or نام, نام خانوادگی), "
           "or map them in a mapping file"),
        _k("mapping_invalid", F, "the mapping file is not usable: {detail}",
           "fix the mapping file (see docs/methodology/import.md)"),
        _k("source_name_invalid", F, "the source name {detail} is not a short name",
           "use letters, digits, - and _ only (for example ngo-list-2019)"),
        # --- one row ---------------------------------------------------------------
        _k("row_too_long", R, "the row has {detail}",
           "remove the extra cells or add a header for them; a delimiter inside a value "
           "needs quotes"),
        _k("record_id_duplicate", R, "record id {detail} appears in an earlier row too",
           "give each row its own id (record ids are unique within one file)"),
        _k("record_id_empty", R, "the record id is empty",
           "give the row an id, or drop the id column to have ids made from the rows' names"),
        _k("record_id_too_long", R, "the record id is longer than {detail} characters",
           "use shorter ids"),
        _k("formula_without_value", R, "the cell holds a formula with no saved value",
           "open the workbook in a spreadsheet program, let it calculate and save it, or "
           "replace the formula by its value (the import never evaluates formulas)"),
        _k("value_nested", R, "the value is {detail}, not a single value",
           "give each field one value (text or a number)"),
        _k("key_duplicate", R, "the key {detail} appears twice in one record",
           "keep one of them"),
        _k("text_invalid", R, "the text holds {detail}, which is not text and is never stored",
           "remove the character (it comes from a broken export or a hostile file); "
           "it is shown here as <U+…>"),
        # --- warnings: the record is kept and flagged --------------------------------
        _k("ids_generated", W, "the file has no record id column; ids c:<hash> were made "
           "from each row's names, father's name and birth",
           "add an id column if the list has one; without one, a corrected name or birth "
           "makes a new record in the next version"),
        _k("formula_cached", W, "the cell holds a formula; its saved value was imported",
           "nothing to do unless the saved value is stale (the formula is never evaluated)"),
        _k("name_missing", W, "the row gives no name", "check the row"),
        _k("date_unparsed", W, "the date cannot be read ({detail}); kept as text",
           "write it as 1367/05/10, Mordad 1367 or 1988-08-01, or leave it as it is"),
        _k("place_unknown", W, "the place is not in the gazetteer; kept as text",
           "check the spelling, or add the place to the gazetteer"),
        _k("place_conflict", W, "the places of the row disagree ({detail})",
           "check which place is right; the prison column is kept as written"),
        _k("ward_without_prison", W, "the row names a ward but no prison it belongs to",
           "add the prison in the prison or city column; the ward is kept as written"),
        _k("affiliation_unknown", W, "the affiliation is not a known group; kept as text",
           "check the spelling, or add the group to the affiliation table"),
        _k("birth_year_implausible", W, "the birth year {detail} is implausible",
           "check the value (a Jalali year such as 1340 is read as 1961)"),
        _k("age_invalid", W, "the age cannot be read ({detail})", "write the age as a number"),
        _k("sex_unknown", W, "the sex is not one the import knows", "use m, f, مرد or زن"),
        _k("bidi_control", W, "the value holds invisible direction controls ({detail}) "
           "that can make it display unlike what it holds; kept as given",
           "check the value as shown with its controls visible (<U+…>), and remove them "
           "from the list unless they belong there"),
        _k("column_unsure", W, "the import cannot tell what the column holds ({detail}); "
           "kept in raw only",
           "if it holds that field, map it (`[columns]` in a mapping file, or the web form) "
           "and import the list again"),
        _k("column_unused", W, "the column names no field of the import ({detail}); "
           "kept in raw only",
           "map it in a mapping file if it holds one of the known fields"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One problem at one place of one file."""

    code: str
    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    detail: str = ""

    @property
    def kind(self) -> Kind:
        return CATALOGUE[self.code]

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def fatal(self) -> bool:
        return self.severity is not Severity.WARNING

    @property
    def what(self) -> str:
        if not self.detail:  # "… ({detail})" reads well without its brackets
            return self.kind.what.replace(" ({detail})", "")
        return self.kind.what.replace("{detail}", self.detail)

    @property
    def todo(self) -> str:
        return self.kind.todo.replace("{detail}", self.detail)

    def where(self) -> str:
        """'file, row 3, column "نام"' — as much of the place as is known."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def message(self) -> str:
        """The whole sentence: where, the value, what is wrong, what to do."""
        value = "" if self.value is None else f", value {_short(self.value)!r}"
        label = "error" if self.fatal else "warning"
        return f"{self.where()}{value}: {label}: {self.what}; {self.todo}."

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "what": self.what,
            "todo": self.todo,
        }


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def problem(
    code: str,
    file: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    detail: str = "",
) -> Problem:
    """Make a Problem; ``code`` must be in the catalogue."""
    if code not in CATALOGUE:
        raise KeyError(f"unknown problem code {code!r}")
    text = None if value is None else str(value)
    return Problem(code, file, row, column, text, detail)


class ImportFileError(InputError):
    """The file as a whole cannot be imported; carries the problem."""

    def __init__(self, item: Problem) -> None:
        super().__init__(item.message())
        self.problem = item


def fail(code: str, file: str, **kwargs: object) -> ImportFileError:
    """An ImportFileError for a catalogue entry (``raise fail(...)``)."""
    return ImportFileError(problem(code, file, **kwargs))  # type: ignore[arg-type]
