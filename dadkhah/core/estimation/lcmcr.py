"""LCMCR: several chains of the latent-class Gibbs sampler, run on both cores.

The sweep itself is in ``lcmcr_kernel`` (Numba). Here: settings, dispersed
starting points, seeding, running chains in worker processes with progress,
and the draws of N that come back.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import secrets
import signal
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.estimation import lcmcr_kernel, lcmcr_splitmerge
from dadkhah.core.estimation.table import CountsTable, EstimationInputError

#: progress(done, total): sweeps done so far over all chains, and in all.
Progress = Callable[[int, int], None]


#: The samplers: the plain Gibbs sweep, replica exchange over tempered targets,
#: or the Gibbs sweep with split–merge moves (``lcmcr_splitmerge``).
SAMPLERS = ("gibbs", "tempered", "split-merge")
#: Where chains start: capture chances anywhere in (0, 1) ("uniform"), or
#: spread around each list's share of the documented ("lists").
STARTS = ("uniform", "lists")
#: The split–merge sampler's proposals (``lcmcr_splitmerge``).
PROPOSALS = ("aimed", "sequential")


@dataclass(frozen=True)
class LcmcrSettings:
    """How LCMCR is run. The defaults are the reference's documented example.

    Attributes:
        K: truncation of the stick-breaking prior (most latent classes).
        a_alpha, b_alpha: Gamma(shape, rate) prior of the concentration alpha.
        burn_in: sweeps discarded at the start of each chain.
        iterations: sweeps kept after burn-in, per chain (before thinning).
        thinning: keep one sweep in this many.
        chains: independent chains from dispersed starting points.
        seed: the seed of the whole run; None draws one (and records it).
        workers: processes to run chains in; None uses every core.
        sampler: "gibbs", "tempered" (replica exchange; see ``lcmcr_kernel``)
            or "split-merge" (see ``lcmcr_splitmerge``).
        temperatures: replicas per chain when tempered (one sweep of each per
            iteration, so a tempered chain costs this many times a Gibbs one).
        beta_min: the hottest replica's inverse temperature.
        start: "lists" or "uniform" (see ``STARTS``).
        sensitivity: also run the short K and alpha-prior table (``sensitivity``).
        split_merge_every: with the split-merge sampler, one split–merge
            proposal every this many sweeps.
        split_merge_proposal: "aimed" (a two-class fit aims the split, with
            re-splits of two classes) or "sequential" (Dahl's sequential
            allocation); see ``lcmcr_splitmerge`` and ``PROPOSALS``.
    """

    K: int = 10
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burn_in: int = 10_000
    iterations: int = 100_000
    thinning: int = 100
    chains: int = 4
    seed: int | None = None
    workers: int | None = None
    sampler: str = "gibbs"
    temperatures: int = 4
    beta_min: float = 0.8
    start: str = "uniform"
    sensitivity: bool = False
    split_merge_every: int = 10
    split_merge_proposal: str = "aimed"

    def ladder(self) -> NDArray[np.float64]:
        """Inverse temperatures from 1 down to ``beta_min``, closer together near 1.

        b_r = 1 - (1 - beta_min) (r / (R - 1))^2: the target is sharpest near
        b = 1, where swaps are hardest, so the steps there are smallest.
        [1] for the plain Gibbs sampler.
        """
        if self.sampler != "tempered" or self.temperatures == 1:
            return np.ones(1)
        steps = np.arange(self.temperatures) / (self.temperatures - 1)
        return np.asarray(1.0 - (1.0 - self.beta_min) * steps**2, dtype=np.float64)

    @property
    def samples(self) -> int:
        """Draws kept per chain."""
        return self.iterations // self.thinning

    def validated(self) -> LcmcrSettings:
        """These settings with a seed fixed, or an error naming the bad one."""
        problems = []
        if self.K < 2:
            problems.append("K must be at least 2")
        if self.a_alpha <= 0 or self.b_alpha <= 0:
            problems.append("a_alpha and b_alpha must be positive")
        if self.burn_in < 0:
            problems.append("burn-in must be 0 or more")
        if self.thinning < 1:
            problems.append("thinning must be at least 1")
        if self.iterations < self.thinning * 10:
            problems.append("iterations must keep at least 10 draws (iterations ≥ 10 × thinning)")
        if self.chains < 1:
            problems.append("chains must be at least 1")
        if self.workers is not None and self.workers < 1:
            problems.append("workers must be at least 1")
        if self.sampler not in SAMPLERS:
            problems.append(f"sampler must be one of {', '.join(SAMPLERS)}")
        if self.temperatures < 1:
            problems.append("temperatures must be at least 1")
        if not 0.0 < self.beta_min < 1.0:
            problems.append("beta_min must be between 0 and 1")
        if self.split_merge_every < 1:
            problems.append("split_merge_every must be at least 1")
        if self.split_merge_proposal not in PROPOSALS:
            problems.append(f"split_merge_proposal must be one of {', '.join(PROPOSALS)}")
        if self.start not in STARTS:
            problems.append(f"start must be one of {', '.join(STARTS)}")
        if problems:
            raise EstimationInputError("LCMCR settings: " + "; ".join(problems) + ".")
        if self.seed is None:
            return LcmcrSettings(**{**asdict(self), "seed": secrets.randbits(63)})
        return self

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON values."""
        return {**asdict(self), "samples_per_chain": self.samples}


