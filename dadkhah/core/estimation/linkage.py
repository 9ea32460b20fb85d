"""Estimates that carry linkage uncertainty: pooled over plausible linkages, and by threshold.

The registry's capture histories come from one linkage. Each plausible
linkage (`dadkhah.core.linkage.sampling`) gives other histories and so
another posterior for the total. Pooling the posterior draws of every
linkage sample, in equal numbers, gives draws from the mixture over
linkages: the "multiple imputation of linkages" of the reading list, with
Rubin's rules replaced by pooling of draws because the posteriors are
skewed. The pooled interval carries both kinds of uncertainty.

How much of it is linkage's is measured by the law of total variance,
Var(N) = E[Var(N | linkage)] + Var(E[N | linkage]): the second term over the
whole is the linkage share. Variances add and interval widths do not, so the
share is of the squared width (for a normal posterior, exactly so).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.errors import InputError
from dadkhah.core.estimation.estimate import estimate_table
from dadkhah.core.estimation.lcmcr import LcmcrSettings
from dadkhah.core.estimation.loglinear import LoglinearSettings, fit_model, profile_interval
from dadkhah.core.estimation.result import (
    LCMCR,
    LOGLINEAR,
    EstimateWarning,
    MethodResult,
    TableEstimate,
)
from dadkhah.core.estimation.strata import estimate_strata, loglinear_draws
from dadkhah.core.estimation.table import CountsTable, EstimationInputError

__all__ = [
    "SensitivityRow",
    "check_threshold",
    "count_interval",
    "estimate_linkage_samples",
    "linkage_share",
    "per_sample_settings",
    "pool_results",
    "sensitivity_rows",
    "sensitivity_warning",
]

#: Draws kept from each linkage sample's estimate, for both methods.
DRAWS_PER_SAMPLE = 200
#: Link thresholds the sensitivity table covers by default.
SENSITIVITY_THRESHOLDS = (0.3, 0.5, 0.7, 0.9)
#: Above this linkage share the output says that review, not more lists, narrows the interval.
LARGE_LINKAGE_SHARE = 0.5

SampleProgress = Callable[[int, int], None]


def check_threshold(value: float, *, what: str = "threshold") -> float:
    """``value`` when it is a probability strictly between 0 and 1.

    Raises:
        InputError: 0, 1 or beyond: at 0 every scored pair links, at 1 none does.
    """
    if not (isinstance(value, int | float) and math.isfinite(value) and 0 < value < 1):
        raise InputError(
            f"{what} {value!r} is outside (0, 1): a link threshold is a match probability "
            "strictly between 0 and 1 (at 0 every scored pair would link, at 1 none). "
            "Use e.g. 0.5."
        )
    return float(value)


def count_interval(counts: NDArray[np.integer[Any]] | Sequence[int]) -> tuple[int, int]:
    """The 2.5% and 97.5% points of a count over linkage samples, as whole people."""
    values = np.asarray(counts, dtype=np.float64)
    lo, hi = np.quantile(values, [0.025, 0.975], method="inverted_cdf")
    return int(lo), int(hi)


def per_sample_settings(lcmcr: LcmcrSettings) -> LcmcrSettings:
    """LCMCR settings for one linkage sample: one chain, a fifth of the burn-in, 200 draws.

    Each sample needs far fewer draws than a full run, because the pooled
    interval is made of all samples' draws together (50 samples give 10,000);
    the burn-in stays long enough for a chain started afresh to settle, and
    the full run at the registry's own linkage (its R-hat and traces) is the
    convergence check. Thinning is at most 10: neighbouring draws of one
    chain are correlated, which widens nothing here and only makes each
    sample's share of the pool a little less informative.
    """
    burn_in = max(1000, lcmcr.burn_in // 5)
    thinning = max(1, min(lcmcr.thinning, 10))
    iterations = DRAWS_PER_SAMPLE * thinning
    return replace(lcmcr, chains=1, burn_in=burn_in, iterations=iterations, thinning=thinning)


def _draws_of(result: MethodResult, documented: int, rng: np.random.Generator) -> NDArray[Any]:
    """DRAWS_PER_SAMPLE draws of the total from one linkage sample's result."""
    if result.draws is not None and result.method == LCMCR:
        flat = np.asarray(result.draws, dtype=np.float64).reshape(-1)
        return rng.choice(flat, size=DRAWS_PER_SAMPLE, replace=flat.size < DRAWS_PER_SAMPLE)
    if result.draws is not None:  # a stratified total's Monte Carlo draws
        flat = np.asarray(result.draws, dtype=np.float64).reshape(-1)
        return rng.choice(flat, size=DRAWS_PER_SAMPLE, replace=flat.size < DRAWS_PER_SAMPLE)
    return loglinear_draws(result, documented, DRAWS_PER_SAMPLE, rng)


