"""The synthetic case's capture modes: the default stays as it was; latent classes are estimable."""

from __future__ import annotations

import csv
import hashlib
import json
import statistics
from pathlib import Path

import pytest

from dadkhah.core.errors import InputError
from dadkhah.core.estimation import CountsTable, LcmcrSettings, estimate_table
from dadkhah.core.synth import SynthParams, generate_case

SYSTEMATIC = ["families_fa", "regional_fa", "ngo_latin", "export_dupes", "memorial"]


def _records_digest(root: Path) -> str:
    # Who is on which list, read as CSV so that quoting choices do not count.
    with (root / "truth" / "records.csv").open(encoding="utf-8", newline="") as fh:
        rows = ["\t".join(r) for r in csv.reader(fh)]
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def test_the_default_capture_mode_draws_the_same_records_as_before_latent_classes(
    tmp_path: Path,
) -> None:
    # Pinned before the latent-classes mode was added: the default case must not move.
    summary = generate_case(tmp_path / "c", SynthParams(persons=300, seed=5, mode="csv"))
    assert _records_digest(tmp_path / "c") == (
        "b43d9a4bec8f2e7129ac32d2d2877d0e487cd759ccc65cb688d3ef34b47b011f"
    )
    assert summary["parameters"]["capture_mode"] == "logistic"
    assert "by_latent_class" not in summary


def test_the_capture_mode_is_recorded_in_the_summary(tmp_path: Path) -> None:
    generate_case(
        tmp_path / "c", SynthParams(persons=300, seed=5, mode="csv", capture="latent-classes")
    )
    data = json.loads((tmp_path / "c" / "truth" / "summary.json").read_text(encoding="utf-8"))
    assert data["parameters"]["capture_mode"] == "latent-classes"
    assert set(data["parameters"]["latent_classes"]["logits"]) >= set(SYSTEMATIC)
    classes = data["by_latent_class"]
    assert sum(c["true_total"] for c in classes.values()) == 300
    assert sum(c["documented"] for c in classes.values()) == data["documented"]


def test_an_unknown_capture_mode_is_an_input_error() -> None:
    with pytest.raises(InputError, match="latent-classes"):
        SynthParams(capture="heterogeneous")


def _true_table(summary: dict[str, object]) -> CountsTable:
    order: list[str] = summary["list_order"]  # type: ignore[assignment]
    columns = [order.index(name) for name in SYSTEMATIC]
    memberships: list[frozenset[str]] = []
    for pattern, n in summary["capture_histories"].items():  # type: ignore[attr-defined]
        on = frozenset(name for name, j in zip(SYSTEMATIC, columns) if pattern[j] == "1")
        if on:
            memberships += [on] * n
    return CountsTable.from_memberships(SYSTEMATIC, memberships)


def test_lcmcr_covers_the_truth_on_true_latent_class_histories(tmp_path: Path) -> None:
    # A handful of replicates with short chains: the coverage study is in bench.
    covered, errors = 0, []
    for seed in range(1, 6):
        summary = generate_case(
            tmp_path / str(seed),
            SynthParams(persons=3000, seed=seed, mode="csv", capture="latent-classes"),
        )
        settings = LcmcrSettings(
            seed=seed, burn_in=1000, iterations=5000, thinning=10, chains=2, workers=1
        )
        result = estimate_table(_true_table(summary), methods=["lcmcr"], lcmcr=settings)
        lcmcr = result.results[0]
        assert lcmcr.lower is not None and lcmcr.upper is not None and lcmcr.estimate is not None
        covered += lcmcr.lower <= 3000 <= lcmcr.upper
        errors.append(abs(lcmcr.estimate - 3000) / 3000)
    assert covered >= 4, f"the 95% interval covered the truth in {covered} of 5 replicates"
    assert statistics.median(errors) < 0.05
