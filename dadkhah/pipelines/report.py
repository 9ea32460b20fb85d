"""The report's file: which format an output name asks for, and writing it all or nothing.

No Django here, so that ``dadkhah report`` refuses a bad request (an unknown language or
suffix, an existing file without --force, a missing folder) before the case is opened.
The file is written under a temporary name in the output folder and takes its name only
when complete and audited (``os.replace``/``os.link``, atomic on one file system): a
failure, a refusal or a kill leaves nothing half-written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from dadkhah.core.errors import InputError
from dadkhah.pipelines.export import ExportError, _rename_new

LANGUAGES = ("fa", "en")
FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}


class ReportError(InputError):
    """A report cannot be made as asked."""


def check_report_request(*, language: str, out: Path, force: bool) -> str:
    """The format ``out`` asks for (``pdf`` or ``html``), once the request is checked.

    Raises:
        ReportError: naming what is wrong and what to give instead.
    """
    if language not in LANGUAGES:
        raise ReportError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}.")
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ReportError(f"{out}: end the file name in .pdf or .html to choose the format.")
    if out.is_dir():
        raise ReportError(f"{out} is a folder; give a file name.")
    if out.exists() and not force:
        raise ReportError(f"{out} exists already; choose a new name or pass --force.")
    if not out.parent.is_dir():
        raise ReportError(f"the folder {out.parent} does not exist.")
    return fmt


def write_report_file(
    *,
    out: Path,
    data: bytes,
    force: bool = False,
    before_rename: Callable[[], None] | None = None,
) -> None:
    """Write ``data`` to ``out``, all or nothing; ``before_rename`` runs when it is complete.

    Raises:
        ReportError: ``out`` exists and ``force`` is false (checked again at the end).
    """
    out = Path(out)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        if before_rename is not None:
            before_rename()
        if force:
            os.replace(tmp, out)
        else:
            try:
                _rename_new(tmp, out)
            except ExportError as exc:
                raise ReportError(str(exc)) from None
    finally:
        if tmp.exists():
            tmp.unlink()
