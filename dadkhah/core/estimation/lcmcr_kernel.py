"""The Gibbs sweep of LCMCR, compiled with Numba: the one place where speed matters.

Model (Manrique-Vallier 2016, "Bayesian population size estimation using
Dirichlet process mixtures", Biometrics 72(4):1246-1254), for N people and J
lists, x_ij = 1 when person i is on list j:

    x_ij | z_i = k  ~ Bernoulli(lambda_jk), independently over j      (latent class model)
    z_i             ~ Discrete(pi_1..pi_K)
    pi              ~ SB_K(alpha): V_k ~ Beta(1, alpha), V_K = 1,
                      pi_k = V_k prod_{h<k} (1 - V_h)                 (truncated stick breaking)
    alpha           ~ Gamma(a_alpha, b_alpha)                          (shape, rate)
    lambda_jk       ~ Beta(1, 1)
    p(N)            ∝ 1 / N

Only the n people with a non-zero pattern are observed; the n0 = N - n with
the all-zero pattern are augmented.

The sweep works on the table of distinct observed patterns with their counts
(an individual-level sampler draws one class per person; drawing the class
counts of all people with the same pattern from the multinomial with the same
probabilities is the same distribution, and much faster). One sweep updates,
in this order (any order gives a valid Gibbs sampler):

0. class counts of the n0 unobserved people:
       (c_01..c_0K) ~ Multinomial(n0; pi_k prod_j (1 - lambda_jk) / pi0)
1. class counts of the people with each observed pattern x_m (count c_m):
       (c_m1..c_mK) ~ Multinomial(c_m; w_m1..w_mK),
       w_mk ∝ pi_k prod_j lambda_jk^x_mj (1 - lambda_jk)^(1 - x_mj)
2. lambda_jk ~ Beta(1 + sum_{i: z_i=k} x_ij, 1 + sum_{i: z_i=k} (1 - x_ij)),
       sums over observed and augmented people (the augmented have x = 0)
3. V_k ~ Beta(1 + n_k, alpha + sum_{h>k} n_h), k < K, n_k = people in class k
   (observed and augmented); pi from stick breaking
4. n0 ~ NegativeBinomial(n, 1 - pi0), pi0 = sum_k pi_k prod_j (1 - lambda_jk):
       p(n0 | ...) ∝ C(n + n0 - 1, n0) pi0^n0 (1 - pi0)^n, which is the
       1/N prior times the likelihood of n0 unobserved people, with their
       classes summed out
5. alpha ~ Gamma(a_alpha + K - 1, b_alpha - log pi_K), log pi_K = sum_{k<K} log(1 - V_k)

(The reference draws step 0 at the end of a sweep; drawing it at the start of
the next, from the same n0, lambda and pi, is the same chain.) Draws of N =
n + n0 after step 4 are the posterior sample of the total.

Replica exchange (parallel tempering; Geyer 1991, Earl & Deem 2005). Replica
r samples a tempered target pi_b with inverse temperature b = b_r, 1 = b_1 >
... > b_R, and only b = 1 is kept. Which target? The complete-data likelihood
of every person, observed and unobserved, is raised to b; the priors and the
class shares pi_z are not; and the factor in n0 of the 1/N prior and the
labelling, (N - 1)!/n0! = Gamma(n0 + n)/n0!, becomes Gamma(n0 + b n)/n0!:

    pi_b ∝ p(lambda) p(V | alpha) p(alpha) Gamma(n0 + b n)/n0!
           prod_i pi_{z_i} prod_j (lambda_{j z_i}^x_ij (1 - lambda_{j z_i})^(1 - x_ij))^b

(any family equal to the posterior at b = 1 is valid; this one keeps every
conditional conjugate). Tempering only the observed people does not work:
with the unobserved untempered, lambda of a class with few observed members
runs to 0 and N to infinity at any b below about 0.9 (measured on the
Colombia table: N near 10^13). With everyone tempered N stays finite for
every b > 0: given the rest, n0 has mean b n pi0_b / (1 - pi0_b), and
1 - pi0_b ≈ (b H + J) / N (H: appearances on lists), so N settles where
b n < b H + J, which always holds since H ≥ n. The conditionals:

    step 0/1: w_mk ∝ pi_k prod_j (lambda^x (1 - lambda)^(1 - x))^b; the
              unobserved: pi_k prod_j (1 - lambda_jk)^b
    step 2:   lambda_jk ~ Beta(1 + b hits_jk, 1 + b misses_jk), misses of
              observed and unobserved alike
    step 3, 5: unchanged (pi and alpha are not tempered)
    step 4:   n0 ~ NegBin(b n, 1 - pi0_b), pi0_b = sum_k pi_k prod_j (1 - lambda_jk)^b

Neighbours swap states with probability min(1, f_r(t) f_r+1(s) / (f_r(s) f_r+1(t))),
f_b(theta, n0) = Gamma(n0 + b n)/n0! pi0_b^n0 prod_m (sum_k pi_k prod_j (lambda^x (1 - lambda)^(1 - x))^b)^c_m,
the factor of pi_b that depends on b with every class summed out (the classes
are redrawn from their conditionals at the start of the next sweep, so the
swapped state is (lambda, pi, alpha, n0)).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.estimation.compiled import njit

# lambda is kept inside [EPS, 1 - EPS] so that log(lambda) and log(1 - lambda)
# stay finite; a Beta draw at exactly 0.0 or 1.0 is a rounding artefact.
_EPS = 1e-12
# Patterns with at most this many people draw each person's class in turn;
# larger ones draw the class counts as one multinomial (same distribution).
_ONE_BY_ONE = 8


@njit(cache=True)
def seed_kernel(seed: int) -> None:
    """Seed Numba's own generator (separate from NumPy's) in this process."""
    np.random.seed(seed)


@njit(cache=True, inline="always")
def _rotl(x: np.uint64, k: int) -> np.uint64:
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(cache=True, inline="always")
def _uniform(s: NDArray[np.uint64]) -> float:
    """A uniform double in [0, 1) from xoshiro256+ (Blackman & Vigna 2021), state ``s``.

    Used for the per-person class draws, the sampler's hottest random numbers:
    it is about ten times faster than Numba's Mersenne Twister. The top 53 bits
    are used, which avoids the generator's weak low bits.
    """
    result = s[0] + s[3]
    t = s[1] << np.uint64(17)
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = _rotl(s[3], 45)
    return float(result >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def _log_gamma_draw(shape: float) -> float:
    """log of a Gamma(shape, 1) draw, accurate when shape is tiny.

    For shape < 1, G(a) = G(a + 1) * U^(1/a) (Stuart's theorem), taken in
    logs so that draws below the smallest double do not become log(0).
    """
    if shape < 1.0:
        u = 1.0 - np.random.random()  # in (0, 1]
        return float(np.log(np.random.gamma(shape + 1.0, 1.0)) + np.log(u) / shape)
    return float(np.log(np.random.gamma(shape, 1.0)))


@njit(cache=True)
def _multinomial(total: int, weights: NDArray[np.float64], out: NDArray[np.int64]) -> None:
    """Multinomial(total; weights / sum(weights)) by successive binomials, into ``out``."""
    k_max = weights.shape[0]
    tail = 0.0
    for k in range(k_max):
        tail += weights[k]
    remaining = total
    for k in range(k_max - 1):
        if remaining == 0 or tail <= 0.0:
            out[k] = 0
        else:
            p = weights[k] / tail
            if p >= 1.0:
                out[k] = remaining
            elif p <= 0.0:
                out[k] = 0
            else:
                out[k] = np.random.binomial(remaining, p)
        remaining -= out[k]
        tail -= weights[k]
    out[k_max - 1] = remaining


@njit(cache=True)
def _log_pi0(
    lam: NDArray[np.float64], log_nu: NDArray[np.float64], beta: float, weights: NDArray[np.float64]
) -> float:
    """log pi0_b = log sum_k pi_k prod_j (1 - lambda_jk)^b; ``weights`` gets each class's share."""
    n_lists, k_max = lam.shape
    best = -np.inf
    for k in range(k_max):
        s = 0.0
        for j in range(n_lists):
            s += np.log1p(-lam[j, k])
        s = log_nu[k] + beta * s
        weights[k] = s
        if s > best:
            best = s
    total = 0.0
    for k in range(k_max):
        weights[k] = np.exp(weights[k] - best)
        total += weights[k]
    return float(best + np.log(total))


@njit(cache=True)
def _negative_binomial(r: float, log_pi0: float) -> int:
    """NegBin(r, 1 - pi0) as a Gamma-Poisson mixture: rate ~ Gamma(r, pi0 / (1 - pi0))."""
    odds = np.exp(log_pi0 - np.log(-np.expm1(log_pi0)))
    rate = np.random.gamma(r, odds)
    if rate > 1e15:
        rate = 1e15  # keeps the draw an integer; the interval shows the blow-up
    return int(np.random.poisson(rate))


@njit(cache=True)
def _sweep(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_obs: int,
    n_lists: int,
    a_alpha: float,
    b_alpha: float,
    beta: float,
    lam: NDArray[np.float64],
    log_nu: NDArray[np.float64],
    count0: NDArray[np.int64],
    state: NDArray[np.float64],
    rng_state: NDArray[np.uint64],
    work: NDArray[np.float64],
    alloc: NDArray[np.int64],
    ones: NDArray[np.int64],
    n_k: NDArray[np.int64],
) -> int:
    """One sweep of one replica at inverse temperature ``beta``, in place.

    Returns:
        The number of occupied classes.
    """
    _allocate(ind_ptr, ind, counts, n_lists, beta, lam, log_nu, count0, state, work)
    _classes(ind_ptr, ind, counts, beta, work, alloc, ones, n_k, rng_state, None)
    return _update(
        n_obs, n_lists, a_alpha, b_alpha, beta, lam, log_nu, count0, state, work, ones, n_k
    )


@njit(cache=True)
def _allocate(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_lists: int,
    beta: float,
    lam: NDArray[np.float64],
    log_nu: NDArray[np.float64],
    count0: NDArray[np.int64],
    state: NDArray[np.float64],
    work: NDArray[np.float64],
) -> None:
    """Step 0 of the sweep, and the class weights of step 1 (into ``work``)."""
    k_max = lam.shape[1]
    n0 = int(state[0])
    log_lam = work[0:n_lists]
    log_1m = work[n_lists : 2 * n_lists]
    ratio = work[2 * n_lists : 3 * n_lists]
    base = work[3 * n_lists]
    pbase = work[3 * n_lists + 1]
    weights = work[3 * n_lists + 2]
    tempered = beta != 1.0
    # ---- step 0: classes of the unobserved, given n0 ---------------------------
    _log_pi0(lam, log_nu, beta, weights)
    _multinomial(n0, weights, count0)
    # ---- step 1: classes of the observed, pattern by pattern -----------------
    for k in range(k_max):
        s = 0.0
        for j in range(n_lists):
            v = lam[j, k]
            log_lam[j, k] = np.log(v)
            log_1m[j, k] = np.log1p(-v)
            if tempered:
                ratio[j, k] = np.exp(beta * (log_lam[j, k] - log_1m[j, k]))
            else:
                ratio[j, k] = v / (1.0 - v)
            s += log_1m[j, k]
        base[k] = log_nu[k] + beta * s
    top = base[0]
    for k in range(1, k_max):
        if base[k] > top:
            top = base[k]
    for k in range(k_max):
        pbase[k] = np.exp(base[k] - top)


@njit(cache=True)
def _classes(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    counts: NDArray[np.int64],
    beta: float,
    work: NDArray[np.float64],
    alloc: NDArray[np.int64],
    ones: NDArray[np.int64],
    n_k: NDArray[np.int64],
    rng_state: NDArray[np.uint64],
    assign: NDArray[np.int64] | None,
) -> None:
    """Step 1: the class counts of the observed, from the weights ``_allocate`` left.

    ``ones`` and ``n_k`` get the observed people's hits per (list, class) and
    people per class; ``assign`` (patterns × classes), when given, the class
    counts of each pattern.
    """
    n_lists, k_max = ones.shape
    log_lam = work[0:n_lists]
    log_1m = work[n_lists : 2 * n_lists]
    ratio = work[2 * n_lists : 3 * n_lists]
    base = work[3 * n_lists]
    pbase = work[3 * n_lists + 1]
    weights = work[3 * n_lists + 2]
    for k in range(k_max):
        n_k[k] = 0
        for j in range(n_lists):
            ones[j, k] = 0
    if assign is not None:
        assign[:, :] = 0
    for m in range(counts.shape[0]):
        lo = ind_ptr[m]
        hi = ind_ptr[m + 1]
        # w_mk = pi_k prod_j (1 - lambda_jk)^b * prod_{j: x_mj = 1} (lambda_jk / (1 - lambda_jk))^b;
        # the inner loop runs over k, contiguous in ``ratio``, so it vectorizes.
        for k in range(k_max):
            weights[k] = pbase[k]
        for t in range(lo, hi):
            j = ind[t]
            for k in range(k_max):
                weights[k] *= ratio[j, k]
        total = 0.0
        for k in range(k_max):
            total += weights[k]
        if not (total > 1e-250 and total < 1e250):
            # under- or overflow: redo this pattern in logs
            best = -np.inf
            for k in range(k_max):
                s = base[k]
                for t in range(lo, hi):
                    s += beta * (log_lam[ind[t], k] - log_1m[ind[t], k])
                weights[k] = s
                if s > best:
                    best = s
            total = 0.0
            for k in range(k_max):
                weights[k] = np.exp(weights[k] - best)
                total += weights[k]
        c = counts[m]
        if c <= _ONE_BY_ONE:
            # a few people: one categorical draw each is cheaper than K binomials
            for _ in range(c):
                u = _uniform(rng_state) * total
                chosen = k_max - 1
                acc = 0.0
                for k in range(k_max):
                    acc += weights[k]
                    if u < acc:
                        chosen = k
                        break
                n_k[chosen] += 1
                if assign is not None:
                    assign[m, chosen] += 1
                for t in range(lo, hi):
                    ones[ind[t], chosen] += 1
        else:
            _multinomial(c, weights, alloc)
            for k in range(k_max):
                a = alloc[k]
                if assign is not None:
                    assign[m, k] = a
                if a > 0:
                    n_k[k] += a
                    for t in range(lo, hi):
                        ones[ind[t], k] += a


@njit(cache=True)
def _update(
    n_obs: int,
    n_lists: int,
    a_alpha: float,
    b_alpha: float,
    beta: float,
    lam: NDArray[np.float64],
    log_nu: NDArray[np.float64],
    count0: NDArray[np.int64],
    state: NDArray[np.float64],
    work: NDArray[np.float64],
    ones: NDArray[np.int64],
    n_k: NDArray[np.int64],
) -> int:
    """Steps 2 to 5, given the class counts; returns the number of occupied classes."""
    k_max = lam.shape[1]
    n0 = int(state[0])
    alpha = state[1]
    weights = work[3 * n_lists + 2]
    tempered = beta != 1.0
    # ---- step 2: lambda; every person's counts weigh beta -----------------------
    for j in range(n_lists):
        for k in range(k_max):
            hit = ones[j, k]
            miss = n_k[k] - hit
            if tempered:
                v = np.random.beta(1.0 + beta * hit, 1.0 + beta * (miss + count0[k]))
            else:
                v = np.random.beta(1.0 + hit, 1.0 + miss + count0[k])
            if v < _EPS:
                v = _EPS
            elif v > 1.0 - _EPS:
                v = 1.0 - _EPS
            lam[j, k] = v
    occupied = 0
    for k in range(k_max):
        n_k[k] += count0[k]
        if n_k[k] > 0:
            occupied += 1
    # ---- step 3: stick-breaking weights, in logs -------------------------------
    remaining = n_obs + n0
    log_rest = 0.0  # sum_{h<k} log(1 - V_h)
    for k in range(k_max - 1):
        remaining -= n_k[k]
        g1 = _log_gamma_draw(1.0 + n_k[k])
        g2 = _log_gamma_draw(alpha + remaining)
        both = np.logaddexp(g1, g2)
        log_nu[k] = g1 - both + log_rest  # log V_k + sum log(1 - V_h)
        log_rest += g2 - both  # log(1 - V_k) = log G2 - log(G1 + G2)
    log_nu[k_max - 1] = log_rest
    # ---- step 4: n0 ---------------------------------------------------------------
    log_pi0 = _log_pi0(lam, log_nu, beta, weights)
    n0 = _negative_binomial(beta * n_obs, log_pi0)
    # ---- step 6: alpha --------------------------------------------------------------
    alpha = np.random.gamma(a_alpha + k_max - 1.0, 1.0 / (b_alpha - log_nu[k_max - 1]))
    if alpha < 1e-300:
        alpha = 1e-300
    state[0] = n0
    state[1] = alpha
    return occupied


@njit(cache=True)
def log_tempered_likelihood(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    counts: NDArray[np.int64],
    lam: NDArray[np.float64],
    log_nu: NDArray[np.float64],
    beta: float,
    work: NDArray[np.float64],
) -> float:
    """log g_b: sum_m c_m log sum_k pi_k prod_j (lambda_jk^x_mj (1 - lambda_jk)^(1 - x_mj))^b.

    The tempered complete-data likelihood of the observed people with their
    classes summed out: the factor of the tempered target that depends on b.
    """
    n_lists, k_max = lam.shape
    log_lam = work[0:n_lists]
    log_1m = work[n_lists : 2 * n_lists]
    base = work[3 * n_lists]
    weights = work[3 * n_lists + 2]
    for k in range(k_max):
        s = 0.0
        for j in range(n_lists):
            log_lam[j, k] = np.log(lam[j, k])
            log_1m[j, k] = np.log1p(-lam[j, k])
            s += log_1m[j, k]
        base[k] = log_nu[k] + beta * s
    out = 0.0
    for m in range(counts.shape[0]):
        best = -np.inf
        for k in range(k_max):
            weights[k] = base[k]
        for t in range(ind_ptr[m], ind_ptr[m + 1]):
            j = ind[t]
            for k in range(k_max):
                weights[k] += beta * (log_lam[j, k] - log_1m[j, k])
        for k in range(k_max):
            if weights[k] > best:
                best = weights[k]
        total = 0.0
        for k in range(k_max):
            total += np.exp(weights[k] - best)
        out += counts[m] * (best + np.log(total))
    return out


@njit(cache=True)
def log_tempered_factor(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    counts: NDArray[np.int64],
    lam: NDArray[np.float64],
    log_nu: NDArray[np.float64],
    n0: int,
    beta: float,
    work: NDArray[np.float64],
) -> float:
    """log f_b(theta, n0): the factor of the tempered target that depends on b.

    f_b = g_b(theta) Gamma(n0 + b n) / n0! pi0_b^n0, the classes of everyone summed out.
    """
    n_obs = 0
    for m in range(counts.shape[0]):
        n_obs += counts[m]
    log_pi0 = _log_pi0(lam, log_nu, beta, work[3 * lam.shape[0] + 1])
    return (
        log_tempered_likelihood(ind_ptr, ind, counts, lam, log_nu, beta, work)
        + math.lgamma(n0 + beta * n_obs)
        - math.lgamma(n0 + 1.0)
        + n0 * log_pi0
    )


@njit(cache=True)
def sweep_scratch(
    counts: NDArray[np.int64], n_lists: int, k_max: int
) -> tuple[int, NDArray[np.float64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """What a block of sweeps needs besides the state: n (people observed) and the work arrays.

    Returns:
        (n_obs, work, alloc, ones, n_k), as ``_sweep`` takes them.
    """
    n_obs = 0
    for m in range(counts.shape[0]):
        n_obs += counts[m]
    work = np.empty((3 * n_lists + 3, k_max))
    alloc = np.zeros(k_max, dtype=np.int64)
    ones = np.zeros((n_lists, k_max), dtype=np.int64)
    n_k = np.zeros(k_max, dtype=np.int64)
    return n_obs, work, alloc, ones, n_k


@njit(cache=True)
def tempered_block(
    ind_ptr: NDArray[np.int64],
    ind: NDArray[np.int64],
    counts: NDArray[np.int64],
    n_lists: int,
    a_alpha: float,
    b_alpha: float,
    betas: NDArray[np.float64],
    lam: NDArray[np.float64],
    log_nu: NDArray[np.float64],
    count0: NDArray[np.int64],
    state: NDArray[np.float64],
    who: NDArray[np.int64],
    swaps: NDArray[np.int64],
    rng_state: NDArray[np.uint64],
    n_iter: int,
    thin: int,
    record: bool,
    out_n: NDArray[np.int64],
    out_alpha: NDArray[np.float64],
    out_kstar: NDArray[np.int64],
    out_pos: int,
) -> int:
    """Run ``n_iter`` rounds in place; record every ``thin``-th one when ``record``.

    A round sweeps every replica once, then proposes to swap the replicas at
    neighbouring temperatures: the even pairs (0-1, 2-3, ...) in even rounds
    and the odd pairs in odd rounds (the deterministic even-odd scheme of Okabe
    et al. 2001; Syed et al. 2022 show it outperforms random pairs). One
    replica (``betas == [1.0]``) is the plain Gibbs sampler.

    Args:
        ind_ptr, ind: the observed patterns in compressed form: the lists of
            pattern m are ind[ind_ptr[m]:ind_ptr[m + 1]].
        counts: people with each observed pattern.
        n_lists: J.
        a_alpha, b_alpha: the Gamma prior of alpha (shape, rate).
        betas: (R,) inverse temperatures, betas[0] = 1 > betas[1] > ...
        lam: (R, J, K) lambda of each replica's state, updated in place.
        log_nu: (R, K) log pi, updated in place.
        count0: (R, K) class counts of the unobserved, updated in place.
        state: (R, 2) [n0, alpha], updated in place.
        who: (R,) which state sits at each temperature, updated by swaps.
        swaps: (R - 1, 2) swaps proposed and accepted per neighbouring pair,
            added to in place.
        rng_state: xoshiro256+ state (4 words) for the class draws and the
            swap decisions, updated in place.
        n_iter: rounds to run.
        thin: keep one round in ``thin``.
        record: whether to write draws of the beta = 1 replica (False during burn-in).
        out_n, out_alpha, out_kstar: draw arrays, written from ``out_pos``.
        out_pos: where the next draw goes.

    Returns:
        The position after the last draw written.
    """
    replicas = betas.shape[0]
    n_obs, work, alloc, ones, n_k = sweep_scratch(counts, n_lists, lam.shape[2])
    occupied = np.zeros(replicas, dtype=np.int64)
    rounds = 0
    for it in range(n_iter):
        for r in range(replicas):
            s = who[r]
            occupied[s] = _sweep(
                ind_ptr,
                ind,
                counts,
                n_obs,
                n_lists,
                a_alpha,
                b_alpha,
                betas[r],
                lam[s],
                log_nu[s],
                count0[s],
                state[s],
                rng_state,
                work,
                alloc,
                ones,
                n_k,
            )
        # ---- replica exchange: accept with min(1, exp((b_r - b_r+1)(l_r+1 - l_r))) ----
        first = rounds % 2
        rounds += 1
        for r in range(first, replicas - 1, 2):
            s = who[r]
            t = who[r + 1]
            # swap the states at b_r and b_r+1: the ratio of f_r(t) f_r+1(s)
            # to f_r(s) f_r+1(t), everyone's classes summed out
            n0_s = int(state[s, 0])
            n0_t = int(state[t, 0])
            log_ratio = (
                log_tempered_factor(ind_ptr, ind, counts, lam[t], log_nu[t], n0_t, betas[r], work)
                + log_tempered_factor(
                    ind_ptr, ind, counts, lam[s], log_nu[s], n0_s, betas[r + 1], work
                )
                - log_tempered_factor(ind_ptr, ind, counts, lam[s], log_nu[s], n0_s, betas[r], work)
                - log_tempered_factor(
                    ind_ptr, ind, counts, lam[t], log_nu[t], n0_t, betas[r + 1], work
                )
            )
            swaps[r, 0] += 1
            if log_ratio >= 0.0 or np.log(_uniform(rng_state)) < log_ratio:
                who[r] = t
                who[r + 1] = s
                swaps[r, 1] += 1
        if record and (it + 1) % thin == 0:
            s = who[0]
            out_n[out_pos] = n_obs + int(state[s, 0])
            out_alpha[out_pos] = state[s, 1]
            out_kstar[out_pos] = occupied[s]
            out_pos += 1
    return out_pos
