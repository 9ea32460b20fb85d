"""Compare the methods' estimates of one table, and say in plain words what a difference means.

The three methods answer the same question under different assumptions
about how lists depend on each other (docs/methodology/estimation.md, "How
to read disagreement between methods"): log-linear models and dga model
dependence between lists directly, as interactions or as edges of a graph
(Fienberg 1972; Madigan & York 1997); LCMCR models heterogeneity, people who
differ in how likely every list is to record them (Manrique-Vallier 2016).
When they agree the assumption matters little; when they do not, the reading
names the likely reason, and a flag says when their intervals do not even
overlap (Aleshin-Guendel, Sadinle & Wakefield 2024: the identifying
assumption, not the data, decides the unobserved count).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from dadkhah.core.estimation.result import DGA, LCMCR, LOGLINEAR, EstimateWarning, MethodResult
from dadkhah.core.estimation.table import CountsTable

#: Estimates above this multiple of the documented count are mostly extrapolation.
LARGE_EXTRAPOLATION = 10.0
#: Middles within this share of each other agree, whatever their intervals.
CLOSE_SHARE = 0.2
#: A table where at least this share of the observable patterns hold nobody is sparse.
SPARSE_SHARE = 0.25
#: Below this posterior weight dga's best graph is not a clear winner.
CLEAR_GRAPH = 0.5
#: Above this weight on the complete graph, dga leans on a model that cannot see n0.
COMPLETE_GRAPH = 0.2

_NAMES = {LCMCR: "LCMCR", LOGLINEAR: "log-linear", DGA: "dga"}


def _label(method: str) -> str:
    return _NAMES.get(method, method)


def _done(results: Sequence[MethodResult]) -> list[MethodResult]:
    return [r for r in results if r.ok and r.lower is not None and r.upper is not None]


def _apart(a: MethodResult, b: MethodResult) -> bool:
    assert a.lower is not None and a.upper is not None
    assert b.lower is not None and b.upper is not None
    return a.upper < b.lower or b.upper < a.lower


def _interval(r: MethodResult) -> str:
    assert r.estimate is not None and r.lower is not None and r.upper is not None
    upper = f"{r.upper:,.0f}" if r.upper != float("inf") else "no upper bound"
    return f"{r.estimate:,.0f} [{r.lower:,.0f}–{upper}]"


def comparison_warnings(results: Sequence[MethodResult], documented: int) -> list[EstimateWarning]:
    """Warnings that compare methods (one per pair whose intervals do not overlap),
    and that weigh the size of the extrapolation."""
    out = []
    done = _done(results)
    for a, b in itertools.combinations(done, 2):
        if _apart(a, b):
            out.append(
                EstimateWarning(
                    "methods-disagree",
                    f"METHODS DISAGREE: {a.method} gives {_interval(a)} and {b.method} "
                    f"{_interval(b)}; the intervals do not overlap, so at least one model is "
                    "wrong for these lists. Report both and the reason for any choice.",
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


def reading(results: Sequence[MethodResult], table: CountsTable | None = None) -> list[str]:
    """Sentences for a reader who is not a statistician: where the methods agree, where
    they differ, and the likely reason. Empty when fewer than two methods gave a number.

    Args:
        results: the methods' results for one table (or for a total over strata).
        table: the table they were estimated from (None for totals), to spot sparse cells.
    """
    done = _done(results)
    if len(done) < 2:
        return []
    out: list[str] = []
    apart = [(a, b) for a, b in itertools.combinations(done, 2) if _apart(a, b)]
    if apart:
        for a, b in apart:
            out.append(
                f"{_label(a.method)} ({_interval(a)}) and {_label(b.method)} "
                f"({_interval(b)}) disagree: their intervals do not overlap."
            )
        out += _why(done, apart)
    else:
        lo = max(r.lower for r in done if r.lower is not None)
        hi = min(r.upper for r in done if r.upper is not None)
        common = f"{lo:,.0f}–{hi:,.0f}" if hi != float("inf") else f"{lo:,.0f} and above"
        low = min(done, key=lambda r: r.estimate or 0.0)
        high = max(done, key=lambda r: r.estimate or 0.0)
        assert low.estimate is not None and high.estimate is not None
        if high.estimate > (1.0 + CLOSE_SHARE) * low.estimate:
            out.append(
                f"The intervals overlap (every one includes {common}), so the methods are "
                f"compatible; but their middles differ, from {low.estimate:,.0f} "
                f"({_label(low.method)}) to {high.estimate:,.0f} ({_label(high.method)}). "
                "Quote the range, not one method's number."
            )
            out += _why(done, [(low, high)])
        else:
            out.append(
                f"The {len(done)} methods agree: their middles are within "
                f"{CLOSE_SHARE:.0%} of each other and every interval includes {common}. Their "
                "different assumptions about how lists depend on each other lead to the same "
                "answer, so the choice of method matters little here."
            )
    out += _notes(done, table)
    return out


def _why(done: list[MethodResult], differ: list[tuple[MethodResult, MethodResult]]) -> list[str]:
    """The likely reason for each kind of pair that ``differ`` holds."""
    methods = {r.method: r for r in done}
    pairs = {frozenset((a.method, b.method)) for a, b in differ}
    out = []
    lcmcr = methods.get(LCMCR)
    against_lcmcr = [m for m in (LOGLINEAR, DGA) if frozenset((LCMCR, m)) in pairs]
    if lcmcr is not None and against_lcmcr:
        other = methods[against_lcmcr[0]]
        assert lcmcr.estimate is not None and other.estimate is not None
        direction = "higher" if lcmcr.estimate > other.estimate else "lower"
        out.append(
            f"Likely why: list dependence against heterogeneity. {_label(other.method)} models "
            "how lists depend on each other directly (one list's staff passing names to "
            "another, lists copying each other); LCMCR models people who differ in how easy "
            f"they were to record at all. LCMCR is {direction} here. Where some victims were "
            "hard for every list to reach (remote places, stigmatised groups), LCMCR's "
            "reasoning fits better; where lists fed each other, the dependence models fit "
            "better. Knowledge of how the lists were made, not the numbers, should decide."
        )
    if frozenset((LOGLINEAR, DGA)) in pairs:
        out.append(
            "Likely why log-linear and dga differ: log-linear keeps the one model that "
            "fits best and its interval ignores that other models fit nearly as well; dga "
            "averages over every decomposable dependence structure by its weight, and its "
            "prior pulls the structures that cannot see the unrecorded towards the documented "
            "count. dga's interval is the more honest about model choice."
        )
    return out


def _notes(done: list[MethodResult], table: CountsTable | None) -> list[str]:
    out = []
    if table is not None:
        _, counts = table.full_cells()
        empty = int((counts == 0).sum())
        if empty >= SPARSE_SHARE * counts.shape[0]:
            out.append(
                f"Sparse cells: {empty} of the {counts.shape[0]} patterns of lists hold nobody. "
                "Models that let many lists depend on each other then rest on very few people, "
                "and methods can part for that reason alone."
            )
    dga = next((r for r in done if r.method == DGA), None)
    if dga is not None:
        top = dga.details.get("top_graphs") or []
        if top and top[0]["weight"] < CLEAR_GRAPH:
            out.append(
                "dga finds no clearly best dependence structure (the best has "
                f"{top[0]['weight']:.0%} of the weight): the lists do not show clearly how they "
                "depend on each other, which is why its interval is wide."
            )
        complete = dga.details.get("complete_graph_weight", 0.0)
        if complete >= COMPLETE_GRAPH:
            out.append(
                f"dga puts {complete:.0%} of its weight on the graph where every list depends on "
                "every other. Under that graph the data say nothing about the unrecorded, and "
                "the prior pulls its estimate towards the documented count: dga's lower end "
                "then says little."
            )
    return out
