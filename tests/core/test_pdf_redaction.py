"""PDF redaction: pages rebuilt as images, regions black, nothing of the original file left."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from dadkhah.core.errors import InputError
from dadkhah.core.pdf_redaction import DPI, PageRegion, redact_pdf
from tests.pdf_samples import PAGE_SIZE, text_pdf

WORDS = [[(20, 150, "Zqxname"), (20, 50, "Tabriz")], [(20, 100, "Second")]]
NAME_BOX = PageRegion.parse("1:10,140,200,180")  # around "Zqxname" on page 1
SCALE = DPI / 72


def _page_image(pdf: bytes, index: int) -> Image.Image:
    images = PdfReader(io.BytesIO(pdf)).pages[index].images
    assert len(images) == 1
    return images[0].image.convert("L")


def _extrema(image: Image.Image, left: float, bottom: float, right: float, top: float):
    """Darkest and lightest pixel inside a box given in points from the bottom left."""
    h = image.height
    box = (int(left * SCALE), int(h - top * SCALE), int(right * SCALE), int(h - bottom * SCALE))
    return image.crop(box).getextrema()


def test_the_redacted_pdf_keeps_nothing_of_the_original_text_layer() -> None:
    original = text_pdf(WORDS)
    assert "Zqxname" in PdfReader(io.BytesIO(original)).pages[0].extract_text()
    out = redact_pdf(original, [NAME_BOX])
    reader = PdfReader(io.BytesIO(out))
    # Not only the redacted word: no page has any text left, since there is no text layer.
    assert [p.extract_text().strip() for p in reader.pages] == ["", ""]
    assert all("/Font" not in p.get("/Resources", {}) for p in reader.pages)
    assert all("/Annots" not in p for p in reader.pages)
    for secret in (b"Zqxname", b"Tabriz", b"Second", b"ZQXAUTHOR", b"ZQXNOTE", b"Helvetica"):
        assert secret not in out
    assert (reader.metadata or {}).get("/Author") is None


def test_page_count_and_page_size_are_kept() -> None:
    out = redact_pdf(text_pdf(WORDS), [NAME_BOX])
    pages = PdfReader(io.BytesIO(out)).pages
    assert len(pages) == 2
    for page in pages:
        # Whole pixels at 150 dpi: within one pixel (0.48 pt) of the original size.
        assert float(page.mediabox.width) == pytest.approx(PAGE_SIZE[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(PAGE_SIZE[1], abs=0.5)


def test_the_region_is_black_and_the_rest_of_the_page_is_drawn_as_before() -> None:
    out = redact_pdf(text_pdf(WORDS), [NAME_BOX])
    first, second = _page_image(out, 0), _page_image(out, 1)
    # Inside the box (less a pixel at each edge): solid black, JPEG leaving a little noise.
    assert _extrema(first, 11, 141, 199, 179)[1] < 40
    assert _extrema(first, 10, 185, 200, 200) == (255, 255)  # white above the box
    assert _extrema(first, 20, 48, 110, 70)[0] < 100  # "Tabriz" still shows, as pixels
    assert _extrema(second, 20, 98, 110, 120)[0] < 100  # "Second" too …
    assert _extrema(second, 10, 140, 200, 180)[0] > 200  # … and page 2 has no box


def test_percent_regions_scale_with_the_page() -> None:
    region = PageRegion.parse("2:10%,50%,50%,100%")
    assert (region.page, region.unit) == (2, "%")
    assert region.pixel_box(200, 100, 99.0) == (20, 0, 100, 50)
    assert PageRegion.parse("1:72,0,144,36").pixel_box(300, 100, 2.0) == (144, 28, 288, 100)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("72,700,300,720", "PAGE:X0,Y0,X1,Y1"),
        ("1:72,700,300", "PAGE:X0,Y0,X1,Y1"),
        ("1:10%,20,30%,40%", "PAGE:X0,Y0,X1,Y1"),
        ("one:1,2,3,4", "PAGE:X0,Y0,X1,Y1"),
        ("0:1,2,3,4", "numbered from 1"),
        ("1:5,5,2,9", "lower left corner, then the upper right"),
        ("1:-1,0,3,4", "≥ 0"),
        ("1:nan,0,3,4", "≥ 0"),
        ("1:0%,0%,120%,50%", "up to 100"),
    ],
)
def test_bad_pdf_regions_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        PageRegion.parse(text)


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(WORDS)))
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "regions", "message"),
    [
        (text_pdf(WORDS), [], "at least one region"),
        (text_pdf(WORDS), [PageRegion.parse("3:1,1,2,2")], "has 2 page"),
        (text_pdf(WORDS), [PageRegion.parse("1:0,0,400,100")], "outside page 1"),
        (text_pdf(WORDS), [PageRegion.parse("1:0,150,100,260")], "outside page 1"),
        (b"%PDF-1.4\n%fictional\n", [NAME_BOX], "not a PDF that can be opened"),
        (text_pdf(WORDS)[:400], [NAME_BOX], "not a PDF that can be opened"),
        (b"", [NAME_BOX], "not a PDF that can be opened"),
        (_encrypted(), [NAME_BOX], "needs a password"),
        # A page tree whose node lists itself as its own child, claiming nine pages.
        (
            text_pdf(WORDS).replace(b"/Kids [3 0 R 5 0 R] /Count 2", b"/Kids [2 0 R] /Count 9"),
            [NAME_BOX],
            "page 1 of the PDF cannot be read",
        ),
    ],
)
def test_bad_or_hostile_pdfs_and_regions_are_refused(data: bytes, regions, message: str) -> None:
    with pytest.raises(InputError, match=message):
        redact_pdf(data, regions)
