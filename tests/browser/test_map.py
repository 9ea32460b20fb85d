"""A real browser opens the map and a site, in Persian and English, wide and narrow.

The map draws the bundled outline of Iran and its provinces and the places as clustered
markers, from this server alone; the site page's before/after slider moves with the
keyboard. Nothing is requested from another host. Screenshots go to test-artifacts/map/
(DADKHAH_SCREENSHOTS names another folder) for a person to look at.
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
from dadkhah.web.places.boundaries import package_dir
from dadkhah.web.places.models import Place
from tests.login import browser_login
from tests.map_case import KEY, add_site_images

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")
REPO = Path(__file__).resolve().parents[2]
WIDTHS = {"wide": (1366, 900), "narrow": (390, 844)}
PAYLOAD = "<img src=x onerror=alert(1)>"


def _shots() -> Path:
    folder = Path(os.environ.get("DADKHAH_SCREENSHOTS", REPO / "test-artifacts")) / "map"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["fa", "en"])
def test_open_the_map_and_a_site(
    browser: Any, live_server: Any, tmp_path: Path, settings: Any, language: str, width: str
) -> None:
    if not (package_dir().parent / "leaflet" / "dist" / "leaflet.js").exists():
        pytest.skip("node_modules is not installed (`make install` installs it)")
    case = init_case(tmp_path / "demo", synthetic=True)
    demo_case_build_minimal(case=case, echo=lambda _m: None)
    settings.CASE = case
    _place, items = add_site_images(case)
    # A name is text wherever the map shows it (Leaflet reads a string as HTML).
    Place.objects.filter(key="prison:vakilabad").update(name=f"Vakilabad {PAYLOAD}")
    user_create(username="analyst", password=PASSWORD)
    w, h = WIDTHS[width]
    page = browser.new_page(
        locale="fa-IR" if language == "fa" else "en-GB", viewport={"width": w, "height": h}
    )
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    browser_login(page, live_server.url, "analyst", PASSWORD)
    if page.get_attribute("html", "lang") != language:
        page.click(f"button[name=language][value={language}]")
        page.wait_for_selector(f"html[lang={language}]")

    page.goto(f"{live_server.url}/places/")
    page.wait_for_selector("#leaflet-map[data-outline=drawn][data-markers]", timeout=15000)
    assert page.get_attribute("#leaflet-map", "data-markers") == "4"  # 3 prisons, 1 grave site
    assert page.locator("path.map-country").count() == 1
    assert page.locator("path.map-province").count() == 31
    assert not page.locator(".map-sketch svg").is_visible()  # the sketch gives way to the map
    # The switch of provinces: 1988's 24 (today's merged), then today's 31 again.
    switch = page.locator(".leaflet-control-layers-base label")
    assert switch.count() == 2
    labels = switch.all_inner_texts()
    assert any(("۱۹۸۸" if language == "fa" else "1988") in t for t in labels), labels
    switch.nth(1).locator("input").check()
    page.wait_for_selector("#leaflet-map[data-provinces='1988'][data-outline=drawn]")
    page.wait_for_function("document.querySelectorAll('path.map-province').length === 24")
    assert page.locator("path.map-country").count() == 1
    page.screenshot(path=str(_shots() / f"map-1988-{language}-{width}.png"))
    switch.nth(0).locator("input").check()
    page.wait_for_selector("#leaflet-map[data-provinces='today'][data-outline=drawn]")
    assert page.locator("path.map-province").count() == 31
    markers = page.locator("path.map-marker").count()
    clusters = page.locator(".marker-cluster span").all_inner_texts()
    assert markers + sum(len(c) for c in clusters) >= 2
    assert markers + len(clusters) >= 1
    if language == "fa":
        assert page.get_attribute("html", "dir") == "rtl"
        assert all(set(c) <= PERSIAN_DIGITS for c in clusters), clusters
    lone = page.locator("path.map-marker")  # Vakilabad, far from the Tehran cluster
    assert lone.count() == 1
    lone.hover()
    if language == "en":
        assert PAYLOAD in page.locator(".leaflet-tooltip").inner_text()
    lone.click()
    assert page.locator(".leaflet-popup-content a").get_attribute("href") == (
        "/places/prison:vakilabad/"
    )
    assert page.locator("#leaflet-map img[src=x]").count() == 0 and alerts == []
    box = page.locator("#leaflet-map").bounding_box()
    assert box is not None and box["width"] <= w and box["height"] > 200
    page.screenshot(path=str(_shots() / f"map-{language}-{width}.png"), full_page=width == "wide")

    # A filter: only the grave sites, the map and its list agree.
    page.check("input[name=kind][value=grave_site]")
    with page.expect_navigation():
        page.click("form.map-filters button[type=submit]")
    page.wait_for_selector("#leaflet-map[data-markers]")
    assert page.get_attribute("#leaflet-map", "data-markers") == "1"
    assert page.locator("table.map-list tbody tr").count() == 1

    # The live server shares one in-memory SQLite connection between its threads, so two
    # image views entering custody at once would interleave their savepoints (a deployment
    # has a connection per thread). The images are fetched from the server one at a time,
    # as the page's session, and handed to the page from there.
    images: dict[str, Any] = {}
    for item in items:
        url = f"{live_server.url}/evidence/{item.sha256}/image/"
        response = page.request.get(url)
        assert response.status == 200 and response.headers["content-type"] == "image/png"
        images[url] = (response.body(), response.headers)
    page.route(
        "**/image/",
        lambda route: route.fulfill(
            body=images[route.request.url][0], headers=images[route.request.url][1]
        ),
    )
    with page.expect_navigation():
        page.click(f'table.map-list a[href="/places/{KEY}/"]')
    page.wait_for_selector("[data-compare].compare-live")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.compare-frame img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    before = page.locator(".compare-before")
    assert "50%" in (before.evaluate("e => e.style.clipPath") or "")
    page.focus("input.compare-range")
    for _ in range(20):
        page.keyboard.press("ArrowLeft")
    assert page.input_value("input.compare-range") == "30"
    assert "70%" in before.evaluate("e => e.style.clipPath")
    assert page.locator(".compare-citations dl").count() == 2
    page.locator("#compare").scroll_into_view_if_needed()
    page.screenshot(path=str(_shots() / f"site-{language}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= w + 1

    assert errors == []
    assert hosts == {urlparse(live_server.url).netloc}
