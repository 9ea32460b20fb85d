"""Convergence diagnostics for several chains: R-hat, effective sample size, disagreement.

R-hat and ESS follow Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
"Rank-normalization, folding, and localization: an improved R-hat for
assessing convergence of MCMC", Bayesian Analysis 16(2):667-718: split chains,
rank-normalize, and take the larger of the bulk and the folded (tail) R-hat;
ESS is the bulk ESS with Geyer's initial monotone sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

#: R-hat above this says the chains have not mixed (Vehtari et al. 2021, sec. 4).
RHAT_LIMIT = 1.01
#: Bulk ESS below this makes the interval's ends unreliable (Vehtari et al. 2021, sec. 4).
ESS_LIMIT = 400.0


def _split(draws: NDArray[np.float64]) -> NDArray[np.float64]:
    """(chains, n) → (2 chains, n // 2): each chain's halves as separate chains."""
    half = draws.shape[1] // 2
    return np.concatenate([draws[:, :half], draws[:, draws.shape[1] - half :]], axis=0)


def _rank_normalize(draws: NDArray[np.float64]) -> NDArray[np.float64]:
    """Normal scores of the pooled ranks (Blom's offset 3/8, Vehtari et al. eq. 14)."""
    ranks = stats.rankdata(draws, method="average").reshape(draws.shape)
    return np.asarray(stats.norm.ppf((ranks - 0.375) / (draws.size + 0.25)), dtype=np.float64)


def _rhat_basic(draws: NDArray[np.float64]) -> float:
    """Potential scale reduction of (chains, n) draws (Gelman et al., BDA3 eq. 11.4)."""
    n = draws.shape[1]
    within = float(np.mean(np.var(draws, axis=1, ddof=1)))
    between = float(n * np.var(np.mean(draws, axis=1), ddof=1))
    if within <= 0.0:
        return float("nan")
    var_plus = (n - 1) / n * within + between / n
    return float(np.sqrt(var_plus / within))


def rhat(draws: NDArray[np.integer] | NDArray[np.floating]) -> float:
    """Rank-normalized split R-hat, max of bulk and tail (Vehtari et al. 2021).

    Args:
        draws: (chains, samples). Needs at least 4 samples per chain.

    Returns:
        R-hat; NaN when the draws do not vary.
    """
    x = np.asarray(draws, dtype=np.float64)
    if x.shape[1] < 4 or np.ptp(x) == 0:
        return float("nan")
    split = _split(x)
    bulk = _rhat_basic(_rank_normalize(split))
    folded = np.abs(split - np.median(split))
    tail = _rhat_basic(_rank_normalize(folded)) if np.ptp(folded) > 0 else bulk
    return float(max(bulk, tail))


def _autocovariance(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Autocovariance of each row by FFT (biased estimator, as Stan)."""
    n = x.shape[1]
    centred = x - x.mean(axis=1, keepdims=True)
    size = 1 << (2 * n - 1).bit_length()
    spec = np.fft.rfft(centred, n=size, axis=1)
    acov = np.fft.irfft(spec * np.conjugate(spec), n=size, axis=1)[:, :n]
    return np.asarray(acov / n, dtype=np.float64)


def ess(draws: NDArray[np.integer] | NDArray[np.floating]) -> float:
    """Bulk effective sample size over all chains (Vehtari et al. 2021, sec. 3.2).

    Args:
        draws: (chains, samples).

    Returns:
        The number of independent draws the chains are worth; NaN when the
        draws do not vary.
    """
    x = np.asarray(draws, dtype=np.float64)
    if x.shape[1] < 4 or np.ptp(x) == 0:
        return float("nan")
    z = _rank_normalize(_split(x))
    chains, n = z.shape
    acov = _autocovariance(z)
    chain_var = acov[:, 0] * n / (n - 1)
    within = float(np.mean(chain_var))
    var_plus = within * (n - 1) / n
    if chains > 1:
        var_plus += float(np.var(z.mean(axis=1), ddof=1))
    rho = 1.0 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Geyer (1992): sum pairs rho_2t + rho_2t+1 while positive, made monotone.
    pairs = rho[: (n // 2) * 2].reshape(-1, 2).sum(axis=1)
    positive = np.flatnonzero(pairs <= 0.0)
    stop = int(positive[0]) if positive.size else pairs.size
    pairs = np.minimum.accumulate(pairs[:stop])
    tau = -1.0 + 2.0 * float(pairs.sum())
    tau = max(tau, 1.0 / np.log10(chains * n))  # Stan's cap for antithetic chains
    return float(chains * n / tau)


@dataclass(frozen=True)
class ChainSummary:
    """One chain's own posterior summary of N."""

    chain: int
    median: float
    lower: float
    upper: float


def chain_summaries(draws: NDArray[np.integer]) -> list[ChainSummary]:
    """Median and central 95% interval of each chain."""
    out = []
    for c, row in enumerate(np.asarray(draws, dtype=np.float64)):
        lo, med, hi = np.quantile(row, [0.025, 0.5, 0.975])
        out.append(ChainSummary(chain=c, median=float(med), lower=float(lo), upper=float(hi)))
    return out


def disagreeing_chains(summaries: list[ChainSummary]) -> list[tuple[int, int]]:
    """Pairs of chains where one's median lies outside the other's 95% interval.

    Chains that sample the same posterior put their medians well inside each
    other's intervals; a median outside says the chains are in different
    places (often different modes, which R-hat can miss when it is pooled).
    """
    pairs = []
    for a in summaries:
        for b in summaries:
            if a.chain < b.chain and (
                not b.lower <= a.median <= b.upper or not a.lower <= b.median <= a.upper
            ):
                pairs.append((a.chain, b.chain))
    return pairs
