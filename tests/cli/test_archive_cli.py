"""`dadkhah archive` and `restore-archive`: verified by verify.py alone, restored whole, sealed.

The archived case and each restored one are SQLite files of their own, as a user's are:
a restore makes a new case database and loads the archive into it, which the test
database (one for the whole run) cannot stand for. So the commands that open a case run
in subprocesses, several a case in one interpreter (run_cli_session); the refusals that
come before any database is opened run in process (CliRunner).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess
import sys
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.cli import passphrased
from tests.cli.dadkhah_process import REPO, cli_env, run_cli
from tests.minimal_case import TESTIMONY_MARKER, WITNESS_NAME, build_minimal_case

PASSPHRASE = "kept by the archivist, apart"
TABLES = ("persons", "records", "claims", "sources", "evidence", "events", "places")


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_minimal_case(tmp_path_factory.mktemp("archive") / "case")


run = partial(passphrased.run, passphrase=PASSPHRASE)
session = partial(passphrased.session, passphrase=PASSPHRASE)
invoke = partial(passphrased.invoke, passphrase=PASSPHRASE)


@pytest.fixture(scope="module")
def archive(case: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "case-archive.zip"
    done = run("--case", str(case), "archive", "--out", str(out), "--as", "boss")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "check it anywhere with: python3 verify.py case-archive.zip" in done.stdout
    assert "sealed to the passphrase: 1 testimony item(s), 0 private key file(s)" in done.stdout
    return out


def _verify(zip_path: Path, script: Path) -> subprocess.CompletedProcess[str]:
    """Run verify.py as a court does: a plain Python, no dadkhah, in the archive's folder."""
    return subprocess.run(
        [sys.executable, "-I", str(script), zip_path.name],
        capture_output=True,
        text=True,
        cwd=zip_path.parent,
        timeout=120,
    )


def _export(case: Path, table: str, out: Path) -> list[str]:
    """The command line that exports ``table`` of ``case`` to ``out`` (read by _rows)."""
    return ["--case", str(case), "export", table, "--format", "json", "--out", str(out),
            "--as", "boss"]  # fmt: skip


def _rows(done: subprocess.CompletedProcess[str], out: Path) -> list[dict[str, Any]]:
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return rows


def test_the_archive_verifies_with_the_verify_py_beside_and_inside_it(archive: Path) -> None:
    beside = archive.parent / "verify.py"
    with zipfile.ZipFile(archive) as z:
        assert z.read("verify.py") == beside.read_bytes()
        names = z.namelist()
        manifest = json.loads(z.read("manifest.json"))
    assert {"archive/database.json", "archive/custody.jsonl", "archive/consent.json",
            "archive/case.toml", "archive/keys/custody.pub"} <= set(names)  # fmt: skip
    assert manifest["archive"]["format"] == "dadkhah-archive/1"
    assert {f"items/{i['sha256']}" for i in manifest["items"]} <= set(names)
    done = _verify(archive, beside)
    assert done.returncode == 0, done.stdout
    assert f"VERIFIED: {len(manifest['items'])} item(s)" in done.stdout
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_the_archive_holds_no_identity_key_or_password_in_plaintext(
    case: Path, archive: Path
) -> None:
    data = archive.read_bytes()
    assert WITNESS_NAME.encode() not in data
    assert TESTIMONY_MARKER.encode() not in data  # the recording is sealed
    assert json.dumps(WITNESS_NAME).encode()[1:-1] not in data
    for name in ("custody.key", "vault.key", "django-secret"):
        secret = (case / "keys" / name).read_bytes().strip()
        assert secret not in data, name
    with sqlite3.connect(case / "case.sqlite3") as db:
        hashes = [h for (h,) in db.execute("SELECT password FROM auth_user")]
        totp = [k for (k,) in db.execute("SELECT key FROM otp_totp_totpdevice")]
    assert hashes and all(h.encode() not in data for h in hashes)
    assert all(k.encode() not in data for k in totp)
    with zipfile.ZipFile(archive) as z:
        consent = json.loads(z.read("archive/consent.json"))
    assert [w["pseudonym"] for w in consent["witnesses"]] == ["W-0001"]
    assert consent["witnesses"][0]["consent"][0]["use"] == "interview"


