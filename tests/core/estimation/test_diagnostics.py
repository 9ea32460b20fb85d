"""R-hat, effective sample size and chain disagreement on draws whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from dadkhah.core.estimation.diagnostics import (
    chain_summaries,
    disagreeing_chains,
    ess,
    rhat,
)


def _ar1(rng: np.random.Generator, phi: float, chains: int, n: int) -> np.ndarray:
    x = np.zeros((chains, n))
    x[:, 0] = rng.standard_normal(chains) / np.sqrt(1 - phi**2)
    for t in range(1, n):
        x[:, t] = phi * x[:, t - 1] + rng.standard_normal(chains)
    return x


def test_independent_chains_from_one_distribution_have_rhat_near_one() -> None:
    draws = np.random.default_rng(1).normal(size=(4, 1000))
    assert rhat(draws) == pytest.approx(1.0, abs=0.01)


def test_chains_in_different_places_have_a_large_rhat() -> None:
    rng = np.random.default_rng(2)
    draws = rng.normal(size=(4, 1000)) + np.array([[0.0], [0.0], [0.0], [3.0]])
    assert rhat(draws) > 1.2


def test_a_chain_with_a_wider_spread_raises_the_tail_rhat() -> None:
    rng = np.random.default_rng(3)
    draws = rng.normal(size=(4, 2000)) * np.array([[1.0], [1.0], [1.0], [4.0]])
    assert rhat(draws) > 1.05


def test_ess_of_independent_draws_is_about_their_number() -> None:
    draws = np.random.default_rng(4).normal(size=(4, 1000))
    assert 3400 < ess(draws) < 4600


@pytest.mark.parametrize("phi", [0.5, 0.9])
def test_ess_of_an_autoregressive_chain_matches_theory(phi: float) -> None:
    draws = _ar1(np.random.default_rng(5), phi, 4, 5000)
    expected = draws.size * (1 - phi) / (1 + phi)
    assert ess(draws) == pytest.approx(expected, rel=0.2)


def test_constant_draws_give_no_diagnostic_rather_than_a_false_one() -> None:
    draws = np.full((4, 100), 7)
    assert np.isnan(rhat(draws)) and np.isnan(ess(draws))


def test_chains_whose_medians_fall_outside_each_other_are_reported() -> None:
    rng = np.random.default_rng(6)
    draws = np.vstack(
        [rng.normal(100, 5, 1000), rng.normal(101, 5, 1000), rng.normal(140, 5, 1000)]
    )
    pairs = disagreeing_chains(chain_summaries(draws))
    assert pairs == [(0, 2), (1, 2)]


def test_agreeing_chains_are_not_reported() -> None:
    draws = np.random.default_rng(7).normal(100, 5, size=(4, 1000))
    assert disagreeing_chains(chain_summaries(draws)) == []
