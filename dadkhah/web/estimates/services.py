"""Run a multiple systems estimate on the linked case and store it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import transaction

from dadkhah.core.errors import InputError
from dadkhah.core.estimation import (
    DEFAULT_METHODS,
    CountsTable,
    DgaSettings,
    LcmcrSettings,
    LoglinearSettings,
    StratifiedResult,
    TableEstimate,
    estimate_strata,
    estimate_table,
    tables_by_stratum,
)
from dadkhah.core.estimation.compare import reading
from dadkhah.core.estimation.lcmcr import Progress
from dadkhah.core.estimation.linkage import (
    SENSITIVITY_THRESHOLDS,
    SampleProgress,
    check_threshold,
    count_interval,
    estimate_linkage_samples,
    pool_results,
    sensitivity_rows,
    sensitivity_warning,
)
from dadkhah.core.estimation.result import LinkageSummary
from dadkhah.core.linkage.sampling import DEFAULT_SAMPLES
from dadkhah.web.estimates.linkage import (
    case_was_linked,
    documented,
    draw_linkages,
    histories,
    histories_by_stratum,
    linkage_material,
    threshold_labels,
)
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.estimates.selectors import capture_histories, current_lists
from dadkhah.web.linkage.selectors import current_records
from dadkhah.web.sources.models import Source

MIN_LISTS = 2


def estimate_run(
    *,
    by: str | None = None,
    list_names: Sequence[str] | None = None,
    methods: Sequence[str] = DEFAULT_METHODS,
    lcmcr: LcmcrSettings | None = None,
    loglinear: LoglinearSettings | None = None,
    dga: DgaSettings | None = None,
    progress: Progress | None = None,
    plots_dir: Path | None = None,
    actor: str = "",
    linkage_samples: int | None = None,
    thresholds: Sequence[float] | None = None,
    sample_progress: SampleProgress | None = None,
) -> tuple[EstimateRun, TableEstimate | StratifiedResult]:
    """Estimate from the linked persons' capture histories; store the run with its settings.

    Args:
        linkage_samples: Plausible linkages to pool the estimate over (0: the
            registry's linkage taken as given); None draws
            ``DEFAULT_SAMPLES`` when the case was linked, else none.
        thresholds: Link thresholds of the sensitivity table (default
            ``SENSITIVITY_THRESHOLDS`` when the case was linked); empty: none.
        sample_progress: progress(done, total) over linkage samples.

    Raises:
        InputError: too few lists, no linked persons, an estimate that is
            undefined, a threshold outside (0, 1), linkage samples asked of a
            case never linked, or review decisions that contradict each other.
    """
    linked = case_was_linked()
    if linkage_samples is not None and linkage_samples < 0:
        raise InputError(f"linkage samples must be 0 or more (got {linkage_samples}).")
    if linkage_samples and not linked:
        raise InputError(
            "--linkage-samples: this case was never linked, so there are no match "
            "probabilities to draw plausible linkages from. Run `dadkhah link` first, or "
            "pass --linkage-samples 0."
        )
    samples = linkage_samples if linkage_samples is not None else (DEFAULT_SAMPLES if linked else 0)
    wanted = list(thresholds) if thresholds is not None else list(SENSITIVITY_THRESHOLDS)
    wanted = sorted({check_threshold(t) for t in wanted}) if linked and samples > 0 else []
    lcmcr = (lcmcr if lcmcr is not None else LcmcrSettings()).validated()
    loglinear = loglinear if loglinear is not None else LoglinearSettings()
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
            table, methods=methods, lcmcr=lcmcr, loglinear=loglinear, progress=progress, dga=dga
        )
    else:
        tables = tables_by_stratum(names, people)
        result = estimate_strata(
            tables,
            methods=methods,
            lcmcr=lcmcr,
            loglinear=loglinear,
            progress=progress,
            dga=dga,
        )
    if samples > 0:
        _with_linkage_uncertainty(
            result,
            by=by,
            lists=lists,
            methods=methods,
            lcmcr=lcmcr,
            loglinear=loglinear,
            samples=samples,
            thresholds=wanted,
            progress=sample_progress,
        )
    with transaction.atomic():
        run = EstimateRun.objects.create(
            created_by=actor,
            by=by or "",
            lists=names,
            settings={
                "methods": list(methods),
                "by": by,
                "lists": names,
                "linkage_samples": samples,
                "thresholds": wanted,
            },
            result=result.to_dict(),
            documented=result.documented,
        )
    if plots_dir is not None:
        from dadkhah.core.estimation.plots import save_plots

        out = plots_dir / f"run-{run.pk:04d}"
        paths = save_plots(result, out)
        run.plots = [_stored_path(p) for p in paths]
        run.save(update_fields=["plots"])
    return run, result


def _stored_path(path: Path) -> str:
    """A plot's path as stored: relative to the case folder, so it survives a move.

    (Stored relative to the working folder, a path was joined to the case
    folder a second time and every plot URL answered 404.)
    """
    case = getattr(settings, "CASE", None)
    resolved = path.resolve()
    if case is not None and resolved.is_relative_to(Path(case.root).resolve()):
        return str(resolved.relative_to(Path(case.root).resolve()))
    return str(resolved)


def _with_linkage_uncertainty(
    result: TableEstimate | StratifiedResult,
    *,
    by: str | None,
    lists: Sequence[Source],
    methods: Sequence[str],
    lcmcr: LcmcrSettings,
    loglinear: LoglinearSettings,
    samples: int,
    thresholds: Sequence[float],
    progress: SampleProgress | None,
) -> None:
    """Pool ``result`` over plausible linkages; add the documented interval and sensitivity."""
    names = [s.name for s in lists]
    material = linkage_material(lists=lists, by=by)
    drawn = draw_linkages(material, samples=samples, seed=lcmcr.seed)
    tables: list[CountsTable | dict[str, CountsTable]] = [
        histories(material, labels, names)
        if by is None
        else histories_by_stratum(material, labels, names, by)
        for labels in drawn.labels
    ]
    per_sample = estimate_linkage_samples(
        tables,
        methods=methods,
        lcmcr=lcmcr,
        loglinear=loglinear,
        progress=progress,
        point=result if isinstance(result, TableEstimate) else None,
    )
    seed = int(lcmcr.seed or 0)
    if isinstance(result, TableEstimate):
        result.results = pool_results(result.results, per_sample, seed=seed)
        pooled = result.results
    else:
        result.totals = pool_results(result.totals, per_sample, seed=seed)
        pooled = result.totals
    result.comparison = reading(pooled)  # the pooled numbers are the ones shown
    rows = sensitivity_rows(
        {t: histories(material, threshold_labels(material, t), names) for t in thresholds},
        methods=methods,
        lcmcr=lcmcr,
        loglinear=loglinear,
    )
    warning = sensitivity_warning(rows, pooled)
    if warning is not None:
        result.warnings.append(warning)
    result.linkage = LinkageSummary(
        samples=samples,
        documented_interval=count_interval(
            [documented(material, labels) for labels in drawn.labels]
        ),
        registry_interval=count_interval(drawn.persons()),
        registry_persons=registry_persons(),
        seed=drawn.seed,
        sensitivity=[row.to_dict() for row in rows],
    )


def registry_persons() -> int:
    """Persons in the registry now: distinct persons of the current records."""
    persons: int = current_records().exclude(person=None).values("person_id").distinct().count()
    return persons
