"""What an import did (or would do): the report the CLI prints and the web app shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dadkhah.core.errors import InputError
from dadkhah.pipelines.importing.validate import Problem, Severity

MAX_LISTED_PROBLEMS = 100_000  # beyond this only the counts grow (memory stays bounded)
MAX_LISTED_IDS = 20
SAMPLE_ROWS = 5
WARNINGS_SHOWN = 20  # after an import; a dry run and a rejection list every problem


@dataclass
class ImportReport:
    """The outcome of one import (or dry run) of one file.

    ``status`` is "imported", "unchanged" (the same file, by SHA-256, is the
    source's latest version), "dry_run" or "rejected".
    """

    file: str
    source: str
    status: str = "dry_run"
    sha256: str = ""
    size: int = 0
    format: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header
    unused_columns: list[str] = field(default_factory=list)
    ids_generated: bool = False
    rows_read: int = 0
    records_imported: int = 0
    rows_rejected: int = 0
    version: int | None = None
    previous_version: int | None = None
    added: int | None = None
    removed: int | None = None
    changed: int | None = None
    unchanged: int | None = None
    added_ids: list[str] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_counts: Counter[str] = field(default_factory=Counter)
    problems_not_listed: int = 0
    sample: list[dict[str, Any]] = field(default_factory=list)
    rejected_path: Path | None = None
    evidence_sha256: str | None = None
    seconds: float = 0.0
    # An unchanged file whose description changed: attribute -> (before, after).
    redescribed: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def add_problem(self, item: Problem) -> None:
        self.problem_counts[item.code] += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(item)
        else:
            self.problems_not_listed += 1

    @property
    def fatal_count(self) -> int:
        return sum(1 for p in self.problems if p.fatal) + (
            self.problems_not_listed if self.status == "rejected" else 0
        )

    @property
    def has_fatal(self) -> bool:
        return any(p.fatal for p in self.problems)

    @property
    def file_problem(self) -> Problem | None:
        return next((p for p in self.problems if p.severity is Severity.FILE), None)

    def summary(self) -> str:
        """One sentence on what happened."""
        if self.status == "unchanged":
            return (
                f"{self.file} is unchanged (SHA-256 {self.sha256[:12]}…): it is already "
                f"version {self.version} of source {self.source!r}; nothing was imported."
            )
        if self.status == "rejected":
            fatal = sum(1 for p in self.problems if p.fatal)
            return (
                f"{self.file} was NOT imported: {fatal} problem{'s' if fatal != 1 else ''} must be "
                f"fixed first (or use --skip-invalid to import the other rows). "
                f"The case is unchanged."
            )
        if self.status == "dry_run":
            fatal = sum(1 for p in self.problems if p.fatal)
            verdict = (
                "would be rejected" if fatal else f"would import {self.records_imported} records"
            )
            return f"Dry run of {self.file}: {self.rows_read} rows read; it {verdict}. Nothing was written."
        text = (
            f"Imported {self.records_imported} records from {self.file} as version "
            f"{self.version} of source {self.source!r}"
        )
        if self.rows_rejected:
            text += f"; {self.rows_rejected} rows rejected, written to {self.rejected_path}"
        return text + "."

    def lines(self, *, sample: bool = False, every_warning: bool = True) -> list[str]:
        """The report as lines of text for a terminal.

        Args:
            sample: Show the sample of normalized rows.
            every_warning: List every warning; otherwise the first
                `WARNINGS_SHOWN` (errors are always all listed).
        """
        out = [self.summary()]
        if self.status == "unchanged":
            out += [
                f"Version {self.version} now says {key.replace('_', ' ')} = {after!r} "
                f"(was {before!r})."
                for key, (before, after) in self.redescribed.items()
            ]
            return out
        how = [self.format.upper()]
        if self.encoding:
            how.append(f"encoding {self.encoding}")
        if self.delimiter is not None:
            how.append(f"delimiter {self.delimiter!r}")
        if self.sheet:
            how.append(f"sheet {self.sheet!r}")
        out.append("Read as: " + ", ".join(how))
        if self.columns:
            out.append("Columns:")
            for name, header in self.columns.items():
                out.append(f"  {header!r} -> {name}")
            for header in self.unused_columns:
                out.append(f"  {header!r} -> (not recognized; kept in raw only)")
        if self.ids_generated:
            out.append(
                "Record ids: none in the file; made from each row's names, father's name "
                "and birth (c:<hash>), so a re-export in another order still matches."
            )
        if self.previous_version is not None and self.added is not None:
            out.append(
                f"Compared with version {self.previous_version}: {self.added} added, "
                f"{self.removed} removed, {self.changed} changed, {self.unchanged} unchanged."
            )
            for label, ids in (
                ("added", self.added_ids),
                ("removed", self.removed_ids),
                ("changed", self.changed_ids),
            ):
                if ids:
                    out.append(
                        f"  {label}: {', '.join(ids)}"
                        + (" …" if len(ids) >= MAX_LISTED_IDS else "")
                    )
        if sample and self.sample:
            import json

            out.append(f"Sample of normalized rows ({len(self.sample)}):")
            for row in self.sample:
                out.append("  " + json.dumps(row, ensure_ascii=False, default=str))
        if self.problem_counts:
            counts = ", ".join(f"{code} {n}" for code, n in sorted(self.problem_counts.items()))
            out.append(f"Problems ({sum(self.problem_counts.values())}): {counts}")
            shown_warnings = 0
            for item in self.problems:
                if not item.fatal and not every_warning:
                    shown_warnings += 1
                    if shown_warnings > WARNINGS_SHOWN:
                        continue
                out.append("  " + item.message())
            if shown_warnings > WARNINGS_SHOWN:
                out.append(
                    f"  … and {shown_warnings - WARNINGS_SHOWN} more warnings "
                    "(--dry-run lists them all; each is also in the record's flags)."
                )
            if self.problems_not_listed:
                out.append(f"  … and {self.problems_not_listed} more (not listed).")
        return out

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (for the web app and scripts)."""
        return {
            "file": self.file,
            "source": self.source,
            "status": self.status,
            "sha256": self.sha256,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "columns": self.columns,
            "unused_columns": self.unused_columns,
            "ids_generated": self.ids_generated,
            "rows_read": self.rows_read,
            "records_imported": self.records_imported,
            "rows_rejected": self.rows_rejected,
            "version": self.version,
            "previous_version": self.previous_version,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "problem_counts": dict(self.problem_counts),
            "problems": [p.as_dict() for p in self.problems],
            "rejected_path": str(self.rejected_path) if self.rejected_path else None,
        }


class ImportRejected(InputError):
    """A fatal problem rejected the import; ``report`` lists every problem."""

    def __init__(self, report: ImportReport) -> None:
        report.status = "rejected"
        first = next((p for p in report.problems if p.fatal), None)
        detail = f" First: {first.message()}" if first is not None else ""
        super().__init__(report.summary() + detail)
        self.report = report
