"""Split–merge moves for LCMCR: a block of people changes class in one step.

Why: on tables such as the Colombia stratum the Gibbs sweep (``lcmcr_kernel``)
moves people one at a time given the capture chances, and a class of rarely
listed people with many unrecorded beside it is reached only through states
of very low probability (docs/methodology/estimation.md, "Crossing between
modes"). A split–merge move (Jain & Neal 2004, JCGS 13(1):158-182; the
sequential allocation of Dahl 2003, "An improved merge-split sampler for
conjugate Dirichlet process mixture models", Tech. Rep. 1086, U. Wisconsin)
proposes to cut one class in two, or to join two, with everything else fixed.

Target. The move is a Metropolis–Hastings step on the classes of the
documented people and the number of unrecorded people in each class, c0_k
(so on n0 = sum_k c0_k too), with lambda and the stick-breaking weights
integrated out and alpha fixed. With Beta(1, 1) priors on lambda_jk, V_k ~
Beta(1, alpha) and p(N) ∝ 1/N, the documented people labelled and the
unrecorded counted:

    p(z, c0 | alpha, x) ∝ Gamma(N) / prod_k c0_k!
                          * prod_k prod_j B(1 + h_jk, 1 + n_k - h_jk)
                          * prod_{k<K} B(1 + n_k, alpha + m_k)

with n_k the people in class k (the unrecorded count as misses on every
list), h_jk the documented of them on list j, m_k = sum_{h>k} n_h. The
first factor is (N - 1)!/n0! of the prior and the labelling times the
n0!/prod_k c0_k! ways to share the unrecorded among classes; the last product
is E[prod_k pi_k^n_k] under truncated stick breaking (its 1/B(1, alpha)^(K-1)
is constant).

The sampler keeps counts per (pattern, class), not labels. Documented people
with the same pattern are exchangeable, so the chain is read as carrying a
labelling drawn uniformly among those that give the counts (a Gibbs step on
the labelling given the counts, which leaves the target unchanged); the move
below is then an ordinary MH move on labels, and its result is again counted.

Proposal (Dahl 2003's anchors; the allocation is his sequential one):

- Draw two documented people i and j uniformly (an ordered pair). If they
  share class k1, propose a split: i stays in k1 (side a), j goes to a class
  k2 drawn uniformly among the K - occ empty ones (side b); every other
  documented person of k1, in a uniformly random order, goes to side s with
  probability proportional to (n_s + 1) times the posterior predictive of the
  person's pattern given the documented already on side s,
  prod_j ((1 + h_js)/(2 + n_s))^x_j ((1 + n_s - h_js)/(2 + n_s))^(1 - x_j);
  q_alloc is the product of the probabilities of the choices made.
  If i and j are in classes k1 ≠ k2, propose to merge k2 into k1.
- The unrecorded of the classes of the proposed state are drawn afresh: after
  a split c0_a, then c0_b given c0_a; after a merge c0_m. Each is drawn from
  the target's conditional in that count (the other classes and the
  documented fixed, the other side's unrecorded 0 or c0_a) evaluated at the
  middle of each bin of a grid (every count to 16, then bins 25% wider each,
  up to 30 n) and flat inside a bin: a proposal whose probability is
  computable for any count, which the reverse move needs. The scale of the
  unrecorded thus moves with the split: a class of rarely listed people is
  proposed with the many unrecorded it implies, in one step.

A split of k1 by (i, j) is undone only by the merge drawn with the same (i, j),
so the anchors' 1/(n (n - 1)) cancels and a split s -> s' is accepted with
probability min(1, r),

    r = p(s') / p(s) * q(c0_m) / [1/(K - occ) q_alloc q(c0_a) q(c0_b | c0_a)]

where occ counts the occupied classes of the merged state and q(c0_m) is
the probability of the merged class's current unrecorded count. A merge is
accepted with min(1, 1/r), r computed for the split that would recreate the
current two classes: the documented of k1 and k2 other than i and j in a
random order (a random order of patterns and, within a pattern, a uniformly
random interleaving of who came from k1 and who from k2: together a uniformly
random order of labelled people), each one's probability of its actual side
under the same sequential rule, and the probabilities of the current c0_a
and c0_b. A count beyond the grid has probability 0 in the reverse move, and
such a move is rejected. The random order is drawn independently of the
state, so each order gives a valid kernel, and so does their mixture.

The aimed moves (``aimed_split_merge``; the default, ``lcmcr.PROPOSALS``).
Measured on Colombia, the sequential allocation seldom proposes the split
that matters there: a class of people each on one list, rarely listed, with
many unrecorded beside it (fewer than 1 proposal in 10,000 accepted). The
aimed moves propose it directly, with the same target and state:

- One of three moves, each with probability 1/3. A split: a class k1 drawn
  uniformly among those with documented people, and an empty class k2 drawn
  uniformly. A merge or a re-split: an ordered pair (k1, k2) drawn uniformly
  among the classes with documented people.
- The allocation. ``_aim`` fits a two-class latent class model by EM to the
  documented people of the merged class (k1 alone for a split, k1 and k2
  together otherwise), with the unrecorded filled in at their expected number,
  class 0 starting as "listed once, rarely listed" and class 1 as "listed more
  than once". Each documented person of the merged class goes to k2 with their
  pattern's responsibility of class 0, rho_m, kept in [0.02, 0.98], independently:
  q_alloc = prod_m rho_m^b_m (1 - rho_m)^a_m, on labelled people as above.
  rho depends only on the merged class's documented people, which the state
  before and after the move share, so the reverse move computes the same rho.
- Split: k1 keeps a, k2 gets b (both must be non-empty, else the move is
  rejected); the unrecorded of k1 and k2 are drawn on the grid as above, and
  the merge that undoes it scores q(c0_m). Accepted with min(1, r),

      r = p(s') / p(s) * [1/(d (d + 1)) q(c0_m)] / [1/(d (K - occ)) q_alloc q(c0_a) q(c0_b | c0_a)]

  d: classes with documented people in the merged state, occ: occupied
  classes in it. A merge is accepted with min(1, 1/r), r for the split that
  would recreate the current two classes.
- Re-split: both classes' documented are allocated afresh from the same rho
  and their unrecorded drawn afresh; the current split is scored as the
  reverse proposal would make it. r = p(s') q_alloc(s) q(c0(s)) / (p(s)
  q_alloc(s') q(c0(s'))): the pair's choice cancels. This moves people between
  two occupied classes in one step, which neither a split nor a merge does.

Each is checked against plain Gibbs on the 3-list test table (the suite), and
on a 6-list and a 12-list table with a class of 3,000 people listed with
chances of 1–6% (KS 0.012 and 0.017 between 2 × 50,000 draws of each, medians
within 0.3%).

The move runs between step 1 (classes of the observed) and step 2 (lambda) of
the sweep: an MH step on p(z | n0, alpha) followed by lambda and V from their
conditionals given the classes is a valid step on the joint (partially
collapsed Gibbs; van Dyk & Park 2008, JASA 103:790-796); n0 is then redrawn
from its conditional as in the plain sweep.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.estimation.compiled import njit
from dadkhah.core.estimation.lcmcr_kernel import (
    _allocate,
    _classes,
    _uniform,
    _update,
    sweep_scratch,
)

#: stats[0..3]: splits proposed, splits accepted, merges proposed, merges accepted;
#: stats[4..9]: the aimed moves' splits, merges and re-splits, each proposed then accepted.
STATS = 10
#: The grid of a class's unrecorded count: every count up to _LINEAR, then
#: bins _GROWTH times wider each, up to _U_MAX_FACTOR times the documented.
_LINEAR = 16
_GROWTH = 1.25
_U_MAX_FACTOR = 30


@njit(cache=True)
def _class_log_lik(h: NDArray[np.int64], n: int) -> float:
    """sum_j log B(1 + h_j, 1 + n - h_j): a class's lists with lambda integrated out."""
    out = 0.0
    for j in range(h.shape[0]):
        out += math.lgamma(1.0 + h[j]) + math.lgamma(1.0 + n - h[j])
    return float(out - h.shape[0] * math.lgamma(2.0 + n))


