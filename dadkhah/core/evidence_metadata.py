"""What an evidence file is and says about itself: media type from content, embedded metadata, C2PA.

Nothing here writes to the file. The metadata is stored beside the item (Berkeley
Protocol: the evidentiary copy never changes). Every file is treated as hostile: each
extractor runs under size limits, its errors are recorded instead of raised, and values
are truncated.
"""

from __future__ import annotations

import json
import mimetypes
import warnings
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import filetype

from dadkhah.core.c2pa import read_c2pa

SNIFF_BYTES = 64 * 1024
MAX_VALUE_CHARS = 2000
MAX_IMAGE_PIXELS = 200_000_000
MAX_METADATA_BYTES = 256 * 1024

# Media types whose extensions differ in common use but are the same thing.
_EQUIVALENT = {
    "audio/x-wav": {"audio/wav", "audio/x-wav", "audio/wave"},
    "audio/x-flac": {"audio/flac", "audio/x-flac"},
    "audio/mp4": {"audio/mp4", "audio/m4a", "audio/x-m4a", "video/mp4"},
    "video/mp4": {"video/mp4", "audio/mp4"},
    "text/csv": {"text/csv", "text/plain"},
    "text/plain": {"text/plain", "text/csv", "text/markdown", "text/tab-separated-values"},
    "application/json": {"application/json", "text/plain"},
}


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sniff window is still text.
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def _text_subtype(head: bytes) -> str:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    low = text[:200].lower()
    if low.startswith("<!doctype html") or low.startswith("<html"):
        return "text/html"
    if low.startswith("<?xml"):
        return "application/xml"
    if text[:1] in "{[":
        try:
            json.loads(text)
            return "application/json"
        except ValueError:
            pass
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    if len(lines) >= 2:
        for sep in (",", "\t", ";"):
            counts = {ln.count(sep) for ln in lines[:-1]}
            if len(counts) == 1 and counts != {0}:
                return "text/csv" if sep != "\t" else "text/tab-separated-values"
    return "text/plain"


def sniff_media_type(head: bytes, *, name: str | None = None) -> dict[str, Any]:
    """The media type of a file from its first bytes, and whether its extension agrees.

    Args:
        head: The first bytes of the file (64 KiB is plenty).
        name: The original file name, used only to report a mismatch.

    Returns:
        ``{"media_type", "detected_by", "extension_type", "extension_agrees"}``.
    """
    kind = filetype.guess(head) if head else None
    if kind is not None:
        media_type, by = kind.mime, "signature"
    elif not head:
        media_type, by = "application/x-empty", "empty"
    elif _looks_like_text(head):
        media_type, by = _text_subtype(head), "text"
    else:
        media_type, by = "application/octet-stream", "unknown"
    ext_type = mimetypes.guess_type(name)[0] if name else None
    agrees: bool | None = None
    if ext_type is not None:
        agrees = ext_type == media_type or ext_type in _EQUIVALENT.get(media_type, set())
    return {
        "media_type": media_type,
        "detected_by": by,
        "extension_type": ext_type,
        "extension_agrees": agrees,
    }


def _clean(value: Any, depth: int = 0) -> Any:
    """A JSON-safe, bounded copy of a metadata value."""
    if depth > 6:
        return None
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, Fraction) or (
        hasattr(value, "numerator") and hasattr(value, "denominator")
    ):
        try:
            return float(value)
        except (ZeroDivisionError, ValueError, TypeError):
            return str(value)
    if isinstance(value, bytes):
        return {"bytes": len(value)} if len(value) > 64 else value.hex()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k)[:200]: _clean(v, depth + 1) for k, v in list(value.items())[:200]}
    if isinstance(value, list | tuple):
        return [_clean(v, depth + 1) for v in list(value)[:200]]
    text = str(value).replace("\x00", "")
    return text[:MAX_VALUE_CHARS]