@pytest.fixture(scope="module")
def restored(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    target = tmp_path_factory.mktemp("restore") / "new-case"
    done = run("--case", str(target), "restore-archive", str(archive))
    assert done.returncode == 0, done.stdout + done.stderr
    return target, done.stdout


def test_a_restored_case_holds_the_same_content_and_its_log_verifies(
    case: Path, restored: tuple[Path, str], tmp_path: Path
) -> None:
    target, stdout = restored
    assert "VERIFIED: the restored custody log is the archived one" in stdout
    assert not (target / ".restore").exists()
    assert not (target / "keys" / "custody.key").exists()
    # The signing key, kept apart, goes back before anything is added (exports are logged).
    shutil.copy2(case / "keys" / "custody.key", target / "keys" / "custody.key")
    a = {table: tmp_path / f"a-{table}.json" for table in TABLES}
    b = {table: tmp_path / f"b-{table}.json" for table in TABLES}
    exported = session(*(_export(case, table, a[table]) for table in TABLES))
    *reexported, verified = session(
        *(_export(target, table, b[table]) for table in TABLES), ["--case", str(target), "verify"]
    )
    for table, done_a, done_b in zip(TABLES, exported, reexported, strict=True):
        before = _rows(done_a, a[table])
        after = _rows(done_b, b[table])
        assert len(after) > 0 or table == "events", table
        assert after == before, table
    assert verified.returncode == 0, verified.stdout + verified.stderr
    recordings = [p for p in (target / "evidence").rglob("*") if p.is_file()
                  and TESTIMONY_MARKER.encode() in p.read_bytes()]  # fmt: skip
    assert len(recordings) == 1  # the sealed testimony, opened with the passphrase


def test_a_restored_case_keeps_identities_sealed_and_no_password(
    case: Path, restored: tuple[Path, str]
) -> None:
    target, _ = restored
    query = "SELECT id, name, wrapped_key FROM witnesses_identity ORDER BY id"
    with sqlite3.connect(case / "case.sqlite3") as a, sqlite3.connect(target / "case.sqlite3") as b:
        sealed = a.execute(query).fetchall()
        assert b.execute(query).fetchall() == sealed and sealed
        assert {p for (p,) in b.execute("SELECT password FROM auth_user")} == {"!archived"}
    assert WITNESS_NAME.encode() not in (target / "case.sqlite3").read_bytes()
    assert not (target / "keys" / "vault.key").exists()
    # The vault key kept apart opens them again: sealed, not lost.
    shutil.copy2(case / "keys" / "vault.key", target / "keys" / "vault.key")
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from dadkhah.cli.context import setup_django\nfrom dadkhah.core.case import open_case\n"
        "case = open_case(Path(sys.argv[1])); setup_django(case)\n"
        "from dadkhah.web.witnesses.models import Witness\n"
        "from dadkhah.web.witnesses.services import case_keyring, identity_open\n"
        "w = Witness.objects.get(pseudonym='W-0001')\n"
        "print(identity_open(keyring=case_keyring(case).keyring, identity=w.identity)['name'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True,
                          text=True, env=cli_env(), cwd=REPO, timeout=120)  # fmt: skip
    assert done.stdout.strip() == WITNESS_NAME, done.stderr


def _tampered(archive: Path, member: str, folder: Path) -> Path:
    """A copy of ``archive`` with one byte of ``member``'s content changed."""
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo(member)
    data = bytearray(archive.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start] ^= 0x01
    copy = folder / "tampered.zip"
    copy.write_bytes(bytes(data))
    shutil.copy2(archive.parent / "verify.py", folder / "verify.py")
    return copy