@dataclass(frozen=True)
class ChainDraws:
    """What one chain gives back."""

    chain: int
    n: NDArray[np.int64]
    alpha: NDArray[np.float64]
    k_star: NDArray[np.int64]
    start_n0: int
    seconds: float
    swap_rates: tuple[float, ...] = ()
    #: split–merge: accepted / proposed, of splits and merges (and of
    #: re-splits, with the aimed proposal)
    split_merge_rates: tuple[float, ...] = ()


@dataclass(frozen=True)
class LcmcrRun:
    """Every chain's draws of N, with the settings that made them."""

    settings: LcmcrSettings
    documented: int
    chains: tuple[ChainDraws, ...]
    sensitivity: tuple[dict[str, Any], ...] = ()

    def draws(self) -> NDArray[np.int64]:
        """(chains, samples) draws of N."""
        return np.stack([c.n for c in self.chains])


def _compressed(table: CountsTable) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The lists of each pattern as (ind_ptr, ind), the CSR form the kernel reads."""
    rows, cols = np.nonzero(table.patterns)
    ind_ptr = np.zeros(table.patterns.shape[0] + 1, dtype=np.int64)
    np.add.at(ind_ptr, rows + 1, 1)
    return np.cumsum(ind_ptr), cols.astype(np.int64)


def _start_factor(chain: int, chains: int) -> float:
    """Dispersed starting sizes: n0 from n/10 to 10 n, spread evenly in logs."""
    if chains == 1:
        return 1.0
    return float(10.0 ** (-1.0 + 2.0 * chain / (chains - 1)))


def _chain_seeds(seed: int, chains: int) -> list[int]:
    children = np.random.SeedSequence(seed).spawn(chains)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def _block_size(thin: int, total: int) -> int:
    """Sweeps per kernel call: a multiple of ``thin`` near 2,000, for progress."""
    size = max(thin, (2_000 // thin) * thin)
    return max(1, min(size, total)) if total > 0 else size


def _start(
    table: CountsTable, start: str, k: int, replicas: int, n0: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Dispersed starting lambda, log pi and unobserved class counts, per replica.

    pi is drawn from the stick-breaking prior with alpha = 1 and the n0
    unobserved are shared among classes as pi_k prod_j (1 - lambda_jk).
    """
    j = table.n_lists
    if start == "uniform":
        lam = np.clip(rng.beta(1.0, 1.0, size=(replicas, j, k)), 1e-6, 1 - 1e-6)
    else:
        # The reference starts every class at the list's share of the documented
        # (LCMCR 0.4.14, NPLCM_CR_Basic_Freq.cpp, Initializes); here each class
        # and chain gets its own multiple of it, from e^-1 to e.
        share = table.patterns.T.astype(np.float64) @ table.counts / table.documented
        spread = np.exp(rng.uniform(-1.0, 1.0, size=(replicas, j, k)))
        lam = np.clip(share[None, :, None] * spread, 1e-6, 0.99)
    log_nu = np.empty((replicas, k))
    count0 = np.empty((replicas, k), dtype=np.int64)
    for r in range(replicas):
        v = rng.beta(1.0, 1.0, size=k)
        v[-1] = 1.0
        log_nu[r] = np.log(v) + np.concatenate(([0.0], np.cumsum(np.log1p(-v[:-1]))))
        p0 = np.exp(log_nu[r]) * np.prod(1.0 - lam[r], axis=0)
        count0[r] = rng.multinomial(n0, p0 / p0.sum())
    return lam, log_nu, count0


