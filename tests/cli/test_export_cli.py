"""`dadkhah export`: a records export imports again as the same records; bad input leaves nothing.

The commands run in process (CliRunner) on the test database, which the case folders of
a test share: each case but the last is rolled back once its exports are written
(tests/cli/in_process.py), so that the next one starts as empty as a new case.
Nothing here needs a process of its own: a refusal's exit code (1) is click's, the same
through CliRunner as through the console script.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli
from tests.cli.in_process import invoke_ok, invoke_refused, rolled_back
from tests.cli.test_startup import HEAVY, _modules_after

REPO = Path(__file__).resolve().parents[2]
LIST = REPO / "tests" / "data" / "import" / "good_fa_utf8.csv"
PASSWORD = "a long enough passphrase 42"


def _ok(*args: str) -> str:
    return invoke_ok(*args, env={"DADKHAH_PASSWORD": PASSWORD})


def _case(root: Path, settings: Any) -> Path:
    from dadkhah.core.case import open_case

    _ok("init", str(root), "--name", "Export test")
    settings.CASE = open_case(root)  # its exports audit to its log, as DADKHAH_CASE does
    _ok("--case", str(root), "createuser", "ana", "--role", "analyst")
    return root


def _records(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["source_record_id"]: r for r in csv.DictReader(fh)}


NORMALIZED = (
    "given_name", "family_name", "father_name", "given_key", "family_key", "father_key",
    "birth_year", "birth_from", "death_date", "death_date_precision", "city", "prison",
    "flags", "normalized_other",
)  # fmt: skip


@pytest.mark.django_db
def test_a_records_export_imports_again_as_the_same_records(tmp_path: Path, settings: Any) -> None:
    exported = tmp_path / "records.csv"
    with rolled_back():
        first = _case(tmp_path / "first", settings)
        _ok("--case", str(first), "import", str(LIST), "--source", "list-a")
        out = _ok("--case", str(first), "export", "records", "--format", "csv",
                  "--out", str(exported), "--as", "ana")  # fmt: skip
    assert "3 row(s) of records" in out
    with exported.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    raw = {h.removeprefix("raw."): h for h in header if h.startswith("raw.")}
    fields = {
        "record_id": "ردیف", "given_name": "نام", "family_name": "نام خانوادگی",
        "father_name": "نام پدر", "birth_year": "سال تولد", "death_date": "تاریخ اعدام",
        "city": "شهر", "prison": "زندان",
    }  # fmt: skip
    mapping = tmp_path / "mapping.toml"
    others = [h for h in header if not h.startswith("raw.")]
    lines = [f"raw_only = {json.dumps(others, ensure_ascii=False)}", "[columns]"]
    lines += [f'{f} = "{raw[h]}"' for f, h in fields.items()]
    mapping.write_text("\n".join(lines) + "\n", encoding="utf-8")

    second = _case(tmp_path / "second", settings)
    _ok("--case", str(second), "import", str(exported), "--source", "list-a",
        "--mapping", str(mapping))  # fmt: skip
    again = tmp_path / "again.csv"
    _ok("--case", str(second), "export", "records", "--format", "csv", "--out", str(again),
        "--as", "ana")  # fmt: skip
    before, after = _records(exported), _records(again)
    assert sorted(before) == sorted(after) == ["1", "2", "3"]
    for rid, row in before.items():
        assert {k: row[k] for k in NORMALIZED} == {k: after[rid][k] for k in NORMALIZED}, rid
        for h in raw.values():
            assert after[rid][f"raw.{h}"] == row[h]  # the raw values, as given the first time
    assert before["1"]["given_name"] == "کاوه" and before["1"]["death_date"] == "1988-08-01"


#: Columns that name the record in the case, not in the list: they may differ in another case.
CASE_COLUMNS = ("record_id", "person_id")


def _rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [{k: "" if v is None else str(v) for k, v in json.loads(x).items()} for x in lines]
    else:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    return {(r["source"], r["source_record_id"]): r for r in rows}


@pytest.mark.django_db
def test_an_exported_records_file_imports_as_the_original_list_without_a_mapping(
    tmp_path: Path, settings: Any
) -> None:
    exports = []
    before = tmp_path / "before.csv"
    after = tmp_path / "after.csv"
    with rolled_back():
        first = _case(tmp_path / "first", settings)
        _ok("--case", str(first), "import", str(LIST), "--source", "list-a")
        # A list whose values a spreadsheet would run as formulas, and a sign before a number.
        awkward = tmp_path / "awkward.csv"
        awkward.write_text(
            "No.,Name,Father,Notes\r\n1,Kaveh Darvishzadeh,Nader,=HYPERLINK(1)\r\n"
            "2,Shirin Mehrabanpour,Ahmad,-\r\n3,Ali-Reza Tabesh,Hossein,'=kept as given\r\n",
            encoding="utf-8",
        )
        _ok("--case", str(first), "import", str(awkward), "--source", "list-b")
        for source, fmt in (("list-a", "csv"), ("list-b", "csv"), ("list-b", "jsonl")):
            out = tmp_path / f"{source}.{fmt}"
            _ok("--case", str(first), "export", "records", "--format", fmt, "--out", str(out),
                "--as", "ana", "--where", f"source={source}")  # fmt: skip
            exports.append(out)
        _ok("--case", str(first), "export", "records", "--format", "csv", "--out", str(before),
            "--as", "ana")  # fmt: skip
    with rolled_back():
        second = _case(tmp_path / "second", settings)
        _ok("--case", str(second), "import", str(exports[0]), "--source", "list-a")
        _ok("--case", str(second), "import", str(exports[1]), "--source", "list-b")
        _ok("--case", str(second), "export", "records", "--format", "csv", "--out", str(after),
            "--as", "ana")  # fmt: skip
    old, new = _rows(before), _rows(after)
    assert sorted(old) == sorted(new) and len(old) == 6
    for key, row in old.items():
        same = {k: v for k, v in row.items() if k not in CASE_COLUMNS}
        assert same == {k: v for k, v in new[key].items() if k not in CASE_COLUMNS}, key
    assert new[("list-b", "1")]["raw.Notes"] == "'=HYPERLINK(1)"  # defused again on export
    assert new[("list-a", "1")]["given_name"] == "کاوه"

    third = _case(tmp_path / "third", settings)  # the JSON Lines export keeps every value exactly
    _ok("--case", str(third), "import", str(exports[2]), "--source", "list-b")
    again = tmp_path / "again.jsonl"
    _ok("--case", str(third), "export", "records", "--format", "jsonl", "--out", str(again),
        "--as", "ana")  # fmt: skip
    given, back = _rows(exports[2]), _rows(again)
    assert [r["raw.Notes"] for r in back.values()] == ["=HYPERLINK(1)", "-", "'=kept as given"]
    for key, row in given.items():
        # The first export has a column for each header of list-a too, empty here.
        assert {k: v for k, v in row.items() if k not in back[key]} == dict.fromkeys(
            ["raw.ردیف", "raw.نام", "raw.نام خانوادگی", "raw.نام پدر", "raw.سال تولد",
             "raw.تاریخ اعدام", "raw.شهر", "raw.زندان"], ""
        )  # fmt: skip
        assert {k: v for k, v in back[key].items() if k not in CASE_COLUMNS} == {
            k: row[k] for k in back[key] if k not in CASE_COLUMNS
        }, key


@pytest.mark.django_db
def test_an_export_of_two_sources_is_refused_by_the_import(tmp_path: Path, settings: Any) -> None:
    first = _case(tmp_path / "first", settings)
    _ok("--case", str(first), "import", str(LIST), "--source", "list-a")
    _ok("--case", str(first), "import", str(LIST), "--source", "list-c")
    both = tmp_path / "both.csv"
    _ok("--case", str(first), "export", "records", "--format", "csv", "--out", str(both),
        "--as", "ana")  # fmt: skip
    stderr = invoke_refused("--case", str(first), "import", str(both), "--source", "list-d",
                            env={"DADKHAH_PASSWORD": PASSWORD})  # fmt: skip
    assert "records export of more than one source (list-a v1 and list-c v1)" in stderr


def _invoke(case_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--case", str(case_dir), "export", *args])


@pytest.mark.parametrize(
    "args, message",
    [
        (["people", "--format", "csv"], "unknown table 'people'; choose one of records"),
        (["persons", "--format", "xlsx"], "unknown format 'xlsx'; choose one of csv, json"),
    ],
)
def test_an_unknown_table_or_format_is_refused_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = _invoke(tmp_path / "no-case", *args, "--out", str(tmp_path / "x"), "--as", "ana")
    assert result.exit_code == 1 and message in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "persons.csv"
    out.write_text("keep")
    result = _invoke(tmp_path, "persons", "--format", "csv", "--out", str(out), "--as", "ana")
    assert result.exit_code == 1 and "exists already; choose a new name or pass --force" in (
        result.output
    )
    assert out.read_text() == "keep" and list(tmp_path.iterdir()) == [out]


@pytest.mark.django_db
def test_a_where_on_an_unknown_field_and_an_unknown_user_are_refused(case_dir: Path) -> None:
    from tests.web.authz.conftest import make_user

    make_user("ana", "analyst")
    out = case_dir / "p.csv"
    result = _invoke(case_dir, "persons", "--format", "csv", "--out", str(out), "--as", "ana",
                     "--where", "colour=red")  # fmt: skip
    assert result.exit_code == 1 and "no field 'colour' in this table" in result.output
    result = _invoke(case_dir, "persons", "--format", "csv", "--out", str(out), "--as", "nobody")
    assert result.exit_code == 1 and "this user may not export" in result.output
    assert not out.exists() and not list(case_dir.glob(".p.csv*"))
    result = _invoke(case_dir, "persons", "--format", "parquet", "--out", str(out), "--as", "ana")
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    assert pq.read_table(out).column_names[0] == "person_id"


def test_export_help_loads_no_heavy_library() -> None:
    code = (
        "from dadkhah.cli.main import cli\n"
        "try:\n    cli.main(['export', '--help'], prog_name='dadkhah', standalone_mode=True)\n"
        "except SystemExit:\n    pass"
    )
    loaded = _modules_after(code)
    assert not {m for m in (*HEAVY, "pyarrow") if m in loaded}


def test_by_offers_the_strata_of_estimate() -> None:
    from dadkhah.cli.exports import STRATA
    from dadkhah.web.estimates.selectors import STRATA as ESTIMATE_STRATA

    assert STRATA == tuple(ESTIMATE_STRATA)
