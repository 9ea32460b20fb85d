"""The evidence store: content addressing, write-once, hostile files; media types and metadata."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import wave
from pathlib import Path

import pytest

from dadkhah.core.c2pa import cbor_decode, parse_manifest_store, read_c2pa
from dadkhah.core.evidence_metadata import extract_metadata, sniff_media_type
from dadkhah.core.evidence_store import (
    EvidenceError,
    EvidenceStore,
    StoreLimits,
    hash_file,
)


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence")


def test_file_is_stored_under_its_sha256_read_only(store: EvidenceStore, tmp_path: Path) -> None:
    src = tmp_path / "photo.jpg"
    src.write_bytes(b"hello evidence")
    obj = store.put_file(src)
    sha = hashlib.sha256(b"hello evidence").hexdigest()
    assert obj.sha256 == sha and obj.size == 14 and not obj.existed
    assert obj.path == store.root / sha[:2] / sha[2:4] / sha
    assert obj.path.read_bytes() == b"hello evidence"
    assert stat.S_IMODE(obj.path.stat().st_mode) == 0o444
    assert store.rehash(sha) is None
    assert list(store.iter_hashes()) == [sha]


def test_duplicate_is_recognised_by_its_hash(store: EvidenceStore, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"same")
    (tmp_path / "b.pdf").write_bytes(b"same")
    first = store.put_file(tmp_path / "a.txt")
    second = store.put_file(tmp_path / "b.pdf")
    assert second.existed and second.sha256 == first.sha256
    assert not list((store.root / ".tmp").iterdir())


def test_changed_object_is_reported_by_rehash(store: EvidenceStore) -> None:
    obj = store.put_bytes(b"original")
    os.chmod(obj.path, 0o644)
    obj.path.write_bytes(b"tampered")
    assert "content changed" in store.rehash(obj.sha256)


def test_writable_object_is_reported(store: EvidenceStore) -> None:
    obj = store.put_bytes(b"original")
    os.chmod(obj.path, 0o644)
    assert "read-only" in store.rehash(obj.sha256)


def test_missing_object_is_reported(store: EvidenceStore) -> None:
    obj = store.put_bytes(b"x")
    os.chmod(obj.path.parent, 0o755)
    obj.path.unlink()
    assert store.rehash(obj.sha256) == "missing from the evidence store"


def test_symlink_is_refused(store: EvidenceStore, tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"x")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(EvidenceError, match="symbolic link"):
        store.put_file(tmp_path / "link")


def test_fifo_is_refused_without_blocking(store: EvidenceStore, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(EvidenceError, match="not a regular file"):
        store.put_file(tmp_path / "fifo")


def test_file_over_the_size_limit_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "ev", limits=StoreLimits(max_file_bytes=10))
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(EvidenceError, match="limit"):
        store.put_file(tmp_path / "big")
    assert list(store.iter_hashes()) == []
    assert not list((store.root / ".tmp").iterdir())


def test_partial_writes_are_cleared(store: EvidenceStore) -> None:
    (store.root / ".tmp").mkdir(parents=True)
    (store.root / ".tmp" / "dead.part").write_bytes(b"half")
    assert store.clear_partial() == 1


def test_hash_file_matches_hashlib_across_chunk_boundaries(tmp_path: Path) -> None:
    data = os.urandom((1 << 20) * 2 + 17)
    (tmp_path / "f").write_bytes(data)
    assert hash_file(tmp_path / "f") == (hashlib.sha256(data).hexdigest(), len(data))


@pytest.mark.parametrize("bad", ["", "ABC", "g" * 64, "A" * 64, "../" + "a" * 61])
def test_bad_hash_names_are_refused(store: EvidenceStore, bad: str) -> None:
    with pytest.raises(EvidenceError):
        store.path_for(bad)


# --- media types --------------------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    "head, name, media_type, agrees",
    [
        (b"%PDF-1.7\n", "report.pdf", "application/pdf", True),
        (b"%PDF-1.7\n", "holiday.jpg", "application/pdf", False),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "x.jpg", "image/jpeg", True),
        (b"name,date\nA,1367\nB,1368\n", "list.csv", "text/csv", True),
        ('{"a": "\u0645\u062d\u0645\u062f"}'.encode(), "x.json", "application/json", True),
        (
            "\u0641\u0647\u0631\u0633\u062a \u0627\u0639\u062f\u0627\u0645".encode(),
            None,
            "text/plain",
            None,
        ),
        (b"\x00\x01\x02\x03garbage", "x.docx", "application/octet-stream", False),
        (b"", "empty.txt", "application/x-empty", False),
    ],
)
def test_media_type_comes_from_content_not_extension(head, name, media_type, agrees) -> None:
    got = sniff_media_type(head, name=name)
    assert got["media_type"] == media_type
    assert got["extension_agrees"] is agrees


def test_png_is_detected_by_signature() -> None:
    assert sniff_media_type(_png(), name="a.txt")["media_type"] == "image/png"


# --- metadata -----------------------------------------------------------------------------


def test_jpeg_exif_and_gps_are_extracted(tmp_path: Path) -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "FictionalCam"  # Make
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 24.0), 3: "E", 4: (51.0, 23.0, 24.0)}
    path = tmp_path / "p.jpg"
    Image.new("RGB", (8, 6), "blue").save(path, "JPEG", exif=exif)
    before = path.read_bytes()
    meta = extract_metadata(path, media_type="image/jpeg")
    assert meta["errors"] == []
    assert meta["image"]["width"] == 8 and meta["image"]["exif"]["Make"] == "FictionalCam"
    assert meta["image"]["gps"] == {"latitude": 35.69, "longitude": 51.39}
    assert path.read_bytes() == before  # never written into


def test_pdf_metadata_is_extracted(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(100, 100)
    w.add_blank_page(100, 100)
    w.add_metadata({"/Title": "Fictional report", "/Author": "Demo author"})
    path = tmp_path / "r.pdf"
    with open(path, "wb") as fh:
        w.write(fh)
    meta = extract_metadata(path, media_type="application/pdf")
    assert meta["pdf"]["pages"] == 2
    assert meta["pdf"]["info"]["Title"] == "Fictional report"


def test_audio_duration_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "t.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 8000 * 2)
    meta = extract_metadata(path, media_type="audio/x-wav")
    assert meta["media"]["duration_s"] == pytest.approx(2.0)
    assert meta["media"]["sample_rate"] == 8000


@pytest.mark.parametrize(
    "media_type, data, extractor",
    [
        ("image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image"),
        ("image/png", b"\x89PNG\r\n\x1a\n" + b"\xff" * 40, "image"),
        ("application/pdf", b"%PDF-1.4\n1 0 obj << /Pages 99 0 R >>\n%%EOF", "pdf"),
        ("audio/mpeg", b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f", "media"),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42" + b"\xff" * 64, "media"),
    ],
)
def test_hostile_files_give_errors_not_crashes(
    tmp_path: Path, media_type: str, data: bytes, extractor: str
) -> None:
    path = tmp_path / "hostile"
    path.write_bytes(data)
    meta = extract_metadata(path, media_type=media_type)
    # One error naming the extractor that refused the file, with a reason, and no
    # half-read metadata under that extractor's key.
    assert len(meta["errors"]) == 1
    kind, exc_name, detail = meta["errors"][0].split(": ", 2)
    assert kind == extractor
    assert exc_name.isidentifier()
    assert detail.strip()
    assert extractor not in meta


def test_decompression_bomb_is_not_decoded(tmp_path: Path) -> None:
    # A PNG claiming 100000 x 100000 pixels: refused before any pixel is decoded.
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )
    path = tmp_path / "bomb.png"
    path.write_bytes(png)
    meta = extract_metadata(path, media_type="image/png")
    assert "image" not in meta
    assert any("DecompressionBomb" in e for e in meta["errors"])


# --- C2PA ---------------------------------------------------------------------------------


def _cbor(value) -> bytes:
    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        if n < 256:
            return bytes([major << 5 | 24, n])
        return bytes([major << 5 | 25]) + n.to_bytes(2, "big")

    if isinstance(value, str):
        b = value.encode()
        return head(3, len(b)) + b
    if isinstance(value, int):
        return head(0, value)
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(_cbor(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor(k) + _cbor(v) for k, v in value.items())
    raise TypeError(value)


def _box(kind: bytes, payload: bytes) -> bytes:
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def _superbox(label: str, *children: bytes) -> bytes:
    jumd = b"\x00" * 16 + b"\x03" + label.encode() + b"\x00"
    return _box(b"jumb", _box(b"jumd", jumd) + b"".join(children))


def _manifest_store() -> bytes:
    claim = {
        "claim_generator": "FictionalCamera/1.0",
        "dc:title": "scene.jpg",
        "dc:format": "image/jpeg",
        "instanceID": "xmp:iid:fictional",
    }
    actions = {"actions": [{"action": "c2pa.created"}, {"action": "c2pa.edited"}]}
    manifest = _superbox(
        "urn:uuid:00000000-0000-4000-8000-000000000001",
        _superbox("c2pa.assertions", _superbox("c2pa.actions", _box(b"cbor", _cbor(actions)))),
        _superbox("c2pa.claim", _box(b"cbor", _cbor(claim))),
        _superbox("c2pa.signature", _box(b"cbor", _cbor([1, 2]))),
    )
    return _superbox("c2pa", manifest)


def _jpeg_with_store(store: bytes, chunk: int = 100) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buf, "JPEG")
    jpeg = buf.getvalue()
    segments = []
    header, body = store[:8], store[8:]
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)]
    for seq, piece in enumerate(pieces, start=1):
        payload = b"JP" + (1).to_bytes(2, "big") + seq.to_bytes(4, "big") + header + piece
        segments.append(b"\xff\xeb" + (len(payload) + 2).to_bytes(2, "big") + payload)
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def test_c2pa_manifest_in_jpeg_app11_segments_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jpg"
    path.write_bytes(_jpeg_with_store(_manifest_store()))
    got = read_c2pa(path, media_type="image/jpeg")
    assert got is not None and got["validated"] is False
    m = got["manifests"][0]
    assert m["claim_generator"] == "FictionalCamera/1.0"
    assert m["title"] == "scene.jpg" and m["signed"] is True
    assert m["assertions"] == ["c2pa.actions"]
    assert m["actions"] == ["c2pa.created", "c2pa.edited"]
    meta = extract_metadata(path, media_type="image/jpeg")
    assert meta["c2pa"]["active_manifest"].startswith("urn:uuid:")


def test_c2pa_manifest_in_png_cabx_chunk_is_read(tmp_path: Path) -> None:
    import zlib

    png = _png()
    store = _manifest_store()
    chunk = (
        struct.pack(">I", len(store))
        + b"caBX"
        + store
        + struct.pack(">I", zlib.crc32(b"caBX" + store))
    )
    path = tmp_path / "c.png"
    path.write_bytes(png[:33] + chunk + png[33:])
    got = read_c2pa(path, media_type="image/png")
    assert got["manifests"][0]["format"] == "image/jpeg"


def test_image_without_c2pa_has_none(tmp_path: Path) -> None:
    path = tmp_path / "plain.png"
    path.write_bytes(_png())
    assert read_c2pa(path, media_type="image/png") is None


@pytest.mark.parametrize("cut", [5, 20, 60])
def test_truncated_manifest_store_is_an_error(cut: int) -> None:
    with pytest.raises(ValueError):
        parse_manifest_store(_manifest_store()[:-cut])


def test_cbor_decoder_reads_nested_values() -> None:
    assert cbor_decode(_cbor({"a": [1, 2, {"b": "c"}], "n": 300})) == {
        "a": [1, 2, {"b": "c"}],
        "n": 300,
    }
    with pytest.raises(ValueError):
        cbor_decode(b"\x9b" + b"\xff" * 8)  # absurd array length