def run_chain(
    table: CountsTable,
    settings: LcmcrSettings,
    chain: int,
    report: Callable[[int], None] | None = None,
) -> ChainDraws:
    """Run one chain from its dispersed starting point.

    Args:
        table: the observed counts.
        settings: validated settings (``seed`` set).
        chain: which chain (0-based); selects its seed and starting point.
        report: called with the number of sweeps just done, after each block.
    """
    if settings.seed is None:
        raise ValueError("run_chain needs settings with a seed; call validated() first")
    seed = _chain_seeds(settings.seed, settings.chains)[chain]
    rng = np.random.default_rng(seed)
    lcmcr_kernel.seed_kernel(seed)
    ind_ptr, ind = _compressed(table)
    counts = table.counts.astype(np.int64)
    j, k = table.n_lists, settings.K
    n = table.documented

    betas = settings.ladder()
    replicas = betas.shape[0]
    n0 = round(n * _start_factor(chain, settings.chains))
    lam, log_nu, count0 = _start(table, settings.start, k, replicas, n0, rng)
    state = np.tile(np.array([float(n0), 1.0]), (replicas, 1))
    who = np.arange(replicas, dtype=np.int64)
    swaps = np.zeros((max(replicas - 1, 1), 2), dtype=np.int64)
    rng_state = np.random.SeedSequence(seed).generate_state(4, dtype=np.uint64).astype(np.uint64)

    samples = settings.samples
    out_n = np.zeros(samples, dtype=np.int64)
    out_alpha = np.zeros(samples, dtype=np.float64)
    out_kstar = np.zeros(samples, dtype=np.int64)
    started = time.perf_counter()
    stats = np.zeros(lcmcr_splitmerge.STATS, dtype=np.int64)

    def sweep(n_iter: int, record: bool, pos: int) -> int:
        if settings.sampler == "split-merge":
            return int(
                lcmcr_splitmerge.split_merge_block(
                    ind_ptr,
                    ind,
                    counts,
                    j,
                    settings.a_alpha,
                    settings.b_alpha,
                    lam[0],
                    log_nu[0],
                    count0[0],
                    state[0],
                    rng_state,
                    settings.split_merge_every,
                    PROPOSALS.index(settings.split_merge_proposal),
                    stats,
                    n_iter,
                    settings.thinning,
                    record,
                    out_n,
                    out_alpha,
                    out_kstar,
                    pos,
                )
            )
        return int(
            lcmcr_kernel.tempered_block(
                ind_ptr,
                ind,
                counts,
                j,
                settings.a_alpha,
                settings.b_alpha,
                betas,
                lam,
                log_nu,
                count0,
                state,
                who,
                swaps,
                rng_state,
                n_iter,
                settings.thinning,
                record,
                out_n,
                out_alpha,
                out_kstar,
                pos,
            )
        )

    block = _block_size(1, settings.burn_in)
    done = 0
    while done < settings.burn_in:
        step = min(block, settings.burn_in - done)
        sweep(step, False, 0)
        done += step
        if report is not None:
            report(step)
    kept = samples * settings.thinning
    block = _block_size(settings.thinning, kept)
    done = 0
    pos = 0
    while done < kept:
        step = min(block, kept - done)
        pos = sweep(step, True, pos)
        done += step
        if report is not None:
            report(step)
    return ChainDraws(
        chain=chain,
        n=out_n,
        alpha=out_alpha,
        k_star=out_kstar,
        start_n0=n0,
        seconds=time.perf_counter() - started,
        swap_rates=tuple(float(a) / t if t else 0.0 for t, a in swaps[: replicas - 1]),
        split_merge_rates=(
            tuple(
                float(stats[i + 1]) / stats[i] if stats[i] else 0.0
                for i in ((4, 6, 8) if settings.split_merge_proposal == "aimed" else (0, 2))
            )
            if settings.sampler == "split-merge"
            else ()
        ),
    )


