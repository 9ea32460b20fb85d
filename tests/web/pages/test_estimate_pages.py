"""The estimate pages: never a number without its interval and warnings; plots served safely."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dadkhah.core.case import init_case
from dadkhah.core.estimation.result import (
    EstimateWarning,
    MethodResult,
    StratifiedResult,
    StratumFailure,
    TableEstimate,
)
from dadkhah.web.estimates.models import EstimateRun
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'


def _table(stratum: str | None = None, **lcmcr: float | None) -> TableEstimate:
    values = {"estimate": 1234.0, "lower": 1100.0, "upper": 1500.0} | lcmcr
    return TableEstimate(
        documented=987,
        lists=("a", "b", "c"),
        table_sha256="0" * 64,
        results=[
            MethodResult(
                "lcmcr",
                values["estimate"],
                values["lower"],
                values["upper"],
                warnings=[EstimateWarning("rhat", "chains disagree (R-hat 1.2)")],
                details={"rhat": 1.2, "ess": 350.0, "chains": 4},
            ),
            MethodResult("loglinear", 1300.0, 1150.0, float("inf"), details={"model": "[12][3]"}),
        ],
        warnings=[EstimateWarning("sparse", "few people on all three lists")],
        settings={"seed": 1},
        stratum=stratum,
    )


def _run(result: TableEstimate | StratifiedResult, plots: list[str] | None = None) -> EstimateRun:
    return EstimateRun.objects.create(
        by="" if isinstance(result, TableEstimate) else "city",
        lists=["a", "b", "c"],
        result=result.to_dict(),
        documented=result.documented,
        plots=plots or [],
    )


def _body(client: Client, url: str = "/estimates/") -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_no_run_yet_says_so(analyst: Client) -> None:
    assert "No estimate has been stored yet" in _body(analyst)


def test_each_estimate_is_shown_with_its_interval_and_every_warning(analyst: Client) -> None:
    _run(_table())
    body = _body(analyst)
    assert "1,234" in body and "1,100 to 1,500" in body
    assert "chains disagree (R-hat 1.2)" in body
    assert "few people on all three lists" in body
    # an unbounded upper end is said in words, never left out silently
    assert "1,300" in body and "at least 1,150; no upper bound" in body
    assert "Documented on the counted lists" in body and "987" in body


def test_an_estimate_without_an_interval_is_not_shown(analyst: Client) -> None:
    _run(_table(estimate=4321.0, lower=None, upper=None))
    body = _body(analyst)
    assert "4,321" not in body and "4321" not in body
    assert "Not shown: this result has no interval." in body


def test_every_number_on_the_page_has_an_interval_beside_it(analyst: Client) -> None:
    tables = [_table("city:tehran"), _table("city:mashhad", estimate=77.0, lower=None)]
    strat = StratifiedResult(
        strata=tables,
        failures=[StratumFailure("city:rasht", 3, "only one list names anyone here")],
        totals=_table().results,
        warnings=[EstimateWarning("combined", "strata combined draw by draw")],
        settings={},
    )
    _run(strat)
    body = _body(analyst)
    estimates = re.findall(
        r'<td class="num estimate">(.*?)</td>\s*<td class="interval">(.*?)</td>', body, re.S
    )
    assert len(estimates) == 2 + 2 * 2 - 1  # totals, tehran's two, mashhad's log-linear
    assert all(interval.strip() for _e, interval in estimates)
    cells = re.findall(r'class="num estimate"', body)
    assert len(cells) == len(estimates)
    assert "city:rasht" in body and "only one list names anyone here" in body
    assert "strata combined draw by draw" in body


def test_the_estimate_page_in_persian_has_persian_digits(analyst: Client) -> None:
    _run(_table())
    body = persian(analyst).get("/estimates/").content.decode()
    assert "۱٬۲۳۴" in body and "۱٬۱۰۰ تا ۱٬۵۰۰" in body
    assert "هشدارها" in body


def test_older_runs_are_listed_and_each_has_its_page(analyst: Client) -> None:
    first = _run(_table())
    _run(_table(estimate=2000.0, lower=1900.0, upper=2100.0))
    assert f'href="/estimates/{first.pk}/"' in _body(analyst)
    assert "1,100 to 1,500" in _body(analyst, f"/estimates/{first.pk}/")
    assert analyst.get("/estimates/424242/").status_code == 404


@pytest.fixture
def case_plots(tmp_path: Path, settings: Any) -> tuple[Path, Path]:
    case = init_case(tmp_path / "case")
    settings.CASE = case
    folder = case.root / "estimates" / "run-0001"
    folder.mkdir(parents=True)
    (folder / "posterior.png").write_bytes(PNG)
    (folder / "posterior.svg").write_bytes(SVG)
    outside = tmp_path / "secret.svg"
    outside.write_bytes(b"<svg>not yours</svg>")
    return folder, outside


def test_a_listed_plot_is_served_with_its_type(
    analyst: Client, case_plots: tuple[Path, Path]
) -> None:
    folder, _ = case_plots
    run = _run(_table(), [str(folder / "posterior.png"), str(folder / "posterior.svg")])
    body = _body(analyst)
    assert f'src="/estimates/{run.pk}/plots/posterior.png"' in body
    png = analyst.get(f"/estimates/{run.pk}/plots/posterior.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert b"".join(png.streaming_content) == PNG
    svg = analyst.get(f"/estimates/{run.pk}/plots/posterior.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in svg["Content-Security-Policy"]


@pytest.mark.parametrize(
    "name",
    ["secret.svg", "traces.png", "..%2F..%2Fsecret.svg", "case.toml", "posterior.pdf"],
)
def test_the_plot_view_refuses_files_not_listed_or_outside_the_case(
    analyst: Client, case_plots: tuple[Path, Path], name: str
) -> None:
    folder, outside = case_plots
    (folder / "posterior.pdf").write_bytes(b"%PDF")
    run = _run(
        _table(), [str(folder / "posterior.png"), str(outside), str(folder / "posterior.pdf")]
    )
    assert analyst.get(f"/estimates/{run.pk}/plots/{name}").status_code == 404


def test_a_link_out_of_the_case_folder_is_refused(
    analyst: Client, case_plots: tuple[Path, Path]
) -> None:
    folder, outside = case_plots
    (folder / "link.svg").symlink_to(outside)
    run = _run(_table(), [str(folder / "link.svg")])
    assert analyst.get(f"/estimates/{run.pk}/plots/link.svg").status_code == 404


def test_plots_need_a_login(client: Client, case_plots: tuple[Path, Path]) -> None:
    folder, _ = case_plots
    run = _run(_table(), [str(folder / "posterior.png")])
    assert client.get(f"/estimates/{run.pk}/plots/posterior.png").status_code == 302


def test_the_page_compares_the_methods_and_flags_intervals_that_do_not_overlap(
    analyst: Client,
) -> None:
    table = _table()
    table.results.append(
        MethodResult(
            "dga",
            3000.0,
            2800.0,
            3300.0,
            details={"top_graph": "[ab][c]", "top_graphs": [{"graph": "[ab][c]", "weight": 0.8}]},
        )
    )
    table.warnings.append(EstimateWarning("methods-disagree", "METHODS DISAGREE: lcmcr and dga"))
    table.comparison = ["LCMCR (1,234 [1,100–1,500]) and dga (3,000 [2,800–3,300]) disagree."]
    _run(table)
    body = _body(analyst)
    assert "dga (averaging over dependence graphs)" in body
    assert "3,000" in body and "2,800 to 3,300" in body
    assert "[ab][c]" in body and "0.80" in body
    assert "Reading the methods together" in body
    assert "and dga (3,000 [2,800–3,300]) disagree." in body
    assert "intervals do not overlap: at least one model is wrong" in body
    fa = persian(analyst).get("/estimates/").content.decode()
    assert "خوانش روش‌ها در کنار هم" in fa


def test_methods_that_agree_are_read_together_without_the_flag(analyst: Client) -> None:
    table = _table()
    table.comparison = ["The 2 methods agree."]
    _run(table)
    body = _body(analyst)
    assert "The 2 methods agree." in body
    assert "intervals do not overlap: at least one model is wrong" not in body
