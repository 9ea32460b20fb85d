"""dga: model averaging over decomposable graphs, checked against closed forms and known truths."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from scipy import special

from dadkhah.core.estimation import (
    CountsTable,
    DgaSettings,
    EstimationInputError,
    LcmcrSettings,
    estimate_strata,
    estimate_table,
    read_counts_csv,
)
from dadkhah.core.estimation.dga import _log_posterior, decomposable_graphs, fit_dga
from dadkhah.core.estimation.simulate import simulate_dependent_pair
from tests.conftest import shared_data

QUICK = LcmcrSettings(K=5, burn_in=500, iterations=4000, thinning=10, chains=2, workers=1, seed=4)


def _table(scale: int = 5) -> CountsTable:
    return CountsTable.from_arrays(
        ["A", "B", "C"],
        [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]],
        [2 * scale, 4 * scale, 3 * scale, 3 * scale, 12 * scale, 11 * scale, 14 * scale],
    )


@pytest.mark.parametrize(("lists", "count"), [(3, 8), (4, 61), (5, 822)])
def test_the_decomposable_graphs_are_as_many_as_dga_lists(lists: int, count: int) -> None:
    graphs = decomposable_graphs(lists)
    assert len(graphs) == count
    assert len({g.edges for g in graphs}) == count


def test_a_four_cycle_is_not_decomposable_and_its_chorded_form_is() -> None:
    edges = {g.edges for g in decomposable_graphs(4)}
    assert ((0, 1), (0, 3), (1, 2), (2, 3)) not in edges
    chorded = next(
        g for g in decomposable_graphs(4) if g.edges == ((0, 1), (0, 2), (0, 3), (1, 2), (2, 3))
    )
    assert chorded.cliques == ((0, 1, 2), (0, 2, 3))
    assert chorded.separators == ((0, 2),)


def _full_counts(table: CountsTable, n0: int) -> np.ndarray:
    """The complete table as an array indexed (a, b, c), n0 in the all-absent cell."""
    full = np.zeros((2,) * table.n_lists)
    for row, c in zip(table.patterns.tolist(), table.counts.tolist(), strict=True):
        full[tuple(row)] += c
    full[(0,) * table.n_lists] = n0
    return full


def _dirichlet_multinomial(counts: np.ndarray, alpha: float) -> float:
    """log of Gamma(sum a)/Gamma(n + sum a) prod Gamma(n_i + a)/Gamma(a), without n!/prod n_i!."""
    flat = counts.reshape(-1)
    a = np.full(flat.shape, alpha)
    return float(
        special.gammaln(a.sum())
        - special.gammaln(flat.sum() + a.sum())
        + np.sum(special.gammaln(flat + a) - special.gammaln(a))
    )


def _by_hand(table: CountsTable, n0: int, delta: float, graph: str) -> float:
    """log p(table, n0 | graph) p(N), from the graph's own factorisation, written out."""
    full = _full_counts(table, n0)
    n = full.sum()
    multinomial = special.gammaln(n + 1) - np.sum(special.gammaln(full.reshape(-1) + 1))
    if graph == "[ABC]":
        ml = _dirichlet_multinomial(full, delta)
    elif graph == "[A][B][C]":
        ml = sum(
            _dirichlet_multinomial(full.sum(axis=tuple(x for x in range(3) if x != k)), 4 * delta)
            for k in range(3)
        )
    else:  # "[AB][BC]": p(a, b) p(c | b), the conditional Dirichlet given each b
        ml = _dirichlet_multinomial(full.sum(axis=2), 2 * delta)
        for b in (0, 1):
            cells = full[:, b, :].sum(axis=0)
            ml += float(
                special.gammaln(2 * 2 * delta)
                - special.gammaln(cells.sum() + 4 * delta)
                + np.sum(special.gammaln(cells + 2 * delta) - special.gammaln(2 * delta))
            )
    return float(multinomial + ml - math.log(n))


@pytest.mark.parametrize("graph", ["[ABC]", "[A][B][C]", "[AB][BC]"])
def test_the_marginal_likelihood_matches_the_graph_written_out(graph: str) -> None:
    table = _table()
    delta = 0.3
    names = [g.name(table.lists) for g in decomposable_graphs(3)]
    row = names.index(graph)
    n0 = np.array([0.0, 7.0, 120.0])
    ours = _log_posterior(table, delta, n0)[row]
    theirs = [_by_hand(table, int(k), delta, graph) for k in n0]
    assert np.allclose(ours, theirs, rtol=0, atol=1e-8)


def test_graphs_are_compared_on_one_scale() -> None:
    """Differences between graphs at one N are the same as by hand (no per-graph constant)."""
    table = _table()
    names = [g.name(table.lists) for g in decomposable_graphs(3)]
    ours = _log_posterior(table, 0.25, np.array([30.0]))[:, 0]
    rows = [names.index(g) for g in ("[ABC]", "[A][B][C]", "[AB][BC]")]
    hand = [_by_hand(table, 30, 0.25, g) for g in ("[ABC]", "[A][B][C]", "[AB][BC]")]
    assert np.allclose(ours[rows] - ours[rows[0]], np.array(hand) - hand[0], atol=1e-8)


