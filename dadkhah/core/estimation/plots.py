"""Figures of an estimate, as PNG and SVG: posteriors, documented vs estimated, traces.

Matplotlib is imported only when a figure is drawn (it is slow to import and
not needed to estimate), with the Agg backend so no display is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dadkhah.core.estimation.result import (
    LCMCR,
    METHODS,
    MethodResult,
    StratifiedResult,
    TableEstimate,
)

FORMATS = ("png", "svg")


@dataclass(frozen=True)
class _Row:
    label: str
    documented: int
    results: list[MethodResult]


def _rows(result: TableEstimate | StratifiedResult) -> list[_Row]:
    if isinstance(result, TableEstimate):
        return [_Row(result.stratum or "all", result.documented, result.results)]
    rows = [_Row(s.stratum or "?", s.documented, s.results) for s in result.strata]
    if len(rows) > 1:
        rows.append(_Row("total", result.documented, result.totals))
    return rows


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, out_dir: Path, stem: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in FORMATS:
        path = out_dir / f"{stem}.{fmt}"
        fig.savefig(path, format=fmt, dpi=120, bbox_inches="tight", metadata=_metadata(fmt))
        paths.append(path)
    return paths


def _metadata(fmt: str) -> dict[str, Any]:
    # No creation date in the files: the same estimate gives the same bytes.
    if fmt == "svg":
        return {"Date": None}
    return {"Software": "dadkhah"}


def plot_posteriors(result: TableEstimate | StratifiedResult, out_dir: Path) -> list[Path]:
    """Histogram of the LCMCR posterior of the total, one panel per stratum (and the total).

    Returns:
        The files written (``posterior.png``, ``posterior.svg``); none without LCMCR draws.
    """
    rows = [(row, r) for row in _rows(result) if (r := _method(row, LCMCR)) and r.draws is not None]
    if not rows:
        return []
    plt = _pyplot()
    fig, axes = plt.subplots(len(rows), 1, figsize=(7, 2.4 * len(rows)), squeeze=False)
    for ax, (row, r) in zip(axes[:, 0], rows, strict=True):
        assert r.draws is not None
        draws = np.asarray(r.draws).reshape(-1)
        ax.hist(draws, bins=60, color="#4c72b0", alpha=0.85)
        ax.axvline(row.documented, color="black", linestyle=":", label="documented")
        for value, style in ((r.estimate, "-"), (r.lower, "--"), (r.upper, "--")):
            if value is not None and np.isfinite(value):
                ax.axvline(value, color="#c44e52", linestyle=style)
        ax.set_title(
            f"{row.label}: {r.estimate:,.0f} [{r.lower:,.0f}–{r.upper:,.0f}] (LCMCR, 95%)",
            fontsize=10,
        )
        ax.set_ylabel("draws")
        ax.legend(loc="upper right", fontsize=8)
    axes[-1, 0].set_xlabel("total number of people (documented and not)")
    fig.tight_layout()
    paths = _save(fig, out_dir, "posterior")
    plt.close(fig)
    return paths


def plot_documented_vs_estimated(
    result: TableEstimate | StratifiedResult, out_dir: Path
) -> list[Path]:
    """Bars of the documented count beside each method's estimate and 95% interval.

    Returns:
        The files written (``documented-vs-estimated.png`` and ``.svg``).
    """
    rows = _rows(result)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(max(5.0, 1.6 * len(rows) + 2), 4))
    width = 0.8 / (1 + len(METHODS))
    x = np.arange(len(rows))
    ax.bar(x, [row.documented for row in rows], width, label="documented", color="#8c8c8c")
    colours = {"lcmcr": "#4c72b0", "loglinear": "#dd8452", "dga": "#55a868"}
    for i, method in enumerate(METHODS, start=1):
        values, low, high, pos = [], [], [], []
        for k, row in enumerate(rows):
            r = _method(row, method)
            if r is None or r.estimate is None or r.lower is None or r.upper is None:
                continue
            upper = r.upper if np.isfinite(r.upper) else r.estimate
            values.append(r.estimate)
            low.append(r.estimate - r.lower)
            high.append(upper - r.estimate)
            pos.append(k + i * width)
        if values:
            ax.bar(
                pos,
                values,
                width,
                yerr=[low, high],
                capsize=3,
                label=f"{method} (95% interval)",
                color=colours.get(method),
            )
    ax.set_xticks(x + width * len(METHODS) / 2, [row.label for row in rows])
    ax.set_ylabel("people")
    ax.set_title("Documented and estimated totals")
    ax.legend(fontsize=8)
    fig.tight_layout()
    paths = _save(fig, out_dir, "documented-vs-estimated")
    plt.close(fig)
    return paths


def plot_traces(result: TableEstimate | StratifiedResult, out_dir: Path) -> list[Path]:
    """Trace of N in each LCMCR chain, one panel per stratum: chains that do not
    overlap are visible at a glance.

    Returns:
        The files written (``traces.png``, ``traces.svg``); none without LCMCR draws.
    """
    rows = [
        (row, r)
        for row in _rows(result)
        if row.label != "total" and (r := _chains(_method(row, LCMCR))) and r.draws is not None
    ]
    if not rows:
        return []
    plt = _pyplot()
    fig, axes = plt.subplots(len(rows), 1, figsize=(8, 2.4 * len(rows)), squeeze=False)
    for ax, (row, r) in zip(axes[:, 0], rows, strict=True):
        assert r.draws is not None
        for c, chain in enumerate(np.asarray(r.draws)):
            ax.plot(chain, linewidth=0.6, alpha=0.8, label=f"chain {c + 1}")
        rhat = r.details.get("rhat")
        title = f"{row.label}: trace of N per chain"
        if isinstance(rhat, float) and np.isfinite(rhat):
            title += f" (R-hat {rhat:.3f})"
        ax.set_title(title, fontsize=10)
        ax.set_ylabel("N")
        ax.legend(loc="upper right", fontsize=7, ncol=4)
    axes[-1, 0].set_xlabel("kept draw")
    fig.tight_layout()
    paths = _save(fig, out_dir, "traces")
    plt.close(fig)
    return paths


def _chains(result: MethodResult | None) -> MethodResult | None:
    """The result whose draws are MCMC chains: the point linkage's, when pooled over linkages."""
    if result is not None and result.at_point is not None:
        return result.at_point
    return result


