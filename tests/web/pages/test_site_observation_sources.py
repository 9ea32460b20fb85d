"""A site observation cites the source its photographs are filed under (issue 13)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.sources.models import Source
from tests.web.pages.test_entity_pages import _get

pytestmark = pytest.mark.django_db

fill = importlib.import_module(
    "dadkhah.web.places.migrations.0003_observation_source_from_photos"
).fill


def _photo(digit: str, **fields: object) -> EvidenceItem:
    return EvidenceItem.objects.create(
        sha256=digit * 64, size=1, media_type="image/jpeg", collected_at=timezone.now(), **fields
    )


def test_the_migration_cites_the_one_source_a_photo_is_filed_under(
    analyst: Client, demo: Path
) -> None:
    khavaran = Place.objects.get(key="cemetery:khavaran")
    photo = _photo("a")
    copy = _photo("b", derived_from=photo, transformation="cropped")
    source = Source.objects.create(
        name="site-photos", kind="document", title="Site photographs (synthetic)", evidence=photo,
        reliability="B", confidentiality="public",
    )  # fmt: skip
    shown = SiteObservation.objects.create(place=khavaran, status="covered")
    shown.evidence.add(copy)  # a working copy: its original is the source's file
    bare = SiteObservation.objects.create(place=khavaran, status="intact")
    two = SiteObservation.objects.create(place=khavaran, status="damaged")
    other = _photo("c")
    Source.objects.create(name="other-photos", kind="document", evidence=other)
    two.evidence.add(photo, other)  # two sources: which one is not guessed
    fill(apps, None)
    shown.refresh_from_db()
    bare.refresh_from_db()
    two.refresh_from_db()
    assert shown.source == source
    assert bare.source is None and two.source is None
    body = _get(analyst, "/places/cemetery:khavaran/")
    assert 'href="/sources/site-photos/"' in body
