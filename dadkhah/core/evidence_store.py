"""The content-addressed evidence store: originals kept byte-for-byte, written once, read-only.

Layout (inside the case's ``evidence/`` folder)::

    ab/cd/abcd…<64 hex>   the original, named by its SHA-256, mode 0444
    .tmp/                  partial writes; never read, cleared on the next add

An object appears under its final name only after its bytes are complete and flushed to
disk: bytes go to a temporary file in ``.tmp`` (hashed as they are copied), which is
fsynced and then hard-linked to its final name (``link`` fails if the name exists, so an
object is never overwritten) and the folder is fsynced (POSIX rename/link atomicity). A
process killed at any point leaves either no object or a complete one. Every input is
hostile: the store never follows symbolic links, never reads special files and never
trusts a file's name for its type.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dadkhah.core.errors import InputError

HEX64 = re.compile(r"[0-9a-f]{64}")
CHUNK = 1 << 20  # 1 MiB reads: large enough that hashing, not syscalls, dominates
TMP_DIR = ".tmp"


class EvidenceError(InputError):
    """An evidence file cannot be stored or read as asked."""


@dataclass(frozen=True)
class StoreLimits:
    """Limits on what one add may bring in (documented in docs/methodology/custody.md)."""

    max_file_bytes: int = 64 * 1024**3
    max_files_per_add: int = 100_000


DEFAULT_LIMITS = StoreLimits()


@dataclass(frozen=True)
class StoredObject:
    """An object in the store."""

    sha256: str
    size: int
    path: Path
    existed: bool


def hash_stream(fh: BinaryIO, *, limit: int | None = None) -> tuple[str, int]:
    """SHA-256 hex and byte count of a binary stream, read in 1 MiB chunks into one buffer.

    Raises:
        EvidenceError: More than ``limit`` bytes.
    """
    h = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    total = 0
    while True:
        n = fh.readinto(view)  # type: ignore[attr-defined]
        if not n:
            break
        h.update(view[:n])
        total += n
        if limit is not None and total > limit:
            raise EvidenceError(f"file is larger than the limit of {limit} bytes")
    return h.hexdigest(), total


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 hex and size of the file at ``path`` (not following a final symlink)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb", buffering=0) as fh:
        return hash_stream(fh)


def check_hash(value: str) -> str:
    """Return ``value`` if it is a lowercase SHA-256 hex string, else raise EvidenceError."""
    if not isinstance(value, str) or not HEX64.fullmatch(value):
        raise EvidenceError(f"{value!r} is not a SHA-256 hex digest (64 lowercase hex digits)")
    return value


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading without following symlinks or blocking on FIFOs.

    Raises:
        EvidenceError: The path is a link, a device, a FIFO, a socket or a folder.
    """
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise EvidenceError(f"{path}: cannot be read ({exc.strerror}).") from exc
    if stat.S_ISLNK(st.st_mode):
        raise EvidenceError(f"{path}: is a symbolic link; add the file it points to instead.")
    if not stat.S_ISREG(st.st_mode):
        raise EvidenceError(f"{path}: is not a regular file (device, FIFO, socket or folder).")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between lstat and open
        os.close(fd)
        raise EvidenceError(f"{path}: changed into something that is not a regular file.")
    return os.fdopen(fd, "rb", buffering=0)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class EvidenceStore:
    """The content-addressed store under one folder."""

    def __init__(self, root: Path, *, limits: StoreLimits = DEFAULT_LIMITS) -> None:
        self.root = Path(root)
        self.limits = limits

    def path_for(self, sha256: str) -> Path:
        """Where the object with this hash lives: ``ab/cd/<hash>``."""
        check_hash(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def relative_path(self, sha256: str) -> str:
        """The object's path relative to the case folder's evidence/ (POSIX)."""
        check_hash(sha256)
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def contains(self, sha256: str) -> bool:
        """True when the object is present."""
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """Open an object for reading.

        Raises:
            EvidenceError: The object is not in the store.
        """
        path = self.path_for(sha256)
        try:
            return open_regular(path)
        except EvidenceError as exc:
            raise EvidenceError(f"evidence {sha256} is missing from the store ({exc})") from exc

    def clear_partial(self, *, older_than_s: float = 0) -> int:
        """Remove partial writes left by an interrupted add; return how many.

        Args:
            older_than_s: Only files last written this many seconds ago or more (another
                process may be writing the younger ones right now).
        """
        import time

        tmp = self.root / TMP_DIR
        if not tmp.is_dir():
            return 0
        n = 0
        cutoff = time.time() - older_than_s
        for p in tmp.iterdir():
            st = p.lstat()
            if stat.S_ISREG(st.st_mode) and st.st_mtime <= cutoff:
                p.unlink(missing_ok=True)
                n += 1
        return n

    def put_file(self, src: Path, *, progress: Callable[[int], None] | None = None) -> StoredObject:
        """Copy a file into the store (hashing while copying) unless its hash is there already.

        Args:
            src: A regular file (symlinks and special files are refused).
            progress: Called with the number of bytes copied since the last call.

        Raises:
            EvidenceError: The file cannot be read, is too large, or is not a regular file.
        """
        with open_regular(Path(src)) as fh:
            return self.put_stream(fh, progress=progress, name=str(src))

    def put_bytes(self, data: bytes) -> StoredObject:
        """Store bytes held in memory (uploads, derivatives)."""
        import io

        return self.put_stream(io.BytesIO(data), name="<bytes>")

    def put_stream(
        self,
        fh: BinaryIO,
        *,
        name: str = "<stream>",
        progress: Callable[[int], None] | None = None,
    ) -> StoredObject:
        """Store a binary stream; see :meth:`put_file`."""
        tmp_dir = self.root / TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = tmp_dir / f"{uuid.uuid4().hex}.part"
        h = hashlib.sha256()
        total = 0
        limit = self.limits.max_file_bytes
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb", buffering=0) as out:
                while True:
                    n = fh.readinto(view)  # type: ignore[attr-defined]
                    if not n:
                        break
                    total += n
                    if total > limit:
                        raise EvidenceError(
                            f"{name}: larger than the limit of {limit} bytes per file; "
                            "raise [evidence] max_file_bytes in case.toml if this is intended."
                        )
                    h.update(view[:n])
                    out.write(view[:n])
                    if progress is not None:
                        progress(n)
                os.fsync(out.fileno())
            if total == 0:
                # An empty file proves nothing and every empty file is the same item; the
                # web form refuses one too (Django's allow_empty_file=False).
                raise EvidenceError(
                    f"{name}: is empty (0 bytes), so there is nothing to keep as evidence; "
                    "check that the file was copied whole, or note its emptiness in a "
                    "description of the item it belongs to."
                )
            sha = h.hexdigest()
            final = self.path_for(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, 0o444)
            try:
                os.link(tmp, final)
                existed = False
            except FileExistsError:
                existed = True
            except OSError as exc:  # filesystems without hard links
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                existed = final.exists()
                if not existed:
                    os.rename(tmp, final)
            if not existed:
                _fsync_dir(final.parent)
        finally:
            if tmp.exists():
                tmp.unlink()
        if existed:
            have = final.stat().st_size
            if have != total:
                raise EvidenceError(
                    f"{name}: the store already holds {sha} with {have} bytes instead of {total}; "
                    "the store is damaged: run `dadkhah verify`."
                )
        return StoredObject(sha256=sha, size=total, path=final, existed=existed)

    def rehash(self, sha256: str) -> str | None:
        """Re-hash a stored object; return None when it matches its name, else a problem."""
        path = self.path_for(sha256)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return "missing from the evidence store"
        if not stat.S_ISREG(st.st_mode):
            return "is not a regular file in the evidence store"
        got, _ = hash_file(path)
        if got != sha256:
            return f"content changed: its bytes now hash to {got}"
        if st.st_mode & 0o222:
            return f"is writable (mode {stat.S_IMODE(st.st_mode):o}); originals must be read-only"
        return None

    def iter_hashes(self) -> Iterator[str]:
        """Every object name in the store (unverified), in sorted order."""
        if not self.root.is_dir():
            return
        for a in sorted(self.root.iterdir()):
            if len(a.name) != 2 or not a.is_dir():
                continue
            for b in sorted(a.iterdir()):
                if len(b.name) != 2 or not b.is_dir():
                    continue
                for f in sorted(b.iterdir()):
                    if HEX64.fullmatch(f.name) and f.name.startswith(a.name + b.name):
                        yield f.name