def test_tampering_with_one_item_fails_verification_naming_it(
    archive: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(archive) as z:
        item = json.loads(z.read("manifest.json"))["items"][0]
    copy = _tampered(archive, f"items/{item['sha256']}", tmp_path)
    done = _verify(copy, tmp_path / "verify.py")
    assert done.returncode == 1
    assert f"items/{item['sha256']} (item {json.dumps(item['original_name'])})" in done.stdout
    assert "NOT VERIFIED" in done.stdout
    target = tmp_path / "never"
    refused = invoke("--case", str(target), "restore-archive", str(copy))
    assert refused.exit_code == 1 and "does not verify, so nothing was restored" in refused.stderr
    assert not target.exists() and not (tmp_path / "never.partial").exists()


def test_tampering_with_the_database_fails_verification_naming_it(
    archive: Path, tmp_path: Path
) -> None:
    copy = _tampered(archive, "archive/database.json", tmp_path)
    done = _verify(copy, tmp_path / "verify.py")
    assert done.returncode == 1 and "archive/database.json" in done.stdout


def test_only_an_admin_archives_and_an_archive_is_never_overwritten_unasked(
    case: Path, archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "a.zip"
    analyst, admin = session(
        ["--case", str(case), "archive", "--out", str(out), "--as", "ana"],
        ["--case", str(case), "archive", "--out", str(archive), "--as", "boss"],
    )
    assert analyst.returncode == 1 and "may not archive the case" in analyst.stderr
    assert not out.exists()
    assert admin.returncode == 1 and "exists already; choose a new name or pass --force" in (
        admin.stderr
    )
    assert list(tmp_path.iterdir()) == []


def test_a_restore_into_a_folder_that_is_not_empty_is_refused(
    archive: Path, tmp_path: Path
) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    done = invoke("--case", str(tmp_path), "restore-archive", str(archive))
    assert done.exit_code == 1 and "exists and is not empty; restore into a new folder" in (
        done.stderr
    )
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_a_wrong_passphrase_restores_nothing(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "new"
    done = invoke("--case", str(target), "restore-archive", str(archive), passphrase="not it")
    assert done.exit_code == 1 and "passphrase" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_keys_sealed_to_a_recipient_make_a_restored_case_whole(case: Path, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    identity = X25519PrivateKey.generate()
    pem = serialization.PrivateFormat.PKCS8
    (tmp_path / "id.pem").write_bytes(
        identity.private_bytes(serialization.Encoding.PEM, pem, serialization.NoEncryption())
    )
    (tmp_path / "id.pub").write_bytes(
        identity.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    out = tmp_path / "with-keys.zip"
    done, source = session(
        ["--case", str(case), "archive", "--out", str(out), "--as", "boss",
         "--recipient", str(tmp_path / "id.pub"), "--include-keys"],
        _export(case, "persons", tmp_path / "q.json"),
        passphrase=None,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 testimony item(s), 3 private key file(s)" in done.stdout
    data = out.read_bytes()
    for name in ("custody.key", "vault.key"):
        assert (case / "keys" / name).read_bytes().strip() not in data
    target = tmp_path / "whole"
    # The restored case signs again without a key put back by hand (exports are logged).
    done, restored = session(
        ["--case", str(target), "restore-archive", str(out), "--identity", str(tmp_path / "id.pem")],
        _export(target, "persons", tmp_path / "p.json"),
        passphrase=None,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "held no private key" not in done.stdout
    assert stat.S_IMODE((target / "keys" / "vault.key").stat().st_mode) == 0o600
    assert _rows(restored, tmp_path / "p.json") == _rows(source, tmp_path / "q.json")


@pytest.mark.postgres
def test_an_archive_restores_into_postgresql(archive: Path, tmp_path: Path) -> None:
    import os
    import uuid

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL is not PostgreSQL (the PostgreSQL pass of `make test` runs this)")
    import psycopg

    server, _, _db = url.replace("postgres://", "postgresql://", 1).rpartition("/")
    name = f"archive_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a fixed pattern, no user input
    try:
        target = tmp_path / "pg-case"
        done = run_cli("--case", str(target), "restore-archive", str(archive),
                       env={"DATABASE_URL": f"{server}/{name}",
                            "DADKHAH_BACKUP_PASSPHRASE": PASSPHRASE})  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        assert "VERIFIED: the restored custody log is the archived one" in done.stdout
        assert not (target / "case.sqlite3").exists()
        with psycopg.connect(f"{server}/{name}") as conn:
            row = conn.execute("SELECT count(*) FROM people_person").fetchone()
        assert row is not None and row[0] >= 4
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