@njit(cache=True)
def _stick_log_prior(sizes: NDArray[np.int64], alpha: float) -> float:
    """sum_{k<K} log B(1 + n_k, alpha + m_k) (the constant B(1, alpha) left out)."""
    k_max = sizes.shape[0]
    rest = 0
    for k in range(k_max):
        rest += sizes[k]
    out = 0.0
    for k in range(k_max - 1):
        rest -= sizes[k]
        a = 1.0 + sizes[k]
        b = alpha + rest
        out += math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return out


@njit(cache=True)
def _side_weight(
    ind_ptr: NDArray[np.int64], ind: NDArray[np.int64], m: int, h: NDArray[np.int64], n: int
) -> float:
    """(n + 1) times the predictive of pattern m (m < 0: unrecorded) given a side's (h, n)."""
    den = 2.0 + n
    w = n + 1.0
    for j in range(h.shape[0]):
        w *= (1.0 + n - h[j]) / den
    if m >= 0:
        for t in range(ind_ptr[m], ind_ptr[m + 1]):
            j = ind[t]
            w *= (1.0 + h[j]) / (1.0 + n - h[j])
    return w


@njit(cache=True)
def _add(
    ind_ptr: NDArray[np.int64], ind: NDArray[np.int64], m: int, h: NDArray[np.int64], sign: int
) -> None:
    if m >= 0:
        for t in range(ind_ptr[m], ind_ptr[m + 1]):
            h[ind[t]] += sign


