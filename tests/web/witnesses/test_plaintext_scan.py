"""The plaintext scan: identities seeded with unique markers appear nowhere but in the vault.

Seeds through the service the CLI and the web call, and through the demo loader; reveals
one (the audited path runs); exports a bundle, a backup and every table; then looks for every marker
in every table's text (and, on PostgreSQL, in a pg_dump), in the logs, and in every
file of the case folder and the exports: as UTF-8, UTF-16 and hex (how bytea dumps).
The subprocess test in tests/cli/test_witness_cli.py scans the SQLite file itself.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection

from dadkhah.core.backup_crypto import seal_to_passphrase
from dadkhah.core.case import Case
from dadkhah.core.vault import KeyringSource
from dadkhah.pipelines.export import TABLES
from dadkhah.web.custody.backups import case_backup
from dadkhah.web.custody.bundles import bundle_export
from dadkhah.web.demo.entities import entities_load
from dadkhah.web.evidence.services import Collection, evidence_add_paths
from dadkhah.web.exports.services import table_export
from dadkhah.web.witnesses.services import witness_add, witness_reveal

MARKERS = (
    "QJXNAMEMARK", "QJXPHONEMARK", "QJXCITYMARK", "QJXKINMARK", "QJXNOTEMARK",
    "QJXDEMONAME", "QJXDEMOFAMILY", "QJXDEMOPHONE", "QJXDEMOSTREET", "قجخنشانه",
)  # fmt: skip


def _forms(marker: str) -> list[bytes]:
    raw = marker.encode("utf-8")
    return [raw, marker.encode("utf-16-le"), raw.hex().encode(), raw.hex().upper().encode()]


def _hits(where: str, data: bytes) -> list[str]:
    return [f"{where}: {m}" for m in MARKERS if any(f in data for f in _forms(m))]


def _tables_text() -> bytes:
    """Every row of every table, values as text and raw bytes."""
    out = bytearray()
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cur.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        out += bytes(value)
                    else:
                        out += str(value).encode("utf-8", "surrogatepass")
                    out += b"\n"
    return bytes(out)


def _pg_dump() -> bytes:
    conf = connection.settings_dict
    args = ["pg_dump", "--data-only", "--no-owner", "-h", conf["HOST"] or "127.0.0.1"]
    if conf.get("PORT"):
        args += ["-p", str(conf["PORT"])]
    args += ["-U", conf["USER"] or "postgres", conf["NAME"]]
    env = {"PGPASSWORD": conf.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    return subprocess.run(args, capture_output=True, check=True, env=env, timeout=120).stdout


@pytest.mark.django_db(transaction=True)
def test_seeded_identities_appear_nowhere_but_sealed(
    case: Case, source: KeyringSource, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    witness_add(
        keyring=source.keyring,
        name=f"Maryam {MARKERS[0]}",
        contact=MARKERS[1],
        location=MARKERS[2],
        relations=MARKERS[3],
        details=MARKERS[4],
    )
    folder = case.root / "synthetic-source"
    (folder / "entities").mkdir(parents=True)
    vault = {
        "given_name": MARKERS[5], "family_name": MARKERS[6], "given_name_fa": MARKERS[9],
        "family_name_fa": "", "phone": MARKERS[7], "email": "", "address": MARKERS[8],
    }  # fmt: skip
    rows = [{"pseudonym": "W-0050", "risk_level": "high", "consent": {}, "vault": vault}]
    (folder / "entities" / "witnesses.json").write_text(json.dumps(rows, ensure_ascii=False))
    entities_load(case=case, folder=folder, actor="demo", echo=lambda _m: None)

    admin = User.objects.create_user(username="scan-admin", password="x")
    admin.groups.add(Group.objects.get_or_create(name="admin")[0])
    shown = witness_reveal(
        case=case, keyring=source.keyring, pseudonym="W-0050", user=admin, actor="web:scan"
    )
    assert shown.fields["name"] == f"{MARKERS[5]} {MARKERS[6]}"  # sealed, not lost

    files = tmp_path / "files"
    files.mkdir()
    (files / "a.txt").write_text("fictional\n")
    evidence_add_paths(case=case, paths=[files], actor="inv", collection=Collection())
    exports = tmp_path / "exports"
    exports.mkdir()
    bundle_export(case=case, out=exports / "bundle.zip", actor="inv", use="icc")
    case_backup(
        case=case,
        out=exports / "backup.dkb",
        actor="inv",
        seal=seal_to_passphrase("scan test passphrase", n_log2=10),
        include_keys=True,
    )
    for table in TABLES:  # every table of `dadkhah export`, as the admin sees it
        table_export(user=admin, table=table, fmt="csv", out=exports / f"{table}.csv")

    hits = _hits("tables", _tables_text())
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        hits += _hits("pg_dump", _pg_dump())
    hits += _hits("logs", caplog.text.encode("utf-8"))
    for root in (case.root, exports):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            hits += _hits(str(path.relative_to(root.parent)), path.read_bytes())
    assert hits == []