def linkage_share(per_sample: Sequence[NDArray[Any]]) -> float:
    """Var(E[N | linkage]) / Var(N) over linkage samples' draws (law of total variance).

    The spread of each sample's mean includes Monte Carlo noise of about
    Var(N | linkage) / draws, which is taken off the between-sample part so
    that a few draws per sample do not pass for linkage uncertainty.
    """
    if len(per_sample) < 2:
        return 0.0
    means = np.array([d.mean() for d in per_sample])
    within = np.array([d.var(ddof=1) if d.size > 1 else 0.0 for d in per_sample])
    size = min(d.size for d in per_sample)
    between = max(0.0, float(means.var(ddof=1)) - float(within.mean()) / size)
    total = between + float(within.mean())
    return between / total if total > 0 else 0.0


def pool_results(
    point: Sequence[MethodResult],
    per_sample: Sequence[tuple[int, Sequence[MethodResult]]],
    *,
    seed: int,
) -> list[MethodResult]:
    """Each method's result pooled over linkage samples.

    Args:
        point: The results at the registry's own linkage (full settings): their
            warnings and diagnostics are kept, their numbers move to
            ``details["at_point_linkage"]``.
        per_sample: (documented, results) of each linkage sample.
        seed: Seed of the resampling of draws.

    Returns:
        One result per method of ``point``, with the pooled median and 95%
        interval, ``linkage_share`` set, and a warning when linkage dominates.
    """
    rng = np.random.default_rng(seed)
    out = []
    for base in point:
        draws: list[NDArray[Any]] = []
        unbounded = False
        for documented, results in per_sample:
            r = next((x for x in results if x.method == base.method), None)
            if r is None or r.estimate is None or r.lower is None or r.upper is None:
                continue
            unbounded = unbounded or not math.isfinite(r.upper)
            draws.append(_draws_of(r, documented, rng))
        if base.estimate is None or not draws:
            out.append(base)
            continue
        pooled = np.concatenate(draws)
        lower, median, upper = (float(v) for v in np.quantile(pooled, [0.025, 0.5, 0.975]))
        share = linkage_share(draws)
        details = dict(base.details)
        details["at_point_linkage"] = {
            "estimate": base.estimate,
            "lower": base.lower,
            "upper": base.upper,
        }
        details["linkage_samples_used"] = len(draws)
        warnings = list(base.warnings)
        if share > LARGE_LINKAGE_SHARE:
            warnings.append(
                EstimateWarning(
                    "linkage-dominates",
                    f"{share:.0%} of this interval's width (as variance) comes from doubt about "
                    "which records are the same person, not from the lists' sampling: reviewing "
                    "the pairs at the top of the review queue narrows it more than anything else.",
                )
            )
        if unbounded:
            upper = math.inf
        out.append(
            MethodResult(
                base.method,
                median,
                lower,
                upper,
                warnings,
                details,
                np.stack(draws),
                linkage_share=share,
                at_point=base,
            )
        )
    return out


def _fixed_loglinear(
    table: CountsTable, point: MethodResult, lists: Sequence[str], settings: LoglinearSettings
) -> MethodResult | None:
    """The point linkage's chosen log-linear model refitted on a sample's table.

    Searching all models again for every linkage sample would cost a model
    search per sample (seconds each, the bulk of the run); the model chosen at
    the registry's own linkage is kept, and the model uncertainty is reported
    there (the "model-uncertainty" warning). None when the sample's lists
    differ from the point's, or the model has no finite estimate on it.
    """
    pairs = point.details.get("pairs")
    used, _dropped = table.without_empty_lists()
    if not isinstance(pairs, list) or tuple(used.lists) != tuple(lists):
        return None
    chosen = tuple((int(a), int(b)) for a, b in pairs)
    fit = fit_model(used, chosen)
    if fit is None:
        return None
    lower, upper, _unbounded = profile_interval(used, fit, settings.level)
    return MethodResult(LOGLINEAR, fit.estimate, lower, upper)


