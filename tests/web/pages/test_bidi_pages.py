"""A record whose values carry bidi controls: the person page shows them, it does not obey them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from dadkhah.web.people.models import Person
from dadkhah.web.sources.models import Record, Source

pytestmark = pytest.mark.django_db
RLO = "\u202e"


def test_the_person_page_shows_a_records_bidi_controls_as_marks(
    analyst: Client, demo: Path
) -> None:
    source = Source.objects.create(name="hostile", title="Hostile list (synthetic)", synthetic=True)
    Record.objects.create(
        source=source,
        source_record_id=f"{RLO}7",
        raw={"full_name": f"{RLO}idamhA nassaH", f"no{RLO}te": "x"},
        normalized={
            "v": 1,
            "full_name": f"{RLO}idamhA nassaH",
            "flags": ["bidi_control:full_name"],
        },
        person=Person.objects.get(public_id="P-000001"),
    )
    body = analyst.get("/people/P-000001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert RLO not in body
    mark = '<mark class="control" title="U+202E RIGHT-TO-LEFT OVERRIDE">U+202E</mark>'
    assert f"<bdi>{mark}idamhA nassaH</bdi>" in body  # the raw value, isolated
    assert f"<bdi>no{mark}te</bdi>" in body  # a key, too
    assert f"<bdi>{mark}7</bdi>" in body  # the id in the source