@njit(cache=True)
def _people(
    assign: NDArray[np.int64], k1: int, k2: int, rng_state: NDArray[np.uint64]
) -> NDArray[np.int64]:
    """The patterns of the documented people of k1 and k2 (k2 < 0: k1 only), shuffled."""
    total = 0
    for m in range(assign.shape[0]):
        total += assign[m, k1] + (assign[m, k2] if k2 >= 0 else 0)
    out = np.empty(total, dtype=np.int64)
    i = 0
    for m in range(assign.shape[0]):
        c = assign[m, k1] + (assign[m, k2] if k2 >= 0 else 0)
        for _ in range(c):
            out[i] = m
            i += 1
    for i in range(total - 1, 0, -1):  # Fisher-Yates
        r = int(_uniform(rng_state) * (i + 1))
        if r > i:
            r = i
        out[i], out[r] = out[r], out[i]
    return out


@njit(cache=True)
def _grid_edge(i: int) -> int:
    """Left edge of bin i of the unrecorded-count grid: 0..15, then _GROWTH (1.25) times wider each."""
    if i <= _LINEAR:
        return i
    return int(_LINEAR * _GROWTH ** (i - _LINEAR))


@njit(cache=True)
def _log_target_u(
    u: float,
    h: NDArray[np.int64],
    n: int,
    k: int,
    sizes: NDArray[np.int64],
    fixed: int,
    alpha: float,
) -> float:
    """The terms of the target that move with class k's unrecorded count u (sizes[k] = n + u).

    ``fixed``: everyone outside class k's unrecorded (N - u).
    """
    sizes[k] = n + int(u)
    return (
        math.lgamma(fixed + u)
        - math.lgamma(u + 1.0)
        + _class_log_lik(h, n + int(u))
        + _stick_log_prior(sizes, alpha)
    )


@njit(cache=True)
def _unrecorded(
    h: NDArray[np.int64],
    n: int,
    k: int,
    sizes: NDArray[np.int64],
    fixed: int,
    alpha: float,
    u_max: int,
    rng_state: NDArray[np.uint64],
    given: int,
) -> tuple[int, float]:
    """Propose the unrecorded count u of class k, or score ``given`` (>= 0) instead.

    The proposal is the target's conditional in u, evaluated at the middle of
    each bin of a grid (``_grid_edge``, up to ``u_max``) and flat within a bin:
    pmf(u) = exp(t(mid)) / sum_b (exp(t(mid_b)) width_b). ``sizes[k]`` is
    left at n + u.

    Returns:
        (u, log pmf(u)); log pmf is -inf when ``given`` lies beyond the grid.
    """
    bins = 0
    while _grid_edge(bins + 1) <= u_max:
        bins += 1
    logw = np.empty(bins)
    best = -np.inf
    for b in range(bins):
        lo = _grid_edge(b)
        width = _grid_edge(b + 1) - lo
        mid = lo + (width - 1) // 2
        t = _log_target_u(float(mid), h, n, k, sizes, fixed, alpha)
        logw[b] = t + math.log(width)
        if logw[b] > best:
            best = logw[b]
    total = 0.0
    for b in range(bins):
        total += math.exp(logw[b] - best)
    log_total = best + math.log(total)
    if given >= 0:
        u = given
        chosen = -1
        for b in range(bins):
            if _grid_edge(b) <= u < _grid_edge(b + 1):
                chosen = b
                break
        if chosen < 0:
            sizes[k] = n + u
            return u, -np.inf
    else:
        x = _uniform(rng_state) * total
        chosen = bins - 1
        acc = 0.0
        for b in range(bins):
            acc += math.exp(logw[b] - best)
            if x < acc:
                chosen = b
                break
        lo = _grid_edge(chosen)
        width = _grid_edge(chosen + 1) - lo
        u = lo + min(int(_uniform(rng_state) * width), width - 1)
    width = _grid_edge(chosen + 1) - _grid_edge(chosen)
    sizes[k] = n + u
    return u, logw[chosen] - log_total - math.log(width)


