"""Estimates by stratum (city, prison, affiliation, period) and their totals.

Strata are estimated separately: lists often cover strata very differently
(a prison's own list, a city's families), and one model across them would
mix those patterns. Totals are combined draw by draw: the k-th draw of the
total is the sum of the k-th draws of the strata, a draw from the posterior
of the sum because the strata's posteriors are independent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.estimation import diagnostics
from dadkhah.core.estimation.compare import comparison_warnings, reading
from dadkhah.core.estimation.dga import DgaSettings
from dadkhah.core.estimation.estimate import estimate_table, lcmcr_will_run
from dadkhah.core.estimation.lcmcr import LcmcrSettings, Progress, sweeps_per_chain
from dadkhah.core.estimation.loglinear import LoglinearSettings
from dadkhah.core.estimation.result import (
    DEFAULT_METHODS,
    DGA,
    LCMCR,
    LOGLINEAR,
    EstimateWarning,
    MethodResult,
    StratifiedResult,
    StratumFailure,
    TableEstimate,
)
from dadkhah.core.estimation.table import CountsTable, EstimationInputError

#: Monte Carlo draws for log-linear totals.
LOGLINEAR_TOTAL_DRAWS = 20_000


def _stratum_seeds(seed: int, count: int) -> list[int]:
    children = np.random.SeedSequence(seed).spawn(count)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> 1) for c in children]


def estimate_strata(
    histories_by_stratum: Mapping[str, CountsTable],
    *,
    methods: Sequence[str] = DEFAULT_METHODS,
    lcmcr: LcmcrSettings | None = None,
    loglinear: LoglinearSettings | None = None,
    progress: Progress | None = None,
    dga: DgaSettings | None = None,
) -> StratifiedResult:
    """Estimate every stratum, then the total over strata.

    Args:
        histories_by_stratum: one table of capture histories per stratum
            (see ``tables_by_stratum`` to build them from linked people).
        methods: any of "lcmcr", "loglinear", "dga".
        lcmcr: LCMCR settings; each stratum gets its own seed derived from it.
        loglinear: log-linear settings.
        progress: progress(done, total) in LCMCR sweeps over all strata.
        dga: dga's prior.

    Returns:
        Per-stratum estimates, strata that could not be estimated (with why),
        and totals per method with their intervals and warnings.
    """
    if not histories_by_stratum:
        raise EstimationInputError("there are no strata to estimate.")
    lcmcr = (lcmcr if lcmcr is not None else LcmcrSettings()).validated()
    loglinear = loglinear if loglinear is not None else LoglinearSettings()
    assert lcmcr.seed is not None
    names = list(histories_by_stratum)
    seeds = _stratum_seeds(lcmcr.seed, len(names))
    per_stratum = sweeps_per_chain(lcmcr) * lcmcr.chains
    planned = [
        LCMCR in methods and _estimable(t) and lcmcr_will_run(t)
        for t in histories_by_stratum.values()
    ]
    total_sweeps = per_stratum * sum(planned)
    offset = 0

    def stratum_progress(done: int, _total: int) -> None:
        if progress is not None:
            progress(offset + done, total_sweeps)

    strata: list[TableEstimate] = []
    failures: list[StratumFailure] = []
    for name, seed, runs in zip(names, seeds, planned, strict=True):
        table = histories_by_stratum[name]
        try:
            strata.append(
                estimate_table(
                    table,
                    methods=methods,
                    lcmcr=replace(lcmcr, seed=seed),
                    loglinear=loglinear,
                    progress=stratum_progress,
                    stratum=name,
                    dga=dga,
                )
            )
        except EstimationInputError as exc:
            failures.append(StratumFailure(name, table.documented, str(exc)))
        if runs:
            offset += per_stratum
    totals, warnings = _totals(strata, failures, methods, lcmcr.seed)
    settings = {
        "methods": list(methods),
        "lcmcr": lcmcr.to_dict() if LCMCR in methods else None,
        "loglinear": loglinear.to_dict() if LOGLINEAR in methods else None,
        "dga": dga.to_dict() if dga is not None and DGA in methods else None,
        "stratum_seeds": dict(zip(names, seeds, strict=True)),
        "loglinear_total_draws": LOGLINEAR_TOTAL_DRAWS,
    }
    return StratifiedResult(
        strata, failures, totals, warnings, settings, comparison=reading(totals)
    )


def _estimable(table: CountsTable) -> bool:
    return table.documented > 0 and table.on_several_lists() > 0


def _totals(
    strata: list[TableEstimate],
    failures: list[StratumFailure],
    methods: Sequence[str],
    seed: int,
) -> tuple[list[MethodResult], list[EstimateWarning]]:
    warnings = [
        EstimateWarning(
            "stratum-not-estimated",
            f"stratum {f.stratum!r} ({f.documented:,} documented) could not be estimated: "
            f"{f.reason} Its documented count is in the totals with no one added for the "
            "unrecorded, so the totals undercount there.",
        )
        for f in failures
    ]
    totals = []
    for method in methods:
        missing = [s for s in strata if not (s.result(method) or _none()).ok]
        if not [s for s in strata if (s.result(method) or _none()).ok]:
            totals.append(
                MethodResult(
                    method,
                    None,
                    None,
                    None,
                    [EstimateWarning("not-run", f"{method} gave no estimate in any stratum.")],
                )
            )
            continue
        fixed = sum(s.documented for s in missing) + sum(f.documented for f in failures)
        if method == LCMCR:
            result = _lcmcr_total(strata, fixed)
        elif method == DGA:
            result = _dga_total(strata, fixed, seed)
        else:
            result = _loglinear_total(strata, fixed, seed)
        for s in missing:
            result.warnings.append(
                EstimateWarning(
                    "stratum-without-estimate",
                    f"{method} gave no estimate for stratum {s.stratum!r}; its {s.documented:,} "
                    "documented people are counted with no one added for the unrecorded.",
                )
            )
        for s in strata:
            r = s.result(method)
            for w in r.warnings if r is not None else []:
                if w.code in ("chains-disagree", "not-converged", "unbounded", "prior-driven-tail"):
                    result.warnings.append(
                        EstimateWarning(w.code, f"stratum {s.stratum!r}: {w.message}")
                    )
        totals.append(result)
    documented = sum(s.documented for s in strata) + sum(f.documented for f in failures)
    warnings += comparison_warnings(totals, documented)
    return totals, warnings


def _none() -> MethodResult:
    return MethodResult("", None, None, None)


def _summary(method: str, draws: NDArray[np.float64] | NDArray[np.int64]) -> MethodResult:
    lower, median, upper = (float(v) for v in np.quantile(draws, [0.025, 0.5, 0.975]))
    return MethodResult(method, median, lower, upper, [], {}, draws)


def _lcmcr_total(strata: list[TableEstimate], fixed: int) -> MethodResult:
    """Sum the strata's draws chain by chain and draw by draw (same settings, same shape)."""
    parts = [r.draws for s in strata if (r := s.result(LCMCR)) is not None and r.draws is not None]
    total = np.sum(np.stack(parts), axis=0) + fixed
    result = _summary(LCMCR, total)
    rhat = diagnostics.rhat(total)
    ess = diagnostics.ess(total)
    result.details = {
        "chains": int(total.shape[0]),
        "rhat": rhat,
        "ess": ess,
        "strata_combined": len(parts),
        "documented_without_estimate": fixed,
        "combination": "sum of the strata's draws, draw by draw",
    }
    if math.isfinite(rhat) and rhat > diagnostics.RHAT_LIMIT:
        result.warnings.append(
            EstimateWarning(
                "not-converged",
                f"R-hat of the total is {rhat:.3f}: some strata's chains have not mixed.",
            )
        )
    return result


