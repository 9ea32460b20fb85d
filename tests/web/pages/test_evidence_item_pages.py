"""Evidence pages (issue 13): preview, what an item concerns both ways, filters, bad input."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

from dadkhah.core.case import open_case
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import Collection, evidence_add_stream
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.sources.models import Source
from tests.login import login
from tests.web.pages.conftest import PASSWORD, persian
from tests.web.pages.test_entity_pages import _get

pytestmark = pytest.mark.django_db

LETTER = "Family letter (synthetic)"  # the minimal demo's item: the file of families-fa


@pytest.fixture
def case(demo: Path, settings: object) -> object:
    opened = open_case(demo)
    settings.CASE = opened  # type: ignore[attr-defined]
    return opened


def _add(case: object, data: bytes, name: str, title: str = "") -> EvidenceItem:
    report = evidence_add_stream(
        case=case,  # type: ignore[arg-type]
        stream=io.BytesIO(data),
        name=name,
        actor="test",
        collection=Collection(collected_by="test", title=title),
    )
    item = report.added[0]
    EvidenceItem.objects.filter(pk=item.pk).update(confidentiality="public")
    return EvidenceItem.objects.get(pk=item.pk)


def _pdf() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), "white").save(out, format="PDF")
    return out.getvalue()


def _letter() -> EvidenceItem:
    return EvidenceItem.objects.get(title=LETTER)


# --- preview ---------------------------------------------------------------------------------


def test_a_pdf_is_previewed_as_a_picture_drawn_on_the_server(analyst: Client, case: object) -> None:
    item = _add(case, _pdf(), "verdict.pdf", "Verdict (synthetic)")
    body = _get(analyst, f"/evidence/{item.sha256}/")
    assert "<h1><bdi>Verdict (synthetic)</bdi></h1>" in body
    assert f'src="/evidence/{item.sha256}/preview.png"' in body
    views = CustodyEntry.objects.filter(action="view").count()
    response = analyst.get(f"/evidence/{item.sha256}/preview.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(response.content)).size[1] == 1100  # the longer side
    assert CustodyEntry.objects.filter(action="view").count() == views + 1


def test_a_damaged_pdf_or_another_kind_has_no_picture(analyst: Client, case: object) -> None:
    assert analyst.get(f"/evidence/{_letter().sha256}/preview.png").status_code == 404
    svg = _add(
        case, b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"
    )
    # Whatever a file's type is recorded as, an SVG is never drawn by the browser.
    EvidenceItem.objects.filter(pk=svg.pk).update(media_type="image/svg+xml")
    body = _get(analyst, f"/evidence/{svg.sha256}/")
    assert "<img" not in body.split('id="preview-h"')[1].split("</section>")[0]
    assert "<script>alert" not in body
    assert analyst.get(f"/evidence/{svg.sha256}/preview.png").status_code == 404


def test_a_text_file_shows_its_first_lines_escaped(analyst: Client, case: object) -> None:
    lines = ["<script>alert('x')</script>", "name: \u202eevil", *[f"line {n}" for n in range(60)]]
    item = _add(case, "\n".join(lines).encode(), "note.txt")
    body = _get(analyst, f"/evidence/{item.sha256}/")
    preview = body.split('id="preview-h"')[1].split("</section>")[0]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in preview
    assert "<script>" not in preview
    assert "U+202E" in preview and "\u202e" not in preview
    assert "line 27" in preview and "line 28" not in preview  # 30 lines
    assert "Only the first lines are shown" in preview


# --- what an item concerns, both ways --------------------------------------------------------


def _concerns(body: str) -> str:
    return body.split('id="concerns-h"')[1].split("</section>")[0]


def test_the_item_page_links_what_the_item_backs_and_those_pages_link_back(
    analyst: Client, case: object
) -> None:
    letter = _letter()
    body = _concerns(_get(analyst, f"/evidence/{letter.sha256}/"))
    claims = Claim.objects.filter(claim_sources__source__evidence=letter).distinct()
    assert claims.exists()
    for claim in claims:
        assert f'href="/claims/{claim.pk}/"' in body
        assert claim.person is not None
        assert f'href="/people/{claim.person.public_id}/"' in body
    assert 'href="/places/prison:evin/"' in body
    assert "executed" in body and "executed_at" not in body
    # Each entity named on the item's page names the item in its provenance panel.
    for url in re.findall(r'href="(/(?:people|claims|places)/[^"]+/)"', body):
        page = _get(analyst, url)
        assert f'href="/evidence/{letter.sha256}/"' in page, url


def test_a_photo_of_a_site_concerns_its_place_and_a_cited_item_its_claim(
    analyst: Client, case: object
) -> None:
    photo = _add(case, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "khavaran.png", "Khavaran (synthetic)")
    khavaran = Place.objects.get(key="cemetery:khavaran")
    SiteObservation.objects.filter(place=khavaran).first().evidence.add(photo)  # type: ignore[union-attr]
    claim = Claim.objects.create(event=None, body=None, subject_place=khavaran, kind="site_status")
    ClaimSource.objects.create(
        claim=claim, source=Source.objects.get(name="ngo-latin"), evidence=photo
    )
    body = _concerns(_get(analyst, f"/evidence/{photo.sha256}/"))
    assert 'href="/places/cemetery:khavaran/"' in body
    assert f'href="/claims/{claim.pk}/"' in body and "state of the site" in body
    listed = _get(analyst, "/evidence/?linked=place")
    assert f'href="/evidence/{photo.sha256}/"' in listed
    assert f'href="/evidence/{photo.sha256}/"' not in _get(analyst, "/evidence/?linked=person")
    assert f'href="/evidence/{_letter().sha256}/"' in _get(analyst, "/evidence/?linked=person")


def test_a_reader_without_clearance_sees_no_hidden_person_on_the_item_page(
    client: Client, case: object
) -> None:
    from dadkhah.web.accounts.services import user_create

    EvidenceItem.objects.filter(title=LETTER).update(confidentiality="public")
    Source.objects.filter(name="families-fa").update(confidentiality="public")
    Person.objects.filter(public_id="P-000001").update(confidentiality="strictly_confidential")
    user_create(username="junior", password=PASSWORD, role="investigator", clearance="restricted")
    assert login(client, "junior", PASSWORD)
    body = _concerns(_get(client, f"/evidence/{_letter().sha256}/"))
    assert "P-000001" not in body and "Kaveh" not in body
    assert "P-000002" in body
    hidden = Claim.objects.get(person__public_id="P-000001", kind="executed")
    assert f'href="/claims/{hidden.pk}/"' not in body


# --- the list: filters and bad input ---------------------------------------------------------


def test_the_list_filters_by_collection_date(analyst: Client, case: object) -> None:
    letter = _letter()
    day = letter.collected_at.date().isoformat()
    assert f'href="/evidence/{letter.sha256}/"' in _get(
        analyst, f"/evidence/?since={day}&until={day}"
    )
    assert f'href="/evidence/{letter.sha256}/"' not in _get(analyst, "/evidence/?until=1999-12-31")


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("kind=spreadsheet", 400),
        ("source=no-such-source", 400),
        ("linked=witness", 400),
        ("since=yesterday", 400),
        ("until=2024-13-45", 400),
        ("page=x", 400),
        ("page=40", 404),
    ],
)
def test_bad_input_answers_a_clear_page(
    analyst: Client, case: object, query: str, status: int
) -> None:
    response = analyst.get(f"/evidence/?{query}")
    assert response.status_code == status
    assert 'role="alert"' in response.content.decode()
    persian(analyst)
    body = analyst.get(f"/evidence/?{query}").content.decode()
    assert 'role="alert"' in body and "start again without filters" not in body


def test_the_item_page_reads_in_persian(analyst: Client, case: object) -> None:
    persian(analyst)
    body = _get(analyst, f"/evidence/{_letter().sha256}/")
    assert 'lang="fa" dir="rtl"' in body
    assert "What this item concerns" not in body and "Preview" not in body
