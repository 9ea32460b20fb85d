"""Back up an open case (consistent database snapshot + files) and load a restored dump."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dadkhah.core.case import DATABASE_FILE, Case
from dadkhah.core.custody.log import format_time
from dadkhah.pipelines.backup import BackupHead, write_backup
from dadkhah.web.custody.models import CustodyHead
from dadkhah.web.custody.services import custody_append

# Rows Django makes itself on migrate; restoring them would clash.
DUMP_EXCLUDE = ["contenttypes", "auth.permission", "admin.logentry", "sessions"]


def _sqlite_snapshot(dest: Path) -> BackupHead | None:
    """Copy the SQLite database with the online backup API (a consistent snapshot)."""
    src_path = connection.settings_dict["NAME"]
    with sqlite3.connect(str(src_path)) as src, sqlite3.connect(str(dest)) as dst:
        src.backup(dst)
    with sqlite3.connect(str(dest)) as snap:
        row = snap.execute(
            "SELECT size, root, note FROM custody_custodyhead ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return None if row is None else BackupHead(size=int(row[0]), root=str(row[1]), note=str(row[2]))


def case_backup(
    *,
    case: Case,
    out: Path,
    actor: str,
    seal: tuple[bytes, bytes],
    include_keys: bool = False,
    database_format: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, BackupHead | None]:
    """Write a sealed backup of ``case`` to ``out``; log it; return (files, head in the backup).

    Args:
        case: The open case.
        out: The sealed file to write (mode 0600).
        seal: (header, key) of :mod:`dadkhah.core.backup_crypto`: to a passphrase or a key.
        include_keys: Put the private keys of keys/ in the backup too.
        actor: Who makes the backup (logged).
        database_format: "sqlite" (snapshot, the default on SQLite) or "json" (a Django
            dump, the only choice on PostgreSQL).
        progress: Called with bytes written.
    """
    fmt = database_format or ("sqlite" if connection.vendor == "sqlite" else "json")
    with tempfile.TemporaryDirectory(prefix="dadkhah-backup-") as tmp:
        if fmt == "sqlite":
            if connection.vendor != "sqlite":
                raise ValueError("a SQLite snapshot needs a SQLite database; use json")
            db = Path(tmp) / DATABASE_FILE
            head = _sqlite_snapshot(db)
        else:
            last = CustodyHead.objects.order_by("-id").first()
            head = (
                None if last is None else BackupHead(size=last.size, root=last.root, note=last.note)
            )
            db = Path(tmp) / "database.json"
            call_command(
                "dumpdata",
                exclude=DUMP_EXCLUDE,
                natural_foreign=True,
                output=str(db),
                verbosity=0,
            )
        files = write_backup(
            out,
            case_root=case.root,
            database=(db.name, db),
            head=head,
            case_name=case.config.name,
            created=format_time(timezone.now()),
            seal=seal,
            include_keys=include_keys,
            progress=progress,
        )
    custody_append(
        case=case,
        events=[
            {
                "actor": actor,
                "action": "backup",
                "details": {
                    "file": Path(out).name[:200],
                    "files": files,
                    "tree_size": 0 if head is None else head.size,
                    "database": fmt,
                    "private_keys": include_keys,
                },
            }
        ],
    )
    return files, head


def case_load_dump(path: Path) -> None:
    """Load a ``database.json`` dump into the (freshly migrated) current database."""
    call_command("loaddata", str(path), verbosity=0)
