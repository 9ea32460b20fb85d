"""Open an end-of-mandate archive into a new case folder, trusting nothing in it unchecked.

The archive is a court bundle with the case's database, custody log, consent file and
public keys under ``archive/`` (format ``dadkhah-archive/1``, written by
:mod:`dadkhah.web.custody.archives`). Before a byte is written, the whole file is
verified twice, as ``bundle verify`` does (:func:`dadkhah.pipelines.bundle.bundle_check`):
the standalone ``verify.py`` and the core code. Each file is hashed again as it is copied
out, against the manifest, so a file changed after the check is caught too.

What may name a witness (the evidence of a testimony and its copies: a voice, a face)
and, when asked, the case's private keys go in ``archive/sealed.bin``: a zip sealed as
backups are (:mod:`dadkhah.core.backup_crypto`, AES-256-GCM to a passphrase or an X25519
key). ``verify.py`` checks its bytes like any other file; only the key holder opens it.

The new folder is written as ``DIR.partial`` and renamed to ``DIR`` when complete; the
database dump and the custody log go to ``DIR/.restore/`` (0600) for the caller, who
loads the dump into the new database, compares the log and removes the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dadkhah.core.backup_crypto import Header, SealingWriter, read_header, unseal
from dadkhah.core.errors import InputError
from dadkhah.pipelines.bundle import bundle_check

FORMAT = "dadkhah-archive/1"
RESTORE_DIR = ".restore"
SEALED = "archive/sealed.bin"
_SEALED_NAME = re.compile(
    r"evidence/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}|keys/[A-Za-z0-9._-]{1,100}"
)


class ArchiveError(InputError):
    """An archive cannot be written or restored as asked (the message says what to do)."""


@dataclass(frozen=True)
class OpenedArchive:
    """A verified archive: what its manifest and signed head say."""

    path: Path
    manifest: dict[str, Any]
    annex: dict[str, Any]
    root: str  # the signed tree head's root, hex
    tree_size: int
    export_entry: str  # the archive's own custody entry, canonical JSON
    fingerprint: str


@dataclass(frozen=True)
class Unpacked:
    """What was written into the new case folder."""

    root: Path
    items: int  # in the clear and sealed
    private_keys: int  # key files restored from the sealed part
    database: Path  # the dump to load, under .restore/
    custody: Path  # archive/custody.jsonl, under .restore/


def write_sealed(
    dest: Path, *, members: Sequence[tuple[str, Path]], seal: tuple[bytes, bytes]
) -> None:
    """Write ``members`` (``evidence/ab/cd/SHA``, ``keys/NAME``) as a sealed zip to ``dest``.

    Args:
        seal: (header, key) from :func:`~dadkhah.core.backup_crypto.seal_to_passphrase`
            or :func:`~dadkhah.core.backup_crypto.seal_to_recipient`.
    """
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw:
        sealed = SealingWriter(raw, *seal)
        # SealingWriter has no tell(): zipfile streams, with data descriptors.
        with zipfile.ZipFile(sealed, "w", allowZip64=True) as z:
            for name, path in members:
                if not _SEALED_NAME.fullmatch(name):
                    raise ArchiveError(f"{name!r} cannot go in the sealed part of an archive.")
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o100600 << 16
                with open(path, "rb") as src, z.open(info, "w", force_zip64=True) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        sealed.close()
        raw.flush()
        os.fsync(raw.fileno())


def archive_open(path: Path, *, pin: str | None = None) -> OpenedArchive:
    """Verify the archive ``path`` and read its manifest.

    Raises:
        ArchiveError: it does not verify (each problem named), or it is a court bundle
            but no archive.
    """
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"{path}: no such file.")
    problems, facts = bundle_check(path, pin=pin)
    if problems:
        raise ArchiveError(
            f"{path} does not verify, so nothing was restored: " + "; ".join(problems[:10])
        )
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
        proofs = json.loads(z.read("proofs.json"))
    annex = manifest.get("archive")
    if not isinstance(annex, dict) or annex.get("format") != FORMAT:
        raise ArchiveError(
            f"{path} is a court bundle but not a case archive (no {FORMAT} in its manifest); "
            "only `dadkhah archive` makes archives that restore into a case."
        )
    export = next(e["entry"] for e in proofs["entries"] if e["seq"] == proofs["export_seq"])
    return OpenedArchive(
        path=path,
        manifest=manifest,
        annex=annex,
        root=str(facts["root"]),
        tree_size=int(str(facts["tree_size"])),
        export_entry=str(export),
        fingerprint=str(facts["fingerprint"]),
    )


def _copy(
    z: zipfile.ZipFile,
    name: str,
    sha256: str,
    dest: Path,
    mode: int,
    progress: Callable[[int], None] | None,
) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with z.open(name) as src, os.fdopen(fd, "wb") as dst:
        while chunk := src.read(1 << 20):
            h.update(chunk)
            dst.write(chunk)
            if progress is not None:
                progress(len(chunk))
        dst.flush()
        os.fsync(dst.fileno())
    if h.hexdigest() != sha256:
        raise ArchiveError(
            f"{name}: its bytes changed after the archive was verified (SHA-256 "
            f"{h.hexdigest()}, the manifest says {sha256}); restore from a copy nobody writes to."
        )
    os.chmod(dest, mode)


def _unseal_into(
    z: zipfile.ZipFile,
    opened: OpenedArchive,
    partial: Path,
    unlock: Callable[[Header], bytes] | None,
) -> int:
    """Open ``archive/sealed.bin`` into the new folder; return how many keys it held."""
    where = f"{opened.path}:{SEALED}"
    if unlock is None:
        raise ArchiveError(
            f"{opened.path} holds sealed testimony evidence or keys ({SEALED}); give the "
            "passphrase it was sealed with, or --identity for the key it was sealed to."
        )
    expected = {f"evidence/{s[:2]}/{s[2:4]}/{s}" for s in opened.annex.get("sealed_items", [])}
    found: set[str] = set()
    keys = 0
    with tempfile.TemporaryDirectory(prefix="dadkhah-unseal-") as tmp:
        plain = Path(tmp) / "sealed.zip"
        with z.open(SEALED) as fh:
            header = read_header(fh, where=where)  # type: ignore[arg-type]
            key = unlock(header)
            fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                unseal(fh, header, key, out, where=where)  # type: ignore[arg-type]
        with zipfile.ZipFile(plain) as inner:
            for info in inner.infolist():
                name = info.filename
                if not _SEALED_NAME.fullmatch(name) or name in found:
                    raise ArchiveError(f"{where}: member {name[:200]!r} does not belong there.")
                found.add(name)
                if name.startswith("evidence/"):
                    if name not in expected:
                        raise ArchiveError(f"{where}: {name} is not an item the manifest seals.")
                    _copy(inner, name, name.rsplit("/", 1)[1], partial / name, 0o444, None)
                else:
                    dest = partial / name
                    with inner.open(info) as src, open(dest, "xb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                    os.chmod(dest, 0o600)
                    keys += 1
    missing = sorted(expected - found)
    if missing:
        raise ArchiveError(f"{where}: the sealed items {missing[:3]} are missing.")
    return keys


def archive_unpack(
    opened: OpenedArchive,
    target: Path,
    *,
    unlock: Callable[[Header], bytes] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Unpacked:
    """Write the verified archive into the new case folder ``target``.

    Args:
        unlock: Given the sealed part's header, returns its file key (from a passphrase
            or an identity, :mod:`dadkhah.core.backup_crypto`); needed when the archive
            has a sealed part.

    Raises:
        ArchiveError: ``target`` exists and is not empty, ``target.partial`` exists, a
            file changed after verification, or a sealed part and no ``unlock``
            (nothing is left behind).
        SealError: A wrong passphrase or identity.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ArchiveError(f"{target} exists and is not empty; restore into a new folder.")
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        raise ArchiveError(f"{partial} exists (an earlier restore stopped?); remove it.")
    annex = opened.annex
    files = {f["path"]: f["sha256"] for f in opened.manifest["files"]}
    keys = [k for k in annex.get("keys", []) if isinstance(k, str)]
    plan: list[tuple[str, Path, int]] = [
        (str(annex["case"]), partial / "case.toml", 0o600),
        (str(annex["database"]), partial / RESTORE_DIR / "database.json", 0o600),
        (str(annex["custody"]), partial / RESTORE_DIR / "custody.jsonl", 0o600),
        *((k, partial / "keys" / k.rsplit("/", 1)[1], 0o644) for k in keys),
    ]
    items = [str(i["sha256"]) for i in opened.manifest["items"]]
    for sha in items:
        plan.append((f"items/{sha}", partial / "evidence" / sha[:2] / sha[2:4] / sha, 0o444))
    try:
        partial.mkdir(parents=True)
        for sub in ("keys", RESTORE_DIR):
            (partial / sub).mkdir(mode=0o700)
        (partial / "evidence").mkdir()
        with zipfile.ZipFile(opened.path) as z:
            for name, dest, mode in plan:
                if name not in files:
                    raise ArchiveError(f"{name}: named by the archive but not in its manifest.")
                _copy(z, name, files[name], dest, mode, progress)
            private = _unseal_into(z, opened, partial, unlock) if SEALED in files else 0
        if target.exists():
            target.rmdir()
        os.replace(partial, target)
    finally:
        if partial.exists():
            shutil.rmtree(partial)
    return Unpacked(
        root=target,
        items=len(items) + len(opened.annex.get("sealed_items", [])),
        private_keys=private,
        database=target / RESTORE_DIR / "database.json",
        custody=target / RESTORE_DIR / "custody.jsonl",
    )
