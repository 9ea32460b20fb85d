"""The edit pages in English and Persian: save, refuse in words, show both versions, history."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dadkhah.web.edits.models import Change
from tests.login import login
from tests.web.edits.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db


def _client(user: str, lang: str) -> Client:
    client = Client()
    login(client, user, PASSWORD)
    if lang == "fa":
        client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    return client


def _claim_post(w: World, **over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": w.claim.version,
        "kind": "executed",
        "value": "at dawn",
        "status": "alleged",
        "place": w.place.key,
        "date": "1367/05/10",
        "reason": "The list gives the day.",
        "cite_source": [str(w.source.pk)],
        "cite_evidence": [""],
        "cite_locator": ["row 4"],
    }
    data.update(over)
    return data


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Citation", "Reason for this change", "Save the change"]),
        ("fa", ["استناد", "دلیل این تغییر", "ذخیرهٔ تغییر"]),
    ],
)
def test_the_claim_form_is_in_the_readers_language(
    world: World, lang: str, words: list[str]
) -> None:
    body = _client("inv", lang).get(f"/edit/claims/{world.claim.pk}/").content.decode()
    for word in words:
        assert word in body
    assert "/static/django_htmx/htmx-2" in body  # served from here, not fetched elsewhere


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_claim_edit_is_saved_and_shown_in_the_history(world: World, lang: str) -> None:
    client = _client("inv", lang)
    response = client.post(f"/edit/claims/{world.claim.pk}/", _claim_post(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    assert "The list gives the day." in page
    assert "web:inv" in page
    assert ("History of changes" if lang == "en" else "تاریخچهٔ تغییرها") in page
    person_page = client.get(f"/people/{world.person.public_id}/").content.decode()
    assert "The list gives the day." in person_page  # the person page lists its claims' changes


@pytest.mark.parametrize(("lang", "field"), [("en", "Citation"), ("fa", "استناد")])
def test_a_form_without_a_citation_is_refused_naming_the_field(
    world: World, lang: str, field: str
) -> None:
    client = _client("inv", lang)
    response = client.post(
        f"/edit/claims/{world.claim.pk}/", _claim_post(world, cite_source=[""], cite_locator=[""])
    )
    assert response.status_code == 400
    errors = re.search(r'id="form-errors">(.*?)</div>', response.content.decode(), re.S)
    assert errors is not None and field in errors.group(1)
    assert not Change.objects.exists()


def test_an_edit_of_a_changed_claim_shows_both_versions(world: World) -> None:
    client = _client("inv", "en")
    assert (
        client.post(
            f"/edit/claims/{world.claim.pk}/", _claim_post(world, value="first")
        ).status_code
        == 302
    )
    response = client.post(f"/edit/claims/{world.claim.pk}/", _claim_post(world, value="second"))
    assert response.status_code == 409
    body = response.content.decode()
    table = re.search(r'<table class="conflict-table">(.*?)</table>', body, re.S)
    assert table is not None
    assert "<bdi>second</bdi>" in table.group(1) and "<bdi>first</bdi>" in table.group(1)
    assert 'name="version" value="1"' in body
    world.claim.refresh_from_db()
    assert world.claim.value == "first"


def test_a_reader_gets_no_edit_page_and_no_edit_link(world: World) -> None:
    client = _client("reader", "en")
    assert client.get(f"/edit/claims/{world.claim.pk}/").status_code == 403
    assert client.post(f"/edit/claims/{world.claim.pk}/", _claim_post(world)).status_code == 403
    assert (
        f"/edit/claims/{world.claim.pk}/"
        not in client.get(f"/claims/{world.claim.pk}/").content.decode()
    )


def test_person_event_and_involvement_forms_save(world: World) -> None:
    client = _client("inv", "en")
    cite = {"cite_source": [str(world.source.pk)], "cite_evidence": [""], "cite_locator": ["p. 2"]}
    r = client.post(
        f"/edit/people/{world.person.public_id}/",
        {"version": 0, "display_name": "Roya T.", "display_name_fa": "رویا تستانی", "sex": "f",
         "roles": ["victim"], "reason": "Letter.", **cite},
    )  # fmt: skip
    assert r.status_code == 302
    r = client.post(
        f"/edit/events/{world.event.pk}/involvements/",
        {"version": 0, "person": world.other.public_id, "role": "victim", "mode": "",
         "reason": "Letter.", **cite},
    )  # fmt: skip
    assert r.status_code == 302
    r = client.post(
        f"/edit/claims/new/person/{world.person.public_id}/",
        {"version": 0, "kind": "held_at", "value": "", "status": "alleged", "place": world.place.key,
         "date": "summer 1988", "reason": "Ward list.", **cite},
    )  # fmt: skip
    assert r.status_code == 302
    assert sorted(Change.objects.values_list("entity", "action")) == [
        ("claim", "create"), ("event", "update"), ("person", "update"),
    ]  # fmt: skip
    event_page = client.get(f"/events/{world.event.pk}/").content.decode()
    assert "who took part" in event_page and "P-000902" in event_page


def test_the_citation_row_comes_in_place(world: World) -> None:
    client = _client("inv", "en")
    body = client.get("/edit/citation-row/", headers={"HX-Request": "true"}).content.decode()
    assert 'name="cite_source"' in body and "List X" in body and "<html" not in body


def test_the_vocabularies_are_listed_in_both_languages(world: World) -> None:
    body = _client("inv", "fa").get("/edit/vocabularies/").content.decode()
    assert "Tudeh Party of Iran" in body and "حزب توده ایران" in body


def test_a_date_left_as_shown_is_kept_as_stored(world: World) -> None:
    import datetime as dt

    from dadkhah.web.claims.models import Claim

    Claim.objects.filter(pk=world.claim.pk).update(
        date_earliest=dt.date(1988, 7, 23), date_latest=dt.date(1988, 8, 22),
        date_precision="month", date_calendar="jalali", date_text="",
    )  # fmt: skip
    client = _client("inv", "en")
    form = client.get(f"/edit/claims/{world.claim.pk}/").content.decode()
    shown = re.search(r'name="date" value="([^"]*)"', form)
    assert shown is not None and shown.group(1) == "1988/07/23 - 1988/08/22"
    response = client.post(
        f"/edit/claims/{world.claim.pk}/", _claim_post(world, date=shown.group(1))
    )
    assert response.status_code == 302
    change = Change.objects.get(entity="claim", entity_id=world.claim.pk)
    assert not any(k.startswith("date_") for k in change.after), change.after
    claim = Claim.objects.get(pk=world.claim.pk)
    assert (claim.date_precision, claim.date_calendar) == ("month", "jalali")


def test_the_persian_history_dates_a_change_in_both_calendars(world: World) -> None:
    client = _client("inv", "fa")
    assert client.post(f"/edit/claims/{world.claim.pk}/", _claim_post(world)).status_code == 302
    page = client.get(f"/claims/{world.claim.pk}/").content.decode()
    history = re.search(r'<section class="history card"(.*?)</section>', page, re.S)
    assert history is not None
    when = re.search(r'<time datetime="[^"]+"[^>]*lang="fa">([^<]+)</time>', history.group(1))
    assert when is not None and set("۰۱۲۳۴۵۶۷۸۹") & set(when.group(1))  # Jalali, Persian digits
    assert 'class="other-calendar"' in history.group(1)  # the Gregorian day beside
