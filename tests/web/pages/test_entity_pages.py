"""Entity pages (issue 13): event, place, body, perpetrator and claim, with one provenance panel."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dadkhah.web.bodies.models import Body
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.events.models import Event
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.sources.models import Source
from tests.login import login
from tests.web.pages.conftest import PASSWORD, persian

pytestmark = pytest.mark.django_db

WITNESS_NAME = "Synthetic Witness One"  # sealed in the vault by the minimal demo
PERSIAN_DIGITS = re.compile("[۰-۹]")


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _reader(client: Client) -> Client:
    """A read-only user: the registry up to restricted, no evidence, no witnesses."""
    from dadkhah.web.accounts.services import user_create

    user_create(username="reader", password=PASSWORD, role="read_only")
    assert login(client, "reader", PASSWORD)
    return client


def _hearing() -> Event:
    return Event.objects.get(kind="hearing")


def _judge() -> Person:
    return Person.objects.get(public_id="P-900001")


def _executed(public_id: str = "P-000001") -> Claim:
    return Claim.objects.get(person__public_id=public_id, kind="executed")


def _single_source_claim(**kwargs: Any) -> Claim:
    """A claim on one source, graded as the loader grades it (alleged, one source)."""
    evin = Place.objects.get(key="prison:evin")
    claim = Claim.objects.create(
        person=_judge(),
        kind="member_of",
        value="Tehran commission (1988)",
        place=evin,
        status="alleged",
        meets_standard=False,
        single_source=True,
        assessed_by="analyst-x",
        **kwargs,
    )
    ClaimSource.objects.create(
        claim=claim, source=Source.objects.get(name="ngo-latin"), credibility=3, locator="p. 4"
    )
    return claim


# --- the pages open in both languages ---------------------------------------------------------


def _urls() -> list[str]:
    return [
        f"/events/{_hearing().pk}/",
        "/places/prison:evin/",
        "/places/cemetery:khavaran/",
        f"/bodies/{Body.objects.get(kind='commission').pk}/",
        f"/claims/{_executed().pk}/",
        "/people/P-900001/",
    ]


def test_every_entity_page_renders_in_english_and_persian(analyst: Client, demo: Path) -> None:
    for url in _urls():
        body = _get(analyst, url)
        assert 'dir="ltr"' in body and "Provenance" in body, url
        assert WITNESS_NAME not in body
    persian(analyst)
    for url in _urls():
        body = _get(analyst, url)
        assert 'lang="fa" dir="rtl"' in body, url
        assert "منشأ" in body, url  # the provenance panel's heading
        assert "Provenance" not in body and "Strength of the link" not in body, url
        assert PERSIAN_DIGITS.search(body), url
        assert WITNESS_NAME not in body


@pytest.mark.parametrize(
    "url",
    [
        "/events/999999/",
        "/events/abc/",
        "/events/-1/",
        "/places/prison:nowhere/",
        "/bodies/999999/",
        "/bodies/x/",
        "/claims/999999/",
        "/claims/1e3/",
    ],
)
def test_a_missing_or_malformed_id_is_a_404(analyst: Client, demo: Path, url: str) -> None:
    assert analyst.get(url).status_code == 404


# --- the event page -----------------------------------------------------------------------------


def test_the_event_page_says_who_took_part_and_how(analyst: Client, demo: Path) -> None:
    hearing = _hearing()
    claim = Claim.objects.create(event=hearing, kind="took_place", value="hearing at Evin")
    ClaimSource.objects.create(
        claim=claim, source=Source.objects.get(name="families-fa"), credibility=2
    )
    body = _get(analyst, f"/events/{hearing.pk}/")
    row = re.search(r"<tr><td>perpetrator</td><td>sat on the commission</td>(.*?)</tr>", body, re.S)
    assert row is not None and "P-900001" in row.group(1)
    assert re.search(r"<tr><td>victim</td>.*?P-000001", body, re.S)
    assert 'href="/places/prison:evin/"' in body
    assert f'href="/claims/{claim.pk}/"' in body
    panel = body[body.index('id="provenance-h"') :]
    assert "فهرست خانواده‌ها (ساختگی)" in panel  # the source's title, with its grade
    assert re.search(r'title="[^"]*">B</abbr>', panel)


def test_the_event_page_counts_but_never_names_a_person_the_reader_may_not_see(
    client: Client, demo: Path
) -> None:
    Person.objects.filter(public_id="P-000001").update(confidentiality="strictly_confidential")
    body = _get(_reader(client), f"/events/{_hearing().pk}/")
    assert "P-000001" not in body and "Kaveh" not in body
    assert "One more participant is not shown to you." in body


def test_an_event_title_that_may_name_a_hidden_person_is_withheld_everywhere(
    client: Client, demo: Path
) -> None:
    # Titles name people ("Execution of …"): shown only to a reader who may see
    # everyone who took part, on the event page and in every list of events.
    event = _hearing()
    Event.objects.filter(pk=event.pk).update(
        title="Hearing of Kaveh Testname", description="Kaveh Testname before the commission"
    )
    Person.objects.filter(public_id="P-000001").update(confidentiality="strictly_confidential")
    reader = _reader(client)
    pages = [f"/events/{event.pk}/", f"/people/{_judge().public_id}/"]
    if event.place is not None:
        pages.append(f"/places/{event.place.key}/")
    for url in pages:
        assert "Kaveh Testname" not in _get(reader, url), url
    Person.objects.filter(public_id="P-000001").update(confidentiality="public")
    assert "Hearing of Kaveh Testname" in _get(reader, f"/events/{event.pk}/")


# --- the place page -----------------------------------------------------------------------------


def test_the_place_page_shows_the_site_history_with_its_evidence(
    analyst: Client, demo: Path
) -> None:
    khavaran = Place.objects.get(key="cemetery:khavaran")
    item = EvidenceItem.objects.first()
    assert item is not None
    observation = SiteObservation.objects.filter(place=khavaran, status="covered").get()
    observation.evidence.add(item)
    body = _get(analyst, "/places/cemetery:khavaran/")
    history = body[body.index('class="observations"') : body.index("</table>")]
    assert history.index("summer 1988") < history.index(">2008<")
    assert f'href="/evidence/{item.sha256}/"' in history
    assert item.sha256[:12] in body[body.index('id="provenance-h"') :]
    assert "35.6000, 51.5500" in body
    assert 'href="/places/city:tehran/"' in body


def test_the_place_page_lists_events_and_persons_claimed_there(analyst: Client, demo: Path) -> None:
    body = _get(analyst, "/places/prison:evin/")
    events = body[body.index('id="events-h"') : body.index('id="persons-h"')]
    assert f'href="/events/{_hearing().pk}/"' in events
    persons = body[body.index('id="persons-h"') : body.index('id="provenance-h"')]
    assert "P-000001" in persons or "Kaveh" in persons
    assert "Behrouz" not in persons  # executed at Gohardasht, not Evin
    assert f'href="/claims/{_executed().pk}/"' in persons


def test_the_places_list_links_each_site_to_its_page(analyst: Client, demo: Path) -> None:
    body = _get(analyst, "/places/")
    assert 'href="/places/cemetery:khavaran/"' in body


def test_a_place_the_reader_may_not_see_and_its_events_are_404(client: Client, demo: Path) -> None:
    Place.objects.filter(key="prison:evin").update(confidentiality="strictly_confidential")
    reader = _reader(client)
    assert reader.get("/places/prison:evin/").status_code == 404
    assert reader.get(f"/events/{_hearing().pk}/").status_code == 404
    assert reader.get("/places/prison:gohardasht/").status_code == 200


def test_pages_never_name_an_event_or_body_seated_at_a_place_the_reader_may_not_see(
    client: Client, demo: Path
) -> None:
    """The person page's events and posts, a claim's subject and a body's parent."""
    hearing = _hearing()
    commission = Body.objects.get(kind="commission")
    child = Body.objects.create(
        name="Synthetic sub-commission", kind="commission", parent=commission
    )
    about_hearing = Claim.objects.create(event=hearing, kind="took_place", value="x")
    reader = _reader(client)
    shown = _get(reader, "/people/P-900001/")
    assert f'href="/events/{hearing.pk}/"' in shown
    assert f'href="/bodies/{commission.pk}/"' in _get(reader, f"/bodies/{child.pk}/")
    assert f'href="/events/{hearing.pk}/"' in _get(reader, f"/claims/{about_hearing.pk}/")

    Place.objects.filter(key="city:tehran").update(confidentiality="strictly_confidential")
    Place.objects.filter(key="prison:evin").update(confidentiality="strictly_confidential")
    person = _get(reader, "/people/P-900001/")
    assert f'href="/events/{hearing.pk}/"' not in person
    assert f'href="/bodies/{commission.pk}/"' not in person
    assert f'href="/bodies/{commission.pk}/"' not in _get(reader, f"/bodies/{child.pk}/")
    claim = _get(reader, f"/claims/{about_hearing.pk}/")
    assert f'href="/events/{hearing.pk}/"' not in claim and "something you may not see" in claim


