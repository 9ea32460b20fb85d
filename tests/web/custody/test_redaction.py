"""Redacted derivatives: stored as new items linked to the original, logged, original intact."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from dadkhah.core.case import Case
from dadkhah.core.errors import InputError
from dadkhah.core.pdf_redaction import PageRegion
from dadkhah.core.redaction import Region, Span
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.redaction import evidence_redact
from dadkhah.web.evidence.services import Collection, case_store, evidence_add_paths
from tests.pdf_samples import text_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(case: Case, tmp_path: Path) -> dict[str, EvidenceItem]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "statement.txt").write_text("The witness Zqx lives in Tabriz.\n", encoding="utf-8")
    Image.new("RGB", (20, 20), "white").save(folder / "photo.png")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%fictional\n")
    (folder / "letter.pdf").write_bytes(text_pdf([[(20, 150, "Zqxname"), (20, 50, "Tabriz")]]))
    (folder / "blob.bin").write_bytes(bytes(range(256)))
    evidence_add_paths(case=case, paths=[folder], actor="inv", collection=Collection())
    return {i.original_name: i for i in EvidenceItem.objects.all()}


def test_a_text_redaction_is_a_logged_derivative_and_the_original_is_kept(
    case: Case, items: dict[str, EvidenceItem]
) -> None:
    original = items["statement.txt"]
    copy = evidence_redact(
        case=case, original=original, spans=[Span(12, 15)], reason="witness name", actor="inv"
    )
    assert copy.derived_from_id == original.pk
    assert copy.original_name == "statement.redacted.txt"
    assert case_store(case).path_for(copy.sha256).read_bytes() == (
        b"The witness [REDACTED] lives in Tabriz.\n"
    )
    assert b"Zqx" in case_store(case).path_for(original.sha256).read_bytes()
    entry = CustodyEntry.objects.order_by("-seq").first()
    assert entry.action == "derivative" and copy.sha256 in entry.items
    assert "redaction: removed 1 text span(s); witness name" in entry.data
    assert case_verify(case=case).ok


def test_an_image_redaction_covers_the_region(case: Case, items) -> None:
    copy = evidence_redact(
        case=case, original=items["photo.png"], regions=[Region(0, 0, 5, 5)], reason="face",
        actor="inv",
    )  # fmt: skip
    image = Image.open(io.BytesIO(case_store(case).path_for(copy.sha256).read_bytes()))
    assert image.getpixel((1, 1)) == (0, 0, 0) and image.getpixel((10, 10)) == (255, 255, 255)


def test_a_pdf_redaction_is_an_image_only_logged_derivative(case: Case, items) -> None:
    original = items["letter.pdf"]
    before = case_store(case).path_for(original.sha256).read_bytes()
    copy = evidence_redact(
        case=case, original=original, regions=[PageRegion.parse("1:10,140,200,180")],
        reason="witness name", actor="inv",
    )  # fmt: skip
    assert copy.derived_from_id == original.pk
    assert copy.original_name == "letter.redacted.pdf"
    assert copy.media_type == "application/pdf"
    reader = PdfReader(case_store(case).path_for(copy.sha256))
    assert len(reader.pages) == 1 and reader.pages[0].extract_text().strip() == ""
    assert case_store(case).path_for(original.sha256).read_bytes() == before
    entry = CustodyEntry.objects.order_by("-seq").first()
    assert entry.action == "derivative" and copy.sha256 in entry.items
    assert original.sha256 in entry.items
    assert "covered 1 PDF region(s), pages rebuilt as images; witness name" in entry.data
    assert case_verify(case=case).ok


@pytest.mark.parametrize(
    ("name", "kw", "message"),
    [
        ("blob.bin", {"spans": [Span(0, 1)]}, "only images, PDFs and plain text"),
        ("scan.pdf", {"regions": [PageRegion.parse("1:0,0,9,9")]}, "not a PDF that can be opened"),
        ("letter.pdf", {"spans": [Span(0, 1)]}, "give --region PAGE:X0,Y0,X1,Y1, not --span"),
        ("letter.pdf", {"regions": [Region(0, 0, 9, 9)]}, "give each region as PAGE:"),
        (
            "letter.pdf",
            {"regions": [PageRegion.parse("1:0,0,9,9")], "mode": "blur"},
            "always covered",
        ),
        ("photo.png", {"regions": [PageRegion.parse("1:0,0,9,9")]}, "without a page"),
        ("photo.png", {"spans": [Span(0, 1)]}, "give --region, not --span"),
        ("statement.txt", {"regions": [Region(0, 0, 1, 1)]}, "give --span, not --region"),
        ("statement.txt", {"spans": [Span(0, 1)], "reason": " "}, "say why"),
    ],
)
def test_redactions_that_cannot_be_made_say_why(case: Case, items, name, kw, message) -> None:
    kw.setdefault("reason", "r")
    with pytest.raises(InputError, match=message):
        evidence_redact(case=case, original=items[name], actor="inv", **kw)
