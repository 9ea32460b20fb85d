"""Populations with a known total, to check that intervals cover the truth.

The standard check for LCMCR is "sim1" of Manrique-Vallier (2016), reused by
HRDAG's StanLCMCR (import/hand/simulations.yaml): N = 2,000 in two latent
groups and five lists, lists independent within each group
(../shared/data/mse/README.md). For dga the population follows a
decomposable graphical model, the assumption dga makes (Madigan & York 1997,
sec. 4): ``DEPENDENT_PAIR`` below.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.estimation.table import CountsTable

#: sim1: group sizes and each group's chance of being on each of five lists.
SIM1_SIZES = (1800, 200)
SIM1_PROBABILITIES = (
    (0.033, 0.033, 0.099, 0.132, 0.033),
    (0.660, 0.825, 0.759, 0.990, 0.693),
)


def simulate_latent_classes(
    sizes: Sequence[int],
    probabilities: Sequence[Sequence[float]],
    rng: np.random.Generator,
    lists: Sequence[str] | None = None,
) -> CountsTable:
    """Draw who is on which list, independently within each group, and tabulate the documented.

    Args:
        sizes: people in each latent group (the true total is their sum).
        probabilities: per group, the chance of being on each list.
        rng: the random generator.
        lists: list names (default L1, L2, …).

    Returns:
        The observed table: people on no list are, as in life, not in it.
    """
    probs = np.asarray(probabilities, dtype=np.float64)
    names = list(lists) if lists is not None else [f"L{j + 1}" for j in range(probs.shape[1])]
    captured = np.vstack(
        [rng.random((size, probs.shape[1])) < probs[g] for g, size in enumerate(sizes)]
    ).astype(np.int64)
    seen = captured[captured.any(axis=1)]
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    return CountsTable.from_arrays(names, patterns, counts)


def simulate_sim1(rng: np.random.Generator) -> CountsTable:
    """One replicate of sim1 (true N = 2,000)."""
    return simulate_latent_classes(SIM1_SIZES, SIM1_PROBABILITIES, rng)


#: A decomposable model on four lists, [AB][C][D]: A and B dependent (being on A
#: raises the chance of B from 0.2 to 0.5), C and D independent of everything.
DEPENDENT_PAIR_LISTS = ("A", "B", "C", "D")
DEPENDENT_PAIR_A = 0.3
DEPENDENT_PAIR_B_GIVEN_A = (0.2, 0.5)
DEPENDENT_PAIR_CD = (0.25, 0.2)


def dependent_pair_probabilities() -> NDArray[np.float64]:
    """Cell probabilities of the [AB][C][D] model, indexed (a, b, c, d)."""
    pa = np.array([1 - DEPENDENT_PAIR_A, DEPENDENT_PAIR_A])
    lo, hi = DEPENDENT_PAIR_B_GIVEN_A
    pb_a = np.array([[1 - lo, lo], [1 - hi, hi]])
    pc = np.array([1 - DEPENDENT_PAIR_CD[0], DEPENDENT_PAIR_CD[0]])
    pd = np.array([1 - DEPENDENT_PAIR_CD[1], DEPENDENT_PAIR_CD[1]])
    probs: NDArray[np.float64] = np.einsum("a,ab,c,d->abcd", pa, pb_a, pc, pd)
    return probs


def simulate_cells(
    total: int,
    probabilities: NDArray[np.float64],
    rng: np.random.Generator,
    lists: Sequence[str],
) -> CountsTable:
    """Draw ``total`` people over the 2^J cells (an array of shape (2,) * J) and tabulate
    the documented: the count of the all-absent cell is drawn, then hidden."""
    flat = probabilities.reshape(-1)
    counts = rng.multinomial(total, flat / flat.sum())
    j = probabilities.ndim
    patterns = (np.arange(flat.size)[:, None] >> np.arange(j - 1, -1, -1)[None, :]) & 1
    seen = patterns.sum(axis=1) > 0
    return CountsTable.from_arrays(list(lists), patterns[seen], counts[seen])


def simulate_dependent_pair(rng: np.random.Generator, total: int = 2000) -> CountsTable:
    """One replicate of the [AB][C][D] population (true N = ``total``)."""
    return simulate_cells(total, dependent_pair_probabilities(), rng, DEPENDENT_PAIR_LISTS)
