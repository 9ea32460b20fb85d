"""source_import: one transaction, versions, re-imports, rejected rows, evidence and custody."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from dadkhah.core.case import Case, open_case
from dadkhah.pipelines.importing.report import ImportRejected
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.selectors import records_normalized, source_latest, source_versions
from dadkhah.web.sources.services import import_synthetic_lists, source_import

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "data" / "import"
HEADER = "record_id,full_name,city,death_date\r\n"


@pytest.fixture
def case(case_dir: Path) -> Case:
    return open_case(case_dir)


def write(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "".join(r + "\r\n" for r in rows), encoding="utf-8")
    return path


def test_a_list_becomes_a_source_with_records_and_an_evidence_item(case: Case) -> None:
    report = source_import(case=case, path=DATA / "good_fa_utf8.csv", source_name="families")
    assert (report.status, report.version, report.records_imported) == ("imported", 1, 3)
    source = Source.objects.get(name="families")
    records = list(Record.objects.filter(source=source).order_by("row_number"))
    assert [r.source_record_id for r in records] == ["1", "2", "3"]
    assert [r.row_number for r in records] == [2, 3, 4]
    assert records[0].raw["نام خانوادگی"] == "درویش\u200cزاده"
    assert records[0].normalized["family_key"] and records[0].person_id is None
    assert records[0].normalized["death_date"]["calendar"] == "jalali"
    item = source.evidence
    assert (
        item is not None
        and item.sha256 == report.sha256
        and item.original_name == "good_fa_utf8.csv"
    )
    assert item.size == (DATA / "good_fa_utf8.csv").stat().st_size
    # The original is kept byte for byte, and its ingest is in the custody log.
    stored = case.evidence_dir / item.sha256[:2] / item.sha256[2:4] / item.sha256
    assert stored.read_bytes() == (DATA / "good_fa_utf8.csv").read_bytes()
    entry = CustodyEntry.objects.get(action="ingest")
    assert item.sha256 in entry.data and "list import" in entry.data


def test_the_same_file_again_is_a_no_op_that_says_so(case: Case) -> None:
    source_import(case=case, path=DATA / "good.json", source_name="export")
    again = source_import(case=case, path=DATA / "good.json", source_name="export")
    assert again.status == "unchanged"
    assert "already version 1" in again.summary() and "nothing was imported" in again.summary()
    assert Source.objects.count() == 1 and Record.objects.count() == 3


def test_a_changed_file_is_a_new_version_with_what_was_added_removed_and_changed(
    case: Case, tmp_path: Path
) -> None:
    v1 = write(
        tmp_path / "list.csv",
        [
            "a,Ali Tabesh,Tehran,1367",
            "b,Reza Tabesh,Tabriz,1367",
            "c,Kaveh Darvishzadeh,Rasht,1367",
        ],
    )
    source_import(case=case, path=v1, source_name="ngo", title="NGO list", reliability="C")
    v2 = write(
        tmp_path / "list.csv",
        [
            "a,Ali Tabesh,Tehran,1367",
            "b,Reza Tabesh,Tabriz,1366",
            "d,Shirin Mehrabanpour,Mashhad,1367",
        ],
    )
    report = source_import(case=case, path=v2, source_name="ngo")
    assert (report.version, report.previous_version) == (2, 1)
    assert (report.added, report.removed, report.changed, report.unchanged) == (1, 1, 1, 1)
    assert (report.added_ids, report.removed_ids, report.changed_ids) == (["d"], ["c"], ["b"])
    assert "1 added, 1 removed, 1 changed, 1 unchanged" in "\n".join(report.lines())
    old, new = list(source_versions(name="ngo"))
    assert new.previous == old and source_latest(name="ngo") == new
    assert (new.title, new.reliability) == ("NGO list", "C")  # carried over
    b2 = Record.objects.get(source=new, source_record_id="b")
    assert (b2.previous.source_id, b2.version) == (old.pk, 2)  # type: ignore[union-attr]
    assert Record.objects.get(source=new, source_record_id="d").previous is None
    assert Record.objects.filter(source=old).count() == 3  # the old version is never edited


def test_reordered_columns_alone_change_nothing(case: Case, tmp_path: Path) -> None:
    source_import(
        case=case, path=write(tmp_path / "a.csv", ["a,Ali Tabesh,Tehran,1367"]), source_name="s"
    )
    path = write(
        tmp_path / "b.csv",
        ["Tehran,a,1367,Ali Tabesh"],
        header="city,record_id,death_date,full_name\r\n",
    )
    report = source_import(case=case, path=path, source_name="s")
    assert (report.changed, report.unchanged) == (0, 1)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("dup_id.csv", "record_id_duplicate"),
        ("row_too_long.csv", "row_too_long"),
        ("formula.xlsx", "formula_without_value"),
        ("not_utf8.csv", None),  # read fine (cp1252) — a control: it imports
        ("no_name.csv", "no_name_column"),
        ("bomb.xlsx", "zip_ratio"),
        ("header_only.csv", "file_empty"),
    ],
)
def test_a_fatal_problem_rejects_the_whole_import_and_the_case_is_unchanged(
    case: Case, name: str, code: str | None
) -> None:
    if code is None:
        assert source_import(case=case, path=DATA / name, source_name="s").status == "imported"
        return
    with pytest.raises(ImportRejected) as info:
        source_import(case=case, path=DATA / name, source_name="s")
    report = info.value.report
    assert report.status == "rejected" and code in report.problem_counts
    assert "NOT imported" in str(info.value) and "The case is unchanged" in str(info.value)
    assert not Source.objects.exists() and not Record.objects.exists()
    assert not EvidenceItem.objects.exists() and not CustodyEntry.objects.exists()


def test_every_fatal_problem_is_listed_not_only_the_first(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", ["1,A,x,y", "1,B,x,y", "2,C,x,y,extra", "2,D,x,y"])
    with pytest.raises(ImportRejected) as info:
        source_import(case=case, path=path, source_name="s")
    fatal = [(p.code, p.row) for p in info.value.report.problems if p.fatal]
    assert fatal == [("record_id_duplicate", 3), ("row_too_long", 4), ("record_id_duplicate", 5)]


def test_skip_invalid_imports_the_rest_and_writes_the_rejected_rows_beside_the_input(
    case: Case, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "l.csv",
        [
            "1,Ali Tabesh,Tehran,1367",
            "1,=cmd|' /C calc'!A0,Tehran,1367",
            "2,Reza Tabesh,Tabriz,1367,extra",
        ],
    )
    report = source_import(case=case, path=path, source_name="s", skip_invalid=True)
    assert (report.records_imported, report.rows_rejected) == (1, 2)
    assert report.rejected_path == tmp_path / "l.csv.rejected.csv"
    with open(report.rejected_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [
        "row",
        "record_id",
        "problems",
        "record_id",
        "full_name",
        "city",
        "death_date",
    ]
    assert [r[0] for r in rows[1:]] == ["3", "4"]
    assert "record id '1' appears in an earlier row" in rows[1][2]
    assert rows[1][4] == "'=cmd|' /C calc'!A0"  # never a live formula in a file people open
    assert "5 cells but the header has 4" in rows[2][2]
    assert rows[2][3:] == ["2", "Reza Tabesh", "Tabriz", "1367", "extra"]  # the row as it was
    assert Record.objects.count() == 1
    assert not (tmp_path / "l.csv.rejected.csv.partial").exists()


def test_skip_invalid_on_json_writes_json_lines(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text(
        '{"record_id": "1", "full_name": "A"}\n{"record_id": "1", "full_name": "B"}\n',
        encoding="utf-8",
    )
    report = source_import(case=case, path=path, source_name="s", skip_invalid=True)
    lines = (tmp_path / "l.jsonl.rejected.jsonl").read_text(encoding="utf-8").splitlines()
    assert report.rows_rejected == 1
    assert json.loads(lines[0])["raw"] == {"record_id": "1", "full_name": "B"}


def test_skip_invalid_cannot_save_a_file_that_cannot_be_read(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "bomb.xlsx", folder / "bomb.xlsx")
    with pytest.raises(ImportRejected):
        source_import(case=case, path=folder / "bomb.xlsx", source_name="s", skip_invalid=True)
    assert list(folder.iterdir()) == [folder / "bomb.xlsx"]
    assert not Source.objects.exists()


def test_a_rejected_import_leaves_no_rejected_rows_file(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = write(folder / "l.csv", ["1,A,x,y"], header="record_id,name,city,city\r\n")
    with pytest.raises(ImportRejected):
        source_import(case=case, path=path, source_name="s", skip_invalid=True)
    assert sorted(p.name for p in folder.iterdir()) == ["l.csv"]


def test_a_dry_run_writes_nothing(case: Case) -> None:
    report = source_import(case=case, path=DATA / "warnings.csv", source_name="s", dry_run=True)
    assert report.status == "dry_run" and report.records_imported == 2
    assert len(report.sample) == 2 and report.problem_counts["place_unknown"] == 1
    assert "Nothing was written" in report.summary()
    assert not Source.objects.exists() and not EvidenceItem.objects.exists()
    assert not any(case.evidence_dir.rglob("*")) or all(
        p.is_dir() for p in case.evidence_dir.rglob("*")
    )


def test_a_bad_source_name_is_refused(case: Case) -> None:
    with pytest.raises(ImportRejected) as info:
        source_import(case=case, path=DATA / "good.json", source_name="my list!")
    assert "'my list!' is not a short name" in str(info.value)


def test_source_attributes_are_set(case: Case) -> None:
    source_import(
        case=case, path=DATA / "good.jsonl", source_name="memorial", title="Memorial",
        language="en", reliability="B", systematic=True, duplicate_free=True, synthetic=True,
        independence_group="memorial-sites",
    )  # fmt: skip
    s = Source.objects.get()
    assert (s.title, s.language, s.reliability, s.systematic, s.duplicate_free, s.synthetic) == (
        "Memorial", "en", "B", True, True, True,
    )  # fmt: skip
    assert s.independence_group == "memorial-sites" and s.kind == "list"


def test_the_synthetic_lists_are_imported_with_their_flags(case: Case, tmp_path: Path) -> None:
    from dadkhah.core.synth import SynthParams, generate_case

    generate_case(tmp_path / "synth", SynthParams(persons=150, seed=3, mode="csv"))
    reports = import_synthetic_lists(case=case, synth_dir=tmp_path / "synth")
    import tomllib

    entries = tomllib.loads((tmp_path / "synth" / "lists.toml").read_text(encoding="utf-8"))[
        "lists"
    ]
    assert len(reports) == len(entries) and all(r.status == "imported" for r in reports)
    for entry in entries:
        source = Source.objects.get(name=entry["name"])
        assert (source.title, source.systematic, source.duplicate_free, source.synthetic) == (
            entry["title"], entry["systematic"], entry["duplicate_free"], True,
        )  # fmt: skip
        assert source.reliability == entry["reliability"] != "F"  # graded, not "cannot judge"
        assert source.records.count() == entry["records"]
    assert not any(r.has_fatal for r in reports)
    # Every record reads back through the selector the linkage uses.
    rows = list(records_normalized())
    assert len(rows) == Record.objects.count() > 0
    assert {r["source"] for r in rows} == set(Source.objects.values_list("name", flat=True))
