"""Whether the documented interval holds the truth, on both generators, and why.

Issue 10, "The documented interval covers the true number of listed persons
in ≥ 90% of replicates". The sampler (dadkhah.core.linkage.sampling) doubts
the registry's decisions: each **merge** that built a person is kept with
its pair's probability, two persons are **joined** with their best pair's,
a one-name record joins one candidate at most, and every sample shifts all
log-odds by one draw of N(0, CALIBRATION_SPREAD²). For each data set this
bench prints:

- the calibration of merges and of joins (ECE: stated probability against
  the share truly the same person): neither is a random pair;
- the **shift**: the one log-odds shift that centres the samples on the true
  count (found by bisection); its spread across data sets is what
  CALIBRATION_SPREAD must cover;
- the documented interval (2.5% and 97.5% points of the persons on the
  counted lists over 100 samples) without the shift and with it, and
  whether each holds the truth.

Data sets, each linked in memory as a case is linked (duplicate-free lists,
one-name records): the synthetic generator (identifiable capture mode, seeds
300–311, where the sampler was built, and its default mode, seeds 500–505)
and the second generator (dadkhah.core.listgen, seeds 600–605). The
end-to-end bench (bench_end_to_end.py, seeds 100–119, through the
commands) and fresh seeds of the second generator (700–705) are the check.

    python bench/bench_linkage_decisions.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_linkage import _row, load, synthetic_table  # noqa: E402
from bench.bench_linkage_panel import listgen_table  # noqa: E402

SAMPLES = 100


@dataclass
class Linked:
    """One data set linked by the person model: what the sampler gets, and the truth."""

    name: str
    ids: list[int]
    scored: list[tuple[int, int, float]]
    rules: Any
    truth: dict[int, str]
    counted: Any  # column indices (into sorted ids) of the records on counted lists
    true_count: int


def _folder(name: str) -> Path:
    """A data set's cached folder: "synthetic SEED [latent-classes]" or "listgen SEED"."""
    words = name.split()
    if words[0] == "synthetic":
        capture = words[2] if len(words) > 2 else None
        return synthetic_table(3_000, seed=int(words[1]), capture=capture)[0]
    return listgen_table(2_500, int(words[1]), "latent")


def linked(name: str) -> Linked:
    """Link one data set as a case is linked, and note which records are counted."""
    import numpy as np

    from dadkhah.core.linkage.clustering import Constraints
    from dadkhah.pipelines.linkage import link_table

    folder = _folder(name)
    table, truth, lists, exclusive = load(folder)
    result = link_table(table, constraints=Constraints(exclusive=exclusive))
    ids = table.column("unique_id").to_pylist()
    given, family = table.column("given_key").to_pylist(), table.column("family_key").to_pylist()
    partial = frozenset(r for r, g, f in zip(ids, given, family, strict=True) if not g or not f)
    pairs = result.pairs
    scored = list(
        zip(
            pairs.column("a").to_pylist(),
            pairs.column("b").to_pylist(),
            pairs.column("probability").to_pylist(),
            strict=True,
        )
    )
    # Counted: the systematic lists, as `estimate` counts (the second
    # generator's lists say nothing, so all of them).
    meta = tomllib.loads((folder / "lists.toml").read_text(encoding="utf-8"))
    counted_lists = {e["name"] for e in meta["lists"] if e.get("systematic", True)}
    counted = {r for r, name_ in lists.items() if name_ in counted_lists}
    columns = np.array([j for j, r in enumerate(sorted(ids)) if r in counted], dtype=np.int64)
    return Linked(
        name=name,
        ids=ids,
        scored=scored,
        rules=replace(Constraints(exclusive=exclusive), partial=partial),
        truth=truth,
        counted=columns,
        true_count=len({truth[r] for r in counted}),
    )


def counts(case: Linked, *, tilt: float, shift: float = 0.0, samples: int = SAMPLES) -> Any:
    """Persons on the counted lists in each sample (probabilities shifted by ``shift``)."""
    import numpy as np

    from dadkhah.core.linkage.sampling import sample_linkages, shift_log_odds

    scored = case.scored
    if shift:
        p = shift_log_odds(np.array([t[2] for t in scored], dtype=np.float64), shift)
        scored = [(a, b, float(q)) for (a, b, _p), q in zip(scored, p, strict=True)]
    drawn = sample_linkages(
        case.ids, scored, constraints=case.rules, samples=samples, seed=1, tilt=tilt
    )
    return np.array([len(np.unique(row[case.counted])) for row in drawn.labels])


