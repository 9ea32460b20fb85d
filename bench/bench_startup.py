"""Start-up: how long the everyday commands take, beside bare Python (issue 11's targets).

A command must answer at once; heavy libraries load only in the commands that use them
(tests/cli/test_startup.py checks which modules load). Each row is one `dadkhah` process
(its CPU seconds and those of the processes it waited for, and its wall seconds), beside
`python -c pass` measured in the same run, so the ratio means the same on a slower machine:

- `--help`: target ≤ 0.3 s CPU;
- `init` of an empty case and `verify` of it: ≤ 2 s each;
- a second `link` with nothing new: ≤ 3 s (it notices there is nothing to do);
- `estimate-table` on Kosovo (4 lists, LCMCR and log-linear), the first after install
  (the kernels compiled by `make install`) and a later one: no target, reported.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
KOSOVO = REPO.parent / "shared" / "data" / "mse" / "kosovo_1999_4lists.csv"
ENV = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DADKHAH_CASE")}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process (CPU: its own and its waited-for children's)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(args, capture_output=True, check=True, timeout=600, env=ENV, cwd=REPO)
    return time.perf_counter() - start, _children_cpu() - cpu


def _median(args: list[str], runs: int) -> tuple[float, float]:
    times = [_timed(args) for _ in range(runs)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def _row(
    what: str, runs: int, timed: tuple[float, float], bare: float, target: str
) -> dict[str, Any]:
    wall, cpu = timed
    return {
        "what": what,
        "size": runs,
        "seconds": cpu,
        "compared_with": "bare python -c pass (CPU s)",
        "compared_seconds": bare,
        "target": target,
        "note": f"{cpu / bare:.0f}x bare Python; wall {wall:.2f} s",
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    runs = 3 if quick else 7
    dadkhah = [sys.executable, "-m", "dadkhah"]
    bare = _median([sys.executable, "-c", "pass"], runs)[1]
    rows = [_row("dadkhah --help (CPU s)", runs, _median([*dadkhah, "--help"], runs), bare,
                 "≤ 0.3 s CPU")]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="dadkhah-bench-startup-") as tmp:
        case = Path(tmp) / "case"
        rows.append(_row("init of an empty case (CPU s)", 1, _timed([*dadkhah, "init", str(case)]),
                         bare, "≤ 2 s"))  # fmt: skip
        on_case = [*dadkhah, "--case", str(case)]
        rows.append(_row("verify of the empty case (CPU s)", runs, _median([*on_case, "verify"], runs),
                         bare, "≤ 2 s"))  # fmt: skip
        lists = Path(tmp) / "synth"
        subprocess.run([*dadkhah, "synth", "--persons", "60", "--out", str(lists)],
                       capture_output=True, check=True, env=ENV)  # fmt: skip
        for name in ("families_fa", "regional_fa"):
            subprocess.run([*on_case, "import", str(lists / "lists" / f"{name}.csv"), "--source", name],
                           capture_output=True, check=True, env=ENV)  # fmt: skip
        first = _timed([*on_case, "link"])
        rows.append(_row("link, first, 2 lists of 60 persons (CPU s)", 1, first, bare, "reported"))
        rows.append(_row("link again, nothing new (CPU s)", runs, _median([*on_case, "link"], runs),
                         bare, "≤ 3 s"))  # fmt: skip
    if KOSOVO.exists():
        estimate = [*dadkhah, "estimate-table", str(KOSOVO), "--seed", "1", "--json"]
        rows.append(_row("estimate-table Kosovo, first after install (CPU s)", 1, _timed(estimate),
                         bare, "reported"))  # fmt: skip
        rows.append(_row("estimate-table Kosovo, later (CPU s)", 1, _timed(estimate), bare,
                         "reported"))  # fmt: skip
    return rows
