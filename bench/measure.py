"""Time and peak memory of a piece of work, measured the same way for every row."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def measure(fn: Callable[[], T]) -> tuple[T, float]:
    """Run fn in this process; return its result and the wall-clock seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def measure_subprocess(argv: Sequence[str], **kwargs: Any) -> tuple[float, float]:
    """Run a command; return (seconds, peak resident memory of the command in MB).

    The command runs under a small Python wrapper whose only child it is, so
    the wrapper's RUSAGE_CHILDREN peak (ru_maxrss, KiB on Linux) is the
    command's own, whatever ran before it in this process.
    """
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(json.loads(sys.argv[1])).returncode\n"
        "t = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([rc, t, peak]), file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, json.dumps(list(argv))],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        **kwargs,
    )
    last = proc.stderr.strip().splitlines()[-1]
    rc, seconds, peak = json.loads(last)
    if rc != 0:
        raise RuntimeError(f"{argv[0]} failed ({rc}): {proc.stderr[-2000:]}")
    return float(seconds), float(peak)


def python_argv(code: str) -> list[str]:
    return [sys.executable, "-c", code]