def sweeps_per_chain(settings: LcmcrSettings) -> int:
    """Sweeps one chain runs (burn-in and kept), for progress totals."""
    return settings.burn_in + settings.samples * settings.thinning


def warm_up_compiler(samplers: tuple[str, ...] = ("gibbs", "split-merge")) -> None:
    """Compile (or load from cache) the kernels of ``samplers`` before worker processes fork.

    `make install` compiles every sampler's once, into the user's cache (`compiled.py`).
    """
    table = CountsTable.from_arrays(["a", "b"], [[1, 0], [0, 1], [1, 1]], [3, 3, 1])
    settings = LcmcrSettings(K=2, burn_in=1, iterations=10, thinning=1, chains=1, seed=1)
    for sampler in samplers:
        run_chain(table, replace(settings, sampler=sampler), 0)


# --- worker processes --------------------------------------------------------

_progress_queue: Any = None


def _init_worker(progress_queue: Any) -> None:
    global _progress_queue
    # A forked worker inherits its parent's signal handlers; SIGTERM must end it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _progress_queue = progress_queue


def _worker(table: CountsTable, settings: LcmcrSettings, chain: int) -> ChainDraws:
    q = _progress_queue

    def report(step: int) -> None:
        if q is not None:
            q.put(step)

    return run_chain(table, settings, chain, report)


def _workers(settings: LcmcrSettings) -> int:
    cores = os.cpu_count() or 1
    wanted = settings.workers if settings.workers is not None else cores
    return max(1, min(wanted, settings.chains))


def sample_lcmcr(
    table: CountsTable, settings: LcmcrSettings, progress: Progress | None = None
) -> LcmcrRun:
    """Run every chain, in parallel where there are cores, and collect the draws.

    Args:
        table: the observed counts (at least two lists).
        settings: settings; a missing seed is drawn and recorded. With
            ``sensitivity`` the short K and alpha-prior table is run after.
        progress: called as progress(done, total) with sweeps over all chains.

    Returns:
        The draws of N of every chain, in chain order.
    """
    settings = settings.validated()
    run = _sample(table, settings, progress)
    if not settings.sensitivity:
        return run
    return replace(run, sensitivity=tuple(sensitivity(table, settings)))


#: The sensitivity table's K values, and its alpha priors (shape, rate): the
#: reference's vague Gamma(0.25, 0.25) and Gamma(1, 1), both of mean 1, one
#: that expects few classes (mean 0.1) and one that expects many (mean 10).
SENSITIVITY_K = (5, 10, 15, 20)
SENSITIVITY_ALPHA = ((0.25, 0.25), (1.0, 1.0), (0.25, 2.5), (5.0, 0.5))
#: Each row's run: short, so that the whole table costs a few seconds.
SENSITIVITY_BURN_IN = 2_000
SENSITIVITY_ITERATIONS = 20_000
SENSITIVITY_THINNING = 20
SENSITIVITY_CHAINS = 2


