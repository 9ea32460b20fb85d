"""Redact a copy of an evidence file: image regions covered or blurred, text spans removed.

The original is never touched: a redaction is a new file that the evidence service
stores as a derivative of the original (custody-logged, linked to it). Pillow is
imported only when an image is redacted.

Blurring is offered because investigators ask for it, but covering is the default:
blurring and pixelation of text can be undone by matching candidate renderings
(Hill, Zhou, Saul and Shacham, "On the (in)effectiveness of mosaicing and blurring as
tools for document redaction", PoPETs 2016). An image is re-encoded without its
metadata (EXIF, XMP), which can name the device, the place and the person.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from dadkhah.core.errors import InputError

REDACTED = "[REDACTED]"
MODES = ("cover", "blur")
BLUR_RADIUS = 24


@dataclass(frozen=True)
class Region:
    """A rectangle of an image, in pixels from the top left corner."""

    x: int
    y: int
    width: int
    height: int

    @classmethod
    def parse(cls, text: str) -> Region:
        """``X,Y,W,H`` (integers, W and H positive)."""
        try:
            x, y, w, h = (int(p) for p in text.split(","))
        except ValueError as exc:
            raise InputError(
                f"region {text!r} is not X,Y,WIDTH,HEIGHT in whole pixels (e.g. 10,20,200,40)."
            ) from exc
        if x < 0 or y < 0 or w <= 0 or h <= 0:
            raise InputError(f"region {text!r}: X and Y must be ≥ 0, WIDTH and HEIGHT > 0.")
        return cls(x, y, w, h)


@dataclass(frozen=True)
class Span:
    """Characters ``start`` (inclusive) to ``end`` (exclusive) of a text."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str) -> Span:
        """``START:END`` (character offsets, START < END)."""
        try:
            start, end = (int(p) for p in text.split(":"))
        except ValueError as exc:
            raise InputError(
                f"span {text!r} is not START:END in characters (e.g. 120:135)."
            ) from exc
        if start < 0 or end <= start:
            raise InputError(f"span {text!r}: START must be ≥ 0 and less than END.")
        return cls(start, end)


def redact_image(data: bytes, regions: Sequence[Region], *, mode: str = "cover") -> bytes:
    """A copy of the image ``data`` with each region covered (black) or blurred.

    The copy keeps the original's format (PNG stays PNG, JPEG stays JPEG) and drops
    its metadata.

    Raises:
        InputError: No region, a region outside the image, an unknown mode, or bytes
            Pillow cannot read as an image.
    """
    from PIL import Image, ImageDraw, ImageFilter, UnidentifiedImageError

    if mode not in MODES:
        raise InputError(f"unknown redaction mode {mode!r}; use one of {', '.join(MODES)}.")
    if not regions:
        raise InputError("give at least one region to redact (--region X,Y,W,H).")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(f"not an image Pillow can read ({exc}).") from exc
    fmt = image.format or "PNG"
    for r in regions:
        if r.x + r.width > image.width or r.y + r.height > image.height:
            raise InputError(
                f"region {r.x},{r.y},{r.width},{r.height} reaches outside the image "
                f"({image.width}×{image.height})."
            )
    out_image = image.convert("RGB") if fmt == "JPEG" else image.copy()
    for r in regions:
        box = (r.x, r.y, r.x + r.width, r.y + r.height)
        if mode == "blur":
            patch = out_image.crop(box).filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
            out_image.paste(patch, box)
        else:
            ImageDraw.Draw(out_image).rectangle(box, fill="black")
    buf = io.BytesIO()
    # No exif= / pnginfo= argument: the re-encoded file carries no metadata.
    out_image.save(buf, format=fmt)
    return buf.getvalue()


def redact_text(data: bytes, spans: Sequence[Span]) -> bytes:
    """A copy of UTF-8 text with each span replaced by ``[REDACTED]``.

    Overlapping spans are merged, so no fragment of a redacted passage survives.

    Raises:
        InputError: No span, a span past the end, or bytes that are not UTF-8.
    """
    if not spans:
        raise InputError("give at least one span to redact (--span START:END).")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the text is not UTF-8 (byte {exc.start}); convert it first, then redact."
        ) from exc
    merged: list[list[int]] = []
    for s in sorted(spans, key=lambda s: s.start):
        if s.end > len(text):
            raise InputError(f"span {s.start}:{s.end} runs past the end ({len(text)} characters).")
        if merged and s.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s.end)
        else:
            merged.append([s.start, s.end])
    out, pos = [], 0
    for start, end in merged:
        out += [text[pos:start], REDACTED]
        pos = end
    out.append(text[pos:])
    return "".join(out).encode("utf-8")