def _dga_total(strata: list[TableEstimate], fixed: int, seed: int) -> MethodResult:
    """Sum the strata's posterior draws of N, each stratum's shuffled on its own.

    A stratum's draws are its posterior's quantiles in order; shuffling each
    independently makes the k-th draws of two strata independent, as their
    posteriors are, so the sums are draws from the posterior of the total.
    """
    rng = np.random.default_rng(seed)
    total = np.full(0, 0.0)
    used = 0
    for s in strata:
        r = s.result(DGA)
        if r is None or r.draws is None:
            continue
        used += 1
        draws = rng.permutation(np.asarray(r.draws, dtype=np.float64).reshape(-1))
        total = draws if total.size == 0 else total + draws
    result = _summary(DGA, total + fixed)
    result.details = {
        "strata_combined": used,
        "documented_without_estimate": fixed,
        "combination": "sum of the strata's posterior draws, each stratum's shuffled",
    }
    return result


def loglinear_draws(
    result: MethodResult, documented: int, size: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Draws of the total that follow a log-linear estimate and its profile interval.

    The unrecorded count n0 is drawn from a split log-normal with the
    estimate as its median and the interval's ends as its 2.5% and 97.5%
    points (log n0 is asymptotically normal; the split keeps the profile
    interval's asymmetry). An unbounded interval gives the estimate itself.
    """
    assert result.estimate is not None and result.lower is not None and result.upper is not None
    n = documented
    mid = max(result.estimate - n, 0.5)
    if not math.isfinite(result.upper):
        return np.full(size, float(n + mid))
    z = rng.standard_normal(size)
    lo = max(result.lower - n, 0.5 * min(mid, 1.0))
    hi = max(result.upper - n, mid)
    sd_lo = (math.log(mid) - math.log(min(lo, mid))) / 1.959964
    sd_hi = (math.log(hi) - math.log(mid)) / 1.959964
    draws: NDArray[np.float64] = n + mid * np.exp(np.where(z < 0, z * sd_lo, z * sd_hi))
    return draws


def _loglinear_total(strata: list[TableEstimate], fixed: int, seed: int) -> MethodResult:
    """Monte Carlo sum of the strata's log-linear estimates.

    Log-linear fits give an estimate and a profile interval, not draws. Each
    stratum's unrecorded count n0 is drawn from a split log-normal that has
    the estimate as its median and the interval's ends as its 2.5% and 97.5%
    points (log n0 is asymptotically normal; the split keeps the profile
    interval's asymmetry). Strata are independent; the draws are summed.
    """
    rng = np.random.default_rng(seed)
    total = np.full(LOGLINEAR_TOTAL_DRAWS, float(fixed))
    unbounded: list[str] = []
    used = 0
    for s in strata:
        r = s.result(LOGLINEAR)
        if r is None or r.estimate is None or r.lower is None or r.upper is None:
            continue
        used += 1
        if not math.isfinite(r.upper):
            unbounded.append(s.stratum or "")
        total += loglinear_draws(r, s.documented, LOGLINEAR_TOTAL_DRAWS, rng)
    result = _summary(LOGLINEAR, total)
    result.details = {
        "strata_combined": used,
        "documented_without_estimate": fixed,
        "combination": "Monte Carlo sum of split log-normal approximations to each stratum's "
        "profile-likelihood interval",
        "model": "per stratum",
    }
    result.warnings.append(
        EstimateWarning(
            "approximate-total",
            "the log-linear total combines each stratum's interval through an approximation "
            "(log-normal on each side of the estimate); the per-stratum intervals are exact "
            "profile-likelihood intervals, the total's is not.",
        )
    )
    if unbounded:
        result.upper = math.inf
        result.warnings.append(
            EstimateWarning(
                "unbounded",
                f"strata {', '.join(unbounded)} have no upper bound, so neither has the total.",
            )
        )
    return result
