"""Where a list uploaded through the web app waits between the upload and the import.

A staged list lies in ``staging/imports/<token>/<name>`` under the case: the token is
128 random bits (the folder, mode 0700), the file keeps the base name it was sent under
(cleaned of path and control characters, mode 0600) so that the import's report and
the evidence item name it as the investigator knows it. Nothing there is served: the
pages read the file through the importer only. A staged list is deleted once imported,
and any staged list older than ``STAGED_MAX_AGE`` is deleted when the next upload
arrives (or when its token is used). The upload goes through the importer's size limit
(``Limits.max_file_bytes``) while it is copied, as the families' files do
(dadkhah/web/families/services.py, ``_quarantine``).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from dadkhah.core.case import Case
from dadkhah.core.errors import InputError
from dadkhah.pipelines.importing.readers import Limits

STAGING_DIR = Path("staging") / "imports"
#: A staged list not imported within a day is deleted (the next upload sweeps).
STAGED_MAX_AGE = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_NAME_LIMIT = 120
# ZWNJ is part of Persian words; every other format or control character goes.
_KEPT_FORMAT = {"\u200c"}


class StagedMissing(InputError):
    """No staged list has this token (never made, imported, or too old)."""


@dataclass(frozen=True)
class Staged:
    """One staged list: its token (the URL part) and its path."""

    token: str
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


def staging_dir(case: Case) -> Path:
    """The case's ``staging/imports/`` folder (mode 0700), made if absent."""
    path = case.root / STAGING_DIR
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def safe_name(name: str) -> str:
    """The base name of an uploaded file without path, control or format characters."""
    base = re.split(r"[/\\]", name)[-1]
    kept = "".join(ch for ch in base if ch.isprintable() or ch in _KEPT_FORMAT)
    kept = kept.strip().lstrip(".")
    if len(kept) > _NAME_LIMIT:
        stem, dot, ext = kept.rpartition(".")
        ext = ext[:10] if dot else ""
        kept = (stem if dot else kept)[: _NAME_LIMIT - len(ext) - 1] + (f".{ext}" if ext else "")
    return kept or "list"


def _too_large(size: int, limit: int) -> InputError:
    return InputError(
        _(
            "The file is %(size)s bytes, over the import limit of %(limit)s bytes. Split the "
            "list into several files and import each."
        )
        % {"size": f"{size:,}", "limit": f"{limit:,}"}
    )


def staged_import_save(*, case: Case, upload: Any, limits: Limits) -> Staged:
    """Copy an upload into a new staging folder, refusing it past the size limit.

    Stale staged lists (older than ``STAGED_MAX_AGE``) are deleted first.

    Raises:
        InputError: The file is empty or over ``limits.max_file_bytes``; nothing is kept.
    """
    staged_imports_prune(case=case)
    declared = int(getattr(upload, "size", 0) or 0)
    if declared > limits.max_file_bytes:
        raise _too_large(declared, limits.max_file_bytes)
    token = secrets.token_hex(16)
    folder = staging_dir(case) / token
    folder.mkdir(mode=0o700)
    path = folder / safe_name(str(getattr(upload, "name", "") or ""))
    size = 0
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > limits.max_file_bytes:
                    raise _too_large(size, limits.max_file_bytes)
                out.write(chunk)
        if size == 0:
            raise InputError(_("The file is empty. Choose the list again."))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Staged(token, path)


def staged_import_find(*, case: Case, token: str) -> Staged:
    """The staged list of ``token``.

    Raises:
        StagedMissing: A malformed token, or no list (imported, deleted, or older than
            ``STAGED_MAX_AGE``, which is then deleted).
    """
    if not _TOKEN.match(token):
        raise StagedMissing(_("This upload is not here any more. Upload the list again."))
    folder = case.root / STAGING_DIR / token
    files = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    if len(files) != 1 or _age(folder) > STAGED_MAX_AGE:
        shutil.rmtree(folder, ignore_errors=True)
        raise StagedMissing(_("This upload is not here any more. Upload the list again."))
    return Staged(token, files[0])


def staged_import_delete(*, case: Case, token: str) -> None:
    """Delete a staged list (after its import); nothing happens for an unknown token."""
    if _TOKEN.match(token):
        shutil.rmtree(case.root / STAGING_DIR / token, ignore_errors=True)


def staged_imports_prune(*, case: Case, max_age: float = STAGED_MAX_AGE) -> int:
    """Delete staged lists older than ``max_age`` seconds; return how many."""
    folder = case.root / STAGING_DIR
    if not folder.is_dir():
        return 0
    deleted = 0
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink() and _age(entry) > max_age:
            shutil.rmtree(entry, ignore_errors=True)
            deleted += 1
    return deleted


def _age(path: Path) -> float:
    return time.time() - path.lstat().st_mtime
