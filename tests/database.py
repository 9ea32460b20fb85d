"""What every test database holds before a test builds anything: seeded vocabularies, triggers.

The autouse fixtures in tests/conftest.py call these before each database test; a
module-scoped fixture that builds an expensive case once for its module
(tests/web/test_demo_synthetic.py) calls them first too, so that the case is built on
the database a test would have met.
"""

from __future__ import annotations

import importlib
import re


def vocabularies_seed_if_missing() -> None:
    """Seed the vocabularies of migration edits/0002 where a flush emptied them."""
    from django.apps import apps

    if apps.get_model("edits", "Term").objects.exists():
        return
    seeding = importlib.import_module("dadkhah.web.edits.migrations.0002_seed_vocabularies")
    seeding.seed(apps, None)


def custody_triggers_create() -> None:
    """Install the custody log's append-only triggers where any of them is missing.

    Installing them is 27 DDL statements on PostgreSQL, some 40 ms before every database
    test on a loaded machine; asking whether all are there is one query (4 ms). They are
    missing only after a transactional test dropped them for its flush.
    """
    from django.db import connection

    from dadkhah.web.custody import triggers

    vendor = connection.vendor
    names = re.findall(r"DROP TRIGGER IF EXISTS (\w+)", " ".join(triggers.drop_sql(vendor)))
    present = {
        "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({})",
        "postgresql": "SELECT count(DISTINCT tgname) FROM pg_trigger WHERE tgname IN ({})",
    }[vendor]
    with connection.cursor() as cur:
        cur.execute(present.format(", ".join(["%s"] * len(names))), names)
        row = cur.fetchone()
        if row is not None and row[0] == len(names):
            return
        for sql in triggers.create_sql(vendor):
            cur.execute(sql)
