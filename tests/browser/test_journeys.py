"""An investigator's day in a real browser, from logging in to an estimate's plots.

One journey through the pages that matter: log in; search in Persian script and in
Latin script for the same fictional person and find them both ways; narrow the results
with a facet; open the person; follow a source; decide a pair in the review queue and
see the queue shrink; open an estimate run and see its plots drawn. Every request the
pages make stays on 127.0.0.1. Screenshots are kept under test-artifacts/journeys/, and
docs/guide.md shows some of them.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from dadkhah.core.case import init_case
from dadkhah.web.accounts.services import user_create
from tests.browser.seeding import PASSWORD, artifacts_dir, seed_case
from tests.login import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1366


def _waiting(page: Any) -> int:
    """The review queue's count, as the queue page states it."""
    text = page.inner_text("p.waiting")
    digits = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    match = re.search(r"\d+", digits)
    assert match is not None, text
    return int(match.group())


def _search(page: Any, text: str) -> list[str]:
    page.fill("#q", text)
    with page.expect_navigation():
        page.click("form.search button[type=submit]")
    return page.locator("td.pid").all_inner_texts()


def test_an_investigators_journey_stays_on_this_machine(
    browser: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    case = init_case(tmp_path / "case", synthetic=True)
    settings.CASE = case
    user_create(username="investigator", password=PASSWORD, role="admin")
    seeded = seed_case(case)
    shots = artifacts_dir("journeys")
    page = browser.new_page(locale="en-GB", viewport={"width": WIDTH, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    # Log in: the password, then the authenticator's code.
    page.goto(f"{live_server.url}/login/")
    page.screenshot(path=str(shots / "login.png"))
    browser_login(page, live_server.url, "investigator", PASSWORD)
    page.wait_for_selector("dl.counts")
    page.screenshot(path=str(shots / "home.png"))

    # Search: the same fictional person in Persian script and in Latin script.
    page.click("nav.main-nav >> text=Search")
    page.wait_for_selector("form.search #q")
    assert "P-000001" in _search(page, "کاوه درویش زاده")
    page.screenshot(path=str(shots / "search-persian.png"), full_page=True)
    latin = _search(page, "Darvishzadeh")
    assert "P-000001" in latin and len(latin) >= 2, latin  # the brothers, and their records

    # A facet: persons only, then one list; the results narrow and say so.
    with page.expect_navigation():
        page.click("aside.facets a:has-text('persons')")
    assert "kind=person" in page.url
    persons = page.locator("td.pid").all_inner_texts()
    assert persons and all(p.startswith("P-") for p in persons), persons
    facet = page.locator("aside.facets a", has_text="families-fa").first
    if facet.count() == 0:
        facet = page.locator("aside.facets section:not(:first-child) li a").first
    with page.expect_navigation():
        facet.click()
    narrowed = page.locator("td.pid").all_inner_texts()
    assert "P-000001" in narrowed and len(narrowed) <= len(persons), (narrowed, persons)
    assert page.locator("aside.facets a strong").count() >= 1  # the chosen value, ticked
    page.screenshot(path=str(shots / "search-facet.png"), full_page=True)

    # The person, then a source their claim cites.
    with page.expect_navigation():
        page.click("td.pid:has-text('P-000001') >> xpath=.. >> td a")
    assert "/people/P-000001/" in page.url
    page.wait_for_selector("article.claim")
    page.screenshot(path=str(shots / "person.png"), full_page=True)
    source_link = page.locator("article.claim a[href^='/sources/']").first
    source_href = source_link.get_attribute("href")
    with page.expect_navigation():
        source_link.click()
    assert page.url.endswith(source_href)
    assert page.locator("h1").count() == 1
    page.screenshot(path=str(shots / "source.png"), full_page=True)

    # The review queue: decide the first pair; the queue holds one pair fewer.
    page.click("nav.main-nav >> text=Review")
    page.wait_for_selector("p.waiting")
    before = _waiting(page)
    assert before >= 1
    first = page.locator("form.decide").first
    pair = (
        first.locator("[name=record_a]").input_value(),
        first.locator("[name=record_b]").input_value(),
    )
    page.screenshot(path=str(shots / "review.png"))
    first.locator("input[name=reason]").fill("Different fathers' names (test journey).")
    with page.expect_navigation():
        first.locator("button[value=different]").click()
    assert page.locator("ul.messages li.success").count() == 1
    assert _waiting(page) == before - 1
    assert page.locator(f"form.decide:has(input[name=record_a][value='{pair[0]}'])"
                        f":has(input[name=record_b][value='{pair[1]}'])").count() == 0  # fmt: skip

    # An estimate run: its numbers and its plots, drawn.
    page.goto(f"{live_server.url}/estimates/{seeded.run}/")
    images = page.locator("section[aria-labelledby=plots-h] img")
    assert images.count() >= 2
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=images.nth(i).element_handle())
        width = images.nth(i).evaluate("img => img.naturalWidth")
        assert width > 0, images.nth(i).get_attribute("src")
    page.screenshot(path=str(shots / "estimate.png"), full_page=True)

    # Timeline and statistics, for the guide.
    page.goto(f"{live_server.url}/timeline/")
    page.screenshot(path=str(shots / "timeline.png"))
    page.goto(f"{live_server.url}/statistics/")
    page.screenshot(path=str(shots / "statistics.png"))
    page.goto(f"{live_server.url}/places/")
    page.wait_for_load_state("networkidle")  # the map draws its layers after the page loads
    page.screenshot(path=str(shots / "places.png"))
    # The form that edits a claim (the edit itself is tests/browser/test_editing.py's).
    page.goto(f"{live_server.url}/edit/claims/{seeded.claim}/")
    page.screenshot(path=str(shots / "claim-edit.png"), full_page=True)

    # The same person in Persian on a phone: right to left, nothing wider than the screen.
    with page.expect_navigation():
        page.click("button[name=language][value=fa]")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/people/P-000001/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 391
    page.screenshot(path=str(shots / "person-fa-390.png"), full_page=True)

    # Nothing left this machine: every request went to the test server, on the loopback.
    assert requested, "the page made no request at all"
    server = urlparse(live_server.url)
    elsewhere = [
        u for u in requested if not u.startswith("data:") and urlparse(u).netloc != server.netloc
    ]
    assert elsewhere == [], elsewhere
    addresses = {info[4][0] for info in socket.getaddrinfo(server.hostname, server.port)}
    assert all(ipaddress.ip_address(a).is_loopback for a in addresses), addresses
