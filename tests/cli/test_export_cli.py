"""`dadkhah export`: a records export imports again as the same records; bad input leaves nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli
from tests.cli.dadkhah_process import run_cli
from tests.cli.test_startup import HEAVY, _modules_after

REPO = Path(__file__).resolve().parents[2]
LIST = REPO / "tests" / "data" / "import" / "good_fa_utf8.csv"
PASSWORD = "a long enough passphrase 42"


def _ok(*args: str) -> str:
    result = run_cli(*args, env={"DADKHAH_PASSWORD": PASSWORD})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _case(root: Path) -> Path:
    _ok("init", str(root), "--name", "Export test")
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


def test_a_records_export_imports_again_as_the_same_records(tmp_path: Path) -> None:
    first = _case(tmp_path / "first")
    _ok("--case", str(first), "import", str(LIST), "--source", "list-a")
    exported = tmp_path / "records.csv"
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

    second = _case(tmp_path / "second")
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