@njit(cache=True)
def split_merge(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    n_obs: int,
    alpha: float,
    assign: NDArray[np.int64],
    count0: NDArray[np.int64],
    ones: NDArray[np.int64],
    n_k: NDArray[np.int64],
    state: NDArray[np.float64],
    rng_state: NDArray[np.uint64],
    stats: NDArray[np.int64],
) -> None:
    """One split or merge proposal, accepted or not, in place (see the module docstring).

    Args:
        ind_ptr, ind: the observed patterns (CSR, as in ``lcmcr_kernel``).
        n_obs: documented people.
        alpha: the concentration.
        assign: (patterns, K) documented people of each pattern in each class.
        count0: (K,) unrecorded people in each class.
        ones: (J, K) documented people on each list in each class.
        n_k: (K,) documented people in each class.
        state: [n0, alpha]; n0 changes with an accepted move.
        rng_state: xoshiro256+ state.
        stats: counts of proposals and acceptances (``STATS``), added to.
    """
    n_lists, k_max = ones.shape
    n_pat = assign.shape[0]
    sizes = np.empty(k_max, dtype=np.int64)
    occ = 0
    for k in range(k_max):
        sizes[k] = n_k[k] + count0[k]
        if sizes[k] > 0:
            occ += 1
    # two documented people, uniformly at random (Dahl 2003's anchors): in one
    # class, propose to split it with each on a side; in two, to merge them
    m_i, k1 = _person(assign, -1, -1, rng_state)
    m_j, k2 = _person(assign, m_i, k1, rng_state)
    split = k1 == k2
    stats[0 if split else 2] += 1
    if split:
        if occ == k_max:
            return
        k2 = _pick(sizes, False, -1, rng_state)
    assign[m_i, k1] -= 1
    assign[m_j, k1 if split else k2] -= 1
    n0 = int(state[0])
    # everyone but the unrecorded of k1 and k2
    fixed = n_obs + n0 - count0[k1] - count0[k2]
    u_max = _U_MAX_FACTOR * n_obs + _LINEAR
    people = _people(assign, k1, -1 if split else k2, rng_state)
    # documented people of sides a (k1) and b (k2), one at a time after the anchors
    h_a = np.zeros(n_lists, dtype=np.int64)
    h_b = np.zeros(n_lists, dtype=np.int64)
    _add(ind_ptr, ind, m_i, h_a, 1)
    _add(ind_ptr, ind, m_j, h_b, 1)
    n_a = 1
    n_b = 1
    new_a = np.zeros(n_pat, dtype=np.int64)
    left_a = np.zeros(n_pat, dtype=np.int64)  # merge: who is still to come from k1
    left_b = np.zeros(n_pat, dtype=np.int64)
    if not split:
        for m in range(n_pat):
            left_a[m] = assign[m, k1]
            left_b[m] = assign[m, k2]
    log_q = 0.0
    for i in range(people.shape[0]):
        m = people[i]
        w_a = _side_weight(ind_ptr, ind, m, h_a, n_a)
        w_b = _side_weight(ind_ptr, ind, m, h_b, n_b)
        p_a = w_a / (w_a + w_b)
        if split:
            to_a = _uniform(rng_state) < p_a
        else:
            # a uniformly random interleaving of this pattern's k1 and k2 people
            to_a = _uniform(rng_state) * (left_a[m] + left_b[m]) < left_a[m]
            if to_a:
                left_a[m] -= 1
            else:
                left_b[m] -= 1
        if to_a:
            log_q += math.log(p_a)
            n_a += 1
            new_a[m] += 1
            _add(ind_ptr, ind, m, h_a, 1)
        else:
            log_q += math.log1p(-p_a)
            n_b += 1
            _add(ind_ptr, ind, m, h_b, 1)
    assign[m_i, k1] += 1
    assign[m_j, k1 if split else k2] += 1
    new_a[m_i] += 1
    h_m = h_a + h_b
    n_m = n_a + n_b
    # the unrecorded: proposed afresh for the classes of the proposed state, and
    # scored for those of the current one (the reverse move would propose them)
    given_a = count0[k1] if not split else -1
    given_b = count0[k2] if not split else -1
    given_m = count0[k1] if split else -1
    u_a, u_b, log_q_u, log_two = _apart(
        h_a, n_a, h_b, n_b, k1, k2, sizes, fixed, alpha, u_max, rng_state, given_a, given_b
    )
    u_m, log_q_m, log_one = _merged(
        h_m, n_m, k1, k2, sizes, fixed, alpha, u_max, rng_state, given_m
    )
    if log_q_u == -np.inf or log_q_m == -np.inf:
        return  # the current unrecorded count lies beyond the proposal's grid
    occ_one = occ if split else occ - 1  # occupied classes when merged
    # q(split | merged) = 1/(n (n - 1)) 1/(K - occ_one) q_alloc q(u_a) q(u_b | u_a);
    # q(merge | apart) = 1/(n (n - 1)) q(u_m): the anchors' 1/(n (n - 1)) cancels
    log_q_split = -math.log(k_max - occ_one) + log_q + log_q_u
    log_q_merge = log_q_m
    log_r = log_two - log_one + log_q_merge - log_q_split
    if not split:
        log_r = -log_r
    if log_r < 0.0 and math.log(1.0 - _uniform(rng_state)) >= log_r:
        return
    stats[1 if split else 3] += 1
    # write the new counts of k1 and k2
    for m in range(n_pat):
        both = assign[m, k1] + assign[m, k2]
        assign[m, k1] = new_a[m] if split else both
        assign[m, k2] = both - assign[m, k1]
    count0[k1] = u_a if split else u_m
    count0[k2] = u_b if split else 0
    state[0] = float(fixed - n_obs + count0[k1] + count0[k2])
    _recount(ind_ptr, ind, assign, ones, n_k, k1, k2)


