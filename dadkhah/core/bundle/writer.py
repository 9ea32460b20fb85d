"""Write court bundles: one deterministic zip that ``verify.py`` (inside it) checks byte for byte.

Contents (format ``dadkhah-bundle/1``, specified in docs/methodology/custody.md)::

    README.html          the human-readable manifest, rendered from the verified data
    verify.py            the standalone verifier (Python standard library only)
    key.pub              the case's signed-note verifier key
    manifest.json        case, selection, items and the SHA-256 of every file below
    proofs.json          the signed tree head and each custody entry with its inclusion proof
    metadata/<sha>.json  extracted metadata of each item
    items/<sha>          each original, byte for byte

Export is two steps because the log must sign what leaves: :func:`plan_bundle` fixes the
files and the manifest (whose hash goes into the export custody entry); after the entry
is appended and a tree head signed, :func:`write_bundle` writes the zip with the proofs.
The zip is written in the one layout ``verify.py`` accepts: stored (no compression, so
no decompression bombs either), fixed times and attributes, no extra fields, no comment.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dadkhah.core.bundle import verify as standalone
from dadkhah.core.custody.canonical import canonical_dumps
from dadkhah.core.errors import InputError

FORMAT = standalone.FORMAT
MAX_ZIP_BYTES = 0xFFFFFFFF - (1 << 20)  # classic zip offsets are 32-bit; no zip64 here
MAX_MEMBERS = 0xFFFF
VERIFY_SOURCE = Path(standalone.__file__)


class BundleError(InputError):
    """A bundle cannot be written as asked."""


@dataclass(frozen=True)
class BundleItem:
    """An item to export."""

    sha256: str
    size: int
    media_type: str
    original_name: str
    source: Path
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BundleEntry:
    """A custody entry to include, with its inclusion proof in the signed tree."""

    seq: int
    data: bytes
    proof: Sequence[bytes]


@dataclass(frozen=True)
class BundlePlan:
    """Everything but the proofs: files in order and the manifest that names them."""

    manifest: bytes
    manifest_sha256: str
    members: list[tuple[str, bytes | Path, int, str]]  # (name, bytes or file, size, sha256)
    items: list[BundleItem]
    manifest_obj: dict[str, Any]


def _json_bytes(value: Any) -> bytes:
    # Metadata may hold floats (GPS); they are hashed, not re-canonicalized, so plain
    # sorted JSON is enough there. Custody data uses RFC 8785 (canonical_dumps).
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def plan_bundle(
    *,
    case_name: str,
    synthetic: bool,
    created: str,
    exported_by: str,
    query: str,
    verifier_key: str,
    items: Sequence[BundleItem],
    extra: Sequence[tuple[str, Path]] = (),
    annex: Mapping[str, Any] | None = None,
) -> BundlePlan:
    """Fix the files of a bundle and its manifest.

    Args:
        case_name: Shown in the page.
        synthetic: Whether the case is the synthetic demo (the page says so).
        created: Export time (RFC 3339 UTC).
        exported_by: Who exports.
        query: The item selection as the user gave it.
        verifier_key: The case's signed-note verifier key string.
        items: The items, each with its stored file.
        extra: More files, as (name in the zip, file): listed in the manifest with their
            SHA-256 like every other file, so ``verify.py`` checks them unchanged (the
            end-of-mandate archive puts the database and the custody log there).
        annex: Added to the manifest under ``"archive"`` (canonical JSON: no floats).

    Raises:
        BundleError: Too many files, or too large for a classic zip.
    """
    if not items and not extra:
        raise BundleError("the selection has no items; nothing to export.")
    script = VERIFY_SOURCE.read_bytes()
    key = (verifier_key.strip() + "\n").encode("utf-8")
    members: list[tuple[str, bytes | Path, int, str]] = [
        ("verify.py", script, len(script), hashlib.sha256(script).hexdigest()),
        ("key.pub", key, len(key), hashlib.sha256(key).hexdigest()),
    ]
    for name, path in extra:
        if not name.startswith("archive/") or not standalone._valid_name(name):
            raise BundleError(f"{name!r}: extra files of a bundle go under archive/.")
        size, sha = _file_digest(path)
        members.append((name, path, size, sha))
    listed: list[dict[str, Any]] = []
    for item in sorted(items, key=lambda i: i.sha256):
        meta = _json_bytes(dict(item.metadata))
        members.append(
            (
                f"metadata/{item.sha256}.json",
                meta,
                len(meta),
                hashlib.sha256(meta).hexdigest(),
            )
        )
        listed.append(
            {
                "sha256": item.sha256,
                "size": item.size,
                "media_type": item.media_type,
                "original_name": item.original_name,
                "metadata": f"metadata/{item.sha256}.json",
            }
        )
    for item in sorted(items, key=lambda i: i.sha256):
        members.append((f"items/{item.sha256}", item.source, item.size, item.sha256))
    manifest_obj: dict[str, Any] = {
        "format": FORMAT,
        "case": case_name,
        "synthetic": synthetic,
        "created": created,
        "exported_by": exported_by,
        "query": query,
        "key": verifier_key.strip(),
        "items": listed,
        "files": [{"path": n, "sha256": h, "size": s} for n, _, s, h in members],
    }
    if annex is not None:
        manifest_obj["archive"] = dict(annex)
    manifest = canonical_dumps(manifest_obj)
    if len(members) + 3 > MAX_MEMBERS:
        raise BundleError(
            f"{len(members)} files are more than a bundle holds ({MAX_MEMBERS}); "
            "export fewer items at a time with --items."
        )
    total = sum(s for _, _, s, _ in members) + len(manifest)
    if total > MAX_ZIP_BYTES:
        raise BundleError(
            f"the selection is {total} bytes; a bundle holds at most {MAX_ZIP_BYTES}. "
            "Export fewer items at a time with --items."
        )
    return BundlePlan(
        manifest=manifest,
        manifest_sha256=hashlib.sha256(manifest).hexdigest(),
        members=members,
        items=list(items),
        manifest_obj=manifest_obj,
    )


def proofs_document(
    *, checkpoint: str, tree_size: int, export_seq: int, entries: Sequence[BundleEntry]
) -> dict[str, Any]:
    """The proofs.json object."""
    return {
        "format": FORMAT,
        "checkpoint": checkpoint,
        "tree_size": tree_size,
        "export_seq": export_seq,
        "entries": [
            {"seq": e.seq, "entry": e.data.decode("utf-8"), "proof": [p.hex() for p in e.proof]}
            for e in sorted(entries, key=lambda e: e.seq)
        ],
    }


def write_bundle(
    out: Path,
    plan: BundlePlan,
    *,
    checkpoint: str,
    tree_size: int,
    export_seq: int,
    entries: Sequence[BundleEntry],
    fingerprint: str,
    progress: Callable[[int], None] | None = None,
    mode: int = 0o644,
) -> Path:
    """Write the zip to ``out`` (atomically: a partial file is renamed when complete).

    ``mode`` is the file's from its creation (0600 for an archive, which holds the
    whole database; the umask may narrow it further).

    Raises:
        BundleError: An item's stored bytes no longer hash to its name.
    """
    proofs_obj = proofs_document(
        checkpoint=checkpoint, tree_size=tree_size, export_seq=export_seq, entries=entries
    )
    proofs = canonical_dumps(proofs_obj)
    page = standalone.render_readme(plan.manifest_obj, proofs_obj, fingerprint)
    members: list[tuple[str, bytes | Path, int, str]] = [
        ("README.html", page, len(page), ""),
        ("manifest.json", plan.manifest, len(plan.manifest), ""),
        ("proofs.json", proofs, len(proofs), ""),
        *plan.members,
    ]
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    layout: list[tuple[str, int, int]] = []
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "wb") as fh:
            for name, content, size, sha in members:
                start = fh.tell()
                raw = name.encode("utf-8")
                fh.write(b"\0" * (standalone.LOCAL.size + len(raw)))
                crc, digest = _write_content(fh, content, progress)
                written = fh.tell() - start - standalone.LOCAL.size - len(raw)
                if written != size:
                    raise BundleError(
                        f"{name}: is {written} bytes, not the {size} recorded; the evidence "
                        "store is damaged. Run `dadkhah verify` before exporting."
                    )
                if sha and digest != sha:
                    raise BundleError(
                        f"{name}: its bytes hash to {digest}, not {sha}; the evidence store "
                        "is damaged. Run `dadkhah verify` before exporting."
                    )
                end = fh.tell()
                fh.seek(start)
                fh.write(standalone.zip_layout([(name, size, crc)])[0][0])
                fh.seek(end)
                layout.append((name, size, crc))
            fh.write(standalone.zip_layout(layout)[1])
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, out)
    finally:
        if partial.exists():
            partial.unlink()
    return out


def verifier_sha256() -> str:
    """The SHA-256 of the ``verify.py`` every bundle carries (docs/cli.md publishes it)."""
    return hashlib.sha256(VERIFY_SOURCE.read_bytes()).hexdigest()


def write_verifier(folder: Path) -> tuple[Path, str]:
    """Write ``verify.py`` into ``folder`` beside a bundle; return its path and SHA-256.

    A court can check the verifier itself, apart from the zip, against the published
    hash before running it. Written to a temporary name and renamed (never half a file);
    an older verify.py there is replaced.
    """
    script = VERIFY_SOURCE.read_bytes()
    out = Path(folder) / "verify.py"
    partial = out.with_name(f".verify.py.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as fh:
            fh.write(script)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, out)
    finally:
        if partial.exists():
            partial.unlink()
    return out, hashlib.sha256(script).hexdigest()


def _file_digest(path: Path) -> tuple[int, str]:
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def _write_content(
    fh: Any, content: bytes | Path, progress: Callable[[int], None] | None
) -> tuple[int, str]:
    sha = hashlib.sha256()
    if isinstance(content, bytes):
        fh.write(content)
        sha.update(content)
        return zlib.crc32(content), sha.hexdigest()
    crc = 0
    with open(content, "rb") as src:
        while chunk := src.read(1 << 20):
            fh.write(chunk)
            sha.update(chunk)
            crc = zlib.crc32(chunk, crc)
            if progress is not None:
                progress(len(chunk))
    return crc, sha.hexdigest()
