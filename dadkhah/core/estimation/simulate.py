"""Populations with a known total, to check that intervals cover the truth.

The standard check is "sim1" of Manrique-Vallier (2016), reused by HRDAG's
StanLCMCR (import/hand/simulations.yaml): N = 2,000 in two latent groups and
five lists, lists independent within each group (../shared/data/mse/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

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
