"""Log-linear multiple systems estimation: Poisson GLMs on the 2^J - 1 observable cells.

Fienberg (1972, Biometrika 59:591-603): with 0/1 coding of each list, the
intercept of a hierarchical log-linear model fitted to the observable cells
predicts the unobservable all-zero cell, exp(beta_0). Models here hold all
main effects and a chosen set of two-way interactions (dependence between
pairs of lists), selected by AIC or BIC; the interval is the profile
likelihood interval of Cormack (1992, Biometrics 48:567-576) as computed by
Rcapture (Baillargeon & Rivest 2007, J. Stat. Software 19(5)).
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import statsmodels.api as sm
from numpy.typing import NDArray
from scipy import optimize, special, stats

from dadkhah.core.estimation.table import CountsTable, EstimationInputError

Pair = tuple[int, int]
Criterion = Literal["aic", "bic"]

#: Above this many lists the all-subsets search gives way to forward stepwise
#: selection (README of ../shared/data/mse: all subsets for J ≤ 5).
ALL_SUBSETS_MAX_LISTS = 5
#: Above this many lists log-linear models are not fitted (2^J cells, J(J-1)/2 terms).
MAX_LISTS = 10
#: A coefficient this large means the MLE is on the boundary (a zero margin).
_BOUNDARY = 25.0
#: A standard error above this marks a parameter the likelihood does not bound.
_FLAT_SE = 100.0
#: log of the largest unrecorded-to-documented ratio taken as a finite estimate.
_MAX_LOG_RATIO = math.log(1e6)


@dataclass(frozen=True)
class LoglinearSettings:
    """How the log-linear model is chosen.

    Attributes:
        criterion: "aic" or "bic" (BIC's penalty uses log of the documented count).
        level: coverage of the profile-likelihood interval.
    """

    criterion: Criterion = "aic"
    level: float = 0.95

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON values."""
        return {"criterion": self.criterion, "level": self.level}


@dataclass(frozen=True)
class ModelFit:
    """One fitted model on the observable cells."""

    pairs: tuple[Pair, ...]
    name: str
    estimate: float
    unobserved: float
    std_error: float
    aic: float
    bic: float
    deviance: float
    df: int
    params: NDArray[np.float64] = field(repr=False)


@dataclass(frozen=True)
class LoglinearFit:
    """The chosen model, its interval, and the models it was chosen from."""

    documented: int
    chosen: ModelFit
    lower: float
    upper: float
    criterion: Criterion
    level: float
    candidates: tuple[ModelFit, ...]
    search: str
    upper_unbounded: bool

    @property
    def estimate_outside_interval(self) -> bool:
        """Whether N-hat (Poisson MLE) falls outside the profile interval.

        The profile maximum is the conditional MLE, a little below N-hat
        (Sanathanan 1972); with very few unrecorded the two can straddle an end.
        """
        return not self.lower <= self.chosen.estimate <= self.upper


def _design(cells: NDArray[np.uint8], pairs: tuple[Pair, ...]) -> NDArray[np.float64]:
    x = cells.astype(np.float64)
    cols = [np.ones(x.shape[0]), *(x[:, j] for j in range(x.shape[1]))]
    cols += [x[:, a] * x[:, b] for a, b in pairs]
    return np.column_stack(cols)


def model_name(lists: tuple[str, ...], pairs: tuple[Pair, ...]) -> str:
    """'independence', or the interactions as 'A:B + A:C' (main effects implied)."""
    if not pairs:
        return "independence"
    return " + ".join(f"{lists[a]}:{lists[b]}" for a, b in pairs)


def _glm(y: NDArray[np.float64], x: NDArray[np.float64], start: NDArray[np.float64] | None) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.GLM(y, x, family=sm.families.Poisson()).fit(start_params=start, maxiter=100)


def fit_model(table: CountsTable, pairs: tuple[Pair, ...]) -> ModelFit | None:
    """Fit main effects plus ``pairs``; None when the MLE does not exist.

    The MLE of an interaction is infinite when its pair of lists share nobody,
    and a model with more parameters than observable cells is not identified.
    """
    cells, counts = table.full_cells()
    if 1 + table.n_lists + len(pairs) > cells.shape[0]:
        return None
    overlaps = table.pair_overlaps()
    if any(overlaps[(table.lists[a], table.lists[b])] == 0 for a, b in pairs):
        return None
    x = _design(cells, pairs)
    try:
        res = _glm(counts.astype(np.float64), x, None)
    except (ValueError, np.linalg.LinAlgError):
        return None
    params = np.asarray(res.params, dtype=np.float64)
    if not np.all(np.isfinite(params)) or np.max(np.abs(params[1:])) > _BOUNDARY:
        return None
    if not getattr(res, "converged", True):
        return None
    # When a zero margin forces a parameter to -inf the MLE does not exist
    # (Fienberg & Rinaldo 2012, Ann. Stat. 40(2)); IRLS then stops at a large
    # value whose standard error is huge, the likelihood being flat along it.
    if float(np.max(np.asarray(res.bse))) > _FLAT_SE:
        return None
    b0 = float(params[0])
    if b0 > math.log(table.documented) + _MAX_LOG_RATIO:
        return None  # n0 over a million times n: the MLE diverges
    unobserved = math.exp(b0)
    var_b0 = float(np.asarray(res.cov_params())[0, 0])
    # delta method, as Rcapture: var(exp(b0)) + the Poisson variance of the cell
    std_error = math.sqrt(unobserved + unobserved**2 * var_b0)
    k = x.shape[1]
    llf = float(res.llf)
    return ModelFit(
        pairs=pairs,
        name=model_name(table.lists, pairs),
        estimate=table.documented + unobserved,
        unobserved=unobserved,
        std_error=std_error,
        aic=-2.0 * llf + 2.0 * k,
        bic=-2.0 * llf + math.log(table.documented) * k,
        deviance=float(res.deviance),
        df=int(cells.shape[0] - k),
        params=params,
    )


def _score(fit: ModelFit, criterion: Criterion) -> float:
    return fit.aic if criterion == "aic" else fit.bic


def _all_pairs(n_lists: int) -> list[Pair]:
    return list(itertools.combinations(range(n_lists), 2))


def _search_all_subsets(table: CountsTable, criterion: Criterion) -> list[ModelFit]:
    fits = []
    pairs = _all_pairs(table.n_lists)
    for size in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, size):
            fit = fit_model(table, chosen)
            if fit is not None:
                fits.append(fit)
    return sorted(fits, key=lambda f: _score(f, criterion))