def sensitivity(table: CountsTable, settings: LcmcrSettings) -> list[dict[str, Any]]:
    """How the estimate moves with K and with the alpha prior: one short run per row.

    The rows vary K over ``SENSITIVITY_K`` at the run's alpha prior, then the
    alpha prior over ``SENSITIVITY_ALPHA`` at the run's K; every other setting
    (sampler, start) is the run's, with short chains (``SENSITIVITY_*``).
    A court's expert asks how much the number owes to these two choices;
    Manrique-Vallier (2016, sec. 4) reports the estimate insensitive to K once
    K is large enough, which the table shows or refutes for this table.

    Returns:
        Rows with K, a_alpha, b_alpha, prior_mean_alpha, estimate, lower,
        upper, rhat, mean_occupied_classes, seconds, and ``varied`` ("K",
        "alpha" or "run" for the row with the run's own K and prior).
    """
    settings = settings.validated()
    assert settings.seed is not None
    grid: list[tuple[str, int, float, float]] = [
        ("K", k, settings.a_alpha, settings.b_alpha) for k in SENSITIVITY_K if k != settings.K
    ]
    grid.append(("run", settings.K, settings.a_alpha, settings.b_alpha))
    grid += [
        ("alpha", settings.K, a, b)
        for a, b in SENSITIVITY_ALPHA
        if (a, b) != (settings.a_alpha, settings.b_alpha)
    ]
    grid.sort(key=lambda row: (row[0] == "alpha", row[1]))
    rows = []
    for i, (varied, k, a, b) in enumerate(grid):
        short = replace(
            settings,
            K=k,
            a_alpha=a,
            b_alpha=b,
            sensitivity=False,
            seed=(settings.seed + 7919 * (i + 1)) % 2**63,
            burn_in=SENSITIVITY_BURN_IN,
            iterations=SENSITIVITY_ITERATIONS,
            thinning=SENSITIVITY_THINNING,
            chains=SENSITIVITY_CHAINS,
        )
        started = time.perf_counter()
        run = _sample(table, short, None)
        draws = run.draws()
        lower, median, upper = (float(v) for v in np.quantile(draws, [0.025, 0.5, 0.975]))
        rows.append(
            {
                "varied": varied,
                "K": k,
                "a_alpha": a,
                "b_alpha": b,
                "prior_mean_alpha": a / b,
                "estimate": median,
                "lower": lower,
                "upper": upper,
                "rhat": _rhat(draws),
                "mean_occupied_classes": float(np.mean([c.k_star.mean() for c in run.chains])),
                "seconds": time.perf_counter() - started,
            }
        )
    return rows


def _rhat(draws: NDArray[np.int64]) -> float:
    from dadkhah.core.estimation.diagnostics import rhat

    return rhat(draws)


def _sample(table: CountsTable, settings: LcmcrSettings, progress: Progress | None) -> LcmcrRun:
    total = sweeps_per_chain(settings) * settings.chains
    done = 0

    def tick(step: int) -> None:
        nonlocal done
        done += step
        if progress is not None:
            progress(done, total)

    workers = _workers(settings)
    warm_up_compiler()
    if workers == 1:
        chains = tuple(run_chain(table, settings, c, tick) for c in range(settings.chains))
        return LcmcrRun(settings=settings, documented=table.documented, chains=chains)
    methods = multiprocessing.get_all_start_methods()
    # fork keeps the compiled kernel; spawn loads it from Numba's cache
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    progress_queue = ctx.Queue()
    results: dict[int, ChainDraws] = {}
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(progress_queue,),
    ) as pool:
        futures: dict[Future[ChainDraws], int] = {
            pool.submit(_worker, table, settings, c): c for c in range(settings.chains)
        }
        pending = set(futures)
        while pending:
            try:
                tick(progress_queue.get(timeout=0.1))
            except queue.Empty:
                pass
            for fut in [f for f in pending if f.done()]:
                pending.discard(fut)
                results[futures[fut]] = fut.result()
    progress_queue.close()
    if progress is not None:  # reports still in the pipe are not waited for
        progress(total, total)
    return LcmcrRun(
        settings=settings,
        documented=table.documented,
        chains=tuple(results[c] for c in range(settings.chains)),
    )