# --- the body page -------------------------------------------------------------------------------


def test_the_body_page_shows_members_prisons_and_events(analyst: Client, demo: Path) -> None:
    commission = Body.objects.get(kind="commission")
    claim = _single_source_claim()
    body = _get(analyst, f"/bodies/{commission.pk}/")
    members = body[body.index('id="members-h"') : body.index('id="served-h"')]
    assert "P-900001" in members and "religious judge" in members
    assert "alleged" in members and f'href="/claims/{claim.pk}/"' in members
    served = body[body.index('id="served-h"') : body.index('id="events-h"')]
    assert 'href="/places/prison:evin/"' in served and "1 event there" in served
    events = body[body.index('id="events-h"') : body.index('id="claims-h"')]
    assert f'href="/events/{_hearing().pk}/"' in events
    assert 'href="/places/city:tehran/"' in body  # its seat


def test_the_person_page_links_body_names_to_the_body_page(analyst: Client, demo: Path) -> None:
    commission = Body.objects.get(kind="commission")
    body = _get(analyst, "/people/P-900001/")
    assert f'href="/bodies/{commission.pk}/"' in body


# --- the perpetrator view -------------------------------------------------------------------------


def test_the_perpetrator_view_groups_involvements_by_mode_with_their_strength(
    analyst: Client, demo: Path
) -> None:
    body = _get(analyst, "/people/P-900001/")
    section = body[body.index('id="perp-h"') :]
    table = section[section.index("<caption>sat on the commission</caption>") :]
    table = table[: table.index("</table>")]
    assert f'href="/events/{_hearing().pk}/"' in table
    assert "no claim states this link" in table
    claim = _single_source_claim()
    body = _get(analyst, "/people/P-900001/")
    table = body[body.index("<caption>sat on the commission</caption>") :]
    table = table[: table.index("</table>")]
    assert "alleged" in table and f'href="/claims/{claim.pk}/"' in table
    posts = body[body.index("Posts held, then and now") :]
    posts = posts[: posts.index("</table>")]
    assert "Now" in posts and "Senior judicial post (fictional)" in posts and "held now" in posts


