"""The command line as users and scripts call it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from dadkhah.cli.main import cli
from tests.cli.dadkhah_process import run_cli

REPO = Path(__file__).resolve().parents[2]


def run(
    *args: str, env: dict[str, str] | None = None, migrated_template: bool = True
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env, timeout=120, migrated_template=migrated_template)


def test_python_dash_m_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for name in ("init", "serve", "demo"):
        assert f"  {name}" in result.stdout


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage:" in result.output


def test_init_creates_a_case_with_its_database(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "c"), "--name", "Inquiry", migrated_template=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "c" / "case.sqlite3").is_file()
    assert "Created case 'Inquiry'" in result.stdout


def test_init_twice_fails_with_a_sentence_on_stderr(tmp_path: Path) -> None:
    run("init", str(tmp_path / "c"))
    result = run("init", str(tmp_path / "c"))
    assert result.returncode != 0
    assert "already holds a case" in result.stderr
    assert result.stdout == ""


def test_a_command_that_needs_a_case_says_how_to_name_one() -> None:
    result = run("serve")
    assert result.returncode == 2
    assert "--case DIR" in result.stderr


def test_a_folder_that_is_not_a_case_is_refused(tmp_path: Path) -> None:
    result = run("--case", str(tmp_path), "serve")
    assert result.returncode == 1
    assert "not a case folder" in result.stderr


def test_the_case_can_come_from_the_environment(tmp_path: Path) -> None:
    run("init", str(tmp_path / "c"))
    result = run(
        "createuser",
        "ana",
        env={
            "DADKHAH_CASE": str(tmp_path / "c"),
            "DADKHAH_PASSWORD": "correct horse battery staple",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "Created user 'ana'" in result.stdout
