"""The estimates page shows linkage uncertainty, and every plot it links answers 200."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dadkhah.core.case import init_case
from dadkhah.core.estimation import LcmcrSettings
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.estimates.services import estimate_run
from dadkhah.web.linkage.services import link_run
from tests.web.linkage.conftest import build_small_case
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db

LISTS = ["families-fa", "ngo-latin", "survivors"]
FAST = LcmcrSettings(burn_in=500, iterations=2000, thinning=10, chains=2, seed=5, workers=1)


@pytest.fixture
def relative_case(tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A case opened by a relative path, as `dadkhah demo` opens `demo-case`."""
    monkeypatch.chdir(tmp_path)
    case = init_case(Path("case"))
    settings.CASE = case
    return case.root


def test_every_plot_of_a_run_made_in_a_relative_case_folder_is_served(
    analyst: Client, relative_case: Path
) -> None:
    build_small_case(persons=120)
    link_run(started_by="test")
    run, _result = estimate_run(
        list_names=LISTS,
        lcmcr=FAST,
        linkage_samples=6,
        thresholds=[0.3, 0.9],
        plots_dir=relative_case / "estimates",
    )
    body = analyst.get("/estimates/").content.decode()
    sources = re.findall(rf'(?:src|href)="(/estimates/{run.pk}/plots/[^"]+)"', body)
    assert {Path(s).name for s in sources} >= {"posterior.png", "sensitivity.png", "traces.png"}
    for url in sources:
        assert analyst.get(url).status_code == 200, url
    # The documented interval, the linkage share and the threshold table are on the page.
    lo, hi = run.result["documented_interval"]
    assert "Documented over plausible linkages" in body
    assert f"{lo:,} to {hi:,}" in body
    assert "share of the width from linkage" in body
    assert "By link threshold" in body
    rlo, rhi = run.result["registry"]["interval"]
    home = analyst.get("/").content.decode()
    assert f"Persons in the registry over plausible linkages: {rlo:,} to {rhi:,}." in home
    fa = persian(analyst).get("/estimates/").content.decode()
    assert "مستندشده در پیوندهای محتمل" in fa
    assert "سهم پیوند از پهنای بازه" in fa


def test_a_plot_stored_relative_to_the_working_folder_by_an_older_run_is_still_served(
    analyst: Client, relative_case: Path
) -> None:
    folder = relative_case / "estimates" / "run-0001"
    folder.mkdir(parents=True)
    (folder / "posterior.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    run = EstimateRun.objects.create(
        lists=["a", "b"], result={}, documented=1, plots=[str(folder / "posterior.svg")]
    )
    assert analyst.get(f"/estimates/{run.pk}/plots/posterior.svg").status_code == 200


def test_a_plot_stored_relative_to_another_working_folder_is_served_from_the_case(
    analyst: Client, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `dadkhah demo` stored "demo-case/estimates/…"; the server now runs from elsewhere.
    case = init_case(tmp_path / "demo-case")
    settings.CASE = case
    folder = case.root / "estimates" / "run-0001"
    folder.mkdir(parents=True)
    (folder / "posterior.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    run = EstimateRun.objects.create(
        lists=["a", "b"],
        result={},
        documented=1,
        plots=["demo-case/estimates/run-0001/posterior.svg"],
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert analyst.get(f"/estimates/{run.pk}/plots/posterior.svg").status_code == 200