def test_a_victim_has_no_perpetrator_section(analyst: Client, demo: Path) -> None:
    assert 'id="perp-h"' not in _get(analyst, "/people/P-000002/")


# --- the claim page ------------------------------------------------------------------------------


def _independent(body: str) -> str:
    match = re.search(r'<span class="independent-count">(.*?)</span>', body)
    assert match is not None
    return match.group(1)


def test_a_claim_on_two_independent_sources_counts_two_and_has_no_warning(
    analyst: Client, demo: Path
) -> None:
    body = _get(analyst, f"/claims/{_executed().pk}/")
    assert _independent(body) == "2"
    assert "This claim rests on one source." not in body
    assert "corroborated" in body or "established" in body
    assert "by demo" in body
    assert 'href="/people/P-000001/"' in body
    assert 'href="/places/prison:evin/"' in body


def test_sources_of_one_independence_group_count_once_and_warn(analyst: Client, demo: Path) -> None:
    Source.objects.filter(name__in=["families-fa", "ngo-latin"]).update(
        independence_group="one-database"
    )
    body = _get(analyst, f"/claims/{_executed('P-000002').pk}/")
    assert _independent(body) == "1"
    assert "This claim rests on one source." in body
    assert body.count("counts once with another source of its group") == 2
    assert "due for reassessment" in body  # stored as corroborated on two sources


def test_a_single_source_claim_warns_and_shows_who_assessed_it(analyst: Client, demo: Path) -> None:
    claim = _single_source_claim()
    body = _get(analyst, f"/claims/{claim.pk}/")
    assert _independent(body) == "1"
    assert "This claim rests on one source." in body
    assert "by analyst-x" in body
    assert "due for reassessment" not in body
    persian(analyst)
    body = _get(analyst, f"/claims/{claim.pk}/")
    assert _independent(body) == "۱"
    assert "This claim rests on one source." not in body


