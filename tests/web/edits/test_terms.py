"""Stored codes shown as their vocabulary terms, in the page's language, read once per request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dadkhah.web.edits.models import Term
from dadkhah.web.edits.terms import term_label
from dadkhah.web.search.presenters import facet_labels
from dadkhah.web.search.selectors import FacetValue
from tests.login import login
from tests.web.edits.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

#: Labels an admin might give, so that the page can only have read them from the vocabulary.
LABELS = {
    ("violation_type", "execution"): ("execution (as the admin words it)", "اعدام (به واژهٔ مدیر)"),
    ("place_kind", "prison"): ("prison (as the admin words it)", "زندان (به واژهٔ مدیر)"),
    ("claim_kind", "buried_at"): ("buried at (as the admin words it)", "به خاک سپرده در (مدیر)"),
    ("affiliation", "tudeh"): ("Tudeh (as the admin words it)", "توده (به واژهٔ مدیر)"),
}


@pytest.fixture
def worded(world: World) -> World:
    for (vocabulary, key), (en, fa) in LABELS.items():
        Term.objects.filter(vocabulary=vocabulary, key=key).update(label_en=en, label_fa=fa)
    world.claim.kind = "buried_at"
    world.claim.save(update_fields=["kind"])
    return world


def _client(lang: str) -> Client:
    client = Client()
    login(client, "inv", PASSWORD)
    if lang == "fa":
        client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    return client


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_pages_show_the_vocabulary_terms_in_their_language(worded: World, lang: str) -> None:
    w = worded
    client = _client(lang)
    i = 0 if lang == "en" else 1
    execution = LABELS[("violation_type", "execution")][i]
    prison = LABELS[("place_kind", "prison")][i]
    buried = LABELS[("claim_kind", "buried_at")][i]
    pages = {
        f"/events/{w.event.pk}/": [execution, prison],
        "/events/": [execution],
        f"/places/{w.place.key}/": [prison, execution, buried],
        f"/claims/{w.claim.pk}/": [buried],
        f"/people/{w.person.public_id}/": [buried],
        "/places/": [prison],
    }
    for url, words in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for word in words:
            assert word in body, (url, word)
        assert ">buried_at<" not in body and "buried at<" not in body.replace(buried, "")


def test_each_vocabulary_is_read_once_a_request(worded: World) -> None:
    client = _client("en")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/places/{worded.place.key}/").status_code == 200
    reads = [q["sql"] for q in queries if "edits_term" in q["sql"]]
    # place kinds, kinds of fact, violation types: each read once, however many rows show them
    assert 1 <= len(reads) <= 3, reads


@pytest.mark.parametrize(("lang", "i"), [("en", 0), ("fa", 1)])
def test_facets_show_fates_and_affiliations_as_terms(worded: World, lang: str, i: int) -> None:
    facets = {
        "fate": [FacetValue("execution", 3, False)],
        "affiliation": [FacetValue("tudeh", 2, True)],
    }
    with translation.override(lang):
        shown = facet_labels(facets, user=worded.investigator)
    assert shown["fate"][0].label == LABELS[("violation_type", "execution")][i]
    assert shown["affiliation"][0].label == LABELS[("affiliation", "tudeh")][i]


@pytest.mark.parametrize(
    ("vocabulary", "key", "en", "fa"),
    [
        ("violation_type", "execution", "execution", "اعدام"),  # the seeded term
        ("claim_kind", "no_such_kind", "no such kind", "no such kind"),  # no term: the code
        ("violation_type", "", "", ""),
    ],
)
def test_a_code_without_a_changed_term_keeps_its_label(
    db: None, vocabulary: str, key: str, en: str, fa: str
) -> None:
    with translation.override("en"):
        assert term_label(vocabulary, key) == en
    with translation.override("fa"):
        assert term_label(vocabulary, key) == fa


def test_a_code_no_term_names_falls_back_to_its_model_label(db: None) -> None:
    Term.objects.filter(vocabulary="place_kind", key="cemetery").delete()
    with translation.override("fa"):
        assert term_label("place_kind", "cemetery") == "گورستان"
