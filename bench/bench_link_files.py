"""`dadkhah link-files` on two lists, beside the temporary case it replaced (issue 11).

The command reads, links and names the clusters on pipelines alone; before, it
imported the files into a temporary case (Django, migrations, SQLite) and ran
`link_run` there. The old path lives on only in
tests/cli/link_files_through_a_case.py, which the tests run to show that the
rows are the same; here it is timed on the same two synthetic lists.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.measure import measure_subprocess

REPO = Path(__file__).resolve().parents[1]
LISTS = ("families_fa", "ngo_latin")


def _records(path: Path) -> int:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def run(quick: bool = False) -> list[dict[str, Any]]:
    from dadkhah.core.synth import SynthParams, generate_case

    # 5,000 persons give families_fa and ngo_latin about 1,000 records each.
    persons = 1000 if quick else 5000
    env = {k: v for k, v in os.environ.items() if k not in ("DADKHAH_CASE", "DATABASE_URL")}
    with tempfile.TemporaryDirectory(prefix="bench-link-files-") as tmp:
        root = Path(tmp)
        generate_case(root / "synth", SynthParams(persons=persons, seed=1988, mode="csv"))
        files = [root / "synth" / "lists" / f"{name}.csv" for name in LISTS]
        sizes = [_records(f) for f in files]
        args, out, old = root / "args.json", root / "clusters.csv", root / "old.json"
        args.write_text(json.dumps({"files": [str(f) for f in files]}), encoding="utf-8")
        new_s, new_mb = measure_subprocess(
            [sys.executable, "-m", "dadkhah", "link-files", *map(str, files), "--out", str(out)],
            env=env,
            stdout=subprocess.DEVNULL,
            cwd=REPO,
        )
        old_s, _old_mb = measure_subprocess(
            [sys.executable, "-m", "tests.cli.link_files_through_a_case", str(args), str(old)],
            env=env,
            stdout=subprocess.DEVNULL,
            cwd=REPO,
        )
        with out.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))[1:]
        same = rows == json.loads(old.read_text(encoding="utf-8"))["rows"]
    return [
        {
            "what": "dadkhah link-files, two lists (wall time of the command)",
            "size": sum(sizes),
            "seconds": new_s,
            "peak_mb": new_mb,
            "compared_with": "the temporary case it replaced (import, migrations, link_run)",
            "compared_seconds": old_s,
            "target": "faster; the same rows (tests/cli/test_link_files_pipelines.py)",
            "note": f"lists of {' and '.join(f'{n:,}' for n in sizes)} records; "
            f"{old_s / new_s:.1f}x faster; " + ("the same rows" if same else "THE ROWS DIFFER"),
        }
    ]
