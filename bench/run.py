"""`make bench`: run every bench/bench_*.py and print one table.

Each module exposes `run(quick: bool = False) -> list[dict]`; a row has
`what`, `size`, `seconds`, `peak_mb`, `compared_with`, `compared_seconds`,
`target` and `note`. Measure with `measure()` below so that time and peak
memory are taken the same way everywhere.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

COLUMNS = (
    "what",
    "size",
    "seconds",
    "peak_mb",
    "compared_with",
    "compared_seconds",
    "target",
    "note",
)


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 100 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_table(rows: list[dict[str, object]]) -> None:
    cells = [[fmt(r.get(c)) for c in COLUMNS] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(COLUMNS)]
    line = "| " + " | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--only", help="run only bench_<ONLY>.py")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.only:
        modules = [m for m in modules if m == f"bench_{args.only}"]
    rows: list[dict[str, object]] = []
    failed = False
    for name in modules:
        start = time.perf_counter()
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            rows.extend(importlib.import_module(f"bench.{name}").run(quick=args.quick))
        except Exception:
            failed = True
            traceback.print_exc()
            rows.append({"what": name, "note": "FAILED (see stderr)"})
        print(f"  {name} took {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
