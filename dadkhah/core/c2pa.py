"""Read (not validate) C2PA provenance embedded in JPEG and PNG evidence.

C2PA 2.x §A (embedding): in JPEG the manifest store is a JUMBF box (ISO/IEC 19566-5)
split over APP11 segments ("JP", instance, sequence, then box bytes; continuation
segments repeat the 8-byte box header, ISO/IEC 18477-3); in PNG it is a ``caBX`` chunk.
The store is a ``jumb`` superbox labelled ``c2pa``; each manifest is a superbox holding
the assertion store (``c2pa.assertions``), the claim (``c2pa.claim`` / ``c2pa.claim.v2``,
CBOR) and the signature (``c2pa.signature``, COSE). The last manifest is the active one.

This module reports what the manifests say (claim generator, title, format, instance id,
assertion labels, actions) so an analyst sees the claimed history. It does NOT check the
COSE signature or the hard-binding hash: record it as "claimed provenance", never as
verified. Every length is bounded; malformed input raises ValueError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cbor2

MAX_STORE_BYTES = 32 * 1024 * 1024
MAX_BOXES = 10_000
MAX_CBOR_DEPTH = 32
MAX_CBOR_ITEMS = 100_000
# A claim or an actions assertion is a few KiB; every item is at least one byte.
MAX_CBOR_BYTES = 1024 * 1024


# --- CBOR (RFC 8949), read with cbor2 ------------------------------------------------------

# cbor2 turns these tags into Python objects (datetimes, bignums, decimals, sets, regular
# expressions, MIME messages, UUIDs, IP addresses, shared references …; its docs, "Semantic
# tags"). A claim is read as plain data, so every tag is dropped and its value kept: no
# parser of dates or patterns runs on hostile input, and a shared reference (28/29) cannot
# make a value that contains itself.
_SEMANTIC_TAGS = (0, 1, 2, 3, 4, 5, 24, 25, 28, 29, 30, 35, 36, 37, 52, 54, 100, 256, 258,
                  260, 261, 262, 263, 264, 265, 270, 271, 1004, 55799)  # fmt: skip
_UNTAGGED: dict[int, Any] = {tag: (lambda value, immutable: value) for tag in _SEMANTIC_TAGS}


def _untag(tag: cbor2.CBORTag, immutable: bool) -> Any:
    return tag.value


def cbor_decode(data: bytes) -> Any:
    """Decode one CBOR item (tags dropped, bytes kept as bytes, bad UTF-8 replaced).

    Bounded: at most ``MAX_CBOR_BYTES`` of input, ``MAX_CBOR_DEPTH`` nested containers
    (cbor2's ``max_depth``) and ``MAX_CBOR_ITEMS`` items; anything else is a ValueError.
    """
    if len(data) > MAX_CBOR_BYTES:
        raise ValueError(f"CBOR: item larger than {MAX_CBOR_BYTES:,} bytes")
    try:
        value = cbor2.loads(
            data,
            tag_hook=_untag,
            semantic_decoders=_UNTAGGED,
            str_errors="replace",
            max_depth=MAX_CBOR_DEPTH,
        )
    except (cbor2.CBORError, ValueError, OverflowError, MemoryError) as exc:
        raise ValueError(f"CBOR: {exc}") from exc
    return _plain(value, [MAX_CBOR_ITEMS])


def _plain(value: Any, budget: list[int]) -> Any:
    """The decoded value as plain data: simple values as "simple(N)", odd map keys as text."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("CBOR: too many items")
    if isinstance(value, list):
        return [_plain(v, budget) for v in value]
    if isinstance(value, dict | cbor2.frozendict):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            key = _plain(key, budget)
            out[key if isinstance(key, str | int) else repr(key)] = _plain(item, budget)
        return out
    if isinstance(value, tuple):  # an array used as a map key
        return [_plain(v, budget) for v in value]
    if isinstance(value, cbor2.CBORSimpleValue):
        return f"simple({value.value})"
    if value is cbor2.undefined:
        return None
    return value


# --- JUMBF boxes ----------------------------------------------------------------------------


def _boxes(data: bytes, budget: list[int]) -> list[tuple[str, bytes]]:
    """Split a byte string into ISO BMFF boxes: [(type, payload)]."""
    out = []
    pos = 0
    while pos < len(data):
        budget[0] -= 1
        if budget[0] < 0:
            raise ValueError("JUMBF: too many boxes")
        if pos + 8 > len(data):
            raise ValueError("JUMBF: truncated box header")
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8].decode("latin-1")
        header = 8
        if size == 1:
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
            header = 16
        elif size == 0:
            size = len(data) - pos
        if size < header or pos + size > len(data):
            raise ValueError(f"JUMBF: box {kind!r} has a bad length")
        out.append((kind, data[pos + header : pos + size]))
        pos += size
    return out


