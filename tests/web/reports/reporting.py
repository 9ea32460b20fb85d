"""What the report tests share: the sealed identity, a made-up estimate, the PDF tools."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from dadkhah.core.estimation.result import EstimateWarning, MethodResult, TableEstimate
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.reports.render import weasyprint_missing

#: What the minimal demo case's vault holds for W-0001: never in a report.
SEALED = ("Synthetic Witness One", "+00 555 0001", "Synthetic Street 1")


def _pdf_tools_missing() -> str | None:
    missing = weasyprint_missing()
    if missing is not None:
        return missing
    for tool in ("pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (Debian poppler-utils; `make system-deps` installs it)"
    return None


needs_pdf = pytest.mark.skipif(_pdf_tools_missing() is not None, reason=str(_pdf_tools_missing()))


def estimate_create() -> EstimateRun:
    """An estimate run with made-up figures (1,234; 1,100 – 1,567) and an R-hat warning."""
    result = TableEstimate(
        documented=4,
        lists=("families-fa", "ngo-latin"),
        table_sha256="0" * 64,
        results=[
            MethodResult(
                "lcmcr", 1234.0, 1100.0, 1567.0,
                warnings=[EstimateWarning("rhat", "chains disagree (R-hat 1.2)")],
                details={"rhat": 1.2, "ess": 350.0, "chains": 4},
            ),
        ],
        warnings=[],
        settings={"seed": 1},
    )  # fmt: skip
    return EstimateRun.objects.create(
        lists=["families-fa", "ngo-latin"],
        result=result.to_dict(),
        documented=4,
    )


def pdf_text(pdf: str, page: int | None = None) -> str:
    """The text of ``pdf`` (of its page ``page`` only, when given), as pdftotext reads it."""
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    done = subprocess.run(
        ["pdftotext", *pages, pdf, "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def pdf_pages(pdf: str) -> int:
    """How many pages ``pdf`` has (pdfinfo)."""
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None
    return int(match.group(1))
