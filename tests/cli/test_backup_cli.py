"""`dadkhah backup` and `restore` as users call them: sealed, private, and refused when altered.

A backup of a SQLite case is a snapshot of its file, and a restore makes a new case with a
database of its own: the test database (one for the whole run) cannot stand for either.
So the commands that open a case run in subprocesses, several a case in one interpreter
(run_cli_session); the refusals that come before any database is opened run in process.
"""

from __future__ import annotations

import stat
import zipfile
from functools import partial
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from tests.cli import passphrased

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "the families asked first"
MARKER = "fictional evidence FEB-MARKER-7731"


run = partial(passphrased.run, passphrase=PASSPHRASE)
session = partial(passphrased.session, passphrase=PASSPHRASE)
invoke = partial(passphrased.invoke, passphrase=PASSPHRASE)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(the case, its backup, what `backup` printed): made in one interpreter."""
    tmp = tmp_path_factory.mktemp("backup")
    root = tmp / "case"
    files = tmp / "files"
    files.mkdir()
    for i in range(3):
        (files / f"e{i}.txt").write_text(f"{MARKER} {i}\n" * 50, encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "case.backup"
    created, added, result = session(
        ["init", str(root), "--name", "Backup test"],
        ["--case", str(root), "evidence", "add", str(files), "--collected-by", "A"],
        ["--case", str(root), "backup", str(out)],
    )
    assert created.returncode == 0, created.stderr
    assert added.returncode == 0, added.stderr
    assert result.returncode == 0, result.stderr
    return root, out, result.stdout


@pytest.fixture(scope="module")
def case(made: tuple[Path, Path, str]) -> Path:
    return made[0]


@pytest.fixture(scope="module")
def backup(made: tuple[Path, Path, str]) -> tuple[Path, str]:
    return made[1], made[2]


def test_the_case_database_is_readable_by_its_owner_only(case: Path) -> None:
    assert mode(case / "case.sqlite3") == 0o600
    assert mode(case / "keys") == 0o700


def test_a_backup_is_written_0600_and_is_no_zip_without_the_key(
    case: Path, backup: tuple[Path, str]
) -> None:
    out, stdout = backup
    assert mode(out) == 0o600
    assert not zipfile.is_zipfile(out)
    data = out.read_bytes()
    for plain in (MARKER.encode(), b"Backup test", b"PRIVATE+KEY", b"SQLite format 3"):
        assert plain not in data
    assert "sealed to the passphrase" in stdout and "holds no private keys" in stdout


def test_a_restore_without_keys_verifies_and_holds_no_private_key(
    backup: tuple[Path, str], tmp_path: Path
) -> None:
    out, stdout = backup
    head = stdout.split("tree head in the backup: ")[1].splitlines()[0]
    target = tmp_path / "restored"
    files = tmp_path / "more"
    files.mkdir()
    (files / "new.txt").write_text("more fictional evidence\n", encoding="utf-8")
    result, verified, added = session(
        ["--case", str(target), "restore", str(out)],
        ["--case", str(target), "verify"],
        ["--case", str(target), "evidence", "add", str(files)],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"tree head: {head}" in result.stdout and "VERIFIED" in result.stdout
    assert "held no private keys" in result.stdout
    assert not (target / "keys" / "custody.key").exists()
    assert (target / "keys" / "custody.pub").exists()
    assert mode(target / "case.sqlite3") == 0o600 and mode(target / "keys") == 0o700
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # Without its signing key the case refuses to sign anything new, rather than make a key.
    assert added.returncode != 0 and "lost its signing key" in added.stderr
    assert not (target / "keys" / "custody.key").exists()


def test_include_keys_puts_the_private_keys_in_sealed(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "with-keys.backup"
    result = run("--case", str(case), "backup", str(out), "--include-keys")
    assert result.returncode == 0, result.stderr
    assert b"PRIVATE+KEY" not in out.read_bytes()
    target = tmp_path / "restored"
    restored = run("--case", str(target), "restore", str(out))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    key = target / "keys" / "custody.key"
    assert key.read_bytes() == (case / "keys" / "custody.key").read_bytes()
    assert mode(key) == 0o600


def test_a_wrong_passphrase_is_refused_with_a_clear_message(
    backup: tuple[Path, str], tmp_path: Path
) -> None:
    target = tmp_path / "restored"
    result = invoke("--case", str(target), "restore", str(backup[0]), passphrase="not it")
    assert result.exit_code == 1
    assert "wrong passphrase" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


def test_a_tampered_backup_is_refused_and_nothing_is_restored(
    backup: tuple[Path, str], tmp_path: Path
) -> None:
    data = bytearray(backup[0].read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "tampered.backup"
    tampered.write_bytes(bytes(data))
    target = tmp_path / "restored"
    result = invoke("--case", str(target), "restore", str(tampered))
    assert result.exit_code == 1
    assert "was altered" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()
    assert list(tmp_path.glob(".restored*")) == []  # the opened zip is gone too


def test_a_backup_sealed_to_a_recipient_opens_with_its_identity_only(
    case: Path, tmp_path: Path
) -> None:
    identity = X25519PrivateKey.generate()
    (tmp_path / "id.pem").write_bytes(
        identity.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp_path / "recipient.pem").write_bytes(
        identity.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    out = tmp_path / "to-key.backup"
    made = run(
        "--case",
        str(case),
        "backup",
        str(out),
        "--recipient",
        str(tmp_path / "recipient.pem"),
        passphrase=None,
    )
    assert made.returncode == 0, made.stderr
    no_identity = invoke("--case", str(tmp_path / "a"), "restore", str(out))
    assert no_identity.exit_code == 1 and "--identity" in no_identity.stderr
    restored = run(
        "--case",
        str(tmp_path / "b"),
        "restore",
        str(out),
        "--identity",
        str(tmp_path / "id.pem"),
        passphrase=None,
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "VERIFIED" in restored.stdout


def test_a_plain_zip_is_refused_unless_allowed_and_then_checked_as_hostile(
    tmp_path: Path,
) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../../etc/evil", "x")
        z.writestr("dadkhah-backup.json", "{}")
    refused = invoke("--case", str(tmp_path / "target"), "restore", str(evil))
    assert refused.exit_code == 1 and "--allow-unsealed" in refused.stderr
    hostile = invoke("--case", str(tmp_path / "target"), "restore", str(evil), "--allow-unsealed")
    assert hostile.exit_code == 1 and "not part of a dadkhah backup" in hostile.stderr
