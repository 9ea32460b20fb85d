"""A real browser: open a person, follow a source, edit a claim with a citation.

The citation row added in place comes from htmx served by this server (django-htmx's
static file); every request goes to the test server. The screenshots are kept under
test-artifacts/edits/ (DADKHAH_SCREENSHOTS names another folder) for a person to look at.
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
REPO = Path(__file__).resolve().parents[2]


def _shots() -> Path:
    folder = Path(os.environ.get("DADKHAH_SCREENSHOTS", REPO / "test-artifacts")) / "edits"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_open_a_person_follow_a_source_edit_a_claim_with_a_citation(
    browser: Any, live_server: Any, tmp_path: Path
) -> None:
    from dadkhah.web.claims.models import Claim
    from dadkhah.web.edits.models import Change

    demo_case_build_minimal(case=init_case(tmp_path / "demo", synthetic=True), echo=lambda _m: None)
    user_create(username="investigator", password=PASSWORD, role="investigator")
    page = browser.new_page(locale="en-GB", viewport={"width": 1200, "height": 900})
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    refused: list[str] = []  # what the Content-Security-Policy blocked (htmx must need nothing)
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    browser_login(page, live_server.url, "investigator", PASSWORD)
    if page.get_attribute("html", "lang") != "en":
        page.click("button[name=language][value=en]")
        page.wait_for_selector("html[lang=en]")

    # Open a person, and follow the source of one of their claims.
    page.goto(f"{live_server.url}/people/P-000001/")
    page.wait_for_selector("article.claim")
    claim_href = page.get_attribute("article.claim h3 a", "href")
    assert claim_href is not None
    with page.expect_navigation():
        page.click("article.claim table.supports a[href^='/sources/']")
    assert "/sources/" in page.url
    source_title = page.inner_text("h1")

    # Back to the claim, and its edit form.
    page.goto(f"{live_server.url}{claim_href}")
    with page.expect_navigation():
        page.click("p.edit-links a")
    assert "/edit/claims/" in page.url
    page.fill("#id_value", "at dawn, as the list says")
    page.select_option("select[name=cite_source] >> nth=0", index=1)
    page.fill("input[name=cite_locator] >> nth=0", "row 7")
    # htmx adds a second citation row in place, without leaving the page.
    url_before = page.url
    page.click("text=Add another citation")
    page.wait_for_selector(".citation-row >> nth=1")
    assert page.url == url_before
    page.fill("#id_reason", "The list gives the hour of the execution.")
    page.screenshot(path=str(_shots() / "claim-edit-form.png"), full_page=True)
    with page.expect_navigation():
        page.click("form.edit-form button[type=submit]")

    assert page.url.endswith(claim_href)
    history = page.inner_text("section.history")
    assert "The list gives the hour of the execution." in history
    assert "at dawn, as the list says" in history
    assert "row 7" in history
    assert "web:investigator" in history
    page.screenshot(path=str(_shots() / "claim-history.png"), full_page=True)

    claim = Claim.objects.get(pk=int(claim_href.strip("/").split("/")[-1]))
    assert claim.version == 1 and claim.value == "at dawn, as the list says"
    change = Change.objects.get(entity="claim", entity_id=claim.pk)
    assert change.citations[0]["locator"] == "row 7"
    assert source_title  # the source page opened with its title
    assert hosts == {urlparse(live_server.url).netloc}
    assert refused == []
