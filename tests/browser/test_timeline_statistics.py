"""A real browser opens the timeline and the statistics page in Persian and English.

Nothing is requested from another host, the charts are drawn (right to left on the
Persian page: labels on the right, bars growing leftwards), and a filter from the
statistics page opens the timeline filtered alike. Screenshots are kept under the test's
tmp folder (DADKHAH_SCREENSHOTS names another folder) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from dadkhah.core.case import init_case
from dadkhah.web.accounts.services import user_create
from dadkhah.web.demo.minimal import demo_case_build_minimal
from tests.login import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("language", ["fa", "en"])
def test_statistics_and_timeline_in_a_browser(
    browser: Any, live_server: Any, tmp_path: Path, language: str
) -> None:
    demo_case_build_minimal(case=init_case(tmp_path / "demo", synthetic=True), echo=lambda _m: None)
    user_create(username="analyst", password=PASSWORD)
    shots = Path(os.environ.get("DADKHAH_SCREENSHOTS", tmp_path))
    page = browser.new_page(
        locale="fa-IR" if language == "fa" else "en-GB", viewport={"width": 1200, "height": 900}
    )
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    browser_login(page, live_server.url, "analyst", PASSWORD)
    if page.get_attribute("html", "lang") != language:
        page.click(f"button[name=language][value={language}]")
        page.wait_for_selector(f"html[lang={language}]")

    page.goto(f"{live_server.url}/statistics/")
    chart = "#h-prison ~ figure svg"
    page.wait_for_selector(chart)
    label = _box(page, f"{chart} g.bar text")
    bar = _box(page, f"{chart} g.bar rect")
    assert bar["width"] > 0
    if language == "fa":
        assert page.get_attribute("html", "dir") == "rtl"
        assert label["x"] > bar["x"] + bar["width"] - 1  # the label right of the bar
    else:
        assert label["x"] + label["width"] < bar["x"] + 1  # the label left of the bar
    page.screenshot(path=str(shots / f"statistics-{language}.png"), full_page=True)

    with page.expect_navigation():
        page.click("#h-prison ~ div table tbody tr th a")
    assert "/timeline/?place=prison" in page.url
    assert page.locator("ol.timeline li").count() >= 1
    page.screenshot(path=str(shots / f"timeline-{language}.png"), full_page=True)

    assert hosts == {urlparse(live_server.url).netloc}
