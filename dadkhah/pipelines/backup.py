"""Back up a case folder to one sealed zip and restore it, treating the archive as hostile.

A backup is a zip sealed with AES-256-GCM to a passphrase or to a recipient's X25519
key (:mod:`dadkhah.core.backup_crypto`), written with mode 0600: whoever copies the
file learns nothing without the key, and an altered or cut-short file is refused before
a byte of it is restored. The zip inside (format ``dadkhah-backup/1``)::

    case.toml
    keys/*.pub                 public keys, always
    keys/…                     private keys (signing, vault, web secret): only with
                               ``include_keys``, restored with mode 0600
    evidence/ab/cd/<sha256>    every original (stored, not compressed)
    case.sqlite3               a consistent SQLite snapshot, or
    database.json              a Django dump (PostgreSQL deployments)
    dadkhah-backup.json        format, the signed head at backup time, SHA-256 of each file

Restore opens the seal first (a wrong passphrase or identity, and any altered chunk,
stop it with a message), into a 0600 file beside the target that is removed afterwards.
It then checks every name (no absolute paths, no "..", only the members above), the
member count, the total size and each member's compression ratio (zip bombs) before it
writes anything; it writes into ``DIR.partial`` and renames it to ``DIR`` when every file
has matched its hash. The caller then verifies the restored case and compares its head
with the one recorded at backup time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dadkhah.core.backup_crypto import Header, SealingWriter, is_sealed, read_header, unseal
from dadkhah.core.errors import InputError

FORMAT = "dadkhah-backup/1"
MANIFEST = "dadkhah-backup.json"
MAX_MEMBERS = 2_000_000
MAX_TOTAL_BYTES = 4 * 1024**4  # 4 TiB
MAX_RATIO = 200  # uncompressed / compressed, for deflated members
_NAME = re.compile(
    r"(case\.toml|case\.sqlite3|database\.json|keys/[A-Za-z0-9._-]{1,100}"
    r"|evidence/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64})"
)


class BackupError(InputError):
    """A backup cannot be written or restored (the message says what to do)."""


@dataclass(frozen=True)
class BackupHead:
    """The signed tree head recorded in a backup."""

    size: int
    root: str
    note: str


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def write_backup(
    out: Path,
    *,
    case_root: Path,
    database: tuple[str, Path],
    head: BackupHead | None,
    case_name: str,
    created: str,
    seal: tuple[bytes, bytes],
    include_keys: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the sealed backup; return the number of files in it.

    Args:
        out: The file to create (must not exist); written with mode 0600.
        case_root: The case folder.
        database: ("case.sqlite3" or "database.json", path of the snapshot made).
        head: The last signed head in the snapshot.
        case_name: For the manifest.
        created: Time of the backup (RFC 3339 UTC).
        seal: (header, key) from :func:`~dadkhah.core.backup_crypto.seal_to_passphrase` or
            :func:`~dadkhah.core.backup_crypto.seal_to_recipient`.
        include_keys: Put the private keys of keys/ in the backup too (public keys
            ``*.pub`` always go in: ``verify`` needs them).
        progress: Called with bytes written.
    """
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} exists already; choose a new file name.")
    members: list[tuple[str, Path, int]] = [
        ("case.toml", case_root / "case.toml", zipfile.ZIP_DEFLATED),
        (database[0], database[1], zipfile.ZIP_DEFLATED),
    ]
    for p in sorted((case_root / "keys").iterdir()):
        if p.is_file() and not p.is_symlink() and (include_keys or p.suffix == ".pub"):
            members.append((f"keys/{p.name}", p, zipfile.ZIP_DEFLATED))
    evidence = case_root / "evidence"
    for p in sorted(evidence.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*")):
        name = f"evidence/{p.relative_to(evidence).as_posix()}"
        if _NAME.fullmatch(name) and p.is_file() and not p.is_symlink():
            members.append((name, p, zipfile.ZIP_STORED))
    partial = out.with_name(out.name + ".partial")
    try:
        # O_EXCL and mode 0600 from the start: the file is never readable by others,
        # not even for the moment between create and chmod (the umask cannot widen it).
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise BackupError(f"{partial} exists (an earlier backup stopped?); remove it.") from exc
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as raw:
            sealed = SealingWriter(raw, *seal)
            # SealingWriter has no tell(): zipfile streams, with data descriptors.
            with zipfile.ZipFile(sealed, "w", allowZip64=True) as z:
                files = [
                    _add_member(z, name, path, method, progress) for name, path, method in members
                ]
                manifest = {
                    "format": FORMAT,
                    "case": case_name,
                    "created": created,
                    "database": database[0],
                    "private_keys": include_keys,
                    "head": None
                    if head is None
                    else {"size": head.size, "root": head.root, "note": head.note},
                    "files": files,
                }
                z.writestr(
                    _info(MANIFEST, zipfile.ZIP_DEFLATED),
                    json.dumps(manifest, ensure_ascii=False, indent=1),
                )
            sealed.close()
            os.fsync(raw.fileno())
        os.replace(partial, out)
    finally:
        if partial.exists():
            partial.unlink()
    return len(files)


def _add_member(
    z: zipfile.ZipFile,
    name: str,
    path: Path,
    method: int,
    progress: Callable[[int], None] | None,
) -> dict[str, Any]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as src, z.open(_info(name, method), "w", force_zip64=True) as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
            h.update(chunk)
            size += len(chunk)
            if progress is not None:
                progress(len(chunk))
    return {"path": name, "sha256": h.hexdigest(), "size": size}


def _info(name: str, method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = method
    info.external_attr = 0o100600 << 16
    return info


@dataclass(frozen=True)
class Restored:
    """What a restore wrote."""

    root: Path
    database: str
    head: BackupHead | None
    files: int
    private_keys: bool


def _check_members(infos: Iterable[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    out: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if len(out) >= MAX_MEMBERS:
            raise BackupError(
                f"the archive has more than {MAX_MEMBERS} members; it is not a dadkhah backup."
            )
        if name != MANIFEST and not _NAME.fullmatch(name):
            raise BackupError(
                f"archive member {name[:200]!r} is not part of a dadkhah backup; refusing to restore."
            )
        if name in out:
            raise BackupError(f"archive member {name!r} appears twice; refusing to restore.")
        mode = info.external_attr >> 16
        if mode and (mode & 0o170000) not in (0, 0o100000):
            raise BackupError(
                f"archive member {name!r} is not a regular file; refusing to restore."
            )
        if info.flag_bits & 0x1:
            raise BackupError(f"archive member {name!r} is encrypted; refusing to restore.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BackupError(f"archive member {name!r} uses an unexpected compression method.")
        if info.compress_type == zipfile.ZIP_DEFLATED and info.file_size > MAX_RATIO * max(
            info.compress_size, 1024
        ):
            raise BackupError(
                f"archive member {name!r} expands more than {MAX_RATIO}x (a zip bomb?); refusing."
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BackupError(
                f"the archive expands to more than {MAX_TOTAL_BYTES} bytes; refusing to restore."
            )
        out[name] = info
    return out


def restore_backup(
    archive: Path,
    target: Path,
    *,
    unlock: Callable[[Header], bytes],
    allow_unsealed: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Restored:
    """Open a sealed backup and restore it into the new folder ``target``.

    Args:
        archive: The sealed backup.
        target: A folder that does not exist or is empty.
        unlock: Given the seal's header, returns the file key (from a passphrase or an
            identity, :mod:`dadkhah.core.backup_crypto`); raises SealError when wrong.
        allow_unsealed: Accept a plain zip, as dadkhah wrote before backups were sealed.
            Nothing then proves the zip is the one that was written.
        progress: Called with bytes restored.

    Raises:
        BackupError: ``target`` is not empty, or the archive is damaged, hostile or incomplete.
        SealError: Wrong passphrase or identity, or the sealed file was altered.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not empty; restore into a new folder.")
    where = str(archive)
    try:
        with open(archive, "rb") as fh:
            if not is_sealed(fh.read(8)):
                if not allow_unsealed:
                    raise BackupError(
                        f"{archive}: not a sealed backup. A plain zip made by an older dadkhah is "
                        "restored only with --allow-unsealed (nothing proves it was not altered)."
                    )
                return _restore_zip(Path(archive), target, progress)
            fh.seek(0)
            header = read_header(fh, where=where)
            key = unlock(header)
            # The opened zip goes beside the target, 0600, and is removed in any case.
            plain = target.with_name(f".{target.name}.{os.getpid()}.restore.zip")
            fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                with os.fdopen(fd, "wb") as out:
                    unseal(fh, header, key, out, where=where)
                return _restore_zip(plain, target, progress)
            finally:
                plain.unlink(missing_ok=True)
    except OSError as exc:
        raise BackupError(f"{archive}: cannot be read ({exc.strerror}).") from exc


def _restore_zip(archive: Path, target: Path, progress: Callable[[int], None] | None) -> Restored:
    try:
        z = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{archive}: not a readable zip ({exc}).") from exc
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    with z:
        infos = _check_members(z.infolist())
        if MANIFEST not in infos:
            raise BackupError(f"{archive}: no {MANIFEST}; it is not a dadkhah backup.")
        if infos[MANIFEST].file_size > 512 * 1024 * 1024:
            raise BackupError(f"{archive}: {MANIFEST} is implausibly large.")
        try:
            manifest: dict[str, Any] = json.loads(z.read(MANIFEST))
        except ValueError as exc:
            raise BackupError(f"{archive}: {MANIFEST} is not JSON ({exc}).") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive}: format {manifest.get('format')!r} is not {FORMAT}.")
        listed = {f["path"]: f for f in manifest.get("files", [])}
        if set(listed) != set(infos) - {MANIFEST}:
            missing = sorted(set(listed) - set(infos))[:3]
            extra = sorted(set(infos) - set(listed) - {MANIFEST})[:3]
            raise BackupError(
                f"{archive}: members and manifest differ (missing {missing}, unlisted {extra})."
            )
        try:
            for name, f in listed.items():
                dest = partial / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                h = hashlib.sha256()
                size = 0
                with z.open(infos[name]) as src, open(dest, "xb") as dst:
                    while chunk := src.read(1 << 20):
                        size += len(chunk)
                        if size > f["size"]:
                            raise BackupError(f"{name}: larger than the manifest says.")
                        h.update(chunk)
                        dst.write(chunk)
                        if progress is not None:
                            progress(len(chunk))
                if h.hexdigest() != f["sha256"] or size != f["size"]:
                    raise BackupError(
                        f"{name}: its bytes do not match the backup manifest (damaged archive)."
                    )
                if name.startswith("evidence/") and h.hexdigest() != name.rsplit("/", 1)[1]:
                    raise BackupError(f"{name}: does not hash to its name (damaged archive).")
                if name.startswith("evidence/"):
                    os.chmod(dest, 0o444)
                else:  # keys, the database and case.toml: the owner's alone
                    os.chmod(dest, 0o600)
            for sub in ("evidence", "keys"):
                (partial / sub).mkdir(exist_ok=True)
            os.chmod(partial / "keys", 0o700)
            if not (partial / "case.toml").exists():
                raise BackupError(f"{archive}: no case.toml; it is not a case backup.")
            if target.exists():
                target.rmdir()
            os.replace(partial, target)
        finally:
            if partial.exists():
                shutil.rmtree(partial)
    rec = manifest.get("head")
    head = (
        None
        if rec is None
        else BackupHead(size=int(rec["size"]), root=str(rec["root"]), note=str(rec["note"]))
    )
    return Restored(
        root=target,
        database=str(manifest.get("database")),
        head=head,
        files=len(listed),
        # Backups made before sealing always held every key.
        private_keys=bool(manifest.get("private_keys", True)),
    )
