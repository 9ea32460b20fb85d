"""The witness and keys commands end to end.

The first test seeds identities with unique markers through the CLI, reveals, rotates the
key, exports a bundle, and then scans every byte of the case folder (database, logs,
backups, bundles) for the markers: there must be none. Its commands run in fresh
interpreters (two, run_cli_session) on the case's own SQLite file, since the file (its WAL,
its backup) is what the scan reads; the test database of this process lives elsewhere (in
memory, or PostgreSQL). The refusals run in process (CliRunner), each on a new case folder
and the test database.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dadkhah.cli.main import cli
from tests.cli.dadkhah_process import run_cli_session

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Vault-Reveal-Tester-2026!"
MARKERS = ("ZQXMARKNAME", "ZQXMARKPHONE", "ZQXMARKCITY", "ZQXMARKKIN", "ZQXMARKNOTE")


def session(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """The commands in one fresh interpreter on the case's own file (run_cli_session).

    The vault's passphrase and key variables of the test run never reach the commands;
    the user password and the backup passphrase are there for the commands that read them.
    """
    extra = {"DADKHAH_PASSWORD": PASSWORD, "DADKHAH_BACKUP_PASSPHRASE": "a scan test passphrase"}
    return run_cli_session(*commands, env=extra, drop_prefixes=("DADKHAH_VAULT",))


def _scan(root: Path, markers: tuple[str, ...]) -> list[str]:
    """Every (file, marker) where a marker's bytes appear, in UTF-8 or UTF-16."""
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for marker in markers:
            if marker.encode() in data or marker.encode("utf-16-le") in data:
                hits.append(f"{path.relative_to(root)}: {marker}")
    return hits


def test_witness_commands_seal_reveal_rotate_and_leave_no_plaintext(tmp_path: Path) -> None:
    case = tmp_path / "case"
    c = ["--case", str(case)]
    made = session(
        ["init", str(case), "--name", "Witness test"],
        [*c, "createuser", "liaison", "--role", "admin"],
        [*c, "createuser", "inv", "--role", "investigator"],
    )
    for done in made:
        assert done.returncode == 0, done.stderr
    out = case / "exports"
    out.mkdir()
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.txt").write_text("fictional\n")
    (
        added, listed, plain, refused, shown, granted, listed_again, rotated, again,
        evidence, exported, backup,
    ) = session(
        [*c, "witness", "add", "--name", f"Maryam {MARKERS[0]}", "--contact", MARKERS[1],
         "--location", MARKERS[2], "--relations", MARKERS[3], "--details", MARKERS[4],
         "--risk", "medium"],
        [*c, "witness", "list"],
        [*c, "witness", "show", "W-0001"],
        [*c, "witness", "show", "W-0001", "--reveal", "--as", "inv"],
        [*c, "witness", "show", "W-0001", "--reveal", "--as", "liaison"],
        [*c, "witness", "consent", "W-0001", "--use", "public_report", "--grant", "--by",
         "liaison"],
        [*c, "witness", "list"],
        [*c, "keys", "rotate"],
        [*c, "witness", "show", "W-0001", "--reveal", "--as", "liaison"],
        [*c, "evidence", "add", str(tmp_path / "files")],
        [*c, "bundle", "export", "--out", str(out / "b.zip"), "--for", "icc"],
        [*c, "backup", str(out / "backup.dkb"), "--include-keys"],
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "W-0001"

    assert listed.stdout.startswith("W-0001\tmedium\tsealed\tconsent: none")

    assert "risk: medium" in plain.stdout and "ZQX" not in plain.stdout

    assert refused.returncode == 1
    assert "no witness W-0001 whose identity you may reveal" in refused.stderr
    assert "ZQX" not in refused.stdout + refused.stderr

    assert shown.returncode == 0, shown.stderr
    assert f"name: Maryam {MARKERS[0]}" in shown.stdout
    assert f"contact: {MARKERS[1]}" in shown.stdout

    assert granted.returncode == 0 and "public_report grant" in granted.stdout
    assert "consent: public_report" in listed_again.stdout

    assert rotated.returncode == 0, rotated.stderr
    assert "re-wrapped 1 data key(s) under key version 2" in rotated.stdout
    assert f"location: {MARKERS[2]}" in again.stdout

    assert evidence.returncode == 0, evidence.stderr
    assert exported.returncode == 0, exported.stderr
    assert backup.returncode == 0, backup.stderr

    assert _scan(case, MARKERS) == []


@pytest.fixture
def in_case(case_dir: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A new case folder for the in-process tests, none of the run's vault variables set."""
    from dadkhah.core.case import open_case

    settings.CASE = open_case(case_dir)  # the custody entries go to this case's log
    for name in [k for k in os.environ if k.startswith("DADKHAH_VAULT")]:
        monkeypatch.delenv(name)
    # setup_django sets DADKHAH_CASE in os.environ; in process it must not outlive the test.
    monkeypatch.setenv("DADKHAH_CASE", "")
    monkeypatch.delenv("DADKHAH_CASE")
    yield case_dir


def run_in(*args: str, extra: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=extra)


@pytest.mark.django_db
def test_bad_witness_input_gets_a_clear_message(in_case: Path) -> None:
    c = ("--case", str(in_case))
    blank = run_in(*c, "witness", "add", "--name", "  ")
    assert blank.exit_code == 1 and "needs a name" in blank.stderr
    missing = run_in(*c, "witness", "consent", "W-0999", "--use", "icc", "--grant", "--by", "x")
    assert missing.exit_code == 1 and "no witness W-0999" in missing.stderr
    neither = run_in(*c, "witness", "consent", "W-0001", "--use", "icc", "--by", "x")
    assert neither.exit_code == 2 and "--grant or --withdraw" in neither.stderr
    no_user = run_in(*c, "witness", "show", "W-0001", "--reveal")
    assert no_user.exit_code == 2 and "--as USER" in no_user.stderr


@pytest.mark.django_db
def test_rotation_refuses_a_key_from_the_environment(in_case: Path) -> None:
    import base64

    key = base64.b64encode(os.urandom(32)).decode()
    refused = run_in("--case", str(in_case), "keys", "rotate", extra={"DADKHAH_VAULT_KEY": key})
    assert refused.exit_code == 1 and "cannot rewrite" in refused.stderr


@pytest.mark.django_db
def test_protect_puts_the_vault_key_behind_a_passphrase(in_case: Path) -> None:
    c = ("--case", str(in_case))
    phrase = {"DADKHAH_VAULT_PASSPHRASE": "a laptop vault passphrase"}
    # What the first test leaves in its case: W-0001 sealed, and a witness liaison.
    assert run_in(*c, "witness", "add", "--name", f"Maryam {MARKERS[0]}").exit_code == 0
    liaison = run_in(*c, "createuser", "liaison", "--role", "admin",
                     extra={"DADKHAH_PASSWORD": PASSWORD})  # fmt: skip
    assert liaison.exit_code == 0, liaison.stderr
    done = run_in(*c, "keys", "protect", extra=phrase)
    assert done.exit_code == 0, done.stderr
    refused = run_in(*c, "witness", "add", "--name", "Someone")
    assert refused.exit_code == 1 and "protected by a passphrase" in refused.stderr
    added = run_in(*c, "witness", "add", "--name", "Someone", extra=phrase)
    assert added.exit_code == 0 and added.stdout.startswith("W-")
    shown = run_in(*c, "witness", "show", "W-0001", "--reveal", "--as", "liaison", extra=phrase)
    assert "name: Maryam" in shown.stdout
