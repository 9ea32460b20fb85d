"""`dadkhah synth` through click, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from dadkhah.cli import synth


def _group() -> click.Group:
    @click.group()
    def cli() -> None:
        """A bare group: the command registers itself the way main.py registers it."""

    synth.register(cli)
    return cli


def test_synth_writes_a_case_and_reports_the_counts(tmp_path: Path) -> None:
    out = tmp_path / "case"
    result = CliRunner().invoke(
        _group(), ["synth", "--persons", "300", "--seed", "5", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "truth" / "summary.json").read_text(encoding="utf-8"))
    assert f"{summary['true_total']} victims, {summary['documented']} on 6 lists" in result.output
    assert "fictional" in result.output
    assert (out / "SYNTHETIC.txt").is_file()


def test_synth_bulk_mode_writes_one_csv_list(tmp_path: Path) -> None:
    out = tmp_path / "bulk"
    result = CliRunner().invoke(
        _group(), ["synth", "--persons", "200", "--out", str(out), "--mode", "bulk"]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (out / "lists").iterdir()] == ["bulk_latin.csv"]
    assert "200 victims, 200 on 1 list " in result.output


def test_synth_refuses_a_folder_that_holds_something_else(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(_group(), ["synth", "--persons", "10", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "choose a new or empty folder" in result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_synth_rejects_a_nonpositive_size(tmp_path: Path) -> None:
    result = CliRunner().invoke(_group(), ["synth", "--persons", "0", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "--persons must be at least 1" in result.output
