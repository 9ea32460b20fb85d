"""What every test database holds before a test builds anything: seeded vocabularies, triggers.

The autouse fixtures in tests/conftest.py call these before each database test; a
module-scoped fixture that builds an expensive case once for its module
(tests/web/test_demo_synthetic.py) calls them first too, so that the case is built on
the database a test would have met.
"""

from __future__ import annotations

import importlib


def vocabularies_seed_if_missing() -> None:
    """Seed the vocabularies of migration edits/0002 where a flush emptied them."""
    from django.apps import apps

    if apps.get_model("edits", "Term").objects.exists():
        return
    seeding = importlib.import_module("dadkhah.web.edits.migrations.0002_seed_vocabularies")
    seeding.seed(apps, None)


def custody_triggers_create() -> None:
    """Install the custody log's append-only triggers (idempotent statements)."""
    from django.db import connection

    from dadkhah.web.custody import triggers

    with connection.cursor() as cur:
        for sql in triggers.create_sql(connection.vendor):
            cur.execute(sql)