def test_the_massachusetts_table_agrees_with_the_log_linear_interval() -> None:
    table = read_counts_csv(shared_data("mse", "massachusetts_congenital_anomaly_5lists.csv"))
    fit = fit_dga(table)
    assert len(fit.graphs) == 822
    lower, median, upper = (fit.quantile(q) for q in (0.025, 0.5, 0.975))
    # The README's AIC-best log-linear model: 635 [602, 674]; dga's interval overlaps it.
    assert 590 <= median <= 650
    assert lower < 674 and upper > 602
    assert fit.tail_mass < 1e-8
    assert fit.mass.sum() == pytest.approx(1.0)
    assert fit.graph_weights.sum() == pytest.approx(1.0)


def test_the_posterior_covers_a_known_total_where_dgas_model_holds() -> None:
    """20 populations of 500 drawn from the [AB][C][D] model: the 95% interval covers 500
    in at least 17 (the bench runs 50 of 2,000)."""
    hits, errors = 0, []
    for rep in range(20):
        table = simulate_dependent_pair(np.random.default_rng(rep + 1), total=500)
        fit = fit_dga(table)
        hits += fit.quantile(0.025) <= 500 <= fit.quantile(0.975)
        errors.append(abs(fit.quantile(0.5) - 500) / 500)
    assert hits >= 17
    assert float(np.median(errors)) < 0.1


def test_the_result_follows_the_json_contract_with_graphs_and_prior() -> None:
    result = estimate_table(_table(), methods=["dga"])
    (dga,) = result.results
    data = json.loads(result.to_json())["results"][0]
    assert data["method"] == "dga"
    assert data["lower"] <= data["estimate"] <= data["upper"]
    assert data["estimate"] == round(dga.estimate or 0)
    details = data["details"]
    assert details["prior_delta"] == 1 / 8 and details["prior_n"] == "1/N"
    assert details["graphs"] == 8
    assert details["top_graphs"][0]["graph"] == data["top_graph"]
    assert all(g["graph"].startswith("[") for g in details["top_graphs"])
    weights = [g["weight"] for g in details["top_graphs"]]
    assert weights == sorted(weights, reverse=True)
    assert details["grid"]["from"] == _table().documented
    assert details["grid"]["tail_beyond"] < 1e-8


def test_delta_moves_the_estimate() -> None:
    small = estimate_table(_table(), methods=["dga"]).results[0]
    large = estimate_table(_table(), methods=["dga"], dga=DgaSettings(delta=2.0)).results[0]
    assert large.details["prior_delta"] == 2.0
    assert small.estimate != large.estimate


def test_all_methods_are_compared_and_dga_is_left_out_beyond_five_lists() -> None:
    wide = CountsTable.from_arrays(
        [f"L{j}" for j in range(6)],
        [row for row in itertools.product((0, 1), repeat=6) if any(row)],
        [3] * 63,
    )
    result = estimate_table(wide, methods=["loglinear", "dga"])
    dga = result.result("dga")
    assert dga is not None and not dga.ok
    assert "3 to 5 lists" in dga.warnings[0].message


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            CountsTable.from_arrays(["A", "B"], [[1, 1], [1, 0], [0, 1]], [5, 20, 30]),
            "3 to 5 lists",
        ),
        (
            CountsTable.from_arrays(
                ["A", "B", "C"], [[1, 1, 0], [1, 0, 0], [0, 1, 0]], [5, 20, 30]
            ),
            "list(s) C record nobody",
        ),
        (CountsTable.from_arrays(["A", "B", "C"], [[1, 0, 0]], [40]), "only one list (A)"),
        (CountsTable.from_arrays(["A", "B", "C"], [[1, 1, 0], [0, 0, 1]], [2, 3]), "at least 10"),
    ],
    ids=["two-lists", "a-list-never-appears", "all-on-one-list", "too-few-records"],
)
def test_dga_asked_by_name_refuses_a_table_it_cannot_take(table: CountsTable, message: str) -> None:
    with pytest.raises(EstimationInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        estimate_table(table, methods=["dga"])


def test_a_stratum_too_small_is_not_estimated_and_the_total_says_so() -> None:
    tiny = CountsTable.from_arrays(["A", "B", "C"], [[1, 1, 0], [1, 0, 0], [0, 0, 1]], [2, 3, 2])
    result = estimate_strata({"Evin": _table(), "Rasht": tiny}, methods=["dga"], lcmcr=QUICK)
    assert [f.stratum for f in result.failures] == ["Rasht"]
    assert "at least 10" in result.failures[0].reason
    assert "stratum-not-estimated" in {w.code for w in result.warnings}
    total = result.total("dga")
    evin = result.strata[0].result("dga")
    assert total is not None and evin is not None and total.estimate is not None
    assert total.estimate == pytest.approx(evin.estimate + 7, abs=1)
