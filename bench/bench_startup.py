"""Start-up: how long `dadkhah --help` takes, beside bare Python.

A command must answer at once; heavy libraries load only in the commands that
use them (tests/cli/test_startup.py checks which modules load).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from typing import Any


def _best_of(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True, timeout=120)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(quick: bool = False) -> list[dict[str, Any]]:
    runs = 3 if quick else 7
    bare = _best_of([sys.executable, "-c", "pass"], runs)
    help_s = _best_of([sys.executable, "-m", "dadkhah", "--help"], runs)
    return [
        {
            "what": "dadkhah --help (median wall time)",
            "size": runs,
            "seconds": help_s,
            "compared_with": "bare python -c pass",
            "compared_seconds": bare,
            "target": "well under 1 s",
            "note": f"{help_s / bare:.1f}x bare Python",
        }
    ]
