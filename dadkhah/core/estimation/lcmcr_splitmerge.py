"""Split–merge moves for LCMCR: a block of people changes class in one step.

Why: on tables such as the Colombia stratum the Gibbs sweep (``lcmcr_kernel``)
moves people one at a time given the capture chances, and a class of rarely
listed people with many unrecorded beside it is reached only through states
of very low probability (docs/methodology/estimation.md, "Crossing between
modes"). A split–merge move (Jain & Neal 2004, JCGS 13(1):158-182; the
sequential allocation of Dahl 2003, "An improved merge-split sampler for
conjugate Dirichlet process mixture models", Tech. Rep. 1086, U. Wisconsin)
proposes to cut one class in two, or to join two, with everything else fixed.

Target. The move is a Metropolis–Hastings step on the class labels of all N
people (observed and augmented) with lambda and the stick-breaking weights
integrated out, n0 and alpha fixed. With Beta(1, 1) priors on lambda_jk and
V_k ~ Beta(1, alpha), for labels z of labelled people:

    p(z | n0, alpha, x) ∝ prod_k prod_j B(1 + h_jk, 1 + n_k - h_jk)
                          * prod_{k<K} B(1 + n_k, alpha + m_k) / B(1, alpha)

with n_k the people in class k (the unobserved count as misses on every
list), h_jk those of them on list j, and m_k = sum_{h>k} n_h: the second
product is E[prod_k pi_k^n_k] under truncated stick breaking. The factor
(N - 1)!/n0! of the 1/N prior does not move, since n0 is fixed.

The sampler keeps counts per (pattern, class), not labels. People with the
same pattern are exchangeable, so the chain is read as carrying a labelling
drawn uniformly among those that give the counts (a Gibbs step on the
labelling given the counts, which leaves the target unchanged); the move below
is then an ordinary MH move on labels, and its result is again read as counts.

Proposal. With probability 1/2 a split, else a merge.

- Split: class k1 uniform among the ``occ`` occupied classes, k2 uniform
  among the ``K - occ`` empty ones. The people of k1 are put in a uniformly
  random order and allocated one by one to side a (stays k1) or b (goes to
  k2) with probability proportional to (n_s + 1) times the posterior
  predictive of the person's pattern under the people already on side s:
  prod_j ((1 + h_js)/(2 + n_s))^x_j ((1 + n_s - h_js)/(2 + n_s))^(1 - x_j).
  q_alloc is the product of the probabilities of the choices made. A split
  that leaves a side empty is rejected.
- Merge: k1 uniform among occupied classes, k2 uniform among the other
  occupied ones; everyone in k2 moves to k1.

A merge of (k1, k2) is the only way back from a split of k1 into k2 and vice
versa, so the acceptance probability of a split s -> s' is min(1, r) with

    r = p(s') / p(s) * q(merge k1, k2 | s') / q(split k1 into k2, alloc | s)
      = p(s') / p(s) * [1/(2 occ') 1/(occ' - 1)] / [1/(2 occ) 1/(K - occ) q_alloc]

(occ' = occ + 1), and of a merge its reciprocal form, where q_alloc is that of
the split which would recreate the current k1 and k2 from the merged class:
the people of k1 and k2 in a random order (a random order of pattern labels
and, within a pattern, a uniformly random interleaving of who came from k1 and
who from k2: together a uniformly random order of labelled people), each
one's probability of its actual side under the same sequential rule. The
random order is drawn independently of the state, so each order gives a valid
kernel and so does their mixture.

The move runs between step 1 (classes of the observed) and step 2 (lambda) of
the sweep: an MH step on p(z | n0, alpha) followed by lambda and V from their
conditionals given z is a valid step on the joint (partially collapsed Gibbs;
van Dyk & Park 2008, JASA 103:790-796), and n0 is then redrawn from its
conditional as in the plain sweep, so a split that creates a class of rarely
listed people is followed at once by the unrecorded that class implies.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

from dadkhah.core.estimation.lcmcr_kernel import _allocate, _classes, _uniform, _update

#: stats[0..3]: splits proposed, splits accepted, merges proposed, merges accepted.
STATS = 4


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
    assign: NDArray[np.int64],
    count0: NDArray[np.int64],
    k1: int,
    k2: int,
    rng_state: NDArray[np.uint64],
) -> NDArray[np.int64]:
    """The patterns of the people of k1 and k2 (-1 for the unrecorded), shuffled."""
    total = count0[k1] + (count0[k2] if k2 >= 0 else 0)
    for m in range(assign.shape[0]):
        total += assign[m, k1] + (assign[m, k2] if k2 >= 0 else 0)
    out = np.empty(total, dtype=np.int64)
    i = 0
    for m in range(assign.shape[0]):
        c = assign[m, k1] + (assign[m, k2] if k2 >= 0 else 0)
        for _ in range(c):
            out[i] = m
            i += 1
    while i < total:
        out[i] = -1
        i += 1
    for i in range(total - 1, 0, -1):  # Fisher-Yates
        r = int(_uniform(rng_state) * (i + 1))
        if r > i:
            r = i
        out[i], out[r] = out[r], out[i]
    return out


@njit(cache=True)
def split_merge(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    alpha: float,
    assign: NDArray[np.int64],
    count0: NDArray[np.int64],
    ones: NDArray[np.int64],
    n_k: NDArray[np.int64],
    rng_state: NDArray[np.uint64],
    stats: NDArray[np.int64],
) -> None:
    """One split or merge proposal, accepted or not, in place (see the module docstring).

    Args:
        ind_ptr, ind: the observed patterns (CSR, as in ``lcmcr_kernel``).
        alpha: the concentration.
        assign: (patterns, K) people of each pattern in each class.
        count0: (K,) unrecorded people in each class.
        ones: (J, K) observed people on each list in each class.
        n_k: (K,) observed people in each class.
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
    split = _uniform(rng_state) < 0.5
    stats[0 if split else 2] += 1
    if split:
        if occ == k_max:
            return
        k1 = _pick(sizes, True, -1, rng_state)
        k2 = _pick(sizes, False, -1, rng_state)
        if sizes[k1] < 2:
            return
    else:
        if occ < 2:
            return
        k1 = _pick(sizes, True, -1, rng_state)
        k2 = _pick(sizes, True, k1, rng_state)
    people = _people(assign, count0, k1, -1 if split else k2, rng_state)
    # sides a (k1) and b (k2) built one person at a time
    h_a = np.zeros(n_lists, dtype=np.int64)
    h_b = np.zeros(n_lists, dtype=np.int64)
    n_a = 0
    n_b = 0
    new_a = np.zeros(n_pat + 1, dtype=np.int64)  # last: the unrecorded
    left_a = np.zeros(n_pat + 1, dtype=np.int64)  # merge: who is still to come from k1
    left_b = np.zeros(n_pat + 1, dtype=np.int64)
    if not split:
        for m in range(n_pat):
            left_a[m] = assign[m, k1]
            left_b[m] = assign[m, k2]
        left_a[n_pat] = count0[k1]
        left_b[n_pat] = count0[k2]
    log_q = 0.0
    for i in range(people.shape[0]):
        m = people[i]
        slot = m if m >= 0 else n_pat
        w_a = _side_weight(ind_ptr, ind, m, h_a, n_a)
        w_b = _side_weight(ind_ptr, ind, m, h_b, n_b)
        p_a = w_a / (w_a + w_b)
        if split:
            to_a = _uniform(rng_state) < p_a
        else:
            # a uniformly random interleaving of this pattern's k1 and k2 people
            to_a = _uniform(rng_state) * (left_a[slot] + left_b[slot]) < left_a[slot]
            if to_a:
                left_a[slot] -= 1
            else:
                left_b[slot] -= 1
        if to_a:
            log_q += math.log(p_a)
            n_a += 1
            new_a[slot] += 1
            _add(ind_ptr, ind, m, h_a, 1)
        else:
            log_q += math.log1p(-p_a)
            n_b += 1
            _add(ind_ptr, ind, m, h_b, 1)
    if n_a == 0 or n_b == 0:
        return  # a split with an empty side is not a split
    # the merged class, and the two classes
    h_m = h_a + h_b
    n_m = n_a + n_b
    log_two = _class_log_lik(h_a, n_a) + _class_log_lik(h_b, n_b)
    log_one = _class_log_lik(h_m, n_m)
    merged = sizes.copy()
    merged[k1] = n_m
    merged[k2] = 0
    apart = sizes.copy()
    apart[k1] = n_a
    apart[k2] = n_b
    log_two += _stick_log_prior(apart, alpha)
    log_one += _stick_log_prior(merged, alpha)
    occ_one = occ if split else occ - 1  # occupied classes when merged
    # q(split | merged) = 1/(2 occ_one) 1/(K - occ_one) q_alloc;
    # q(merge | apart) = 1/(2 (occ_one + 1)) 1/occ_one
    log_q_split = -math.log(occ_one) - math.log(k_max - occ_one) + log_q
    log_q_merge = -math.log(occ_one + 1.0) - math.log(occ_one)
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
    both = count0[k1] + count0[k2]
    count0[k1] = new_a[n_pat] if split else both
    count0[k2] = both - count0[k1]
    for k in (k1, k2):
        n_k[k] = 0
        for j in range(n_lists):
            ones[j, k] = 0
        for m in range(n_pat):
            c = assign[m, k]
            n_k[k] += c
            for t in range(ind_ptr[m], ind_ptr[m + 1]):
                ones[ind[t], k] += c


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
    ``stats`` as ``split_merge``.

    Returns:
        The position after the last draw written.
    """
    k_max = lam.shape[1]
    n_obs = 0
    for m in range(counts.shape[0]):
        n_obs += counts[m]
    work = np.empty((3 * n_lists + 3, k_max))
    alloc = np.zeros(k_max, dtype=np.int64)
    ones = np.zeros((n_lists, k_max), dtype=np.int64)
    n_k = np.zeros(k_max, dtype=np.int64)
    assign = np.zeros((counts.shape[0], k_max), dtype=np.int64)
    for it in range(n_iter):
        _allocate(ind_ptr, ind, counts, n_lists, 1.0, lam, log_nu, count0, state, work)
        _classes(ind_ptr, ind, counts, 1.0, work, alloc, ones, n_k, rng_state, assign)
        if it % every == 0:
            split_merge(ind_ptr, ind, state[1], assign, count0, ones, n_k, rng_state, stats)
        occupied = _update(
            n_obs, n_lists, a_alpha, b_alpha, 1.0, lam, log_nu, count0, state, work, ones, n_k
        )
        if record and (it + 1) % thin == 0:
            out_n[out_pos] = n_obs + int(state[0])
            out_alpha[out_pos] = state[1]
            out_kstar[out_pos] = occupied
            out_pos += 1
    return out_pos
