"""Bayesian model averaging over decomposable graphical models ("dga"), for 3 to 5 lists.

Madigan & York (1997), *Bayesian methods for estimation of the size of a
closed population*, Biometrika 84(1):19-31, as implemented in HRDAG's R
package ``dga`` (Johndrow, Lum & Ball; ``bma.cr``, ``MakeCompMatrix``,
``CompLogML``; read from github.com/HRDAG/DGA, R/BMAfunctions.R). Each
decomposable graph on the lists is a model of how lists depend on each
other (an edge: the two lists are dependent given the others). Under the
hyper-Dirichlet prior with ``delta`` prior people in each of the 2^J cells,
the marginal likelihood of the complete table (the unobserved cell set to
n0) factorises over the graph's cliques and separators (Dawid & Lauritzen
1993); with the prior p(N) ∝ 1/N (dga's default) this gives the joint
posterior of (graph, N), and summing over graphs gives N's model-averaged
posterior. As in dga, every graph has the same prior weight and ``delta``
defaults to 1/2^J (one prior person spread over the table).

Departures from dga, each deliberate:
- dga evaluates N on a grid it truncates at 30 times the documented count.
  Here the grid runs from n (nobody missing) until the posterior mass
  beyond it is below 1e-8, integers first, then steps of 0.1%; the complete
  graph leaves n0 unidentified (its posterior tail falls like a power of N),
  so the bound can be far out, and when it would pass ``MAX_RATIO`` times n
  the mass left beyond is reported.
- dga's graph lists (graphs3/4/5) are data files; here the decomposable
  graphs are enumerated (every edge set, kept when chordal), which gives
  8, 61 and 822 graphs as dga's lists do.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special

from dadkhah.core.estimation.table import CountsTable, EstimationInputError

MIN_LISTS = 3
MAX_LISTS = 5
#: Posterior mass left beyond the last grid point (the grid stops below it).
TAIL_MASS = 1e-8
#: The grid holds every whole number of unrecorded people up to this many
#: times the documented count (and at least ``INTEGER_MIN``), then steps of 0.1%.
INTEGER_RATIO = 10
INTEGER_MIN = 2_000
STEP = 1.001
#: The grid stops at this many times the documented count, tail or not.
MAX_RATIO = 1e8
#: Points per block past the whole numbers (each block about doubles n0).
GEOMETRIC_BLOCK = 700
#: Cells (graphs x grid points) per block of the grid: about 8 MB for each array.
BLOCK_CELLS = 2**20
#: Draws of N kept for totals over strata (inverse CDF at even quantiles).
DRAWS = 4000


@dataclass(frozen=True)
class DgaSettings:
    """The prior.

    Attributes:
        delta: prior people in each of the 2^J cells of the hyper-Dirichlet
            (None: dga's default, 1/2^J).
    """

    delta: float | None = None

    def delta_for(self, n_lists: int) -> float:
        """The delta used with ``n_lists`` lists."""
        return self.delta if self.delta is not None else 2.0**-n_lists

    def to_dict(self) -> dict[str, Any]:
        """As JSON values."""
        return {"delta": self.delta}


@dataclass(frozen=True)
class Graph:
    """A decomposable graph: its cliques and the separators of a junction tree."""

    edges: tuple[tuple[int, int], ...]
    cliques: tuple[tuple[int, ...], ...]
    separators: tuple[tuple[int, ...], ...]

    def name(self, lists: tuple[str, ...]) -> str:
        """The cliques as "[AB][C]" (names joined by "," when any is longer than a letter)."""
        joiner = "" if all(len(n) == 1 for n in lists) else ","
        return "".join("[" + joiner.join(lists[v] for v in c) + "]" for c in self.cliques)


@dataclass
class DgaFit:
    """The posterior of N averaged over graphs, and each graph's weight."""

    n_values: NDArray[np.float64] = field(repr=False)
    width: NDArray[np.float64] = field(repr=False)
    mass: NDArray[np.float64] = field(repr=False)
    graph_weights: NDArray[np.float64]
    graphs: tuple[Graph, ...]
    delta: float
    tail_mass: float
    documented: int

    def quantile(self, q: float) -> float:
        """The q-quantile of N (interpolated between grid points past the integers)."""
        return float(_quantiles(self.n_values, self.width, self.mass, np.array([q]))[0])

    def draws(self, size: int = DRAWS) -> NDArray[np.float64]:
        """N at the quantiles (i + 1/2)/size: a sorted, even sample of the posterior."""
        return _quantiles(self.n_values, self.width, self.mass, (np.arange(size) + 0.5) / size)


def _is_chordal(n: int, edges: set[tuple[int, int]]) -> bool:
    """Whether every cycle of four or more vertices has a chord (simplicial elimination)."""
    adj = {v: {w for e in edges for w in e if v in e and w != v} for v in range(n)}
    left = set(range(n))
    while left:
        for v in sorted(left):
            nb = adj[v] & left
            if all((a, b) in edges or (b, a) in edges for a, b in itertools.combinations(nb, 2)):
                left.remove(v)
                break
        else:
            return False
    return True


def _cliques_and_separators(
    n: int, edges: set[tuple[int, int]]
) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """Maximal cliques, and the non-empty separators of a junction tree.

    For a chordal graph a maximum-weight spanning tree of the cliques (weight:
    the size of the intersection) is a junction tree (Jensen & Jensen 1994);
    empty separators (between components) contribute nothing and are left out.
    """

    def complete(vs: tuple[int, ...]) -> bool:
        return all((a, b) in edges for a, b in itertools.combinations(vs, 2))

    subsets = [c for k in range(n, 0, -1) for c in itertools.combinations(range(n), k)]
    cliques: list[tuple[int, ...]] = []
    for c in subsets:
        if complete(c) and not any(set(c) <= set(d) for d in cliques):
            cliques.append(c)
    cliques.sort()
    pairs = sorted(
        itertools.combinations(range(len(cliques)), 2),
        key=lambda p: -len(set(cliques[p[0]]) & set(cliques[p[1]])),
    )
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    separators = []
    for i, j in pairs:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[ri] = rj
            sep = tuple(sorted(set(cliques[i]) & set(cliques[j])))
            if sep:
                separators.append(sep)
    return tuple(cliques), tuple(sorted(separators))


@functools.cache
def decomposable_graphs(n_lists: int) -> tuple[Graph, ...]:
    """Every decomposable (chordal) graph on ``n_lists`` vertices, sparsest first."""
    all_edges = list(itertools.combinations(range(n_lists), 2))
    out = []
    for k in range(len(all_edges) + 1):
        for chosen in itertools.combinations(all_edges, k):
            edges = set(chosen)
            if _is_chordal(n_lists, edges):
                cliques, seps = _cliques_and_separators(n_lists, edges)
                out.append(Graph(tuple(chosen), cliques, seps))
    return tuple(out)


def _subset_index(vertices: tuple[int, ...]) -> int:
    """Row of a vertex set in the component matrix: its bit mask minus one."""
    return sum(1 << v for v in vertices) - 1


@functools.cache
def _design(n_lists: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(graphs, 2^J - 1) signs of cliques (+1) and separators (-1), and |C| - |S|."""
    graphs = decomposable_graphs(n_lists)
    coef = np.zeros((len(graphs), 2**n_lists - 1))
    for g, graph in enumerate(graphs):
        for c in graph.cliques:
            coef[g, _subset_index(c)] += 1.0
        for s in graph.separators:
            coef[g, _subset_index(s)] -= 1.0
    parts = np.array([len(g.cliques) - len(g.separators) for g in graphs], dtype=np.float64)
    return coef, parts


def _components(table: CountsTable, delta: float) -> tuple[NDArray[np.float64], ...]:
    """Each non-empty list subset A's log marginal likelihood, in parts.

    dga's ``CompLogML``: over the cells of A's margin, lgamma(count + alpha_A)
    - lgamma(alpha_A), with alpha_A = delta 2^(J - |A|) (the full table's
    delta summed over the cells that collapse into one). Only the all-absent
    cell depends on n0, so this returns (the other cells' sum, the documented
    people in the all-absent cell, alpha_A), one entry per subset mask - 1.
    """
    j = table.n_lists
    pats = table.patterns.astype(np.int64)
    counts = table.counts.astype(np.float64)
    const = np.zeros(2**j - 1)
    zero = np.zeros(2**j - 1)
    alpha = np.zeros(2**j - 1)
    for mask in range(1, 2**j):
        members = [v for v in range(j) if mask >> v & 1]
        keys = (pats[:, members] << np.arange(len(members))).sum(axis=1)
        margin = np.bincount(keys, weights=counts, minlength=2 ** len(members))
        a = delta * 2.0 ** (j - len(members))
        alpha[mask - 1] = a
        zero[mask - 1] = margin[0]
        const[mask - 1] = float(np.sum(special.gammaln(margin[1:] + a) - special.gammaln(a)))
    return const, zero, alpha


def _log_posterior(
    table: CountsTable,
    delta: float,
    n0: NDArray[np.float64],
    rows: NDArray[np.intp] | None = None,
) -> NDArray[np.float64]:
    """(graphs, len(n0)) unnormalised log p(graph, N = n + n0 | table), as dga's ``bma.cr``.

    The complete table's hyper-Dirichlet marginal likelihood is the product of
    the cliques' Dirichlet-multinomial likelihoods over the separators'
    (Dawid & Lauritzen 1993); each brings Gamma(sum alpha)/Gamma(N + sum alpha)
    once, hence ``parts`` = |cliques| - |separators| times that term.
    """
    j = table.n_lists
    n = float(table.documented)
    coef, parts = _design(j)
    if rows is not None:
        coef, parts = coef[rows], parts[rows]
    const, zero, alpha = _components(table, delta)
    comp = const[:, None] + (
        special.gammaln(zero[:, None] + n0[None, :] + alpha[:, None])
        - special.gammaln(alpha[:, None])
    )
    total_alpha = delta * 2.0**j
    big_n = n + n0
    d = special.gammaln(total_alpha) - special.gammaln(big_n + total_alpha)
    counts = table.counts.astype(np.float64)
    multinomial = (
        special.gammaln(big_n + 1.0)
        - float(np.sum(special.gammaln(counts + 1.0)))
        - special.gammaln(n0 + 1.0)
    )
    prior = -np.log(big_n)  # p(N) ∝ 1/N, dga's default
    out: NDArray[np.float64] = coef @ comp + parts[:, None] * d[None, :]
    out += (multinomial + prior)[None, :]
    return out


def check_dga_table(table: CountsTable) -> None:
    """Raise when dga cannot be run on ``table`` (3 to 5 lists, each recording someone).

    Raises:
        EstimationInputError: with the reason.
    """
    if not MIN_LISTS <= table.n_lists <= MAX_LISTS:
        raise EstimationInputError(
            f"dga (model averaging over decomposable graphs) needs 3 to 5 lists; this table "
            f"has {table.n_lists}. With fewer lists there is no choice of dependence to average "
            "over; with more the graphs are too many to enumerate (use LCMCR or log-linear)."
        )
    empty = [name for name, size in table.list_sizes().items() if size == 0]
    if empty:
        raise EstimationInputError(
            f"list(s) {', '.join(empty)} record nobody in this table; dga models every list, "
            "so remove them (or use --method all, which leaves empty lists out)."
        )


def fit_dga(table: CountsTable, settings: DgaSettings | None = None) -> DgaFit:
    """The posterior of N averaged over every decomposable graph on the table's lists.

    Args:
        table: 3 to 5 lists, each recording someone.
        settings: the prior (default: dga's, delta = 1/2^J).

    Raises:
        EstimationInputError: see ``check_dga_table``; or a delta that is not positive.
    """
    check_dga_table(table)
    settings = settings if settings is not None else DgaSettings()
    delta = settings.delta_for(table.n_lists)
    if not (math.isfinite(delta) and delta > 0):
        raise EstimationInputError(f"the prior delta must be a positive number, not {delta}.")
    n = table.documented
    graphs = decomposable_graphs(table.n_lists)
    integers = float(max(INTEGER_RATIO * n, INTEGER_MIN))
    limit = MAX_RATIO * max(n, 1)
    block = max(256, BLOCK_CELLS // len(graphs))
    blocks_n0: list[NDArray[np.float64]] = []
    blocks_width: list[NDArray[np.float64]] = []
    by_n: list[NDArray[np.float64]] = []  # log density (summed over graphs) per grid point
    by_graph = np.full(len(graphs), -np.inf)
    start = 0.0
    tail = math.inf
    while True:
        if start < integers:
            n0 = np.arange(start, min(start + block, integers))
            width = np.ones_like(n0)
        else:
            # ~700 steps double n0: check the tail at every doubling, never past the limit
            n0 = start * STEP ** np.arange(min(block, GEOMETRIC_BLOCK), dtype=np.float64)
            n0 = n0[n0 <= limit]
            width = n0 * (STEP - 1.0)
        logp = _log_posterior(table, delta, n0)
        logw = np.log(width)
        by_n.append(special.logsumexp(logp, axis=0))
        by_graph = np.logaddexp(by_graph, special.logsumexp(logp + logw[None, :], axis=1))
        blocks_n0.append(n0)
        blocks_width.append(width)
        start = float(n0[-1] + 1.0) if start < integers else float(n0[-1] * STEP)
        if start >= integers:
            tail = _tail_share(
                n0[-2:] + n,
                logp[:, -2:],
                np.concatenate(by_n),
                np.concatenate(blocks_width),
            )
            if tail < TAIL_MASS or start >= limit:
                break
    n0_all = np.concatenate(blocks_n0)
    width_all = np.concatenate(blocks_width)
    log_density = np.concatenate(by_n) + np.log(width_all)
    top = float(np.max(log_density))
    mass = np.exp(log_density - top)
    total = float(mass.sum())
    weights = np.exp(by_graph - top) / total
    return DgaFit(
        n_values=n0_all + n,
        width=width_all,
        mass=mass / total,
        graph_weights=weights / weights.sum(),
        graphs=graphs,
        delta=delta,
        tail_mass=tail,
        documented=n,
    )


def _tail_share(
    last_n: NDArray[np.float64],
    last_logp: NDArray[np.float64],
    log_f: NDArray[np.float64],
    width: NDArray[np.float64],
) -> float:
    """Mass beyond the grid over the mass on it, each graph's tail taken as a power of N.

    Each graph's density at the last two points gives its local slope a_g (in
    log N); beyond, it is taken to fall like N^-a_g, whose tail from U is
    f_g(U) U / (a_g - 1). The complete graph's tail is such a power (n0 is not
    identified under it); every other graph's falls faster, so this over-
    rather than under-states the tail. Infinite when some graph is not falling
    fast enough (a_g <= 1).

    Args:
        last_n: the last two grid values of N.
        last_logp: (graphs, 2) log densities there.
        log_f: log density (summed over graphs) at every grid point so far.
        width: the people each grid point stands for.
    """
    top = float(np.max(log_f))
    so_far = float(np.sum(np.exp(log_f - top) * width))
    slope = -(last_logp[:, 1] - last_logp[:, 0]) / (math.log(last_n[1]) - math.log(last_n[0]))
    if not np.all(slope > 1.0):
        return math.inf
    tails = np.exp(last_logp[:, 1] - top) * last_n[1] / (slope - 1.0)
    return float(tails.sum()) / so_far


def _quantiles(
    n_values: NDArray[np.float64],
    width: NDArray[np.float64],
    mass: NDArray[np.float64],
    qs: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Quantiles of a distribution given as masses on grid points.

    On whole numbers the quantile is the first point whose CDF reaches q; past
    them, where a point stands for the 0.1% step above it, it is interpolated
    within that step.
    """
    cdf = np.cumsum(mass)
    idx = np.minimum(np.searchsorted(cdf, qs * cdf[-1]), len(cdf) - 1)
    out: NDArray[np.float64] = n_values[idx].astype(np.float64)
    coarse = width[idx] > 1.0
    if coarse.any():
        before = np.where(idx > 0, cdf[np.maximum(idx - 1, 0)], 0.0)
        frac = np.clip((qs * cdf[-1] - before) / np.maximum(mass[idx], 1e-300), 0.0, 1.0)
        out = np.where(coarse, out + frac * width[idx], out)
    return out


def graph_medians(fit: DgaFit, table: CountsTable, indices: list[int]) -> list[float]:
    """The median of N under each of the graphs ``indices`` alone (for the top graphs)."""
    logp = _log_posterior(
        table, fit.delta, fit.n_values - table.documented, np.asarray(indices, dtype=np.intp)
    )
    out = []
    for row in logp:
        w = np.exp(row - row.max()) * fit.width
        out.append(float(_quantiles(fit.n_values, fit.width, w / w.sum(), np.array([0.5]))[0]))
    return out
