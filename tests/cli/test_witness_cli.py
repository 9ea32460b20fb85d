"""The witness and keys commands end to end, in subprocesses on a real case folder.

Seeds identities with unique markers through the CLI, reveals, rotates the key,
exports a bundle, and then scans every byte of the case folder (database, logs,
backups, bundles) for the markers: there must be none.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.dadkhah_process import run_cli

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Vault-Reveal-Tester-2026!"
MARKERS = ("ZQXMARKNAME", "ZQXMARKPHONE", "ZQXMARKCITY", "ZQXMARKKIN", "ZQXMARKNOTE")


def run(*args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # The vault's passphrase and key variables of the test run never reach the command.
    return run_cli(*args, env=extra, drop_prefixes=("DADKHAH_VAULT",))


def _scan(root: Path, markers: tuple[str, ...]) -> list[str]:
    """Every (file, marker) where a marker's bytes appear, in UTF-8 or UTF-16."""
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for marker in markers:
            if marker.encode() in data or marker.encode("utf-16-le") in data:
                hits.append(f"{path.relative_to(root)}: {marker}")
    return hits


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("witness") / "case"
    assert run("init", str(root), "--name", "Witness test").returncode == 0
    for name, role in (("liaison", "admin"), ("inv", "investigator")):
        made = run(
            "--case", str(root), "createuser", name, "--role", role,
            extra={"DADKHAH_PASSWORD": PASSWORD},
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    return root


def test_witness_commands_seal_reveal_rotate_and_leave_no_plaintext(case: Path) -> None:
    c = ("--case", str(case))
    added = run(
        *c, "witness", "add", "--name", f"Maryam {MARKERS[0]}", "--contact", MARKERS[1],
        "--location", MARKERS[2], "--relations", MARKERS[3], "--details", MARKERS[4],
        "--risk", "medium",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "W-0001"

    listed = run(*c, "witness", "list")
    assert listed.stdout.startswith("W-0001\tmedium\tsealed\tconsent: none")

    plain = run(*c, "witness", "show", "W-0001")
    assert "risk: medium" in plain.stdout and "ZQX" not in plain.stdout

    refused = run(*c, "witness", "show", "W-0001", "--reveal", "--as", "inv")
    assert refused.returncode == 1
    assert "no witness W-0001 whose identity you may reveal" in refused.stderr
    assert "ZQX" not in refused.stdout + refused.stderr

    shown = run(*c, "witness", "show", "W-0001", "--reveal", "--as", "liaison")
    assert shown.returncode == 0, shown.stderr
    assert f"name: Maryam {MARKERS[0]}" in shown.stdout
    assert f"contact: {MARKERS[1]}" in shown.stdout

    granted = run(
        *c, "witness", "consent", "W-0001", "--use", "public_report", "--grant", "--by", "liaison"
    )
    assert granted.returncode == 0 and "public_report grant" in granted.stdout
    assert "consent: public_report" in run(*c, "witness", "list").stdout

    rotated = run(*c, "keys", "rotate")
    assert rotated.returncode == 0, rotated.stderr
    assert "re-wrapped 1 data key(s) under key version 2" in rotated.stdout
    again = run(*c, "witness", "show", "W-0001", "--reveal", "--as", "liaison")
    assert f"location: {MARKERS[2]}" in again.stdout

    out = case / "exports"
    out.mkdir()
    (case.parent / "files").mkdir()
    (case.parent / "files" / "a.txt").write_text("fictional\n")
    assert run(*c, "evidence", "add", str(case.parent / "files")).returncode == 0
    exported = run(*c, "bundle", "export", "--out", str(out / "b.zip"), "--for", "icc")
    assert exported.returncode == 0, exported.stderr
    backup = run(
        *c, "backup", str(out / "backup.dkb"), "--include-keys",
        extra={"DADKHAH_BACKUP_PASSPHRASE": "a scan test passphrase"},
    )  # fmt: skip
    assert backup.returncode == 0, backup.stderr

    assert _scan(case, MARKERS) == []


def test_bad_witness_input_gets_a_clear_message(case: Path) -> None:
    c = ("--case", str(case))
    blank = run(*c, "witness", "add", "--name", "  ")
    assert blank.returncode == 1 and "needs a name" in blank.stderr
    missing = run(*c, "witness", "consent", "W-0999", "--use", "icc", "--grant", "--by", "x")
    assert missing.returncode == 1 and "no witness W-0999" in missing.stderr
    neither = run(*c, "witness", "consent", "W-0001", "--use", "icc", "--by", "x")
    assert neither.returncode == 2 and "--grant or --withdraw" in neither.stderr
    no_user = run(*c, "witness", "show", "W-0001", "--reveal")
    assert no_user.returncode == 2 and "--as USER" in no_user.stderr


def test_rotation_refuses_a_key_from_the_environment(case: Path) -> None:
    import base64

    key = base64.b64encode(os.urandom(32)).decode()
    refused = run("--case", str(case), "keys", "rotate", extra={"DADKHAH_VAULT_KEY": key})
    assert refused.returncode == 1 and "cannot rewrite" in refused.stderr


def test_protect_puts_the_vault_key_behind_a_passphrase(case: Path) -> None:
    c = ("--case", str(case))
    phrase = {"DADKHAH_VAULT_PASSPHRASE": "a laptop vault passphrase"}
    done = run(*c, "keys", "protect", extra=phrase)
    assert done.returncode == 0, done.stderr
    refused = run(*c, "witness", "add", "--name", "Someone")
    assert refused.returncode == 1 and "protected by a passphrase" in refused.stderr
    added = run(*c, "witness", "add", "--name", "Someone", extra=phrase)
    assert added.returncode == 0 and added.stdout.startswith("W-")
    shown = run(*c, "witness", "show", "W-0001", "--reveal", "--as", "liaison", extra=phrase)
    assert "name: Maryam" in shown.stdout