@njit(cache=True)
def _recount(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    assign: NDArray[np.int64],
    ones: NDArray[np.int64],
    n_k: NDArray[np.int64],
    k1: int,
    k2: int,
) -> None:
    """The documented people and list hits of classes k1 and k2, from ``assign``."""
    for k in (k1, k2):
        n_k[k] = 0
        for j in range(ones.shape[0]):
            ones[j, k] = 0
        for m in range(assign.shape[0]):
            c = assign[m, k]
            n_k[k] += c
            for t in range(ind_ptr[m], ind_ptr[m + 1]):
                ones[ind[t], k] += c


@njit(cache=True)
def _person(
    assign: NDArray[np.int64], m_skip: int, k_skip: int, rng_state: NDArray[np.uint64]
) -> tuple[int, int]:
    """(pattern, class) of a documented person drawn uniformly, one of (m_skip, k_skip) left out."""
    total = 0
    for m in range(assign.shape[0]):
        for k in range(assign.shape[1]):
            total += assign[m, k]
    total -= 1 if m_skip >= 0 else 0
    r = int(_uniform(rng_state) * total)
    for m in range(assign.shape[0]):
        for k in range(assign.shape[1]):
            c = assign[m, k] - (1 if (m == m_skip and k == k_skip) else 0)
            if r < c:
                return m, k
            r -= c
    return assign.shape[0] - 1, assign.shape[1] - 1


@njit(cache=True)
def _pick(
    sizes: NDArray[np.int64], occupied: bool, skip: int, rng_state: NDArray[np.uint64]
) -> int:
    """A class chosen uniformly among the occupied (or the empty) ones, other than ``skip``."""
    count = 0
    for k in range(sizes.shape[0]):
        if (sizes[k] > 0) == occupied and k != skip:
            count += 1
    r = int(_uniform(rng_state) * count)
    for k in range(sizes.shape[0]):
        if (sizes[k] > 0) == occupied and k != skip:
            if r == 0:
                return k
            r -= 1
    return -1


@njit(cache=True)
def split_merge_block(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_lists: int,
    a_alpha: float,
    b_alpha: float,
    lam: NDArray[np.float64],
    log_nu: NDArray[np.float64],
    count0: NDArray[np.int64],
    state: NDArray[np.float64],
    rng_state: NDArray[np.uint64],
    every: int,
    proposal: int,
    stats: NDArray[np.int64],
    n_iter: int,
    thin: int,
    record: bool,
    out_n: NDArray[np.int64],
    out_alpha: NDArray[np.float64],
    out_kstar: NDArray[np.int64],
    out_pos: int,
) -> int:
    """``n_iter`` Gibbs sweeps with a split–merge proposal in one sweep of ``every``, in place.

    Arguments as ``lcmcr_kernel.tempered_block`` for one replica at b = 1
    (``lam`` (J, K), ``log_nu`` (K,), ``count0`` (K,), ``state`` [n0, alpha]);
    ``stats`` as ``split_merge``; ``proposal``: 0 the aimed moves, 1 the
    sequential allocation (an index into ``lcmcr.PROPOSALS``).

    Returns:
        The position after the last draw written.
    """
    n_obs, work, alloc, ones, n_k = sweep_scratch(counts, n_lists, lam.shape[1])
    assign = np.zeros((counts.shape[0], lam.shape[1]), dtype=np.int64)
    for it in range(n_iter):
        _allocate(ind_ptr, ind, counts, n_lists, 1.0, lam, log_nu, count0, state, work)
        _classes(ind_ptr, ind, counts, 1.0, work, alloc, ones, n_k, rng_state, assign)
        if it % every == 0:
            if proposal == 0:
                aimed_split_merge(
                    ind_ptr,
                    ind,
                    n_obs,
                    state[1],
                    assign,
                    count0,
                    ones,
                    n_k,
                    state,
                    rng_state,
                    stats,
                )
            else:
                split_merge(
                    ind_ptr,
                    ind,
                    n_obs,
                    state[1],
                    assign,
                    count0,
                    ones,
                    n_k,
                    state,
                    rng_state,
                    stats,
                )
        occupied = _update(
            n_obs, n_lists, a_alpha, b_alpha, 1.0, lam, log_nu, count0, state, work, ones, n_k
        )
        if record and (it + 1) % thin == 0:
            out_n[out_pos] = n_obs + int(state[0])
            out_alpha[out_pos] = state[1]
            out_kstar[out_pos] = occupied
            out_pos += 1
    return out_pos


