"""Estimates that carry linkage uncertainty, on a small linked case."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli
from dadkhah.core.errors import InputError
from dadkhah.core.estimation import LcmcrSettings
from dadkhah.core.estimation.compare import reading
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.estimates.services import estimate_run
from dadkhah.web.linkage.models import ReviewDecision
from tests.web.estimates.test_estimate_run import _population
from tests.web.linkage.conftest import LinkedCase, linked_small_case

pytestmark = pytest.mark.django_db

LISTS = ["families-fa", "ngo-latin", "survivors"]
FAST = ["--iterations", "2000", "--burn-in", "500", "--thinning", "10", "--chains", "2"]


@pytest.fixture(scope="class")
def linked_case(django_db_setup: None, django_db_blocker: Any) -> Iterator[LinkedCase]:
    """The small case linked once for the class; each test's writes roll back after it."""
    with linked_small_case(django_db_blocker) as case:
        yield case


def test_linkage_samples_on_a_case_never_linked_are_refused_and_store_nothing(
    case_dir: Path,
) -> None:
    _population(300, [0.5, 0.5, 0.5])
    result = CliRunner().invoke(
        cli, ["--case", str(case_dir), "estimate", "--linkage-samples", "5", *FAST]
    )
    assert result.exit_code == 1
    assert "never linked" in result.output and "--linkage-samples 0" in result.output
    assert EstimateRun.objects.count() == 0


@pytest.mark.parametrize("bad", ["0", "1", "1.5", "-0.2", "half"])
def test_a_threshold_outside_zero_one_is_refused_and_stores_nothing(
    case_dir: Path, bad: str
) -> None:
    _population(300, [0.5, 0.5, 0.5])
    result = CliRunner().invoke(cli, ["--case", str(case_dir), "estimate", "--thresholds", bad])
    assert result.exit_code == 2
    assert "strictly between 0 and 1" in result.output
    assert EstimateRun.objects.count() == 0


class TestOnTheCaseLinkedOnce:
    """Estimates over the small case, linked once for the class (conftest.linked_small_case)."""

    def test_estimate_json_carries_the_documented_interval_and_linkage_share(
        self, case_dir: Path, linked_case: LinkedCase
    ) -> None:
        result = CliRunner().invoke(
            cli,
            ["--case", str(case_dir), "estimate", "--json", "--seed", "4", "--lists", ",".join(LISTS),
             "--linkage-samples", "12", "--thresholds", "0.3,0.9", *FAST],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["linkage_samples"] == 12
        lo, hi = data["documented_interval"]
        assert 0 < lo <= hi
        for r in data["results"]:
            assert 0 <= r["linkage_share"] <= 1
            assert r["lower"] <= r["estimate"] <= r["upper"]
            assert r["details"]["at_point_linkage"]["estimate"] is not None
        assert [row["threshold"] for row in data["sensitivity"]] == [0.3, 0.9]
        # Fewer links at a stricter threshold: never fewer persons.
        assert data["sensitivity"][0]["documented"] <= data["sensitivity"][1]["documented"]
        run = EstimateRun.objects.get()
        assert run.settings["linkage_samples"] == 12
        assert any(Path(p).name == "sensitivity.svg" for p in run.plots)
        assert all((case_dir / p).is_file() for p in run.plots)

    def test_zero_linkage_samples_gives_the_estimate_at_the_registry_linkage(
        self, case_dir: Path, linked_case: LinkedCase
    ) -> None:
        result = CliRunner().invoke(
            cli,
            ["--case", str(case_dir), "estimate", "--json", "--seed", "4", "--lists", ",".join(LISTS),
             "--linkage-samples", "0", "--method", "loglinear"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["linkage_samples"] == 0
        assert data["documented_interval"] is None
        assert data["results"][0]["linkage_share"] is None

    def test_the_text_report_shows_the_interval_the_share_and_the_threshold_table(
        self, case_dir: Path, linked_case: LinkedCase
    ) -> None:
        result = CliRunner().invoke(
            cli,
            ["--case", str(case_dir), "estimate", "--seed", "4", "--lists", ",".join(LISTS),
             "--linkage-samples", "5", "--method", "loglinear", "--no-plots"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "over 5 plausible linkages (95%)" in result.output
        assert "linkage:" in result.output and "of the width" in result.output
        assert "By link threshold:" in result.output

    def test_contradicting_decisions_stop_the_sampling_naming_them(
        self, linked_case: LinkedCase
    ) -> None:
        # Decisions written around the service (as an older version could have) that contradict.
        from dadkhah.web.sources.models import Record

        a, b, c = Record.objects.order_by("id").values_list("id", flat=True)[:3]
        from django.utils import timezone

        for x, y, verdict in ((a, b, "same"), (b, c, "same"), (a, c, "different")):
            ReviewDecision.objects.create(
                record_a_id=x,
                record_b_id=y,
                verdict=verdict,
                reviewer="old",
                decided_at=timezone.now(),
            )
        with pytest.raises(InputError, match=rf"{a} ≠ {c} contradicts {a} = {b}, {b} = {c}"):
            estimate_run(
                list_names=LISTS,
                methods=["loglinear"],
                lcmcr=LcmcrSettings(seed=1),
                linkage_samples=3,
            )
        assert EstimateRun.objects.count() == 0

    def test_a_stratified_estimate_pools_its_totals_over_linkages(
        self, linked_case: LinkedCase
    ) -> None:
        from dadkhah.core.estimation import StratifiedResult

        _run, result = estimate_run(
            by="prison",
            list_names=LISTS,
            methods=["loglinear"],
            lcmcr=LcmcrSettings(seed=2),
            linkage_samples=4,
            thresholds=[],
        )
        assert isinstance(result, StratifiedResult)
        total = result.totals[0]
        assert total.linkage_share is not None
        data = result.to_dict()
        assert data["linkage_samples"] == 4
        assert data["documented_interval"][0] <= data["documented_interval"][1]

    def test_dga_is_pooled_over_linkages_and_the_reading_follows_the_pooled_numbers(
        self,
        linked_case: LinkedCase,
    ) -> None:
        _run, result = estimate_run(
            list_names=LISTS,
            methods=["loglinear", "dga"],
            lcmcr=LcmcrSettings(seed=3),
            linkage_samples=4,
            thresholds=[0.5],
        )
        dga = result.to_dict()["results"][1]
        assert dga["method"] == "dga" and dga["linkage_share"] is not None
        assert dga["lower"] <= dga["estimate"] <= dga["upper"]
        assert dga["details"]["at_point_linkage"]["estimate"] is not None
        assert "dga" in result.to_dict()["sensitivity"][0]["results"]
        assert result.comparison and result.comparison == reading(result.results)
