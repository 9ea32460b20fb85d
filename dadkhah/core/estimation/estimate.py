"""Estimate one table with LCMCR and log-linear models, and say what limits each number.

Every result carries its interval and its warnings: chains that disagree, too
few lists, too little overlap, and the two methods disagreeing by more than
their intervals. A table that cannot be estimated at all raises, saying why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from dadkhah.core.estimation import diagnostics
from dadkhah.core.estimation.lcmcr import LcmcrRun, LcmcrSettings, Progress, sample_lcmcr
from dadkhah.core.estimation.loglinear import MAX_LISTS as LOGLINEAR_MAX_LISTS
from dadkhah.core.estimation.loglinear import LoglinearFit, LoglinearSettings, fit_loglinear
from dadkhah.core.estimation.result import (
    LCMCR,
    LOGLINEAR,
    METHODS,
    EstimateWarning,
    MethodResult,
    TableEstimate,
)
from dadkhah.core.estimation.table import CountsTable, EstimationInputError

#: LCMCR needs three lists: with two, a latent class model is not identified
#: (Manrique-Vallier 2016, sec. 2; any pattern table of two lists fits exactly).
LCMCR_MIN_LISTS = 3
#: Below this many people on two lists or more the overlap is too thin to lean on.
MIN_OVERLAP_PEOPLE = 20
MIN_OVERLAP_SHARE = 0.05
#: Estimates above this multiple of the documented count are mostly extrapolation.
LARGE_EXTRAPOLATION = 10.0
#: Log-linear models within this much AIC/BIC of the best are about as good
#: (Burnham & Anderson 2002, sec. 2.6).
MODEL_DELTA = 2.0


def check_estimable(table: CountsTable) -> None:
    """Raise when no estimate is defined for ``table``, with the reason.

    Raises:
        EstimationInputError: nobody documented, fewer than two lists that
            record anyone, or no person on more than one list.
    """
    if table.documented == 0:
        raise EstimationInputError(
            "nobody is documented in this table; there is nothing to estimate."
        )
    used = [name for name, size in table.list_sizes().items() if size > 0]
    if len(used) < 2:
        raise EstimationInputError(
            f"only one list ({', '.join(used) or table.lists[0]}) records anyone: the estimate "
            "is undefined. Multiple systems estimation learns how many nobody recorded from "
            "how lists overlap, so it needs at least two lists (better three or more)."
        )
    if table.on_several_lists() == 0:
        raise EstimationInputError(
            "no person appears on more than one list, so the estimate is undefined: with no "
            "overlap the lists look independent of nobody, and any total, however large, fits "
            "them equally well. Check that the lists were linked (the same person on two lists "
            "should be one person), or add a list that overlaps the others."
        )


def table_warnings(table: CountsTable, dropped: Sequence[str]) -> list[EstimateWarning]:
    """Warnings about the data, before any model: lists, overlap."""
    out = []
    if dropped:
        out.append(
            EstimateWarning(
                "empty-lists-dropped",
                f"list(s) {', '.join(dropped)} record nobody here and were left out.",
            )
        )
    if table.n_lists == 2:
        out.append(
            EstimateWarning(
                "too-few-lists",
                "only two lists: the estimate rests entirely on the assumption that being on one "
                "list does not change the chance of being on the other, and two lists cannot test "
                "it. LCMCR is not run (it needs three lists or more).",
            )
        )
    elif table.n_lists == 3:
        out.append(
            EstimateWarning(
                "few-lists",
                "only three lists: little room to model how lists depend on each other; methods "
                "that assume different dependence can give very different totals.",
            )
        )
    overlap = table.on_several_lists()
    if overlap < max(MIN_OVERLAP_PEOPLE, MIN_OVERLAP_SHARE * table.documented):
        out.append(
            EstimateWarning(
                "little-overlap",
                f"only {overlap} of {table.documented} documented people are on more than one "
                "list; the estimate leans on very few overlaps and is fragile.",
            )
        )
    apart = [f"{a}–{b}" for (a, b), both in table.pair_overlaps().items() if both == 0]
    if apart:
        out.append(
            EstimateWarning(
                "lists-never-overlap",
                f"these pairs of lists share nobody: {', '.join(apart)}. If that is how the lists "
                "were made (different places or times), estimate by stratum instead.",
            )
        )
    return out


def _lcmcr_result(run: LcmcrRun) -> MethodResult:
    draws = run.draws()
    pooled = draws.reshape(-1)
    lower, median, upper = (float(v) for v in np.quantile(pooled, [0.025, 0.5, 0.975]))
    rhat = diagnostics.rhat(draws)
    ess = diagnostics.ess(draws)
    chains = diagnostics.chain_summaries(draws)
    apart = diagnostics.disagreeing_chains(chains)
    warnings = []
    if run.settings.chains == 1:
        warnings.append(
            EstimateWarning(
                "one-chain",
                "only one chain was run, so convergence cannot be checked; run 4 or more.",
            )
        )
    if apart:
        medians = ", ".join(f"chain {c.chain + 1}: {c.median:,.0f}" for c in chains)
        warnings.append(
            EstimateWarning(
                "chains-disagree",
                "CHAINS DISAGREE — do not use this number as it stands. The chains settled in "
                f"different places ({medians}); the posterior probably has more than one mode "
                "and a chain can stay in one for a very long time. Run many more iterations and "
                "more chains, and report the modes, not the pooled median.",
            )
        )
    elif math.isfinite(rhat) and rhat > diagnostics.RHAT_LIMIT:
        warnings.append(
            EstimateWarning(
                "not-converged",
                f"R-hat is {rhat:.3f} (above {diagnostics.RHAT_LIMIT}): the chains have not "
                "mixed well; run more iterations.",
            )
        )
    if math.isfinite(ess) and ess < diagnostics.ESS_LIMIT:
        warnings.append(
            EstimateWarning(
                "few-effective-draws",
                f"only about {ess:.0f} effective draws (below {diagnostics.ESS_LIMIT:.0f}): the "
                "ends of the interval are imprecise; run more iterations.",
            )
        )
    if not math.isfinite(rhat):
        warnings.append(
            EstimateWarning("no-diagnostics", "the draws do not vary; R-hat cannot be computed.")
        )
    details = {
        "chains": run.settings.chains,
        "rhat": rhat,
        "ess": ess,
        "mean": float(pooled.mean()),
        "chain_summaries": [
            {"chain": c.chain + 1, "median": c.median, "lower": c.lower, "upper": c.upper}
            for c in chains
        ],
        "chain_seconds": [c.seconds for c in run.chains],
        "mean_occupied_classes": float(np.mean([c.k_star.mean() for c in run.chains])),
        "settings": run.settings.to_dict(),
    }
    return MethodResult(LCMCR, median, lower, upper, warnings, details, draws)


def _loglinear_result(fit: LoglinearFit) -> MethodResult:
    chosen = fit.chosen
    warnings = []
    score = "aic" if fit.criterion == "aic" else "bic"
    best = getattr(chosen, score)
    near = [m for m in fit.candidates if getattr(m, score) - best <= MODEL_DELTA]
    low = min(m.estimate for m in near)
    high = max(m.estimate for m in near)
    if len(near) > 1 and (low < fit.lower or high > fit.upper):
        warnings.append(
            EstimateWarning(
                "model-uncertainty",
                f"{len(near)} log-linear models fit about as well ({score.upper()} within "
                f"{MODEL_DELTA:g} of the best) and give totals from {low:,.0f} to {high:,.0f}, "
                "beyond the chosen model's interval: the interval understates the uncertainty.",
            )
        )
    if fit.estimate_outside_interval:
        warnings.append(
            EstimateWarning(
                "estimate-outside-interval",
                f"the model's estimate {chosen.estimate:,.0f} lies outside its profile-likelihood "
                f"interval [{fit.lower:,.0f}–{fit.upper:,.0f}]: the model is close to the edge "
                "of what the data support; do not rely on it.",
            )
        )
    if fit.upper_unbounded:
        warnings.append(
            EstimateWarning(
                "unbounded",
                "the data do not bound the total from above under this model: the upper end of "
                "the interval is infinite.",
            )
        )
    details = {
        "model": chosen.name,
        # The chosen interactions as list positions: linkage samples refit this model.
        "pairs": [list(pair) for pair in chosen.pairs],
        "criterion": fit.criterion,
        "aic": chosen.aic,
        "bic": chosen.bic,
        "deviance": chosen.deviance,
        "df": chosen.df,
        "std_error": chosen.std_error,
        "search": fit.search,
        "models_compared": len(fit.candidates),
        "near_models": [
            {"model": m.name, "estimate": m.estimate, score: getattr(m, score)} for m in near[:10]
        ],
        "level": fit.level,
    }
    return MethodResult(LOGLINEAR, chosen.estimate, fit.lower, fit.upper, warnings, details)


def _not_run(method: str, reason: str) -> MethodResult:
    return MethodResult(
        method, None, None, None, [EstimateWarning("not-run", f"{method} was not run: {reason}")]
    )


def lcmcr_will_run(table: CountsTable) -> bool:
    """Whether LCMCR is run on this table (three lists or more that record anyone)."""
    return sum(1 for s in table.list_sizes().values() if s > 0) >= LCMCR_MIN_LISTS


def estimate_table(
    table: CountsTable,
    *,
    methods: Sequence[str] = METHODS,
    lcmcr: LcmcrSettings | None = None,
    loglinear: LoglinearSettings | None = None,
    progress: Progress | None = None,
    stratum: str | None = None,
) -> TableEstimate:
    """Estimate the total number of people, recorded or not, from one table.

    Args:
        table: observed pattern counts.
        methods: any of "lcmcr", "loglinear".
        lcmcr: LCMCR settings (defaults: K = 10, 4 chains, the reference's example).
        loglinear: model selection settings (default AIC, 95%).
        progress: progress(done, total) in LCMCR sweeps.
        stratum: the stratum's name, when this is one.

    Returns:
        Each method's estimate, interval, diagnostics and warnings.

    Raises:
        EstimationInputError: when the estimate is undefined (see ``check_estimable``)
            or a method is unknown.
    """
    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise EstimationInputError(
            f"unknown method {', '.join(unknown) or '(none)'}; choose from {', '.join(METHODS)}."
        )
    check_estimable(table)
    lcmcr = (lcmcr if lcmcr is not None else LcmcrSettings()).validated()
    loglinear = loglinear if loglinear is not None else LoglinearSettings()
    used, dropped = table.without_empty_lists()
    warnings = table_warnings(used, dropped)
    results: list[MethodResult] = []
    for method in methods:
        if method == LCMCR:
            if used.n_lists < LCMCR_MIN_LISTS:
                results.append(_not_run(LCMCR, "it needs at least three lists."))
            else:
                results.append(_lcmcr_result(sample_lcmcr(used, lcmcr, progress)))
        elif method == LOGLINEAR:
            if used.n_lists > LOGLINEAR_MAX_LISTS:
                results.append(
                    _not_run(
                        LOGLINEAR,
                        f"{used.n_lists} lists give {2**used.n_lists - 1} cells; log-linear "
                        f"models are fitted for at most {LOGLINEAR_MAX_LISTS} lists.",
                    )
                )
            else:
                try:
                    results.append(_loglinear_result(fit_loglinear(used, loglinear)))
                except EstimationInputError as exc:
                    results.append(_not_run(LOGLINEAR, str(exc)))
    warnings += comparison_warnings(results, used.documented)
    settings = {
        "methods": list(methods),
        "lcmcr": lcmcr.to_dict() if LCMCR in methods else None,
        "loglinear": loglinear.to_dict() if LOGLINEAR in methods else None,
    }
    return TableEstimate(
        documented=used.documented,
        lists=used.lists,
        table_sha256=table.sha256(),
        results=results,
        warnings=warnings,
        settings=settings,
        stratum=stratum,
    )


def comparison_warnings(results: Sequence[MethodResult], documented: int) -> list[EstimateWarning]:
    """Warnings that compare methods, and that weigh the size of the extrapolation."""
    out = []
    done = [r for r in results if r.ok and r.lower is not None and r.upper is not None]
    if len(done) == 2:
        a, b = done
        assert a.lower is not None and a.upper is not None
        assert b.lower is not None and b.upper is not None
        if a.upper < b.lower or b.upper < a.lower:
            out.append(
                EstimateWarning(
                    "methods-disagree",
                    f"METHODS DISAGREE: {a.method} gives {a.estimate:,.0f} "
                    f"[{a.lower:,.0f}–{a.upper:,.0f}] and {b.method} {b.estimate:,.0f} "
                    f"[{b.lower:,.0f}–{b.upper:,.0f}]; the intervals do not overlap, so at least "
                    "one model is wrong for these lists. Report both and the reason for any choice.",
                )
            )
    for r in done:
        if r.estimate is not None and r.estimate > LARGE_EXTRAPOLATION * documented:
            out.append(
                EstimateWarning(
                    "large-extrapolation",
                    f"{r.method} estimates more than {LARGE_EXTRAPOLATION:g} times the "
                    f"{documented:,} documented: most of the total is inferred, not observed.",
                )
            )
    return out