def centring_shift(case: Linked) -> float:
    """The log-odds shift whose samples' mean count is the true count (bisection in ±4)."""
    lo, hi = -4.0, 4.0  # the count falls as the shift rises
    for _ in range(9):
        mid = (lo + hi) / 2
        if counts(case, tilt=0.0, shift=mid, samples=40).mean() > case.true_count:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def calibration(case: Linked) -> dict[str, float]:
    """ECE of the registry's merges and of its best joins between persons."""
    from dadkhah.core.linkage.calibration import expected_calibration_error, reliability
    from dadkhah.core.linkage.sampling import DEFAULT_THRESHOLD, registry_doubts

    ordered = sorted(case.scored, key=lambda t: (-t[2], t[0], t[1]))
    doubts = registry_doubts(sorted(case.ids), ordered, case.rules, DEFAULT_THRESHOLD)
    out = {}
    for kind, links in (("merges", doubts.merges), ("joins", doubts.joins)):
        table = reliability(
            [p for *_ab, p in links], [case.truth[a] == case.truth[b] for a, b, _p in links]
        )
        out[kind] = expected_calibration_error(table)
    return out


def _interval(values: Any) -> tuple[int, int]:
    import numpy as np

    lo, hi = np.quantile(values, [0.025, 0.975])
    return int(np.floor(lo)), int(np.ceil(hi))


def evaluate(name: str, part: str) -> dict[str, Any]:
    from dadkhah.core.linkage.sampling import CALIBRATION_SPREAD

    start = time.perf_counter()
    case = linked(name)
    ece = calibration(case)
    shift = centring_shift(case)
    plain = _interval(counts(case, tilt=0.0))
    spread = _interval(counts(case, tilt=CALIBRATION_SPREAD))
    truth = case.true_count

    def held(iv: tuple[int, int]) -> bool:
        return iv[0] <= truth <= iv[1]

    return {
        "name": name,
        "part": part,
        "truth": truth,
        "ece": ece,
        "shift": shift,
        "plain": plain,
        "spread": spread,
        "plain_holds": held(plain),
        "spread_holds": held(spread),
        "seconds": time.perf_counter() - start,
    }


def panel(quick: bool) -> list[tuple[str, str]]:
    """(data set, part): "built on" (the sampler's spread was read here) or "check"."""
    n = 2 if quick else 6
    sets = [(f"synthetic {s} latent-classes", "built on") for s in range(300, 300 + 2 * n)]
    sets += [(f"synthetic {s}", "built on") for s in range(500, 500 + n)]
    sets += [(f"listgen {s}", "built on") for s in range(600, 600 + n)]
    sets += [(f"listgen {s}", "check") for s in range(700, 700 + n)]
    return sets


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows for `make bench`: one per data set and one per generator and part."""
    import statistics

    from dadkhah.core.linkage.sampling import CALIBRATION_SPREAD

    results = []
    for name, part in panel(quick):
        r = evaluate(name, part)
        results.append(r)
        print(json.dumps(r), file=sys.stderr, flush=True)
    rows = []
    for r in results:
        rows.append(
            _row(
                f"documented interval: {r['name']} ({r['part']})",
                size=r["truth"],
                seconds=r["seconds"],
                target="holds the truth",
                note=(
                    f"truth {r['truth']:,}; without the shift [{r['plain'][0]:,}–{r['plain'][1]:,}]"
                    f" {'holds' if r['plain_holds'] else 'MISSES'}; with it"
                    f" [{r['spread'][0]:,}–{r['spread'][1]:,}] {'holds' if r['spread_holds'] else 'MISSES'};"
                    f" centring shift {r['shift']:+.2f}; ECE merges {r['ece']['merges']:.3f},"
                    f" joins {r['ece']['joins']:.3f}"
                ),
            )
        )
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in results:
        generator = "synthetic" if r["name"].startswith("synthetic") else "listgen"
        groups.setdefault((generator, r["part"]), []).append(r)
    for (generator, part), rs in groups.items():
        shifts = [r["shift"] for r in rs]
        rows.append(
            _row(
                f"documented interval: {generator}, {part} ({len(rs)} data sets)",
                size=len(rs),
                target="holds the truth in ≥ 90%",
                note=(
                    f"holds {sum(r['spread_holds'] for r in rs)}/{len(rs)} with the shift"
                    f" (spread {CALIBRATION_SPREAD}), {sum(r['plain_holds'] for r in rs)}/{len(rs)}"
                    f" without; centring shifts mean {statistics.mean(shifts):+.2f}"
                    f" (from {min(shifts):+.2f} to {max(shifts):+.2f}); median width"
                    f" {statistics.median(r['spread'][1] - r['spread'][0] for r in rs):,.0f}"
                    f" with, {statistics.median(r['plain'][1] - r['plain'][0] for r in rs):,.0f} without"
                ),
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    for r in run(quick=args.quick):
        print(f"{r['what']}\n    {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