def estimate_linkage_samples(
    tables: Sequence[CountsTable | Mapping[str, CountsTable]],
    *,
    methods: Sequence[str],
    lcmcr: LcmcrSettings,
    loglinear: LoglinearSettings,
    progress: SampleProgress | None = None,
    point: TableEstimate | None = None,
) -> list[tuple[int, Sequence[MethodResult]]]:
    """Estimate every linkage sample's table with the per-sample settings.

    A sample given as tables by stratum is estimated stratum by stratum and
    contributes its totals. A sample whose table has no estimate (nobody on
    two lists) contributes nothing; the pooled result says how many samples
    it used. Given the ``point`` estimate of one table, log-linear refits the
    model chosen there instead of searching again (``_fixed_loglinear``).
    """
    settings = per_sample_settings(lcmcr)
    seeds = np.random.SeedSequence(lcmcr.seed).spawn(len(tables))
    out: list[tuple[int, Sequence[MethodResult]]] = []
    for i, table in enumerate(tables):
        seed = int(seeds[i].generate_state(1, dtype=np.uint32)[0])
        one = replace(settings, seed=seed, workers=1)
        try:
            if isinstance(table, CountsTable):
                fixed = point.result(LOGLINEAR) if point is not None else None
                refit = (
                    _fixed_loglinear(table, fixed, point.lists, loglinear)
                    if fixed is not None and fixed.ok and point is not None
                    else None
                )
                rest = [m for m in methods if refit is None or m != LOGLINEAR]
                found: list[MethodResult] = [refit] if refit is not None else []
                if rest:
                    result = estimate_table(table, methods=rest, lcmcr=one, loglinear=loglinear)
                    found = [*result.results, *found]
                out.append((table.documented, found))
            else:
                strata = estimate_strata(table, methods=methods, lcmcr=one, loglinear=loglinear)
                out.append((strata.documented, strata.totals))
        except EstimationInputError:
            pass
        if progress is not None:
            progress(i + 1, len(tables))
    return out


@dataclass(frozen=True)
class SensitivityRow:
    """The documented count and each method's estimate at one link threshold."""

    threshold: float
    documented: int
    estimates: Mapping[str, tuple[float | None, float | None, float | None]]

    def to_dict(self) -> dict[str, Any]:
        """As JSON values (whole people; null where a method gave no number)."""

        def people(v: float | None) -> int | None:
            return None if v is None or not math.isfinite(v) else round(v)

        return {
            "threshold": self.threshold,
            "documented": self.documented,
            "results": {
                m: {"estimate": people(e), "lower": people(lo), "upper": people(hi)}
                for m, (e, lo, hi) in self.estimates.items()
            },
        }


def sensitivity_rows(
    tables: Mapping[float, CountsTable],
    *,
    methods: Sequence[str],
    lcmcr: LcmcrSettings,
    loglinear: LoglinearSettings,
) -> list[SensitivityRow]:
    """The documented count and the estimate at each threshold's clustering."""
    settings = replace(per_sample_settings(lcmcr), chains=2, workers=1)
    rows = []
    for threshold in sorted(tables):
        table = tables[threshold]
        estimates: dict[str, tuple[float | None, float | None, float | None]] = {}
        try:
            result = estimate_table(table, methods=methods, lcmcr=settings, loglinear=loglinear)
            for r in result.results:
                estimates[r.method] = (r.estimate, r.lower, r.upper)
        except EstimationInputError:
            estimates = {m: (None, None, None) for m in methods}
        rows.append(SensitivityRow(threshold, table.documented, estimates))
    return rows


def sensitivity_warning(
    rows: Sequence[SensitivityRow], results: Sequence[MethodResult]
) -> EstimateWarning | None:
    """A loud warning when an estimate moves more than its interval's half-width over thresholds.

    Every threshold in the table is one a linkage could defensibly use (the
    review band's ends and the middle), so a total that moves more than its
    own uncertainty across them depends on a choice the data do not settle.
    """
    moved = []
    for r in results:
        if r.lower is None or r.upper is None or not math.isfinite(r.upper):
            continue
        values = [
            e for row in rows if (e := row.estimates.get(r.method, (None,) * 3)[0]) is not None
        ]
        if len(values) < 2:
            continue
        spread = max(values) - min(values)
        half = (r.upper - r.lower) / 2
        if spread > half:
            moved.append(
                f"{r.method} moves by {spread:,.0f} (from {min(values):,.0f} to "
                f"{max(values):,.0f}), more than half its interval's width ({half:,.0f})"
            )
    if not moved:
        return None
    thresholds = ", ".join(f"{row.threshold:g}" for row in rows)
    return EstimateWarning(
        "threshold-sensitive",
        "THE ESTIMATE DEPENDS ON THE LINK THRESHOLD: across thresholds "
        f"{thresholds}, {'; '.join(moved)}. Review the uncertain pairs before publishing "
        "and report the table of thresholds with the number.",
    )
