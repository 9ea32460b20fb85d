"""Figures are written as PNG and SVG, for one table and for strata."""

from __future__ import annotations

import re
from pathlib import Path

from dadkhah.core.estimation import CountsTable, LcmcrSettings, estimate_strata, estimate_table
from dadkhah.core.estimation.plots import save_plots

QUICK = LcmcrSettings(K=4, burn_in=200, iterations=2000, thinning=10, chains=2, workers=1, seed=2)
TABLE = CountsTable.from_arrays(
    ["A", "B", "C"],
    [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]],
    [10, 20, 15, 12, 60, 55, 70],
)


def test_every_figure_is_written_in_both_formats(tmp_path: Path) -> None:
    paths = save_plots(estimate_table(TABLE, lcmcr=QUICK), tmp_path)
    names = sorted(p.name for p in paths)
    assert names == sorted(
        f"{stem}.{fmt}"
        for stem in ("posterior", "documented-vs-estimated", "traces")
        for fmt in ("png", "svg")
    )
    for path in paths:
        head = path.read_bytes()[:200]
        assert (
            head.startswith(b"\x89PNG")
            if path.suffix == ".png"
            else b"<svg" in head or b"<?xml" in head
        )


def test_strata_figures_include_the_total(tmp_path: Path) -> None:
    result = estimate_strata({"Evin": TABLE, "Qezel Hesar": TABLE}, lcmcr=QUICK)
    save_plots(result, tmp_path)
    svg = (tmp_path / "posterior.svg").read_text(encoding="utf-8")
    # Matplotlib draws text as glyphs and keeps each text as an SVG comment:
    # one panel title per stratum and one for the total, in that order.
    titles = [t.split(":")[0] for t in re.findall(r"<!-- (.*?) -->", svg) if "(LCMCR, 95%)" in t]
    assert titles == ["Evin", "Qezel Hesar", "total"]


def test_log_linear_alone_draws_only_the_bar_chart(tmp_path: Path) -> None:
    paths = save_plots(estimate_table(TABLE, methods=["loglinear"]), tmp_path)
    assert sorted(p.name for p in paths) == [
        "documented-vs-estimated.png",
        "documented-vs-estimated.svg",
    ]
