"""Every problem in the catalogue, each from a bad input, with the message a user reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dadkhah.pipelines.importing.headers import Mapping, load_mapping
from dadkhah.pipelines.importing.prepare import dry_run
from dadkhah.pipelines.importing.readers import Limits
from dadkhah.pipelines.importing.validate import CATALOGUE, ImportFileError, Severity

DATA = Path(__file__).resolve().parents[2] / "data" / "import"
SEEN: set[str] = set()

# (fixture, mapping, limits, expected code, row, column, fragments of the message)
CASES = [
    ("empty.csv", None, None, "file_empty", None, None, ["empty.csv", "0 bytes"]),
    ("blank.csv", None, None, "file_empty", None, None, ["no header row"]),
    ("header_only.csv", None, None, "file_empty", None, None, ["no row to import"]),
    ("export_two_sources.csv", None, None, "export_several_sources", 3, None,
     ["list-a v1 and list-b v1", "--where source=NAME"]),
    ("good_utf8.csv", None, Limits(max_file_bytes=100), "file_too_large", None, None,
     ["268 bytes (limit 100)", "split the list"]),
    ("old.xls", None, None, "format_unsupported", None, None, ["old binary Excel (.xls)", "CSV (UTF-8)"]),
    ("not_utf8.csv", None, Limits(sample_bytes=16), "encoding_undecodable", None, None,
     ["not valid UTF-8 (line 3, byte 2 of the line)", 'encoding = "cp1256"']),
    ("good_fa_cp1256.csv", Mapping(encoding="utf-8"), None, "encoding_undecodable", None, None,
     ["UTF-8 (line 1, byte 1 of the line)"]),
    ("unsure.csv", None, None, "encoding_unsure", None, None,
     ["neither clearly Windows-1256 nor Windows-1252", "save the file as UTF-8"]),
    ("binary.csv", None, None, "encoding_unsure", None, None, ["NUL bytes"]),
    ("broken.xlsx", None, None, "zip_invalid", None, None, ["not a readable XLSX workbook"]),
    ("good.xlsx", None, Limits(max_unzipped_bytes=1000), "zip_too_large", None, None,
     ["(limit 1,000)"]),
    ("bomb.xlsx", None, None, "zip_ratio", None, None, ["1,029 to 1", "zip bomb"]),
    ("entities.ods", None, None, "xml_forbidden", None, None, ["EntitiesForbidden"]),
    ("good.xlsx", Mapping(sheet="Nope"), None, "sheet_missing", None, None,
     ["'Nope'", "'victims', 'notes'"]),
    ("good.ods", Mapping(sheet="Nope"), None, "sheet_missing", None, None,
     ["'Nope'", "'victims', 'other'"]),
    ("invalid.json", None, None, "json_invalid", 1, None,
     ["unexpected ',' at character 30, after item 1"]),
    ("nan.json", None, None, "json_invalid", 1, None, ["unexpected 'N' at character 37: NaN and Infinity are not JSON numbers, in item 1"]),
    ("not_records.json", None, None, "json_not_records", 1, None, ["item 1 is a int"]),
    ("not_array.json", None, None, "json_not_records", None, None, ["not ["]),
    ("deep.json", None, None, "json_too_deep", 1, None, ["deeper than 16 levels"]),
    ("long_record.jsonl", None, Limits(max_record_chars=1000), "record_too_long", 1, None,
     ["longer than 1,000 characters"]),
    ("good.json", None, Limits(max_record_chars=50), "record_too_long", 1, None,
     ["longer than 50 characters"]),
    ("good_utf8.csv", None, Limits(max_cell_chars=8), "cell_too_long", None, None,
     ["longer than 8 characters (line 1)", "unbalanced quote"]),
    ("good_utf8.csv", None, Limits(max_columns=3), "too_many_columns", 1, None, ["8 columns"]),
    ("good.jsonl", None, Limits(max_rows=1), "too_many_rows", None, None, ["more than 1 rows"]),
    ("good.ods", None, Limits(max_rows=2), "too_many_rows", None, None, ["more than 2 rows"]),
    ("dup_header.csv", None, None, "header_duplicate", 1, "city", ["both named 'city'"]),
    ("ambiguous.csv", None, None, "columns_ambiguous", None, "Name",
     ["could be full_name ('full_name' and 'Name')", "mapping file"]),
    ("unsure_columns.csv", None, None, "columns_unsure", None, None,
     ["Which column holds death_date: 'date' or 'date 2'?",
      'Suggested [columns]: record_id = "id", full_name = "full_name", death_date = "date", '
      'arrest_date = "date 2"', "--write-mapping"]),
    ("unsure_column.csv", None, None, "column_unsure", None, "lieu",
     ["Does column 'lieu' hold city (or none)?", "values 'Karaj road'", "kept in raw only",
      "map it"]),
    ("no_name.csv", None, None, "no_name_column", None, None,
     ["'record_id', 'city', 'prison'", "نام خانوادگی"]),
    ("good_utf8.csv", "missing_column_mapping.toml", None, "mapping_invalid", None, None,
     ["no column 'Victim'"]),
    ("row_too_long.csv", None, None, "row_too_long", 3, None,
     ["4 cells but the header has 2", "value 'Tehran'"]),
    ("dup_id.csv", None, None, "record_id_duplicate", 4, "record_id",
     ["record id '7' appears in an earlier row"]),
    ("empty_id.csv", None, None, "record_id_empty", 3, "record_id", ["record id is empty"]),
    ("long_id.csv", None, None, "record_id_too_long", 2, "record_id", ["longer than 100"]),
    ("formula.xlsx", None, None, "formula_without_value", 2, "age",
     ["formula with no saved value", "never evaluates"]),
    ("formula.ods", None, None, "formula_without_value", 2, "age", ["formula with no saved value"]),
    ("nested.json", None, None, "value_nested", 1, "aliases", ["the value is a list"]),
    ("dup_key.jsonl", None, None, "key_duplicate", 1, "full_name",
     ["key 'full_name' appears twice"]),
    ("hostile_text.json", None, None, "text_invalid", 1, "full_name",
     ["value 'Ali <U+D800> Tabesh'", "U+D800 a lone surrogate", "remove the character"]),
    ("bidi.csv", None, None, "bidi_control", 2, "full_name",
     ["value '<U+202E>Hassan Ahmadi'", "U+202E RIGHT-TO-LEFT OVERRIDE", "kept as given"]),
    ("no_id.csv", None, None, "ids_generated", None, None, ["ids c:<hash> were made"]),
    ("formula_cached.xlsx", None, None, "formula_cached", 2, "age",
     ["value '25'", "saved value was imported"]),
    ("formula_cached.ods", None, None, "formula_cached", 2, "age", ["value '25'"]),
    ("warnings.csv", None, None, "name_missing", 3, None, ["gives no name"]),
    ("warnings.csv", None, None, "date_unparsed", 2, "death_date",
     ["value 'the day after'", "kept as text"]),
    ("warnings.csv", None, None, "place_unknown", 2, "city", ["value 'Atlantis'", "gazetteer"]),
    ("places.csv", None, None, "place_conflict", 2, "city",
     ["value 'Evin'", "the prison column names prison:gohardasht, this prison:evin"]),
    ("places.csv", None, None, "ward_without_prison", 3, "ward",
     ["value 'Ward 209'", "no prison it belongs to"]),
    ("warnings.csv", None, None, "affiliation_unknown", 2, "affiliation", ["value 'Ninjas'"]),
    ("warnings.csv", None, None, "birth_year_implausible", 2, "birth_year",
     ["birth year 1985 is implausible"]),
    ("warnings.csv", None, None, "age_invalid", 3, "age", ["value 'old'"]),
    ("warnings.csv", None, None, "sex_unknown", 2, "sex", ["value 'x'"]),
    ("unused_column.csv", None, None, "column_unused", None, "shoe size",
     ["warning: the column names no field of the import; kept in raw only; map it"]),
    ("unheld_column.csv", None, None, "column_unused", None, "Mother's name",
     ["warning: the column names no field of the import (it holds a mother's name, which "
      "dadkhah keeps no field for); kept in raw only; map it"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "mapping", "limits", "code", "row", "column", "fragments"),
    CASES,
    ids=[f"{c[3]}-{c[0]}" for c in CASES],
)
def test_each_bad_input_reports_its_problem(
    name: str,
    mapping: Mapping | str | None,
    limits: Limits | None,
    code: str,
    row: int | None,
    column: str | None,
    fragments: list[str],
) -> None:
    parsed = load_mapping(DATA / mapping) if isinstance(mapping, str) else mapping
    report = dry_run(DATA / name, source="s", mapping=parsed, limits=limits or Limits())
    found = [p for p in report.problems if p.code == code]
    assert found, f"{code} not reported; got {dict(report.problem_counts)}"
    item = found[0]
    assert (item.row, item.column) == (row, column)
    message = item.message()
    # A problem of the mapping file names the mapping file; every other, the list.
    assert message.startswith(mapping if code == "mapping_invalid" else name)
    for fragment in fragments:
        assert fragment in message
    # What the catalogue promises: a fatal problem stops the import, a warning does not.
    if CATALOGUE[code].severity is Severity.WARNING:
        assert "warning:" in message
        assert report.records_imported > 0
    else:
        assert "error:" in message
        assert report.has_fatal
    SEEN.add(code)


def test_the_catalogue_has_a_bad_input_for_every_entry() -> None:
    tested = {c[3] for c in CASES}
    # Raised by the service, not by reading a file (tested in tests/web/sources/).
    elsewhere = {"source_name_invalid", "file_unreadable"}
    assert set(CATALOGUE) - elsewhere == tested


@pytest.mark.parametrize(
    "name", ["bad_mapping.toml", "not_toml.toml"], ids=["unknown-field", "not-toml"]
)
def test_a_bad_mapping_file_says_what_is_wrong(name: str) -> None:
    with pytest.raises(ImportFileError) as info:
        load_mapping(DATA / name)
    assert info.value.problem.code == "mapping_invalid"
    assert name in str(info.value)
    assert ("'shoe_size' is not a field" in str(info.value)) or (
        "not valid TOML" in str(info.value)
    )


def test_a_folder_or_a_link_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    os.symlink(DATA / "good_utf8.csv", link)
    for path, fragment in ((link, "symbolic link"), (tmp_path, "not a regular file")):
        report = dry_run(path, source="s")
        assert report.problems[0].code == "file_unreadable"
        assert fragment in report.problems[0].message()


def test_every_message_names_the_file_says_what_is_wrong_and_what_to_do() -> None:
    for kind in CATALOGUE.values():
        assert kind.what and kind.todo
        assert not kind.todo.endswith(".")  # the sentence adds its own full stop
