"""Reading the methods together: agreement, disagreement and the likely why, in plain words."""

from __future__ import annotations

from typing import Any

from dadkhah.core.estimation import CountsTable, MethodResult
from dadkhah.core.estimation.compare import comparison_warnings, reading


def _r(method: str, estimate: float, lower: float, upper: float, **details: Any) -> MethodResult:
    return MethodResult(method, estimate, lower, upper, details=details)


DGA_CLEAR = {"top_graphs": [{"graph": "[AB][C]", "weight": 0.9}], "complete_graph_weight": 0.01}


def test_methods_close_together_are_said_to_agree() -> None:
    text = reading(
        [
            _r("lcmcr", 1000, 900, 1200),
            _r("loglinear", 1050, 950, 1150),
            _r("dga", 1020, 940, 1180, **DGA_CLEAR),
        ]
    )
    assert text[0].startswith("The 3 methods agree")
    assert "950–1,150" in text[0]
    assert len(text) == 1


def test_overlapping_intervals_with_distant_middles_ask_for_the_range() -> None:
    text = reading([_r("lcmcr", 10_262, 9_100, 13_900), _r("loglinear", 14_342, 12_525, 16_543)])
    assert "compatible" in text[0] and "Quote the range" in text[0]
    assert "10,262 (LCMCR) to 14,342 (log-linear)" in text[0]
    assert "heterogeneity" in text[1] and "LCMCR is lower here" in text[1]


def test_intervals_that_do_not_overlap_are_flagged_with_the_likely_why() -> None:
    results = [
        _r("lcmcr", 5_461, 4_414, 6_993),
        _r("loglinear", 7_126, 7_000, 8_722),
        _r("dga", 5_131, 4_635, 5_749, **DGA_CLEAR),
    ]
    text = reading(results)
    assert any("log-linear" in t and "dga" in t and "do not overlap" in t for t in text)
    assert any("LCMCR" in t and "log-linear" in t and "do not overlap" in t for t in text)
    assert any("one model" in t.lower() or "averages over every" in t for t in text)
    codes = [w.code for w in comparison_warnings(results, 2185)]
    assert codes == ["methods-disagree", "methods-disagree"]  # one per pair apart


def test_the_reading_names_sparse_cells_and_a_weak_or_complete_dga() -> None:
    table = CountsTable.from_arrays(
        ["A", "B", "C", "D"],
        [[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1]],
        [30, 20, 5, 9],
    )
    dga = _r(
        "dga",
        110,
        64,
        400,
        top_graphs=[{"graph": "[AB][C][D]", "weight": 0.3}],
        complete_graph_weight=0.4,
    )
    text = reading([_r("loglinear", 120, 90, 200), dga], table)
    assert any(t.startswith("Sparse cells: 11 of the 15 patterns") for t in text)
    assert any("no clearly best dependence structure" in t and "30%" in t for t in text)
    assert any("40% of its weight on the graph where every list" in t for t in text)


def test_one_method_with_a_number_gives_no_reading() -> None:
    assert reading([_r("lcmcr", 1000, 900, 1100), MethodResult("dga", None, None, None)]) == []
