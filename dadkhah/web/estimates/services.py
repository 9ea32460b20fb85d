"""Run a multiple systems estimate on the linked case and store it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.db import transaction

from dadkhah.core.errors import InputError
from dadkhah.core.estimation import (
    METHODS,
    CountsTable,
    LcmcrSettings,
    LoglinearSettings,
    StratifiedResult,
    TableEstimate,
    estimate_strata,
    estimate_table,
    tables_by_stratum,
)
from dadkhah.core.estimation.lcmcr import Progress
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.estimates.selectors import capture_histories, current_lists

MIN_LISTS = 2


def estimate_run(
    *,
    by: str | None = None,
    list_names: Sequence[str] | None = None,
    methods: Sequence[str] = METHODS,
    lcmcr: LcmcrSettings | None = None,
    loglinear: LoglinearSettings | None = None,
    progress: Progress | None = None,
    plots_dir: Path | None = None,
    actor: str = "",
) -> tuple[EstimateRun, TableEstimate | StratifiedResult]:
    """Estimate from the linked persons' capture histories; store the run with its settings.

    Raises:
        InputError: too few lists, no linked persons, or an estimate that is undefined.
    """
    lists = current_lists(list_names)
    if len(lists) < MIN_LISTS:
        raise InputError(
            f"{len(lists)} list(s) count for estimation; at least {MIN_LISTS} are needed. "
            "Mark systematic lists as such when importing, or name them with --lists."
        )
    names = [s.name for s in lists]
    people = capture_histories(by=by, lists=lists)
    if not people:
        raise InputError(
            "no linked person is on any of the lists "
            f"({', '.join(names)}); run `dadkhah link` first."
        )
    result: TableEstimate | StratifiedResult
    if by is None:
        table = CountsTable.from_memberships(names, [m for _s, m in people])
        result = estimate_table(
            table, methods=methods, lcmcr=lcmcr, loglinear=loglinear, progress=progress
        )
    else:
        tables = tables_by_stratum(names, people)
        result = estimate_strata(
            tables, methods=methods, lcmcr=lcmcr, loglinear=loglinear, progress=progress
        )
    with transaction.atomic():
        run = EstimateRun.objects.create(
            created_by=actor,
            by=by or "",
            lists=names,
            settings={"methods": list(methods), "by": by, "lists": names},
            result=result.to_dict(),
            documented=result.documented,
        )
    if plots_dir is not None:
        from dadkhah.core.estimation.plots import save_plots

        out = plots_dir / f"run-{run.pk:04d}"
        paths = save_plots(result, out)
        run.plots = [str(p) for p in paths]
        run.save(update_fields=["plots"])
    return run, result
