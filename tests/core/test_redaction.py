"""Redacted copies: image regions covered or blurred without metadata, text spans removed."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from dadkhah.core.errors import InputError
from dadkhah.core.redaction import REDACTED, Region, Span, redact_image, redact_text


def _png(width: int = 40, height: int = 30) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    for x in range(width):
        image.putpixel((x, 10), (x * 6, 0, 0))  # a line with detail in it
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (32, 32), "white")
    exif = Image.Exif()
    exif[0x010F] = "ZQXCAMERA"  # Make
    buf = io.BytesIO()
    image.save(buf, format="JPEG", exif=exif)
    return buf.getvalue()


def test_cover_blacks_out_the_region_and_nothing_else() -> None:
    out = Image.open(io.BytesIO(redact_image(_png(), [Region(0, 5, 20, 10)])))
    assert out.format == "PNG"
    assert out.getpixel((5, 10)) == (0, 0, 0)
    assert out.getpixel((30, 10)) == (180, 0, 0)  # outside the region, as it was
    assert out.getpixel((5, 25)) == (255, 255, 255)


def test_blur_changes_the_region_only() -> None:
    original = Image.open(io.BytesIO(_png()))
    out = Image.open(io.BytesIO(redact_image(_png(), [Region(0, 0, 20, 30)], mode="blur")))
    assert out.getpixel((10, 10)) != original.getpixel((10, 10))
    assert out.getpixel((30, 10)) == original.getpixel((30, 10))


def test_a_redacted_jpeg_carries_no_metadata() -> None:
    data = _jpeg_with_exif()
    assert b"ZQXCAMERA" in data
    out = redact_image(data, [Region(0, 0, 8, 8)])
    assert b"ZQXCAMERA" not in out
    assert Image.open(io.BytesIO(out)).format == "JPEG"


@pytest.mark.parametrize(
    ("regions", "message"),
    [([], "at least one region"), ([Region(30, 0, 20, 5)], "outside the image")],
)
def test_bad_regions_are_refused(regions, message: str) -> None:
    with pytest.raises(InputError, match=message):
        redact_image(_png(), regions)


def test_bytes_that_are_no_image_are_refused() -> None:
    with pytest.raises(InputError, match="not an image"):
        redact_image(b"plain text", [Region(0, 0, 1, 1)])


@pytest.mark.parametrize(
    ("text", "message"),
    [("1,2,3", "X,Y,WIDTH,HEIGHT"), ("1,2,0,4", "WIDTH and HEIGHT > 0"), ("-1,0,1,1", "≥ 0")],
)
def test_region_parse_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Region.parse(text)


def test_text_spans_are_replaced_and_overlaps_merged() -> None:
    text = b"Witness Zqx Name lives in Zqx City."
    out = redact_text(text, [Span(8, 16), Span(26, 34), Span(30, 33)]).decode()
    assert out == f"Witness {REDACTED} lives in {REDACTED}."
    assert "Zqx" not in out


@given(st.text(min_size=1), st.data())
def test_no_character_of_a_redacted_span_survives(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    out = redact_text(text.encode("utf-8"), [Span(start, end)])
    assert out.decode("utf-8") == text[:start] + REDACTED + text[end:]


@pytest.mark.parametrize(
    ("data", "spans", "message"),
    [
        (b"short", [Span(0, 9)], "past the end"),
        (b"\xff\xfe", [Span(0, 1)], "not UTF-8"),
        (b"text", [], "at least one span"),
    ],
)
def test_bad_spans_and_text_are_refused(data: bytes, spans, message: str) -> None:
    with pytest.raises(InputError, match=message):
        redact_text(data, spans)
