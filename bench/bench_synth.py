"""Synthetic case generation: a million victims as CSV, and the demo's full case.

Rows:
- `--mode bulk`: one CSV list with every victim once (the input of the import
  throughput benchmark), with the truth files; compared with reading and
  writing the same file through the csv module alone, the least any
  generator of that file must spend;
- `--mode csv`: the six lists as CSV (about 1.08 records per victim, with
  duplicates) and the truth: the input of the linkage benchmark;
- `--mode full` at the demo's size: every format, entities and evidence.
Each run is a subprocess, so peak memory is its own.
"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import measure_subprocess, python_argv

CONTENTION = "2 shared cores, other work running: timings are under contention"
TARGET = "≤ 60 s (1M)"


def _generate(out: Path, persons: int, mode: str) -> tuple[float, float]:
    code = (
        "from pathlib import Path\n"
        "from dadkhah.core.synth import SynthParams, generate_case\n"
        f"generate_case(Path({str(out)!r}), SynthParams(persons={persons}, seed=1, mode={mode!r}))\n"
    )
    return measure_subprocess(python_argv(code))


def _csv_copy(src: Path, dst: Path) -> float:
    start = time.perf_counter()
    with (
        src.open(encoding="utf-8", newline="") as fin,
        dst.open("w", encoding="utf-8", newline="") as fout,
    ):
        csv.writer(fout).writerows(csv.reader(fin))
    return time.perf_counter() - start


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Time the generator in its three modes."""
    n = 100_000 if quick else 1_000_000
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-synth-") as tmp:
        root = Path(tmp)
        seconds, peak = _generate(root / "bulk", n, "bulk")
        copy = _csv_copy(root / "bulk" / "lists" / "bulk_latin.csv", root / "copy.csv")
        rows.append(
            {
                "what": "synth --mode bulk (one CSV list + truth)",
                "size": n,
                "seconds": seconds,
                "peak_mb": peak,
                "compared_with": "csv module alone: read + write the same file",
                "compared_seconds": copy,
                "target": TARGET,
                "note": CONTENTION,
            }
        )
        seconds, peak = _generate(root / "csv", n, "csv")
        rows.append(
            {
                "what": "synth --mode csv (six CSV lists + truth)",
                "size": n,
                "seconds": seconds,
                "peak_mb": peak,
                "compared_with": "",
                "compared_seconds": None,
                "target": "well under 120 s (1M)",
                "note": CONTENTION,
            }
        )
        seconds, peak = _generate(root / "full", 3000, "full")
        rows.append(
            {
                "what": "synth --mode full (the demo: all formats, entities, evidence)",
                "size": 3000,
                "seconds": seconds,
                "peak_mb": peak,
                "compared_with": "",
                "compared_seconds": None,
                "target": "",
                "note": CONTENTION,
            }
        )
    return rows
