"""Estimate one table with LCMCR, log-linear models and dga, and say what limits each number.

Every result carries its interval and its warnings: chains that disagree, too
few lists, too little overlap, and methods disagreeing by more than their
intervals (``compare``). A table that cannot be estimated at all raises, saying why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from dadkhah.core.estimation import diagnostics
from dadkhah.core.estimation.compare import comparison_warnings, reading
from dadkhah.core.estimation.dga import MAX_LISTS as DGA_MAX_LISTS
from dadkhah.core.estimation.dga import MIN_LISTS as DGA_MIN_LISTS
from dadkhah.core.estimation.dga import TAIL_MASS as DGA_TAIL_MASS
from dadkhah.core.estimation.dga import (
    DgaFit,
    DgaSettings,
    check_dga_table,
    fit_dga,
    graph_medians,
)
from dadkhah.core.estimation.lcmcr import LcmcrRun, LcmcrSettings, Progress, sample_lcmcr
from dadkhah.core.estimation.loglinear import MAX_LISTS as LOGLINEAR_MAX_LISTS
from dadkhah.core.estimation.loglinear import LoglinearFit, LoglinearSettings, fit_loglinear
from dadkhah.core.estimation.result import (
    DEFAULT_METHODS,
    DGA,
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
#: Below this many documented people no estimate is made: each overlap is one or
#: two people, and any model fits them.
MIN_DOCUMENTED = 10
#: Log-linear models within this much AIC/BIC of the best are about as good
#: (Burnham & Anderson 2002, sec. 2.6).
MODEL_DELTA = 2.0


def check_estimable(table: CountsTable) -> None:
    """Raise when no estimate is defined for ``table``, with the reason.

    Raises:
        EstimationInputError: nobody documented, or fewer than ``MIN_DOCUMENTED``,
            fewer than two lists that record anyone, or no person on more than one list.
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
    if table.documented < MIN_DOCUMENTED:
        raise EstimationInputError(
            f"only {table.documented} people are documented here; at least {MIN_DOCUMENTED} "
            "are needed. With so few, each overlap between lists is one or two people and "
            "any total fits them: report the documented count, or merge this stratum with "
            "a neighbouring one."
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
                "more chains, compare --sampler tempered and --start lists, and report the modes, "
                "not the pooled median.",
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
        "sampler": run.settings.sampler,
    }
    if run.settings.sampler == "tempered":
        details["swap_rates"] = [list(c.swap_rates) for c in run.chains]
    if run.settings.sampler == "split-merge":
        details["split_merge_rates"] = [list(c.split_merge_rates) for c in run.chains]
    if run.sensitivity:
        details["sensitivity"] = list(run.sensitivity)
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


#: Graphs listed in a dga result's details, best first.
TOP_GRAPHS = 5


def _dga_result(fit: DgaFit, table: CountsTable) -> MethodResult:
    lower, median, upper = (fit.quantile(q) for q in (0.025, 0.5, 0.975))
    order = [int(i) for i in np.argsort(-fit.graph_weights)[:TOP_GRAPHS]]
    medians = graph_medians(fit, table, order)
    every_list = (tuple(range(table.n_lists)),)
    complete = next(i for i, g in enumerate(fit.graphs) if g.cliques == every_list)
    top = [
        {
            "graph": fit.graphs[i].name(table.lists),
            "weight": float(fit.graph_weights[i]),
            "estimate": m,
        }
        for i, m in zip(order, medians, strict=True)
    ]
    warnings = []
    if fit.tail_mass > 0.025:  # the 97.5% point lies past the grid: no upper bound
        upper = math.inf
    if fit.tail_mass >= DGA_TAIL_MASS:
        warnings.append(
            EstimateWarning(
                "prior-driven-tail",
                f"about {fit.tail_mass:.1e} of dga's posterior lies beyond {fit.n_values[-1]:,.0f} "
                "people, where the grid stops: the data do not bound the total well from above "
                "under some graphs, and the upper end depends on the prior.",
            )
        )
    details = {
        "top_graph": top[0]["graph"],
        "top_graphs": top,
        "graphs": len(fit.graphs),
        "complete_graph_weight": float(fit.graph_weights[complete]),
        "prior_delta": fit.delta,
        "prior_n": "1/N",
        "mean": float(np.sum(fit.n_values * fit.mass)),
        "grid": {
            "from": float(fit.n_values[0]),
            "to": float(fit.n_values[-1]),
            "points": len(fit.n_values),
            "tail_beyond": fit.tail_mass,
            "rule": "every whole number to 10 times the documented count (at least 2,000 more), "
            "then steps of 0.1%, until the posterior mass beyond is below 1e-8",
        },
    }
    return MethodResult(DGA, median, lower, upper, warnings, details, fit.draws())


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
    methods: Sequence[str] = DEFAULT_METHODS,
    lcmcr: LcmcrSettings | None = None,
    loglinear: LoglinearSettings | None = None,
    progress: Progress | None = None,
    stratum: str | None = None,
    dga: DgaSettings | None = None,
) -> TableEstimate:
    """Estimate the total number of people, recorded or not, from one table.

    Args:
        table: observed pattern counts.
        methods: any of "lcmcr", "loglinear", "dga" (``METHODS``: all of them).
            A method that does not fit the table (dga beyond 3-5 lists) is listed
            as not run, with the reason.
        lcmcr: LCMCR settings (defaults: K = 10, 4 chains, the reference's example).
        loglinear: model selection settings (default AIC, 95%).
        progress: progress(done, total) in LCMCR sweeps.
        stratum: the stratum's name, when this is one.
        dga: dga's prior (default delta = 1/2^J, as the dga package).

    Returns:
        Each method's estimate, interval, diagnostics and warnings, and a
        plain-language comparison when two or more gave a number.

    Raises:
        EstimationInputError: when the estimate is undefined (see ``check_estimable``),
            a method is unknown, or dga alone is asked of a table it cannot take.
    """
    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise EstimationInputError(
            f"unknown method {', '.join(unknown) or '(none)'}; choose from {', '.join(METHODS)}."
        )
    check_estimable(table)
    lcmcr = (lcmcr if lcmcr is not None else LcmcrSettings()).validated()
    loglinear = loglinear if loglinear is not None else LoglinearSettings()
    dga = dga if dga is not None else DgaSettings()
    used, dropped = table.without_empty_lists()
    if list(methods) == [DGA]:  # asked for by name: refuse, do not list it as not run
        try:
            check_dga_table(used)
        except EstimationInputError as exc:
            if not dropped:
                raise
            raise EstimationInputError(
                f"{exc} (list(s) {', '.join(dropped)} record nobody here and were left out.)"
            ) from exc
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
        elif method == DGA:
            if not DGA_MIN_LISTS <= used.n_lists <= DGA_MAX_LISTS:
                results.append(
                    _not_run(
                        DGA,
                        f"it averages over the dependence graphs of 3 to 5 lists; this table has "
                        f"{used.n_lists} lists that record anyone.",
                    )
                )
            else:
                results.append(_dga_result(fit_dga(used, dga), used))
    warnings += comparison_warnings(results, used.documented)
    settings = {
        "methods": list(methods),
        "lcmcr": lcmcr.to_dict() if LCMCR in methods else None,
        "loglinear": loglinear.to_dict() if LOGLINEAR in methods else None,
        "dga": dga.to_dict() if DGA in methods else None,
    }
    return TableEstimate(
        documented=used.documented,
        lists=used.lists,
        table_sha256=table.sha256(),
        results=results,
        warnings=warnings,
        settings=settings,
        stratum=stratum,
        comparison=reading(results, used),
    )
