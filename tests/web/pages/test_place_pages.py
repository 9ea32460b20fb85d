"""The places page: sites with their observation history and a map drawn on the server."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.web.modelutils import uncertain_kwargs
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.places.selectors import site_list, site_map
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db


def _reader() -> Any:
    from dadkhah.web.accounts.services import user_create

    return user_create(username="reader", password="a long enough passphrase 42", role="read_only")


def _body(client: Client, url: str = "/places/") -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_sites_are_listed_with_their_observations_in_date_order(
    analyst: Client, demo: Path
) -> None:
    khavaran = Place.objects.get(key="cemetery:khavaran")
    SiteObservation.objects.create(
        place=khavaran,
        status="built_over",
        description="Fictional: buildings on the site.",
        **uncertain_kwargs(
            "date",
            UncertainDate(
                dt.date(2017, 3, 21), dt.date(2018, 3, 20), Precision.YEAR, Calendar.JALALI, "1396"
            ),
        ),
    )
    body = _body(analyst)
    section = body[body.index(f'id="site-{khavaran.pk}"') :]
    section = section[: section.index("</section>")]
    history = section[section.index('class="observations"') :]
    order = [history.index(s) for s in ("summer 1988", ">2008<", "1396")]
    assert order == sorted(order)
    assert "covered (concrete, soil)" in section and "built over" in section
    assert "Last observed state" in section
    assert "Evin" in body and "Vakilabad" in body
    headings = re.findall(r'<h2 id="site-h-\d+">(.*?)</h2>', body, re.S)
    assert len(headings) == 4  # cities are not sites
    assert not any(h.startswith("<bdi>Tehran") for h in headings)


def test_the_kind_filter_shows_one_kind(analyst: Client, demo: Path) -> None:
    body = _body(analyst, "/places/?kind=prison")
    assert "Evin" in body and "Khavaran" not in body.split("<svg")[0] + body.split("</svg>")[-1]


def test_the_map_is_inline_svg_with_a_point_per_located_site(analyst: Client, demo: Path) -> None:
    body = _body(analyst)
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert len(re.findall(r'<circle class="map-site', svg)) == 4  # three prisons, one grave site
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "style=" not in svg  # the page's policy refuses inline styles


def test_the_map_puts_north_up_and_east_right() -> None:
    Place.objects.create(key="prison:a", kind="prison", name="A", latitude=36.0, longitude=50.0)
    Place.objects.create(key="prison:b", kind="prison", name="B", latitude=35.0, longitude=52.0)
    drawn = site_map(site_list(user=_reader()))
    assert drawn is not None
    a, b = sorted(drawn.points, key=lambda p: p.place.name)
    assert a.x < b.x and a.y < b.y
    assert all(0 <= p.x <= drawn.width and 0 <= p.y <= drawn.height for p in drawn.points)


def test_no_map_without_coordinates(analyst: Client) -> None:
    Place.objects.create(key="grave:x", kind="grave_site", name="Unlocated site")
    assert site_map(site_list(user=_reader())) is None
    body = _body(analyst)
    assert "Unlocated site" in body and "<svg" not in body


def test_the_places_page_in_persian(analyst: Client, demo: Path) -> None:
    body = persian(analyst).get("/places/").content.decode()
    assert "خاوران" in body and "پوشانده‌شده (بتن، خاک)" in body
    assert "مکان‌ها" in body and "دست‌نخورده" in body
