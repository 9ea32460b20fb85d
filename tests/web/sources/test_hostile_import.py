"""Hostile text in a list: NUL and lone surrogates are refused with a message, on SQLite and
PostgreSQL alike (the suite runs on PostgreSQL when DATABASE_URL is set); bidi controls are
kept exactly, flagged, and shown visibly in every message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dadkhah.core.case import Case, open_case
from dadkhah.pipelines.importing.report import ImportRejected
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.services import source_import

pytestmark = pytest.mark.django_db

# JSON text as a hostile file would spell it: the escapes, not the characters.
HOSTILE = {
    "lone surrogate": ('"Ali \\ud800 Tabesh"', "U+D800 a lone surrogate", "Ali <U+D800> Tabesh"),
    "NUL": ('"Reza\\u0000 Karimi"', "U+0000 NULL", "Reza<U+0000> Karimi"),
}


@pytest.fixture
def case(case_dir: Path) -> Case:
    return open_case(case_dir)


def json_list(path: Path, hostile_value: str, *, key: str = "full_name") -> Path:
    path.write_text(
        "[\n"
        f'{{"record_id": "1", "{key}": {hostile_value}}},\n'
        '{"record_id": "2", "full_name": "Hassan Ahmadi"}\n'
        "]\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_value_that_is_not_text_stops_the_import_with_a_clear_message(
    case: Case, tmp_path: Path, kind: str
) -> None:
    spelled, named, shown = HOSTILE[kind]
    with pytest.raises(ImportRejected) as info:
        source_import(case=case, path=json_list(tmp_path / "l.json", spelled), source_name="s")
    (item,) = [p for p in info.value.report.problems if p.fatal]
    assert (item.code, item.row, item.column) == ("text_invalid", 1, "full_name")
    message = item.message()
    assert message.startswith(f"l.json, row 1, column 'full_name', value '{shown}': error:")
    assert named in message and "remove the character" in message
    message.encode("utf-8")  # printable anywhere: nothing unencodable left in it
    assert not Source.objects.exists() and not Record.objects.exists()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_skip_invalid_keeps_the_other_rows_and_writes_the_bad_one_faithfully(
    case: Case, tmp_path: Path, kind: str
) -> None:
    spelled, _named, _shown = HOSTILE[kind]
    path = json_list(tmp_path / "l.json", spelled)
    report = source_import(case=case, path=path, source_name="s", skip_invalid=True)
    assert report.records_imported == 1
    assert list(Record.objects.values_list("source_record_id", flat=True)) == ["2"]
    assert report.rejected_path is not None
    (line,) = report.rejected_path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["raw"]["full_name"] == json.loads(spelled)


def test_a_key_that_is_not_text_is_named_visibly(case: Case, tmp_path: Path) -> None:
    path = json_list(tmp_path / "l.json", '"x"', key="no\\u0000te")
    report = source_import(case=case, path=path, source_name="s", skip_invalid=True)
    (item,) = [p for p in report.problems if p.fatal]
    assert (item.code, item.column) == ("text_invalid", "no<U+0000>te")
    assert report.records_imported == 1


def test_a_csv_with_nul_bytes_is_refused_as_a_file_with_a_message(
    case: Case, tmp_path: Path
) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes(b"record_id,full_name\r\n1,Ali\x00 Tabesh\r\n2,Reza Karimi\r\n")
    with pytest.raises(ImportRejected) as info:
        source_import(case=case, path=path, source_name="s")
    assert "NUL bytes" in str(info.value) and "Traceback" not in str(info.value)


def test_a_csv_with_an_encoded_surrogate_is_refused_with_what_to_do(
    case: Case, tmp_path: Path
) -> None:
    path = tmp_path / "l.csv"
    # ED A0 80 is U+D800 encoded as if it were a character: not UTF-8 (RFC 3629 §3).
    path.write_bytes(b"record_id,full_name\r\n1,Ali \xed\xa0\x80 Tabesh\r\n")
    with pytest.raises(ImportRejected) as info:
        source_import(case=case, path=path, source_name="s")
    assert "save the file as UTF-8" in str(info.value) and "Traceback" not in str(info.value)


def test_bidi_controls_are_kept_exactly_flagged_and_shown_visibly(
    case: Case, tmp_path: Path
) -> None:
    name = "\u202eHassan Ahmadi\u202c"
    path = tmp_path / "l.csv"
    path.write_text(
        f"record_id,full_name\r\n1,{name}\r\n2,\u0631\u0636\u0627\u200f \u06a9\u0631\u06cc\u0645\u06cc\r\n",
        encoding="utf-8",
    )
    report = source_import(case=case, path=path, source_name="s")
    assert report.records_imported == 2
    flagged = Record.objects.get(source_record_id="1")
    assert flagged.raw["full_name"] == name  # kept as given
    assert "bidi_control:full_name" in flagged.normalized["flags"]
    (item,) = [p for p in report.problems if p.code == "bidi_control"]
    assert item.row == 2 and not item.fatal
    assert "value '<U+202E>Hassan Ahmadi<U+202C>'" in item.message()
    assert "U+202E RIGHT-TO-LEFT OVERRIDE, U+202C POP DIRECTIONAL FORMATTING" in item.message()
    # An RLM (U+200F) in Persian text is ordinary: no flag.
    assert "flags" not in Record.objects.get(source_record_id="2").normalized


@pytest.mark.parametrize("ref", [b"&#0;", b"&#xD800;"], ids=["NUL", "lone surrogate"])
def test_a_workbook_cell_referring_to_a_character_that_is_not_text_is_refused(
    case: Case, tmp_path: Path, ref: bytes
) -> None:
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["record_id", "full_name"])
    wb.active.append(["1", "Ali MARK Tabesh"])
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    hostile = tmp_path / "l.xlsx"
    # XML 1.0 §2.2 has no NUL and no surrogates, not even as a character reference.
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(hostile, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info.filename).replace(b"MARK", ref))
    with pytest.raises(ImportRejected) as info:
        source_import(case=case, path=hostile, source_name="s")
    assert "not a readable XLSX" in str(info.value) and "save it again" in str(info.value)
    assert not Record.objects.exists()
