"""The index built with the search's old loose key is rebuilt after the migration (issue 11)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from dadkhah.web.search.apps import index_after_migrate
from dadkhah.web.search.models import SearchEntry, SearchFacet
from tests.web.search.test_search import registry

__all__ = ["registry"]

pytestmark = pytest.mark.django_db

_MIGRATION = importlib.import_module("dadkhah.web.search.migrations.0004_rebuild_for_one_loose_key")


def test_the_migration_empties_the_index_and_the_hook_refills_it_with_todays_keys(
    registry: None,
) -> None:
    entry = SearchEntry.objects.get(kind="person", ref="P-000002")
    today = entry.keys
    entry.keys = "plzhra"  # a stale token, which no key of today gives Zohra
    entry.save(update_fields=["keys"])
    assert SearchFacet.objects.exists()

    _MIGRATION.empty(apps, connection)
    assert not SearchEntry.objects.exists()
    assert not SearchFacet.objects.exists()

    index_after_migrate()
    rebuilt = SearchEntry.objects.get(kind="person", ref="P-000002")
    assert rebuilt.keys == today
    assert "plzhr" in rebuilt.keys.split()  # Zohra's coarse key, which زهره also gives
    assert SearchFacet.objects.filter(entry=rebuilt).exists()