def test_the_claim_page_shows_contradictions_the_reader_may_see(client: Client, demo: Path) -> None:
    claim = _executed()
    seen = _single_source_claim()
    hidden = _single_source_claim(confidentiality="strictly_confidential")
    claim.contradicts.add(seen, hidden)
    reader = _reader(client)
    body = _get(reader, f"/claims/{claim.pk}/")
    contra = body[body.index('id="contra-h"') : body.index('id="provenance-h"')]
    assert f'href="/claims/{seen.pk}/"' in contra
    assert f"/claims/{hidden.pk}/" not in body
    person = _get(reader, "/people/P-000001/")
    assert f'href="/claims/{seen.pk}/"' in person and f"/claims/{hidden.pk}/" not in person


def test_a_testimony_shows_only_its_pseudonym(analyst: Client, demo: Path) -> None:
    claim = _executed()
    ClaimSource.objects.create(
        claim=claim, source=Source.objects.get(name="testimony-w-0001"), credibility=2
    )
    body = _get(analyst, f"/claims/{claim.pk}/")
    assert "testimony of W-0001" in body
    assert WITNESS_NAME not in body and "Testimony of W-0001 (synthetic)" not in body
    assert "/sources/testimony-w-0001/" not in body


def test_a_claim_above_the_readers_clearance_is_404_and_the_refusal_audited(
    client: Client, demo: Path, settings: Any
) -> None:
    from dadkhah.core.case import open_case
    from dadkhah.web.custody.models import CustodyEntry

    settings.CASE = open_case(demo)
    hidden = _single_source_claim(confidentiality="strictly_confidential")
    reader = _reader(client)
    before = CustodyEntry.objects.count()
    assert reader.get(f"/claims/{hidden.pk}/").status_code == 404
    entries = list(CustodyEntry.objects.order_by("seq")[before:])
    details = [json.loads(e.data)["details"] for e in entries]
    assert {"outcome": "denied", "objects": [f"claim:{hidden.pk}"]}.items() <= {
        k: v for d in details for k, v in d.items()
    }.items()


def test_a_protected_claim_read_on_an_event_page_is_audited(
    analyst: Client, demo: Path, settings: Any
) -> None:
    from dadkhah.core.case import open_case
    from dadkhah.web.custody.models import CustodyEntry

    settings.CASE = open_case(demo)
    claim = Claim.objects.create(
        event=_hearing(), kind="took_place", value="x", confidentiality="restricted"
    )
    before = CustodyEntry.objects.count()
    _get(analyst, f"/events/{_hearing().pk}/")
    objects = [
        o
        for e in CustodyEntry.objects.order_by("seq")[before:]
        for o in json.loads(e.data)["details"].get("objects", [])
    ]
    assert f"claim:{claim.pk}" in objects


def test_the_provenance_panel_lists_evidence_only_for_those_who_may_open_it(
    client: Client, demo: Path
) -> None:
    item = EvidenceItem.objects.first()
    assert item is not None
    url = f"/claims/{_executed().pk}/"  # the families' list was taken from this file
    reader = _reader(client)
    assert item.sha256[:12] not in _get(reader, url)
    from dadkhah.web.accounts.services import user_create

    user_create(username="inv", password=PASSWORD, role="investigator")
    other = Client()
    assert login(other, "inv", PASSWORD)
    panel = _get(other, url)
    assert f'href="/evidence/{item.sha256}/"' in panel[panel.index('id="provenance-h"') :]


def test_the_place_page_hides_observations_and_items_the_reader_may_not_read(
    client: Client, demo: Path
) -> None:
    khavaran = Place.objects.get(key="cemetery:khavaran")
    secret = Source.objects.create(
        name="site-report", kind="document", title="Site report in trust",
        confidentiality="strictly_confidential",
    )  # fmt: skip
    SiteObservation.objects.create(
        place=khavaran, status="bulldozed", description="Seen by a source in trust.", source=secret
    )
    item = EvidenceItem.objects.first()
    assert item is not None
    SiteObservation.objects.get(place=khavaran, status="covered").evidence.add(item)
    body = _get(_reader(client), "/places/cemetery:khavaran/")
    assert "Seen by a source in trust." not in body and "Site report in trust" not in body
    assert "covered (concrete, soil)" in body
    assert item.sha256[:12] not in body  # a read-only user opens no evidence item


def test_persian_pages_give_jalali_dates_first_with_gregorian_beside(
    analyst: Client, demo: Path
) -> None:
    persian(analyst)
    body = _get(analyst, f"/events/{_hearing().pk}/")
    when = body[body.index("<dt>") :]
    jalali, gregorian = when.index("مرداد ۱۳۶۷"), when.index("۱۹۸۸-۰۷-۲۳ – ۱۹۸۸-۰۸-۲۲")
    assert jalali < gregorian
