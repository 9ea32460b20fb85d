"""A real browser searches in Persian, opens a person and sees a right-to-left page.

Every request the pages make goes to the test server: nothing from another host.
The screenshots are kept under the test's tmp folder (DADKHAH_SCREENSHOTS names
another folder) for a person to look at.
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
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")


def test_search_and_person_page_in_persian(browser: Any, live_server: Any, tmp_path: Path) -> None:
    demo_case_build_minimal(case=init_case(tmp_path / "demo", synthetic=True), echo=lambda _m: None)
    user_create(username="analyst", password=PASSWORD)
    shots = Path(os.environ.get("DADKHAH_SCREENSHOTS", tmp_path))
    page = browser.new_page(locale="fa-IR", viewport={"width": 1200, "height": 900})
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))

    browser_login(page, live_server.url, "analyst", PASSWORD)
    if page.get_attribute("html", "lang") != "fa":
        page.click("button[name=language][value=fa]")
        page.wait_for_selector("html[dir=rtl]")

    page.click("nav.main-nav >> text=اشخاص")
    page.wait_for_selector("input#q")
    page.fill("#q", "کاوه درویش زاده")
    with page.expect_navigation():
        page.click("form.search button[type=submit]")
    assert page.get_attribute("html", "dir") == "rtl"
    rows = page.locator("table.people tbody tr")
    assert rows.count() == 1
    assert "P-000001" in rows.first.inner_text()
    page.screenshot(path=str(shots / "people-search-fa.png"), full_page=True)

    # the Latin spelling finds the same person
    page.fill("#q", "Kaveh Darvishzadeh")
    with page.expect_navigation():
        page.click("form.search button[type=submit]")
    assert page.locator("td.pid").all_inner_texts() == ["P-000001"]

    with page.expect_navigation():
        page.click("td.pid a")
    page.wait_for_selector("article.claim")
    assert page.get_attribute("html", "dir") == "rtl"
    claim = page.inner_text("article.claim")
    assert "ثابت‌شده" in claim  # established
    assert "W-0001" in claim
    timeline = page.inner_text("ol.timeline")
    assert "مرداد ۱۳۶۷" in timeline and PERSIAN_DIGITS & set(timeline)
    assert not set("0123456789") & set(page.inner_text("dl.facts"))
    # the layout really runs right to left: the heading starts at the right edge of main
    main_box = page.locator("main").bounding_box()
    h1_box = page.locator("h1 bdi").first.bounding_box()
    assert main_box is not None and h1_box is not None
    assert h1_box["x"] + h1_box["width"] > main_box["x"] + main_box["width"] - 60
    records = page.locator("article.record")
    assert records.count() == 2
    first, second = (records.nth(i).bounding_box() for i in range(2))
    assert first is not None and second is not None
    assert abs(first["y"] - second["y"]) < 2 and first["x"] > second["x"]  # side by side, RTL
    page.screenshot(path=str(shots / "person-fa.png"), full_page=True)

    assert hosts == {urlparse(live_server.url).netloc}