# --- the aimed split–merge ------------------------------------------------------

#: EM iterations of the two-class fit that aims a split (``_aim``), and the
#: bounds of each pattern's chance of going to the new class: never 0 or 1,
#: so that every split can be proposed and every merge undone.
_AIM_ITERATIONS = 40
_AIM_FLOOR = 0.02


@njit(cache=True)
def _aim(
    ind_ptr: NDArray[np.int64], ind: NDArray[np.int64], merged: NDArray[np.int64], n_lists: int
) -> NDArray[np.float64]:
    """Each pattern's chance of going to the new class, from the merged class alone.

    A two-class latent class model is fitted by EM (_AIM_ITERATIONS steps) to
    the documented people of the merged class (``merged``: people per
    pattern), the unrecorded of each class filled in at every step at their
    expected number under the current fit. Class 0 starts as the people listed
    once (each list's capture chance its share of them, the chances summing to
    1/3: rarely listed, many unrecorded), class 1 as the people listed more
    than once. A pattern's chance is its responsibility of class 0, kept
    within [_AIM_FLOOR, 1 - _AIM_FLOOR]. It depends on the merged class's
    documented people only, which the states before and after a move share,
    so the proposal's probability is the same computed either way.
    """
    n_pat = merged.shape[0]
    total = 0
    for m in range(n_pat):
        total += merged[m]
    rho = np.full(n_pat, 0.5)
    if total == 0:
        return rho
    # class 0 starts as the people listed once, rarely listed (their capture
    # chances sum to 1/3); class 1 as the people listed more than once
    once = np.zeros(n_lists)
    more = np.zeros(n_lists)
    n_once = 0
    n_more = 0
    for m in range(n_pat):
        if ind_ptr[m + 1] - ind_ptr[m] == 1:
            once[ind[ind_ptr[m]]] += merged[m]
            n_once += merged[m]
        else:
            n_more += merged[m]
            for t in range(ind_ptr[m], ind_ptr[m + 1]):
                more[ind[t]] += merged[m]
    lam = np.empty((n_lists, 2))
    for j in range(n_lists):
        lam[j, 0] = min(max(once[j] / max(3.0 * n_once, 1.0), 1e-3), 0.9)
        lam[j, 1] = min(max(more[j] / max(n_more, 1.0), 1e-3), 0.95)
    pi = np.array([0.5, 0.5])
    log_odds = np.empty((n_lists, 2))  # log(lambda / (1 - lambda))
    for _ in range(_AIM_ITERATIONS):
        # E step: responsibilities of the documented; the expected unrecorded
        hit_k = np.zeros((n_lists, 2))
        obs_k = np.zeros(2)
        miss0 = np.empty(2)
        for k in range(2):
            s = 0.0
            for j in range(n_lists):
                miss = math.log1p(-lam[j, k])
                s += miss
                log_odds[j, k] = math.log(lam[j, k]) - miss
            miss0[k] = s
        base = math.log(pi[0]) + miss0[0] - math.log(pi[1]) - miss0[1]
        for m in range(n_pat):
            d = base  # log of class 0's weight over class 1's
            for t in range(ind_ptr[m], ind_ptr[m + 1]):
                d += log_odds[ind[t], 0] - log_odds[ind[t], 1]
            r0 = 1.0 / (1.0 + math.exp(-d)) if d > -700.0 else 0.0
            rho[m] = r0
            if merged[m] > 0:
                obs_k[0] += merged[m] * r0
                obs_k[1] += merged[m] * (1.0 - r0)
                for t in range(ind_ptr[m], ind_ptr[m + 1]):
                    hit_k[ind[t], 0] += merged[m] * r0
                    hit_k[ind[t], 1] += merged[m] * (1.0 - r0)
        p0 = pi[0] * math.exp(miss0[0]) + pi[1] * math.exp(miss0[1])
        n_all = total / max(1.0 - p0, 1e-9)
        # M step, the unrecorded of class k being n_all pi_k prod_j (1 - lambda_jk)
        size = np.empty(2)
        for k in range(2):
            size[k] = obs_k[k] + n_all * pi[k] * math.exp(miss0[k])
        for k in range(2):
            for j in range(n_lists):
                lam[j, k] = min(max(hit_k[j, k] / max(size[k], 1e-9), 1e-3), 0.95)
            pi[k] = max(size[k] / (size[0] + size[1]), 1e-6)
    for m in range(n_pat):
        rho[m] = min(max(rho[m], _AIM_FLOOR), 1.0 - _AIM_FLOOR)
    return rho


