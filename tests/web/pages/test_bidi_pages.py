"""A record whose values carry bidi controls: the person page shows them, it does not obey them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def test_source_and_evidence_pages_show_controls_in_values_and_file_names_escaped(
    analyst: Client, demo: Path, settings: Any
) -> None:
    import io

    from dadkhah.core.case import open_case
    from dadkhah.web.evidence.services import evidence_add_stream

    spoof = f"{RLO}<img src=x onerror=alert(1)>fdp.exe"  # reads "exe.pdf" if obeyed
    settings.CASE = open_case(demo)
    item = evidence_add_stream(
        case=settings.CASE, stream=io.BytesIO(b"bytes"), name=spoof, actor="test"
    ).added[0]
    source = Source.objects.create(name="hostile", title="Hostile list (synthetic)", synthetic=True)
    Record.objects.create(
        source=source,
        source_record_id=f"{RLO}7",
        raw={f"no{RLO}te": spoof},
        normalized={"v": 1},
    )
    mark = '<mark class="control" title="U+202E RIGHT-TO-LEFT OVERRIDE">U+202E</mark>'
    shown = f"<bdi>{mark}&lt;img src=x onerror=alert(1)&gt;fdp.exe</bdi>"
    pages = {
        "/sources/hostile/": [shown, f"<bdi>no{mark}te</bdi>", f"<bdi>{mark}7</bdi>"],
        "/evidence/": [shown],
        f"/evidence/{item.sha256}/": [f"<h1>{shown}</h1>"],
    }
    for url, expected in pages.items():
        body = analyst.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        body = body.split("<body", 1)[1]  # the <title> is text only, and escaped
        assert RLO not in body, url
        assert "<img src=x" not in body, url
        for fragment in expected:
            assert fragment in body, (url, fragment)