def _search_forward(table: CountsTable, criterion: Criterion) -> list[ModelFit]:
    current = fit_model(table, ())
    if current is None:
        return []
    seen = [current]
    while True:
        trials = []
        for pair in _all_pairs(table.n_lists):
            if pair in current.pairs:
                continue
            fit = fit_model(table, tuple(sorted((*current.pairs, pair))))
            if fit is not None:
                trials.append(fit)
                seen.append(fit)
        better = [f for f in trials if _score(f, criterion) < _score(current, criterion)]
        if not better:
            break
        current = min(better, key=lambda f: _score(f, criterion))
    unique = {f.pairs: f for f in seen}
    return sorted(unique.values(), key=lambda f: _score(f, criterion))


def profile_loglik(table: CountsTable, pairs: tuple[Pair, ...], unobserved: float) -> float:
    """Multinomial profile log-likelihood of N = n + ``unobserved`` (up to a constant).

    Fits the model to the complete table, the all-zero cell set to ``unobserved``,
    and turns its Poisson deviance D into the multinomial profile (Cormack 1992;
    Rcapture's ``profileCI``):
    l(n0) = -D(n0)/2 + n0 log n0 + log N! - N log N - log n0!, the terms that
    do not depend on n0 dropped. (The multinomial log-likelihood differs from
    the Poisson one by log N! - N log N + N, and the fitted means sum to N.)
    """
    cells, counts = table.full_cells()
    full_x = np.vstack(
        [_design(cells, pairs), _design(np.zeros((1, table.n_lists), np.uint8), pairs)]
    )
    y = np.append(counts.astype(np.float64), unobserved)
    res = _glm(y, full_x, None)
    n0 = unobserved
    big_n = table.documented + n0
    correction = (
        special.xlogy(n0, n0)
        + special.gammaln(big_n + 1)
        - big_n * math.log(big_n)
        - special.gammaln(n0 + 1)
    )
    return float(-0.5 * res.deviance + correction)