@njit(cache=True)
def _allocation(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    merged: NDArray[np.int64],
    side_b: NDArray[np.int64],
    rho: NDArray[np.float64],
    h_a: NDArray[np.int64],
    h_b: NDArray[np.int64],
) -> tuple[int, int, float]:
    """Hits of both sides for ``side_b`` of ``merged``, and log q of that allocation.

    Returns:
        (n_a, n_b, sum_m log(rho_m^b_m (1 - rho_m)^a_m)).
    """
    h_a[:] = 0
    h_b[:] = 0
    n_a = 0
    n_b = 0
    log_q = 0.0
    for m in range(merged.shape[0]):
        b = side_b[m]
        a = merged[m] - b
        log_q += b * math.log(rho[m]) + a * math.log1p(-rho[m])
        n_a += a
        n_b += b
        for t in range(ind_ptr[m], ind_ptr[m + 1]):
            h_a[ind[t]] += a
            h_b[ind[t]] += b
    return n_a, n_b, log_q


@njit(cache=True)
def _apart(
    h_a: NDArray[np.int64],
    n_a: int,
    h_b: NDArray[np.int64],
    n_b: int,
    k1: int,
    k2: int,
    sizes: NDArray[np.int64],
    fixed: int,
    alpha: float,
    u_max: int,
    rng_state: NDArray[np.uint64],
    given_a: int,
    given_b: int,
) -> tuple[int, int, float, float]:
    """The unrecorded of two classes, proposed (given < 0) or scored, and the target's terms.

    Returns:
        (u_a, u_b, log q(u_a) q(u_b | u_a), the log target's terms of the two
        classes), the log q -inf when a given count lies beyond the grid.
    """
    apart = sizes.copy()
    apart[k1] = n_a
    apart[k2] = n_b
    u_a, log_q_a = _unrecorded(h_a, n_a, k1, apart, fixed, alpha, u_max, rng_state, given_a)
    u_b, log_q_b = _unrecorded(h_b, n_b, k2, apart, fixed + u_a, alpha, u_max, rng_state, given_b)
    log_two = (
        math.lgamma(fixed + u_a + u_b)
        - math.lgamma(u_a + 1.0)
        - math.lgamma(u_b + 1.0)
        + _class_log_lik(h_a, n_a + u_a)
        + _class_log_lik(h_b, n_b + u_b)
        + _stick_log_prior(apart, alpha)
    )
    return u_a, u_b, log_q_a + log_q_b, log_two


@njit(cache=True)
def _merged(
    h_m: NDArray[np.int64],
    n_m: int,
    k1: int,
    k2: int,
    sizes: NDArray[np.int64],
    fixed: int,
    alpha: float,
    u_max: int,
    rng_state: NDArray[np.uint64],
    given_m: int,
) -> tuple[int, float, float]:
    """The unrecorded of k1 and k2 merged into k1, proposed (given < 0) or scored.

    Returns:
        (u_m, log q(u_m), the log target's terms of the merged class), the log q
        -inf when a given count lies beyond the grid.
    """
    merged = sizes.copy()
    merged[k2] = 0
    u_m, log_q_m = _unrecorded(h_m, n_m, k1, merged, fixed, alpha, u_max, rng_state, given_m)
    log_one = (
        math.lgamma(fixed + u_m)
        - math.lgamma(u_m + 1.0)
        + _class_log_lik(h_m, n_m + u_m)
        + _stick_log_prior(merged, alpha)
    )
    return u_m, log_q_m, log_one