def plot_sensitivity(result: TableEstimate | StratifiedResult, out_dir: Path) -> list[Path]:
    """The documented count and each estimate (with its interval) against the link threshold.

    Returns:
        The files written (``sensitivity.png``, ``sensitivity.svg``); none
        without a sensitivity table.
    """
    rows = result.linkage.sensitivity if result.linkage is not None else []
    if not rows:
        return []
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    x = [float(row["threshold"]) for row in rows]
    ax.plot(x, [row["documented"] for row in rows], "o-", color="black", label="documented")
    for offset, method in enumerate(METHODS):
        points = [
            (t, row["results"][method])
            for t, row in zip(x, rows, strict=True)
            if method in row["results"] and row["results"][method]["estimate"] is not None
        ]
        if not points:
            continue
        xs = [t + (offset - 0.5) * 0.01 for t, _r in points]
        est = [r["estimate"] for _t, r in points]
        low = [
            r["estimate"] - (r["lower"] if r["lower"] is not None else r["estimate"])
            for _t, r in points
        ]
        high = [
            (r["upper"] if r["upper"] is not None else r["estimate"]) - r["estimate"]
            for _t, r in points
        ]
        ax.errorbar(xs, est, yerr=[low, high], fmt="s-", capsize=3, label=f"{method} (95%)")
    ax.set_xlabel("link threshold (match probability)")
    ax.set_ylabel("persons")
    ax.set_title("Documented count and estimate by link threshold", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    paths = _save(fig, out_dir, "sensitivity")
    plt.close(fig)
    return paths


def save_plots(result: TableEstimate | StratifiedResult, out_dir: Path) -> list[Path]:
    """Every figure of ``result`` into ``out_dir``, as PNG and SVG.

    Returns:
        The files written.
    """
    return [
        *plot_posteriors(result, out_dir),
        *plot_documented_vs_estimated(result, out_dir),
        *plot_traces(result, out_dir),
        *plot_sensitivity(result, out_dir),
    ]


def _method(row: _Row, method: str) -> MethodResult | None:
    for r in row.results:
        if r.method == method and r.estimate is not None:
            return r
    return None
