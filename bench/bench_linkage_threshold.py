"""The linking threshold across the linkage panel: one Splink run per data set.

Issue 10. For each data set of the panel (bench/bench_linkage_panel.py) the
pairs are scored once, at the settings' own threshold, and then clustered
again at each threshold of THRESHOLDS with the same constraints. Splink's
scores do not depend on the threshold (it only decides which stored pairs
become links), so this gives the same clusters as a full run per threshold.

Per data set and threshold: pairwise P/R/F1 and B-cubed F1; on the synthetic
case the F1 on the records that name a person (given and family); on the
second generator's lists the survivors' pairwise P and R.

`python bench/bench_linkage_threshold.py [--only NAME] [--quick] [--json]` prints one
line per data set and threshold (tab-separated). Run one data set at a time
on a shared machine.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_linkage_panel import _survivor_scores, linked, panel  # noqa: E402

THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7)


def _scored(name: str, table: Any, exclusive: dict[int, str]) -> tuple[Any, Any, Any]:
    """(pairs, constraints with one-name records marked, labels at the settings' threshold)."""
    from dadkhah.core.linkage.clustering import Constraints
    from dadkhah.pipelines.linkage import _with_partial

    result = linked(name, table, exclusive)
    constraints = _with_partial(Constraints(exclusive=exclusive), table, result.model.get("spec"))
    return result.pairs, constraints, result.clusters.labels


def _cluster(table: Any, pairs: Any, constraints: Any, threshold: float) -> dict[int, int]:
    from dadkhah.core.linkage.clustering import cluster_records
    from dadkhah.pipelines.linkage import _links

    return cluster_records(
        table.column("unique_id").to_pylist(),
        _links(pairs, threshold),
        threshold=threshold,
        constraints=constraints,
    ).labels


def sweep(name: str, part: str, make: Any) -> list[dict[str, Any]]:
    """One row per threshold for one data set."""
    from dadkhah.core.linkage.metrics import scores
    from dadkhah.core.linkage.settings import LinkageSettings

    table, truth, lists, exclusive = make()
    pairs, constraints, labels = _scored(name, table, exclusive)
    own = 0.9 if name.startswith("FEBRL") else LinkageSettings().threshold
    # The re-clustering must give the pipeline's own clusters at its own threshold.
    assert _cluster(table, pairs, constraints, own) == labels, name
    named = None
    if name.startswith("synthetic"):
        named = {
            r
            for r, g, f in zip(
                table.column("unique_id").to_pylist(),
                table.column("given_key").to_pylist(),
                table.column("family_key").to_pylist(),
                strict=True,
            )
            if g and f
        }
    rows = []
    thresholds = sorted(set(THRESHOLDS) | ({own} if name.startswith("FEBRL") else set()))
    for t in thresholds:
        at = _cluster(table, pairs, constraints, t)
        s = scores(at, truth)
        row: dict[str, Any] = {
            "set": name,
            "part": part,
            "threshold": t,
            "P": s.precision,
            "R": s.recall,
            "F1": s.f1,
            "B3F1": s.bcubed_f1,
        }
        if named is not None:
            n = scores({r: at[r] for r in named}, truth)
            row.update(named_P=n.precision, named_R=n.recall, named_F1=n.f1)
        if "survivors" in set(lists.values()):
            row["surv_P"], row["surv_R"] = _survivor_scores(at, truth, lists)
        rows.append(row)
    return rows


def _line(row: dict[str, Any]) -> str:
    cells = [row["set"], row["part"], f"{row['threshold']:.2f}"]
    cells += [f"{k} {row[k]:.3f}" for k in ("P", "R", "F1", "B3F1")]
    cells += [f"{k} {row[k]:.3f}" for k in ("named_P", "named_R", "named_F1") if k in row]
    cells += [f"{k} {row[k]:.3f}" for k in ("surv_P", "surv_R") if k in row]
    return "\t".join(cells)


if __name__ == "__main__":
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    for name, part, make in panel(quick="--quick" in sys.argv):
        if only is not None and only.lower() not in name.lower():
            continue
        for r in sweep(name, part, make):
            print(json.dumps(r) if "--json" in sys.argv else _line(r), flush=True)