def profile_interval(
    table: CountsTable, fit: ModelFit, level: float = 0.95
) -> tuple[float, float, bool]:
    """Profile-likelihood interval for N under the model of ``fit``.

    Returns:
        (lower, upper, upper_unbounded): the interval for N; the last is True
        when the likelihood does not fall far enough below its maximum within
        a thousand times the documented count (the data do not bound N).
    """
    n = table.documented

    def ll(n0: float) -> float:
        return profile_loglik(table, fit.pairs, n0)

    drop = 0.5 * float(stats.chi2.ppf(level, 1))
    scale = max(fit.unobserved, 1.0)
    peak = optimize.minimize_scalar(
        lambda t: -ll(scale * math.exp(t)),
        bounds=(-12.0, 12.0),
        method="bounded",
        options={"xatol": 1e-6},
    )
    n0_hat = scale * math.exp(float(peak.x))
    target = -float(peak.fun) - drop

    def gap(n0: float) -> float:
        return ll(n0) - target

    if gap(0.0) > 0:
        lower = float(n)
    else:
        lower = n + optimize.brentq(gap, 0.0, n0_hat, xtol=1e-3)
    hi = max(2.0 * n0_hat, 10.0)
    limit = 1000.0 * n + 10.0 * n0_hat
    while gap(hi) > 0 and hi < limit:
        hi *= 2.0
    if gap(hi) > 0:
        return lower, math.inf, True
    upper = n + optimize.brentq(gap, n0_hat, hi, xtol=1e-3)
    return lower, upper, False


def fit_loglinear(table: CountsTable, settings: LoglinearSettings | None = None) -> LoglinearFit:
    """Choose a log-linear model by AIC or BIC and give N with its profile interval.

    Args:
        table: the observed counts, 2 to ``MAX_LISTS`` lists.
        settings: criterion and interval level.

    Raises:
        EstimationInputError: with more than ``MAX_LISTS`` lists, or when no
            model has a finite estimate (the lists do not overlap enough).
    """
    settings = settings if settings is not None else LoglinearSettings()
    if table.n_lists > MAX_LISTS:
        raise EstimationInputError(
            f"log-linear models are fitted for at most {MAX_LISTS} lists (this table has "
            f"{table.n_lists}, so {2**table.n_lists - 1} cells); use LCMCR, or merge lists."
        )
    if table.n_lists <= ALL_SUBSETS_MAX_LISTS:
        candidates = _search_all_subsets(table, settings.criterion)
        search = "all subsets of two-way interactions"
    else:
        candidates = _search_forward(table, settings.criterion)
        search = "forward stepwise over two-way interactions"
    if not candidates:
        raise EstimationInputError(
            "no log-linear model has a finite estimate: the lists overlap too little."
        )
    chosen = candidates[0]
    lower, upper, unbounded = profile_interval(table, chosen, settings.level)
    return LoglinearFit(
        documented=table.documented,
        chosen=chosen,
        lower=lower,
        upper=upper,
        criterion=settings.criterion,
        level=settings.level,
        candidates=tuple(candidates),
        search=search,
        upper_unbounded=unbounded,
    )