def _superbox(payload: bytes, budget: list[int]) -> dict[str, Any]:
    """A ``jumb`` superbox: its label (from ``jumd``) and its content boxes."""
    boxes = _boxes(payload, budget)
    if not boxes or boxes[0][0] != "jumd":
        raise ValueError("JUMBF: superbox without a description box")
    desc = boxes[0][1]
    if len(desc) < 17:
        raise ValueError("JUMBF: description box too short")
    toggles = desc[16]
    label = ""
    if toggles & 0x02:
        end = desc.find(b"\x00", 17)
        if end < 0:
            raise ValueError("JUMBF: unterminated label")
        label = desc[17:end].decode("utf-8", errors="replace")
    children: list[Any] = []
    for kind, body in boxes[1:]:
        if kind == "jumb":
            children.append(_superbox(body, budget))
        else:
            children.append({"box": kind, "data": body})
    return {"label": label, "children": children}


def _content(node: dict[str, Any]) -> Any:
    for child in node["children"]:
        if child.get("box") == "cbor":
            return cbor_decode(child["data"])
        if child.get("box") == "json":
            import json

            return json.loads(child["data"].decode("utf-8"))
    return None


def _text(value: Any) -> str | None:
    return value[:500] if isinstance(value, str) else None


def parse_manifest_store(store: bytes) -> dict[str, Any]:
    """Summarize a C2PA manifest store (the bytes of its ``jumb`` box, header included)."""
    if len(store) > MAX_STORE_BYTES:
        raise ValueError("C2PA manifest store larger than 32 MiB")
    budget = [MAX_BOXES]
    top = _boxes(store, budget)
    if not top or top[0][0] != "jumb":
        raise ValueError("C2PA: not a JUMBF superbox")
    root = _superbox(top[0][1], budget)
    if root["label"] != "c2pa":
        raise ValueError(f"C2PA: manifest store label is {root['label']!r}, not 'c2pa'")
    manifests = []
    for m in root["children"]:
        if "label" not in m:
            continue
        summary: dict[str, Any] = {"label": m["label"], "assertions": []}
        for part in m["children"]:
            label = part.get("label", "")
            if label in ("c2pa.claim", "c2pa.claim.v2"):
                claim = _content(part)
                if isinstance(claim, dict):
                    gen = claim.get("claim_generator")
                    info = claim.get("claim_generator_info")
                    if gen is None and isinstance(info, dict | list):
                        first = info[0] if isinstance(info, list) and info else info
                        gen = first.get("name") if isinstance(first, dict) else None
                    summary["claim_generator"] = _text(gen)
                    summary["title"] = _text(claim.get("dc:title") or claim.get("title"))
                    summary["format"] = _text(claim.get("dc:format") or claim.get("format"))
                    summary["instance_id"] = _text(claim.get("instanceID"))
            elif label == "c2pa.assertions":
                for a in part["children"]:
                    if "label" not in a:
                        continue
                    summary["assertions"].append(a["label"][:200])
                    if a["label"].startswith("c2pa.actions"):
                        try:
                            body = _content(a)
                        except ValueError:
                            body = None
                        if isinstance(body, dict) and isinstance(body.get("actions"), list):
                            summary["actions"] = [
                                _text(x.get("action"))
                                for x in body["actions"][:100]
                                if isinstance(x, dict)
                            ]
            elif label == "c2pa.signature":
                summary["signed"] = True
        manifests.append(summary)
    return {
        "present": True,
        "validated": False,
        "manifests": manifests,
        "active_manifest": manifests[-1]["label"] if manifests else None,
    }


def _jpeg_store(data: bytes) -> bytes | None:
    """Reassemble the JUMBF box from JPEG APP11 segments (ISO/IEC 18477-3 / 19566-5 D.2)."""
    if not data.startswith(b"\xff\xd8"):
        return None
    pos = 2
    parts: dict[int, list[tuple[int, bytes]]] = {}
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker in (0xD9, 0xDA):  # end of image / start of scan: metadata is before
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        seg = data[pos + 4 : pos + 2 + length]
        if marker == 0xEB and seg[:2] == b"JP" and len(seg) >= 16:
            instance = int.from_bytes(seg[2:4], "big")
            seq = int.from_bytes(seg[4:8], "big")
            parts.setdefault(instance, []).append((seq, seg[8:]))
        pos += 2 + length
    for segments in parts.values():
        segments.sort()
        first = segments[0][1]
        if first[4:8] != b"jumb":
            continue
        body = first + b"".join(s[8:] for _, s in segments[1:])  # drop repeated box header
        if len(body) > MAX_STORE_BYTES:
            raise ValueError("C2PA manifest store larger than 32 MiB")
        return body
    return None


def _png_store(data: bytes) -> bytes | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"caBX":
            return data[pos + 8 : pos + 8 + length]
        if kind == b"IEND":
            break
        pos += 12 + length
    return None


def read_c2pa(path: Path, *, media_type: str) -> dict[str, Any] | None:
    """The C2PA manifest summary of a JPEG or PNG file, or None when it has none.

    Only the first 64 MiB of the file are read (manifests precede the image data).
    """
    if media_type not in ("image/jpeg", "image/png"):
        return None
    with open(path, "rb") as fh:
        data = fh.read(64 * 1024 * 1024)
    store = _jpeg_store(data) if media_type == "image/jpeg" else _png_store(data)
    if store is None:
        return None
    return parse_manifest_store(store)
