"""Build the demo case: the synthetic case, imported, linked, loaded and estimated.

Every person in it is fictional (`dadkhah synth`); places are real, as are the
structure and calendar of 1988. The steps are the ones an investigator runs:
import each list, link, load what else is known, estimate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dadkhah.core.case import Case

if TYPE_CHECKING:
    from dadkhah.core.estimation import LcmcrSettings

Echo = Callable[[str], object]

SYNTH_FOLDER = "synthetic-source"


def demo_case_build(
    *,
    case: Case,
    persons: int,
    seed: int,
    echo: Echo = print,
    lcmcr: LcmcrSettings | None = None,
) -> None:
    """Build the demo case in an initialised, migrated case folder.

    ``lcmcr`` runs the estimate's chains; by default the reference's settings, seeded with
    the demo's ``seed``.
    """
    from dadkhah.core.estimation import LcmcrSettings
    from dadkhah.core.estimation.result import TableEstimate
    from dadkhah.core.synth import SynthParams, generate_case
    from dadkhah.web.demo.entities import entities_load
    from dadkhah.web.estimates.services import estimate_run
    from dadkhah.web.linkage.services import link_run
    from dadkhah.web.sources.services import import_synthetic_lists

    started = time.monotonic()
    folder = case.root / SYNTH_FOLDER

    def step(message: str) -> None:
        echo(f"[{time.monotonic() - started:6.1f} s] {message}")

    step(f"Generating a synthetic case of {persons:,} persons (seed {seed}) in {folder} …")
    summary = generate_case(folder, SynthParams(persons=persons, seed=seed))
    step(f"  {summary['records']:,} records on {len(summary['lists'])} lists.")
    step("Importing the lists …")
    for report in import_synthetic_lists(case=case, synth_dir=folder):
        step(f"  {report.summary()}")
    step("Linking the records into persons …")
    run = link_run(started_by="demo", echo=lambda m: step("  " + m))
    step(f"  {run}")
    step("Loading places, bodies, perpetrators, events, testimonies, claims, evidence …")
    entities_load(case=case, folder=folder, actor="demo", echo=lambda m: step("  " + m))
    step("Estimating the total number of victims (LCMCR and log-linear) …")
    # The demo's seed seeds the chains too: the same seed gives the same numbers (an
    # unseeded run draws its own seed, and the demo's total moved between builds).
    _run, result = estimate_run(
        plots_dir=case.root / "estimates",
        actor="demo",
        lcmcr=lcmcr if lcmcr is not None else LcmcrSettings(seed=seed),
    )
    assert isinstance(result, TableEstimate)  # one table: no strata (by=None)
    for r in result.results:
        if r.estimate is not None:
            step(f"  {r.method}: {r.estimate:,.0f} [{r.lower:,.0f} – {r.upper:,.0f}]")
    step(f"Done: {Path(case.root)}")
