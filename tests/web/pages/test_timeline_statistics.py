"""The case timeline and the statistics page (issue 13): numbers, filters, bad input, access."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dadkhah.web.bodies.models import Body
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.events.models import Event
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place
from dadkhah.web.sources.models import Record
from tests.login import login
from tests.web.pages.conftest import PASSWORD, persian

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
WITNESS_NAME = "Synthetic Witness One"


def _get(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _reader(client: Client) -> Client:
    """A read-only user: the registry up to restricted."""
    from dadkhah.web.accounts.services import user_create

    user_create(username="reader", password=PASSWORD, role="read_only")
    assert login(client, "reader", PASSWORD)
    return client


@pytest.fixture
def dated(demo: Path) -> Path:
    """The minimal demo with a third (fictional) list dating two victims' deaths to the day.

    Records are kept as imported, so the dates and affiliations come on a new list.
    """
    from dadkhah.web.sources.models import Source

    dates = Source.objects.create(
        name="dates-test", kind="list", title="Dated list (synthetic)", synthetic=True
    )
    for n, (public_id, day) in enumerate((("P-000001", "1988-08-01"), ("P-000003", "1988-08-02"))):
        Record.objects.create(
            source=dates,
            source_record_id=str(n),
            person=Person.objects.get(public_id=public_id),
            raw={},
            normalized={
                "death_date": {"earliest": day, "latest": day, "precision": "day"},
                "affiliation": "pmoi",
            },
        )
    return demo


def _rows(body: str, by: str) -> dict[str, str]:
    """The rows of one statistics table: group label → documented count (as shown)."""
    section = body.split(f'id="h-{by}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(
        r'<tr>\s*<th scope="row">(.*?)</th>\s*<td class="num">([^<]*)</td>', section, re.S
    )
    return {
        html.unescape(re.sub(r"<[^>]+>", "", label)).split(" (")[0].strip(): n for label, n in rows
    }


def _svgs(body: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", body, re.S)]


# --- statistics ---------------------------------------------------------------------------


def test_statistics_counts_victims_by_city_prison_affiliation_and_week(
    analyst: Client, dated: Path
) -> None:
    body = _get(analyst, "/statistics/")
    assert _rows(body, "city") == {"Tehran": "3", "Mashhad": "1"}
    assert _rows(body, "prison") == {"Evin": "2", "Gohardasht": "1", "Vakilabad": "1"}
    assert _rows(body, "affiliation") == {
        "People's Mojahedin Organization of Iran": "2",
        "not recorded": "2",
    }
    # Both dated victims die in ISO week 31 of 1988 (Monday 1 August to Sunday 7 August).
    assert _rows(body, "week") == {"1988-W31: 1988-08-01 – 1988-08-07": "2", "not recorded": "2"}
    assert _rows(body, "period") == {"August 1988": "2", "not recorded": "2"}
    assert "10–16 Mordad 1367" in body  # the week's days in the other calendar, beside it
    assert "Records read from: dates-test v1, families-fa v1, ngo-latin v1." in body
    assert "rows add up to 4" in body
    assert WITNESS_NAME not in body


def test_statistics_in_persian_use_persian_names_digits_and_jalali_weeks(
    analyst: Client, dated: Path
) -> None:
    body = _get(persian(analyst), "/statistics/")
    assert 'lang="fa" dir="rtl"' in body
    assert _rows(body, "city") == {"تهران": "۳", "مشهد": "۱"}
    assert _rows(body, "week")["۱۰–۱۶ مرداد ۱۳۶۷"] == "۲"
    assert "۱۹۸۸-۰۸-۰۱ – ۱۹۸۸-۰۸-۰۷" in body  # the Gregorian days beside the Jalali ones
    assert "Documented victims by city" not in body


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_chart_is_well_formed_svg_with_a_title_a_description_and_a_bar_per_row(
    analyst: Client, dated: Path, language: str
) -> None:
    client = persian(analyst) if language == "fa" else analyst
    body = _get(client, "/statistics/")
    charts = _svgs(body)
    assert len(charts) == 5
    city = charts[0]
    assert city.get("role") == "img"
    assert city.find(f"{SVG}title") is not None and city.find(f"{SVG}desc") is not None
    bars = city.findall(f"{SVG}g")
    assert len(bars) == 2 and len(city.findall(f".//{SVG}rect")) == 2
    texts = ["".join(t.itertext()) for t in city.iter(f"{SVG}text")]
    if language == "fa":
        assert texts[:2] == ["تهران", "۳"]
        assert bars[0].findall(f"{SVG}text")[0].get("direction") == "rtl"
    else:
        assert texts[:2] == ["Tehran", "3"]
    widths = [float(r.get("width", "0")) for r in city.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(3 * widths[1], rel=0.01)  # bars in proportion to the counts


def test_the_latest_estimate_by_a_stratum_stands_beside_its_count(
    analyst: Client, dated: Path
) -> None:
    result = {
        "documented": 4,
        "results": [{"method": "lcmcr", "estimate": 9.4, "lower": 5.1, "upper": 21.0}],
        "strata": [
            {
                "stratum": "prison:evin",
                "documented": 2,
                "results": [{"method": "lcmcr", "estimate": 6, "lower": 2, "upper": 14}],
            },
            {"stratum": "unknown", "documented": 0, "results": []},
        ],
    }
    EstimateRun.objects.create(
        by="prison", lists=["families-fa", "ngo-latin"], result=result, documented=4
    )
    body = _get(analyst, "/statistics/")
    section = body.split('id="h-prison"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    evin = section.split(">Evin<", 1)[1].split("</tr>", 1)[0]
    assert "<strong>6</strong>" in evin and "[2–14]" in evin
    gohardasht = section.split(">Gohardasht", 1)[1].split("</tr>", 1)[0]
    assert "<strong>" not in gohardasht  # no estimate for that stratum: none is invented
    assert "[5–21]" in body  # the run's total, with its interval
    city = body.split('id="h-city"', 1)[1].split("</section>", 1)[0]
    assert "No estimate run by this stratum" in city


def test_statistics_count_only_what_the_reader_may_see(client: Client, dated: Path) -> None:
    Person.objects.filter(public_id="P-000004").update(confidentiality="strictly_confidential")
    body = _get(_reader(client), "/statistics/")
    assert _rows(body, "city") == {"Tehran": "3"}
    assert "Vakilabad" not in body
    assert "rows add up to 3" in body


# --- timeline -----------------------------------------------------------------------------


def _events(body: str) -> list[int]:
    return [int(n) for n in re.findall(r'<a href="/events/(\d+)/">', body)]


def test_the_timeline_lists_every_event_by_month_in_both_calendars(
    analyst: Client, demo: Path
) -> None:
    body = _get(analyst, "/timeline/")
    assert sorted(_events(body)) == sorted(Event.objects.values_list("pk", flat=True))
    assert "July 1988" in body and "Tir–Mordad 1367" in body  # the demo dates from 23 July
    assert "23 July" not in body
    assert "1 Mordad 1367" in body  # each date's Jalali days beside the Gregorian ones
    assert "Kaveh Darvishzadeh" in body and WITNESS_NAME not in body
    body = _get(persian(analyst), "/timeline/")
    assert 'lang="fa" dir="rtl"' in body and "مرداد ۱۳۶۷" in body
    assert "۱۹۸۸-۰۷-۲۳" in body  # the Gregorian days beside
    assert "کاوه" in body


def _event_at(key: str) -> set[int]:
    return set(Event.objects.filter(place__key=key).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("place=prison:evin", lambda: _event_at("prison:evin")),
        ("place=city:tehran", lambda: _event_at("prison:evin") | _event_at("prison:gohardasht")),
        (
            "body={commission}",
            lambda: set(Event.objects.filter(kind="hearing").values_list("pk", flat=True)),
        ),
        (
            "affiliation=pmoi",
            lambda: set(
                Event.objects.filter(
                    involvements__person__public_id__in=["P-000001", "P-000003"]
                ).values_list("pk", flat=True)
            ),
        ),
        ("period=1988-08", lambda: set(Event.objects.values_list("pk", flat=True))),
        ("period=1367-05", lambda: set(Event.objects.values_list("pk", flat=True))),
        ("period=۱۳۶۷-۰۵", lambda: set(Event.objects.values_list("pk", flat=True))),
        ("period=1988-06", lambda: set()),
        ("period=1366", lambda: set()),
        ("place=prison:evin&period=1988-W31", lambda: _event_at("prison:evin")),
    ],
)
def test_the_timeline_filters(analyst: Client, dated: Path, query: str, expected: Any) -> None:
    commission = Body.objects.get(kind="commission").pk
    body = _get(analyst, "/timeline/?" + query.format(commission=commission))
    assert set(_events(body)) == expected()


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("place=prison:nowhere", "No place you may see has this key."),
        ("place=%00", "control characters"),
        ("place=" + "x" * 500, "too long"),
        ("body=abc", "No body you may see has this number."),
        ("body=999999", "No body you may see has this number."),
        ("affiliation=tudeh", "No victim you may see has this affiliation."),
        ("period=1988-13", "A period is a year, a month or an ISO week"),
        ("period=last+summer", "A period is a year, a month or an ISO week"),
        ("page=abc", "There is no page"),
        ("page=0", "There is no page"),
        ("page=2", "There is no page"),
        ("page=1.5", "There is no page"),
    ],
)
def test_a_bad_filter_or_page_is_a_clear_400_page(
    analyst: Client, demo: Path, query: str, says: str
) -> None:
    body = _get(analyst, "/timeline/?" + query, status=400)
    assert says in body and 'role="alert"' in body
    assert "start again without filters" in body
    assert not _events(body)


def test_a_bad_filter_is_explained_in_persian_too(analyst: Client, demo: Path) -> None:
    body = _get(persian(analyst), "/timeline/?place=nowhere", status=400)
    assert "No place you may see has this key." not in body
    assert 'role="alert"' in body


def test_the_timeline_pages_by_fifty(analyst: Client, demo: Path) -> None:
    first = Event.objects.first()
    assert first is not None
    for n in range(60):
        Event.objects.create(kind="other", title=f"event {n}", date_earliest=None)
    page1 = _events(_get(analyst, "/timeline/"))
    page2 = _events(_get(analyst, "/timeline/?page=2"))
    assert len(page1) == 50 and len(page2) == Event.objects.count() - 50
    assert first.pk in page1  # dated events first, undated last
    assert _get(analyst, "/timeline/?page=2").count("Date unknown") == 1


def test_the_timeline_hides_what_the_reader_may_not_see(
    client: Client, demo: Path, settings: Any
) -> None:
    from dadkhah.core.case import open_case
    from dadkhah.web.custody.models import CustodyEntry

    settings.CASE = open_case(demo)
    Place.objects.filter(key="prison:vakilabad").update(confidentiality="strictly_confidential")
    Person.objects.filter(public_id="P-000002").update(confidentiality="strictly_confidential")
    hidden_event = _event_at("prison:vakilabad")
    reader = _reader(client)
    before = CustodyEntry.objects.count()
    body = _get(reader, "/timeline/")
    assert not hidden_event & set(_events(body))
    assert "Vakilabad" not in body and "Behrouz" not in body
    assert "One more participant is not shown to you." in body
    _get(reader, "/timeline/?place=prison:vakilabad", status=400)  # as if it did not exist
    objects = [
        o
        for e in CustodyEntry.objects.order_by("seq")[before:]
        for o in json.loads(e.data)["details"].get("objects", [])
    ]
    assert "person:P-000001" in objects  # a restricted person named on the page: audited


def test_the_statistics_rows_link_to_the_timeline_filtered_alike(
    analyst: Client, dated: Path
) -> None:
    body = _get(analyst, "/statistics/")
    assert 'href="/timeline/?place=prison%3Aevin"' in body
    assert 'href="/timeline/?period=1988-W31"' in body
    assert set(_events(_get(analyst, "/timeline/?place=prison%3Aevin"))) == _event_at("prison:evin")


def test_both_pages_are_in_the_navigation(analyst: Client, demo: Path) -> None:
    body = _get(analyst, "/")
    assert 'href="/timeline/"' in body and 'href="/statistics/"' in body


def test_months_and_weeks_are_in_time_order_other_groups_largest_first(
    analyst: Client, dated: Path
) -> None:
    from dadkhah.web.sources.models import Source

    Record.objects.create(
        source=Source.objects.get(name="dates-test"),
        source_record_id="early",
        person=Person.objects.get(public_id="P-000002"),
        raw={},
        normalized={"death_date": {"earliest": "1988-07-26", "latest": "1988-07-26"}},
    )
    body = _get(analyst, "/statistics/")
    assert list(_rows(body, "week").items()) == [
        ("1988-W30: 1988-07-25 – 1988-07-31", "1"),
        ("1988-W31: 1988-08-01 – 1988-08-07", "2"),
        ("not recorded", "1"),
    ]
    assert list(_rows(body, "period")) == ["July 1988", "August 1988", "not recorded"]
    assert list(_rows(body, "prison")) == ["Evin", "Gohardasht", "Vakilabad"]