def _dms_to_degrees(dms: Any, ref: Any) -> float | None:
    try:
        d, m, s = (float(x) for x in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = d + m / 60 + s / 3600
    if str(ref).strip().upper() in ("S", "W"):
        deg = -deg
    return round(deg, 7)


def image_metadata(path: Path) -> dict[str, Any]:
    """Image size, format, EXIF and GPS (decimal degrees) via Pillow, never decoding pixels."""
    from PIL import ExifTags, Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    out: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path) as img:
            out["format"] = img.format
            out["width"], out["height"] = img.size
            out["mode"] = img.mode
            exif = img.getexif()
            tags: dict[str, Any] = {}
            for tag, value in exif.items():
                tags[ExifTags.TAGS.get(tag, str(tag))] = _clean(value)
            for ifd_id, label in ((ExifTags.IFD.Exif, "exif"), (ExifTags.IFD.GPSInfo, "gps")):
                try:
                    ifd = exif.get_ifd(ifd_id)
                except (KeyError, ValueError, TypeError):
                    continue
                names = ExifTags.GPSTAGS if label == "gps" else ExifTags.TAGS
                sub = {names.get(k, str(k)): _clean(v) for k, v in ifd.items()}
                if sub:
                    tags[label] = sub
                if label == "gps" and ifd:
                    lat = _dms_to_degrees(ifd.get(2), ifd.get(1, "N"))
                    lon = _dms_to_degrees(ifd.get(4), ifd.get(3, "E"))
                    if lat is not None and lon is not None:
                        out["gps"] = {"latitude": lat, "longitude": lon}
                        alt = ifd.get(6)
                        if alt is not None:
                            try:
                                out["gps"]["altitude_m"] = round(float(alt), 2)
                            except (TypeError, ValueError, ZeroDivisionError):
                                pass
            tags.pop("GPSInfo", None)
            tags.pop("ExifOffset", None)
            if tags:
                out["exif"] = tags
    return out


def pdf_metadata(path: Path) -> dict[str, Any]:
    """PDF document information (title, author, dates, producer), page count, encryption."""
    from pypdf import PdfReader

    reader = PdfReader(str(path), strict=False)
    out: dict[str, Any] = {"encrypted": bool(reader.is_encrypted)}
    if reader.is_encrypted:
        return out
    out["pages"] = len(reader.pages)
    info: Mapping[str, Any] = reader.metadata or {}
    fields: dict[str, Any] = {}
    for key, value in info.items():
        fields[str(key).lstrip("/")] = _clean(value)
    if fields:
        out["info"] = fields
    return out


def media_metadata(path: Path) -> dict[str, Any]:
    """Audio/video duration and stream facts via mutagen."""
    import mutagen

    f = mutagen.File(str(path))
    if f is None or getattr(f, "info", None) is None:
        return {}
    info = f.info
    out: dict[str, Any] = {"container": type(f).__name__}
    for attr in ("length", "bitrate", "channels", "sample_rate", "bits_per_sample", "codec"):
        value = getattr(info, attr, None)
        if value is not None:
            out["duration_s" if attr == "length" else attr] = _clean(
                round(value, 3) if isinstance(value, float) else value
            )
    return out


_EXTRACTORS: list[tuple[Callable[[str], bool], str, Callable[[Path], dict[str, Any]]]] = [
    (lambda t: t.startswith("image/"), "image", image_metadata),
    (lambda t: t == "application/pdf", "pdf", pdf_metadata),
    (lambda t: t.startswith(("audio/", "video/")), "media", media_metadata),
]


def extract_metadata(path: Path, *, media_type: str, name: str | None = None) -> dict[str, Any]:
    """Everything the file says about itself, as a JSON-safe dict; never raises for bad input.

    Args:
        path: The stored file (read only).
        media_type: As sniffed from content.
        name: The original file name (recorded, not trusted).

    Returns:
        ``{"media_type": …, "<kind>": {…}, "c2pa": {…}?, "errors": [...]}``.
    """
    out: dict[str, Any] = {"media_type": media_type, "extracted_at": datetime.now(UTC).isoformat()}
    errors: list[str] = []
    for applies, key, fn in _EXTRACTORS:
        if not applies(media_type):
            continue
        try:
            found = fn(path)
        except Exception as exc:
            detail = str(exc)[:300] or "the file cannot be read as this type"
            errors.append(f"{key}: {type(exc).__name__}: {detail}")
            continue
        if found:
            out[key] = found
    try:
        c2pa = read_c2pa(path, media_type=media_type)
    except Exception as exc:
        errors.append(f"c2pa: {type(exc).__name__}: {str(exc)[:300]}")
    else:
        if c2pa is not None:
            out["c2pa"] = c2pa
    out["errors"] = errors
    data = json.dumps(out, default=str)
    if len(data) > MAX_METADATA_BYTES:
        for key in ("image", "pdf", "media"):
            sub = out.get(key)
            if isinstance(sub, dict):
                sub.pop("exif", None)
                sub.pop("info", None)
        out["errors"].append(f"metadata over {MAX_METADATA_BYTES} bytes: EXIF/info fields dropped")
    return out
