"""The file of rejected rows that ``--skip-invalid`` writes beside the input.

A tabular input (CSV, TSV, XLSX, ODS) gives ``<input>.rejected.csv``: the row
number, the record id and the problems, then the row's cells under the
input's headers, UTF-8 with a byte-order mark so that spreadsheet programs
read Persian correctly. A JSON input gives ``<input>.rejected.jsonl``: one
object per rejected row, ``{"row", "record_id", "problems", "raw"}``.

The file is written to ``….partial`` while the import runs and renamed only
when the import commits, so a failed import leaves no rejected-rows file.
Cells that a spreadsheet would read as a formula (starting with = + - @, a tab
or a carriage return) are written with a leading apostrophe by the project's one
CSV writer (:mod:`dadkhah.core.csvsafe`, OWASP "CSV Injection"): the file is for
people to open, and opening it must not run anything.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from dadkhah.core import csvsafe
from dadkhah.core.textsafety import FORBIDDEN, visible
from dadkhah.pipelines.importing.readers import EXTRA_PREFIX
from dadkhah.pipelines.importing.validate import fail


def _text(value: Any) -> Any:
    """A cell for the CSV: NUL and lone surrogates (not text) written as <U+XXXX>."""
    return visible(value) if isinstance(value, str) and FORBIDDEN.search(value) else value


class RejectedWriter:
    """Writes rejected rows beside the input; `commit` keeps the file, `discard` drops it."""

    def __init__(self, source_path: Path, *, headers: list[str], json_like: bool) -> None:
        suffix = ".rejected.jsonl" if json_like else ".rejected.csv"
        self.path = source_path.with_name(source_path.name + suffix)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.headers = list(headers)
        self.json_like = json_like
        self.count = 0
        self._fh: IO[str] | None = None
        self._csv: Any = None
        try:
            self._fh = open(
                self.partial, "w", encoding="utf-8-sig" if not json_like else "utf-8", newline=""
            )
        except OSError as exc:
            raise fail(
                "file_unreadable",
                self.path.name,
                detail=f"the rejected rows cannot be written beside the input ({exc.strerror})",
            ) from exc
        if not json_like:
            self._csv = csvsafe.writer(self._fh)
            self._csv.writerow(["row", "record_id", "problems", *self.headers])

    def write(self, *, row: int, record_id: str, problems: list[str], raw: dict[str, Any]) -> None:
        assert self._fh is not None
        self.count += 1
        if self.json_like:
            obj = {"row": row, "record_id": record_id, "problems": problems, "raw": raw}
            line = json.dumps(obj, ensure_ascii=False)
            if FORBIDDEN.search(line):
                # A lone surrogate cannot be written as UTF-8: escape it as the input did.
                line = json.dumps(obj, ensure_ascii=True)
            self._fh.write(line + "\n")
            return
        cells = [_text(raw.get(h)) for h in self.headers]
        # Cells beyond the header (a row that was too long) follow, as in the input.
        cells += [_text(v) for k, v in raw.items() if k.startswith(EXTRA_PREFIX)]
        self._csv.writerow([row, record_id, " | ".join(problems), *cells])

    def commit(self) -> Path | None:
        """Close and move the file into place; None (and no file) when nothing was rejected."""
        self._close()
        if self.count == 0:
            self.partial.unlink(missing_ok=True)
            return None
        os.replace(self.partial, self.path)
        return self.path

    def discard(self) -> None:
        self._close()
        self.partial.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
