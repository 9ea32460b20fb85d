"""Claims graded under the old rule: an alleged one no longer meets the standard of proof."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from dadkhah.web.claims.models import Claim
from dadkhah.web.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_migration_clears_the_standard_of_alleged_claims_only() -> None:
    person = Person.objects.create(public_id="P-000777")
    alleged = Claim.objects.create(person=person, kind="executed", meets_standard=True)
    corroborated = Claim.objects.create(
        person=person, kind="executed", status="corroborated", meets_standard=True
    )
    module = importlib.import_module(
        "dadkhah.web.claims.migrations.0005_alleged_claims_do_not_meet_the_standard"
    )
    module.clear_alleged(apps, None)
    alleged.refresh_from_db()
    corroborated.refresh_from_db()
    assert (alleged.meets_standard, corroborated.meets_standard) == (False, True)
