"""Review that moves the numbers: how the estimate's error and width shrink per 100 decisions.

On the synthetic case (true total known), the case is imported and linked as
an investigator would; then, round by round, the truth answers the first 100
pairs of the review queue (ordered by expected effect on the counts,
`dadkhah.core.linkage.priority`) and the estimate is made again, pooled over
plausible linkages. Each row gives the estimate, its 95% interval, its error
against the truth, the width and the linkage share after that many decisions.

Run alone: `python bench/bench_review.py [--quick]`.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PER_ROUND = 100


def _row(what: str, **kw: Any) -> dict[str, Any]:
    return {"what": what, **kw}


def review_rounds(
    persons: int, rounds: int, samples: int, seed: int = 1988
) -> list[dict[str, Any]]:
    """Rows: the estimate before review and after each round of 100 truth-answered decisions."""
    from dadkhah.cli.context import setup_django
    from dadkhah.core.case import init_case
    from dadkhah.core.synth import SynthParams, generate_case

    work = Path(tempfile.mkdtemp(prefix="bench-review-"))
    case = init_case(work / "case", name="bench review", synthetic=True)
    setup_django(case)
    from dadkhah.core.estimation import LcmcrSettings
    from dadkhah.web.estimates.services import estimate_run
    from dadkhah.web.linkage.selectors import review_queue, review_queue_size
    from dadkhah.web.linkage.services import link_run, review_decide
    from dadkhah.web.sources.models import Record
    from dadkhah.web.sources.services import import_synthetic_lists

    folder = work / "synthetic"
    generate_case(folder, SynthParams(persons=persons, seed=seed))
    for _report in import_synthetic_lists(case=case, synth_dir=folder):
        pass
    link_run(started_by="bench")
    truth_of: dict[tuple[str, str], str] = {}
    with (folder / "truth" / "records.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            truth_of[(r["list"], r["record_id"])] = r["person_key"]
    person = {
        rid: truth_of.get((name, key))
        for rid, name, key in Record.objects.values_list("id", "source__name", "source_record_id")
    }
    lcmcr = LcmcrSettings(burn_in=2000, iterations=20_000, thinning=20, chains=2, seed=seed)
    rows = []
    decided = 0
    for round_ in range(rounds + 1):
        start = time.perf_counter()
        _run, result = estimate_run(
            methods=["lcmcr"], lcmcr=lcmcr, linkage_samples=samples, thresholds=[], actor="bench"
        )
        seconds = time.perf_counter() - start
        r = result.results[0]  # type: ignore[union-attr]
        linkage = result.linkage
        if r.estimate is not None and r.lower is not None and r.upper is not None:
            error = (r.estimate - persons) / persons
            note = (
                f"LCMCR {r.estimate:,.0f} [{r.lower:,.0f}–{r.upper:,.0f}] for a truth of "
                f"{persons:,}: error {error:+.1%}, width {r.upper - r.lower:,.0f}, linkage "
                f"share {r.linkage_share or 0:.0%}; documented {result.documented:,} "
                f"{list(linkage.documented_interval) if linkage and linkage.documented_interval else ''}"
                f"; {review_queue_size():,} pairs still waiting"
            )
        else:
            note = "no estimate"
        rows.append(
            _row(
                f"review: estimate after {decided} decisions (truth answers, {samples} linkages)",
                size=persons,
                seconds=seconds,
                note=note,
            )
        )
        if round_ == rounds:
            break
        for pair in review_queue(limit=PER_ROUND):
            a, b = person.get(pair.record_a_id), person.get(pair.record_b_id)
            verdict = "same" if a is not None and a == b else "different"
            review_decide(
                record_a=pair.record_a_id,
                record_b=pair.record_b_id,
                verdict=verdict,
                reason="bench: the synthetic truth",
                reviewer="bench",
            )
            decided += 1
    return rows


def run(quick: bool = False) -> list[dict[str, Any]]:
    """The review-effect rows (`make bench`)."""
    if quick:
        return review_rounds(persons=1000, rounds=2, samples=10)
    return review_rounds(persons=3000, rounds=3, samples=20)


def main() -> int:
    from bench.run import print_table

    print_table(run(quick="--quick" in sys.argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
