"""End to end on the identifiable synthetic case: lists → import → link → estimate, then score.

Issue 10, section 2, "End-to-end targets": replicates of `dadkhah synth
--capture latent-classes` (the capture model LCMCR assumes, so the truth is
reachable) at 3,000 persons (20 replicates) and 30,000 (5). Each replicate
runs the commands a user runs, in a fresh case and a subprocess each:

    dadkhah init; dadkhah import (every list, described by a mapping file:
    systematic, reliability, duplicate-free); dadkhah link; dadkhah estimate
    --json --method lcmcr

No truth is read until the estimate is in. Then the rows score, per size:
coverage of the 95% interval (target ≥ 0.90), median relative error of the
estimate (target ≤ 10%), and whether the documented count (registry persons
on the counted lists) is near the truly documented one; and the same
estimator on the TRUE capture histories of the same replicates, for
comparison: the gap between the two rows is what import and linkage cost.

`estimate` is called through its public command, so when it samples
plausible linkages (`--linkage-samples`) the bench measures that too.

The full run takes hours on the 2 shared cores of the development machine;
the replicate counts and LCMCR's length are parameters:

    DADKHAH_E2E_SMALL=3 DADKHAH_E2E_LARGE=0 python bench/run.py --only end_to_end
    python -m bench.bench_end_to_end --small 3 --large 0
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZES = (3_000, 30_000)
DEFAULT_REPLICATES = {3_000: 20, 30_000: 5}  # the numbers
QUICK_REPLICATES = {3_000: 2, 30_000: 0}
# LCMCR long enough for 5 lists (R-hat near 1 on these tables), short enough for 25 runs.
LCMCR_ARGS = ("--iterations", "20000", "--burn-in", "2000", "--thinning", "20", "--chains", "2")


@dataclass
class Replicate:
    """One replicate's numbers: the chain's and the true histories' estimates, and the truth."""

    persons: int
    seed: int
    true_total: int
    true_documented: int
    documented: int
    estimate: float | None
    lower: float | None
    upper: float | None
    true_estimate: float | None
    true_lower: float | None
    true_upper: float | None
    seconds: dict[str, float] = field(default_factory=dict)
    linkage_samples: int | None = None  # what `estimate --json` says it drew (None: no key)
    documented_interval: tuple[int, int] | None = None  # `estimate --json`'s, over linkages


