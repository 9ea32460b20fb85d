"""Import throughput: the synthetic bulk CSV (`dadkhah synth --mode bulk`) into a fresh case.

Target (issue 3): 1,000,000 rows in at most 60 s with peak memory under 2 GB,
shown beside a plain `pandas.read_csv` of the same file (which reads only:
no encoding check, no normalization, no database). Each measurement runs in
its own process so that its peak memory is its own; the import's seconds are
those of `source_import` itself (the case is created and migrated before).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.measure import measure_subprocess

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".bench"

IMPORT = r"""
import json, sys, time
from pathlib import Path
from dadkhah.core.case import init_case
from dadkhah.cli.context import setup_django
path, root, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
case = init_case(root, name="bench")
setup_django(case)
from dadkhah.web.sources.services import source_import
start = time.perf_counter()
report = source_import(case=case, path=path, source_name="bulk", dry_run=mode == "dry",
                       workers=1 if mode == "worker" else 0)
seconds = time.perf_counter() - start
out.write_text(json.dumps({"seconds": seconds, "records": report.records_imported,
    "problems": sum(report.problem_counts.values()), "fatal": report.has_fatal}))
"""

PANDAS = r"""
import sys, time, json
from pathlib import Path
import pandas
start = time.perf_counter()
frame = pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
Path(sys.argv[2]).write_text(json.dumps({"seconds": time.perf_counter() - start, "rows": len(frame)}))
"""


def bulk_csv(persons: int) -> Path:
    """The bulk list of a synthetic case with `persons` victims (made once, then cached)."""
    folder = CACHE / f"synth-bulk-{persons}"
    path = folder / "lists" / "bulk_latin.csv"
    if not path.exists():
        from dadkhah.core.synth import SynthParams, generate_case

        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        generate_case(folder, SynthParams(persons=persons, seed=1, mode="bulk"))
    return path


def _run(argv: list[str]) -> tuple[dict[str, Any], float, float]:
    """Run a measuring script; return what it wrote, the process's seconds and peak MB."""
    with tempfile.TemporaryDirectory(prefix="dadkhah-bench-") as tmp:
        out = Path(tmp) / "out.json"
        argv = [a.replace("{tmp}", tmp).replace("{out}", str(out)) for a in argv]
        total, peak = measure_subprocess([sys.executable, "-c", *argv], cwd=REPO)
        return json.loads(out.read_text()), total, peak


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows for `make bench`: the import, a dry run, and pandas.read_csv of the same file."""
    persons = 100_000 if quick else 1_000_000
    path = bulk_csv(persons)
    size_mb = path.stat().st_size / 1024**2
    baseline, _, pandas_peak = _run([PANDAS, str(path), "{out}"])
    rows = []
    runs = (
        ("import CSV into SQLite (one transaction)", "import"),
        ("import, normalizing in a worker process", "worker"),
        ("import --dry-run (read, check, normalize)", "dry"),
    )
    for label, mode in runs:
        result, total, peak = _run([IMPORT, str(path), "{tmp}/case", "{out}", mode])
        assert not result["fatal"], result
        rows.append(
            {
                "what": label,
                "size": result["records"],
                "seconds": result["seconds"],
                "peak_mb": peak,
                "compared_with": "pandas.read_csv(dtype=str)",
                "compared_seconds": baseline["seconds"],
                "target": "≤ 60 s, < 2048 MB" if mode == "import" and not quick else "",
                "note": (
                    f"{size_mb:.0f} MB synth bulk CSV; process {total:.1f} s incl. start-up; "
                    f"pandas peak {pandas_peak:.0f} MB; {result['problems']:,} warnings"
                ),
            }
        )
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    from bench.run import print_table

    print_table(run(quick="--quick" in sys.argv))
