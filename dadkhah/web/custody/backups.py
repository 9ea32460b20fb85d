"""Back up an open case (consistent database snapshot + files) and load a restored dump."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, router
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
            database_dump(db)
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


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds (ECMA-262); a dump keeps them whole."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


def database_dump(dest: Path, *, exclude: Sequence[str] = DUMP_EXCLUDE) -> None:
    """Write the whole database as a Django JSON dump (loads into SQLite or PostgreSQL).

    What ``manage.py dumpdata --natural-foreign --exclude …`` writes (the same models,
    order and natural keys), except that times keep their microseconds: a restored
    case has the same times, to the microsecond, as the one dumped.

    Args:
        exclude: App labels (``axes``) or models (``auth.permission``) left out.
    """
    apps_out = {e for e in exclude if "." not in e}
    models_out = {e.lower() for e in exclude if "." in e}
    configs = [
        (config, None)
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in apps_out
    ]

    def objects() -> Iterator[Any]:
        for model in serializers.sort_dependencies(configs, allow_cycles=True):
            if model._meta.proxy or model._meta.label_lower in models_out:
                continue
            if not router.allow_migrate_model(DEFAULT_DB_ALIAS, model):
                continue
            query = model._default_manager.order_by(model._meta.pk.name)
            yield from query.iterator(chunk_size=2000)

    with open(dest, "w", encoding="utf-8") as fh:
        serializers.serialize(
            "json", objects(), stream=fh, use_natural_foreign_keys=True, cls=_ExactEncoder
        )


def case_load_dump(path: Path) -> None:
    """Load a ``database.json`` dump into the (freshly migrated) current database."""
    call_command("loaddata", str(path), verbosity=0)