def _dadkhah(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DADKHAH_CASE", "DATABASE_URL")}
    proc = subprocess.run(
        [sys.executable, "-m", "dadkhah", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"dadkhah {' '.join(args[:3])} failed: {proc.stderr[-3000:]}")
    return proc.stdout


def _mapping(entry: dict[str, Any], path: Path) -> Path:
    """A mapping file for one synthetic list, as an analyst would write it."""
    lines = [
        f"systematic = {'true' if entry['systematic'] else 'false'}",
        f"duplicate_free = {'true' if entry['duplicate_free'] else 'false'}",
        f'reliability = "{entry["reliability"]}"',
    ]
    if entry.get("format") in ("csv", "tsv"):
        lines.append(f'encoding = "{entry["encoding"]}"')
    if entry.get("calendar") in ("jalali", "gregorian"):
        lines.append(f'calendar = "{entry["calendar"]}"')
    lines += ["", "[columns]", f"record_id = {json.dumps(entry['record_id_column'])}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _lcmcr(data: dict[str, Any]) -> tuple[float | None, float | None, float | None]:
    for r in data.get("results", []):
        if r["method"] == "lcmcr":
            return r["estimate"], r["lower"], r["upper"]
    return None, None, None


def _true_histories(summary: dict[str, Any], counted: list[str], seed: int) -> Any:
    from dadkhah.core.estimation import CountsTable, LcmcrSettings, estimate_table

    order: list[str] = summary["list_order"]
    columns = [order.index(n) for n in counted]
    memberships: list[frozenset[str]] = []
    for pattern, n in summary["capture_histories"].items():
        on = frozenset(name for name, j in zip(counted, columns, strict=True) if pattern[j] == "1")
        if on:
            memberships += [on] * n
    table = CountsTable.from_memberships(counted, memberships)
    flags = dict(zip(LCMCR_ARGS[::2], LCMCR_ARGS[1::2], strict=True))
    settings = LcmcrSettings(
        burn_in=int(flags["--burn-in"]),
        iterations=int(flags["--iterations"]),
        thinning=int(flags["--thinning"]),
        chains=int(flags["--chains"]),
        seed=seed,
    )
    result = estimate_table(table, methods=["lcmcr"], lcmcr=settings)
    r = result.results[0]
    return r.estimate, r.lower, r.upper


def replicate(persons: int, seed: int, work: Path) -> Replicate:
    """Run one replicate from the lists to the estimate; score it against the truth last."""
    from dadkhah.core.synth import SynthParams, generate_case

    seconds: dict[str, float] = {}
    t = time.perf_counter()
    synth, case = work / "synth", work / "case"
    generate_case(
        synth, SynthParams(persons=persons, seed=seed, mode="csv", capture="latent-classes")
    )
    seconds["synth"] = time.perf_counter() - t
    entries = tomllib.loads((synth / "lists.toml").read_text(encoding="utf-8"))["lists"]
    t = time.perf_counter()
    _dadkhah("init", str(case))
    for entry in entries:
        mapping = _mapping(entry, work / f"{entry['name']}.toml")
        _dadkhah(
            "--case", str(case), "import", str(synth / entry["file"]),
            "--source", entry["name"], "--mapping", str(mapping),
        )  # fmt: skip
    seconds["import"] = time.perf_counter() - t
    t = time.perf_counter()
    _dadkhah("--case", str(case), "link")
    seconds["link"] = time.perf_counter() - t
    t = time.perf_counter()
    out = _dadkhah(
        "--case", str(case), "estimate", "--json", "--method", "lcmcr", "--no-plots",
        "--seed", str(seed), *LCMCR_ARGS,
    )  # fmt: skip
    seconds["estimate"] = time.perf_counter() - t
    data = json.loads(out)
    counted = [r["name"] for r in data.get("lists", []) if r["used"]] or [
        e["name"] for e in entries if e["systematic"]
    ]
    estimate, lower, upper = _lcmcr(data)
    # Only now is the truth read.
    summary = json.loads((synth / "truth" / "summary.json").read_text(encoding="utf-8"))
    order = summary["list_order"]
    columns = [order.index(n) for n in counted]
    true_documented = sum(
        n for p, n in summary["capture_histories"].items() if any(p[j] == "1" for j in columns)
    )
    t = time.perf_counter()
    true_estimate, true_lower, true_upper = _true_histories(summary, counted, seed)
    seconds["true histories"] = time.perf_counter() - t
    return Replicate(
        persons=persons,
        seed=seed,
        true_total=summary["true_total"],
        true_documented=true_documented,
        documented=int(data["documented"]),
        estimate=estimate,
        lower=lower,
        upper=upper,
        true_estimate=true_estimate,
        true_lower=true_lower,
        true_upper=true_upper,
        seconds=seconds,
        linkage_samples=data.get("linkage_samples"),
        documented_interval=tuple(data["documented_interval"])  # type: ignore[arg-type]
        if data.get("documented_interval")
        else None,
    )


def _score(reps: list[Replicate], *, true_histories: bool) -> tuple[int, int, float, list[float]]:
    covered, errors = 0, []
    for r in reps:
        est, lo, hi = (
            (r.true_estimate, r.true_lower, r.true_upper)
            if true_histories
            else (r.estimate, r.lower, r.upper)
        )
        if est is None or lo is None or hi is None:
            continue
        covered += int(lo <= r.true_total <= hi)
        errors.append((est - r.true_total) / r.true_total)
    median = statistics.median(abs(e) for e in errors) if errors else float("nan")
    return covered, len(errors), median, errors


def rows_for(persons: int, reps: list[Replicate]) -> list[dict[str, Any]]:
    """Two rows per size: the whole chain, and the true capture histories."""
    if not reps:
        return []
    seconds = sum(sum(r.seconds.values()) for r in reps)
    steps = {k: statistics.mean(r.seconds.get(k, 0.0) for r in reps) for k in reps[0].seconds}
    rows = []
    for true in (False, True):
        covered, n, median, errors = _score(reps, true_histories=true)
        share = covered / n if n else float("nan")
        signed = statistics.median(errors) if errors else float("nan")
        passed = share >= 0.9 and median <= 0.10
        what = (
            "e2e LCMCR from the TRUE capture histories (comparison)"
            if true
            else "e2e lists → import → link → estimate (LCMCR)"
        )
        note = (
            f"{'PASS' if passed else 'FAIL'}: covered {covered}/{n} ({share:.2f}); median "
            f"abs. error {median:.1%} (median signed {signed:+.1%})"
        )
        if not true:
            doc = statistics.median(r.documented / r.true_documented - 1 for r in reps)
            spans = [r for r in reps if r.documented_interval is not None]
            held = sum(
                r.documented_interval[0] <= r.true_documented <= r.documented_interval[1]
                for r in spans
                if r.documented_interval is not None
            )
            note += (
                f"; documented interval covers the truly documented in {held}/{len(spans)}"
                " (target ≥ 0.90)"
            )
            samples = sorted({str(r.linkage_samples) for r in reps})
            note += (
                f"; documented vs truly documented: median {doc:+.1%}; linkage samples "
                f"{'/'.join(samples)}; mean seconds per "
                "replicate: " + ", ".join(f"{k} {v:.0f}" for k, v in steps.items())
            )
        rows.append(
            {
                "what": what,
                "size": f"{len(reps)} replicates, N = {persons:,}",
                "seconds": None if true else seconds,
                "peak_mb": None,
                "compared_with": "issue 10 targets",
                "compared_seconds": None,
                "target": "coverage ≥ 0.90, median abs. error ≤ 10%",
                "note": note,
            }
        )
    return rows


def _replicate_counts(quick: bool) -> dict[int, int]:
    base = QUICK_REPLICATES if quick else DEFAULT_REPLICATES
    return {
        3_000: int(os.environ.get("DADKHAH_E2E_SMALL", base[3_000])),
        30_000: int(os.environ.get("DADKHAH_E2E_LARGE", base[30_000])),
    }


def run(
    quick: bool = False,
    counts: dict[int, int] | None = None,
    *,
    first_seed: int | None = None,
    log: Path | None = None,
) -> list[dict[str, Any]]:
    """The end-to-end rows; counts maps persons to replicates (default: the issue's).

    Replicate k uses seed ``first_seed + k`` (default 100, or DADKHAH_E2E_FIRST_SEED),
    so a long run can be split into parts; with ``log`` each replicate is also
    appended there as one JSON line as soon as it is in.
    """
    counts = counts or _replicate_counts(quick)
    if first_seed is None:
        first_seed = int(os.environ.get("DADKHAH_E2E_FIRST_SEED", "100"))
    rows: list[dict[str, Any]] = []
    for persons in SIZES:
        reps = []
        for k in range(counts.get(persons, 0)):
            with tempfile.TemporaryDirectory(prefix="dadkhah-e2e-") as tmp:
                rep = replicate(persons, first_seed + k, Path(tmp))
            if log is not None:
                with log.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(asdict(rep)) + "\n")
            print(
                f"  e2e N={persons:,} seed {rep.seed}: estimate {rep.estimate} "
                f"[{rep.lower}–{rep.upper}], true histories {rep.true_estimate}, "
                f"documented {rep.documented} / {rep.true_documented}, truth {rep.true_total}, "
                f"linkage samples {rep.linkage_samples}; "
                + ", ".join(f"{k} {v:.0f}s" for k, v in rep.seconds.items()),
                file=sys.stderr,
                flush=True,
            )
            reps.append(rep)
        rows += rows_for(persons, reps)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=DEFAULT_REPLICATES[3_000])
    parser.add_argument("--large", type=int, default=DEFAULT_REPLICATES[30_000])
    parser.add_argument("--first-seed", type=int, default=100)
    parser.add_argument("--log", type=Path, help="append each replicate here as a JSON line")
    parser.add_argument(
        "--score", type=Path, help="only print the table of the replicates logged in this file"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from bench.run import print_table

    if args.score:
        logged = [
            Replicate(**json.loads(line))
            for line in args.score.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        rows: list[dict[str, Any]] = []
        for persons in SIZES:
            rows += rows_for(persons, [r for r in logged if r.persons == persons])
        print_table(rows)
        return 0
    counts = {3_000: args.small, 30_000: args.large}
    print_table(run(counts=counts, first_seed=args.first_seed, log=args.log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
