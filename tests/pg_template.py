"""A migrated PostgreSQL template that each test database is created from.

Migrating a new PostgreSQL test database costs about 20 seconds on a shared machine,
once per xdist worker and run. The first worker to need it migrates a template
database, named for the run's database and a digest of what decides the migrated
schema (every migration, the modules they import, the apps' post-migrate handlers,
Django's version); Django then creates each test database with
``CREATE DATABASE … TEMPLATE`` (the ``TEST`` ``TEMPLATE`` setting), and its migrate finds
nothing left to apply. A template stays on the server for the next run with the same
digest; templates of other digests are dropped when a new one is made. An advisory
lock makes the workers wait for the one building it, and the template gets its name
only once migrated, so that none is ever copied half made.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "dadkhah"


def schema_digest() -> str:
    """A digest of every file whose change can change the migrated schema or its rows."""
    import django

    migrations = sorted(PACKAGE.glob("**/migrations/[0-9]*.py"))
    imported = set()
    for path in migrations:
        for module in re.findall(r"from (dadkhah(?:\.\w+)+) import", path.read_text("utf-8")):
            imported.add(REPO / (module.replace(".", "/") + ".py"))
    apps = sorted(PACKAGE.glob("**/apps.py"))
    digest = hashlib.sha256(django.get_version().encode())
    for path in [*migrations, *sorted(p for p in imported if p.is_file()), *apps]:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _url(db: dict[str, Any], name: str) -> str:
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{user}{password}@{host}{port}/{name}"


def migrated_template(db: dict[str, Any]) -> str:
    """The name of a migrated template for the database settings ``db``, made if missing."""
    import psycopg
    from psycopg import sql

    prefix = f"tmpl_{db['NAME']}"[:40]
    name = f"{prefix}_{schema_digest()}"
    building = f"{name}_new"
    with psycopg.connect(_url(db, "postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (prefix,))
        try:
            pattern = f"^{re.escape(prefix)}_[0-9a-f]{{16}}(_new)?$"
            rows = conn.execute(
                "SELECT datname FROM pg_database WHERE datname ~ %s", (pattern,)
            ).fetchall()
            if (name,) in rows:
                return name
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(building)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
            env = {k: v for k, v in os.environ.items() if k != "DADKHAH_CASE"}
            env |= {
                "DATABASE_URL": _url(db, building),
                "DJANGO_SETTINGS_MODULE": "dadkhah.web.settings",
            }
            done = subprocess.run(
                [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
                cwd=REPO, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise RuntimeError(f"migrating the template failed:\n{done.stdout}{done.stderr}")
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(building), sql.Identifier(name)
                )
            )
            for (old,) in rows:
                if old != building:
                    # Another digest's template (another checkout's, or before a change):
                    # dropped where nothing uses it, kept for its user otherwise.
                    try:
                        conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(old)))
                    except psycopg.errors.ObjectInUse:
                        pass
            return name
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (prefix,))