@njit(cache=True)
def aimed_split_merge(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    n_obs: int,
    alpha: float,
    assign: NDArray[np.int64],
    count0: NDArray[np.int64],
    ones: NDArray[np.int64],
    n_k: NDArray[np.int64],
    state: NDArray[np.float64],
    rng_state: NDArray[np.uint64],
    stats: NDArray[np.int64],
) -> None:
    """One aimed split, merge or re-split proposal, accepted or not, in place.

    Same target, state and arguments as ``split_merge``; the proposal differs
    (module docstring, "The aimed moves"). stats[4..9]: splits, merges and
    re-splits, each proposed then accepted.
    """
    n_lists, k_max = ones.shape
    n_pat = assign.shape[0]
    sizes = np.empty(k_max, dtype=np.int64)
    occ = 0
    listed = 0  # classes with documented people
    for k in range(k_max):
        sizes[k] = n_k[k] + count0[k]
        if sizes[k] > 0:
            occ += 1
        if n_k[k] > 0:
            listed += 1
    u = _uniform(rng_state) * 3.0
    kind = 0 if u < 1.0 else (1 if u < 2.0 else 2)  # split, merge, re-split
    stats[4 + 2 * kind] += 1
    if kind == 0:
        if occ == k_max or listed == 0:
            return
        k1 = _pick(n_k, True, -1, rng_state)
        k2 = _pick(sizes, False, -1, rng_state)
    else:
        if listed < 2:
            return
        k1 = _pick(n_k, True, -1, rng_state)
        k2 = _pick(n_k, True, k1, rng_state)
    merged = np.empty(n_pat, dtype=np.int64)
    old_b = np.zeros(n_pat, dtype=np.int64)
    for m in range(n_pat):
        merged[m] = assign[m, k1]
        if kind != 0:
            merged[m] += assign[m, k2]
            old_b[m] = assign[m, k2]
    rho = _aim(ind_ptr, ind, merged, n_lists)
    new_b = old_b.copy()
    if kind != 1:
        for m in range(n_pat):
            new_b[m] = np.random.binomial(merged[m], rho[m])
    h_a = np.zeros(n_lists, dtype=np.int64)
    h_b = np.zeros(n_lists, dtype=np.int64)
    n0 = int(state[0])
    # everyone but the unrecorded of k1 and k2
    fixed = n_obs + n0 - count0[k1] - count0[k2]
    u_max = _U_MAX_FACTOR * n_obs + _LINEAR
    # the split state: proposed (split, re-split) or current (merge)
    n_a, n_b, log_q_alloc = _allocation(ind_ptr, ind, merged, new_b, rho, h_a, h_b)
    if n_a == 0 or n_b == 0:
        return  # outside the moves' domain: both classes keep documented people
    given_a = count0[k1] if kind == 1 else -1
    given_b = count0[k2] if kind == 1 else -1
    u_a, u_b, log_q_u, log_two = _apart(
        h_a, n_a, h_b, n_b, k1, k2, sizes, fixed, alpha, u_max, rng_state, given_a, given_b
    )
    if log_q_u == -np.inf:
        return
    if kind == 2:
        # re-split: the current split scored as the reverse move would propose it
        o_a, o_b, log_q_old = _allocation(ind_ptr, ind, merged, old_b, rho, h_a, h_b)
        _, _, log_q_u_old, log_old = _apart(
            h_a,
            o_a,
            h_b,
            o_b,
            k1,
            k2,
            sizes,
            fixed,
            alpha,
            u_max,
            rng_state,
            count0[k1],
            count0[k2],
        )
        if log_q_u_old == -np.inf:
            return
        log_r = log_two - log_old + log_q_old + log_q_u_old - log_q_alloc - log_q_u
    else:
        given_m = count0[k1] if kind == 0 else -1
        u_m, log_q_m, log_one = _merged(
            h_a + h_b, n_a + n_b, k1, k2, sizes, fixed, alpha, u_max, rng_state, given_m
        )
        if log_q_m == -np.inf:
            return
        # merged state: `listed_one` classes with documented, `occ_one` occupied;
        # apart: one more of each. A split picks k1 among the first and k2
        # among the empty; a merge, an ordered pair among those with documented.
        listed_one = listed if kind == 0 else listed - 1
        occ_one = occ if kind == 0 else occ - 1
        log_q_split = -math.log(listed_one) - math.log(k_max - occ_one) + log_q_alloc + log_q_u
        log_q_merge = -math.log((listed_one + 1.0) * listed_one) + log_q_m
        log_r = log_two - log_one + log_q_merge - log_q_split
        if kind == 1:
            log_r = -log_r
    if log_r < 0.0 and math.log(1.0 - _uniform(rng_state)) >= log_r:
        return
    stats[5 + 2 * kind] += 1
    for m in range(n_pat):
        both = assign[m, k1] + assign[m, k2]
        assign[m, k2] = 0 if kind == 1 else new_b[m]
        assign[m, k1] = both - assign[m, k2]
    count0[k1] = u_m if kind == 1 else u_a
    count0[k2] = 0 if kind == 1 else u_b
    state[0] = float(fixed - n_obs + count0[k1] + count0[k2])
    _recount(ind_ptr, ind, assign, ones, n_k, k1, k2)
