"""`dadkhah import --dry-run` shows the reading of each column; `--write-mapping` writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dadkhah.cli.main import cli
from dadkhah.web.sources.models import Record

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "import"
UNSURE = DATA / "unsure_columns.csv"


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_dry_run_prints_the_reading_of_every_column_and_the_question(case_dir: Path) -> None:
    result = _invoke("--case", str(case_dir), "import", str(UNSURE), "--source", "s", "--dry-run")
    lines = result.output.splitlines()
    assert lines[:4] == [
        "Reading of the columns of unsure_columns.csv:",
        "  'id' -> record_id [sure, 100%]",
        "      The header is a usual name for record_id; the values fit (3 of 3 values "
        "distinct, 3 short codes with digits).",
        "      samples: '1', '2', '3'",
    ]
    assert "  'date 2' -> arrest_date [ask, 76%]" in lines
    assert (
        "Question: Which column holds death_date: 'date' or 'date 2'? Both read as death_date."
        in lines
    )
    assert (
        "Dry run of unsure_columns.csv: 0 rows read; it would be rejected. Nothing was written."
        in lines
    )
    assert Record.objects.count() == 0


def test_a_rejected_import_says_how_to_write_the_mapping(case_dir: Path) -> None:
    result = _invoke("--case", str(case_dir), "import", str(UNSURE), "--source", "s")
    assert result.exit_code == 1
    assert "columns_unsure 1" in result.output
    assert f"Run `dadkhah import {UNSURE} --write-mapping M.toml`" in result.output
    assert Record.objects.count() == 0


def test_the_written_mapping_imports_the_file(case_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "m.toml"
    written = _invoke("import", str(UNSURE), "--write-mapping", str(target))
    assert written.exit_code == 0, written.output
    assert written.output.splitlines()[-1] == (
        f"Wrote the mapping to {target} (it has questions: answer them in the file); "
        f"import with --mapping {target}. Nothing was imported."
    )
    assert 'death_date = "date"\n' in target.read_text(encoding="utf-8")
    imported = _invoke(
        "--case", str(case_dir), "import", str(UNSURE), "--source", "s", "--mapping", str(target)
    )
    assert imported.exit_code == 0, imported.output
    assert (
        "Imported 3 records from unsure_columns.csv as version 1 of source 's'." in imported.output
    )
    assert sorted(Record.objects.values_list("source_record_id", flat=True)) == ["1", "2", "3"]


def test_write_mapping_never_overwrites_a_file(tmp_path: Path) -> None:
    target = tmp_path / "m.toml"
    target.write_text("# mine\n", encoding="utf-8")
    result = _invoke("import", str(UNSURE), "--write-mapping", str(target))
    assert result.exit_code == 1
    assert f"{target} exists; the mapping was not written." in result.output
    assert target.read_text(encoding="utf-8") == "# mine\n"


def test_import_without_source_or_write_mapping_is_a_usage_error(case_dir: Path) -> None:
    result = _invoke("--case", str(case_dir), "import", str(UNSURE))
    assert result.exit_code == 2
    assert "Missing option '--source'" in result.output
