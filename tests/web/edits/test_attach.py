"""Attaching an evidence item to a person, claim, event or place: saved, shown, refused in words."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from dadkhah.core.errors import InputError
from dadkhah.web.edits.models import Change
from dadkhah.web.edits.services import EditError, EditRefused
from dadkhah.web.evidence.attachments import attachment_import, evidence_attach
from dadkhah.web.evidence.links import evidence_linked_to, evidence_links
from dadkhah.web.evidence.models import Attachment, EvidenceItem
from tests.login import login
from tests.web.edits.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

SHA = "a" * 64
SECRET_SHA = "b" * 64


def _item(sha: str = SHA, **over: Any) -> EvidenceItem:
    fields: dict[str, Any] = {
        "sha256": sha,
        "size": 10,
        "media_type": "application/pdf",
        "original_name": "letter.pdf",
        "title": "A fictional letter from the prison",
        "collected_at": dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
        "confidentiality": "restricted",
        "synthetic": True,
    }
    fields.update(over)
    return EvidenceItem.objects.create(**fields)


def _client(user: str, lang: str = "en") -> Client:
    client = Client()
    login(client, user, PASSWORD)
    if lang == "fa":
        client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    return client


def _pages(w: World) -> dict[str, tuple[str, str, Any]]:
    """entity → (its page, its attach page, its row)."""
    return {
        "person": (f"/people/{w.person.public_id}/", f"/edit/evidence/person/{w.person.public_id}/", w.person),
        "claim": (f"/claims/{w.claim.pk}/", f"/edit/evidence/claim/{w.claim.pk}/", w.claim),
        "event": (f"/events/{w.event.pk}/", f"/edit/evidence/event/{w.event.pk}/", w.event),
        "place": (f"/places/{w.place.key}/", f"/edit/evidence/place/{w.place.key}/", w.place),
    }  # fmt: skip


@pytest.mark.parametrize("entity", ["person", "claim", "event", "place"])
def test_an_item_is_attached_and_shown_on_the_page_and_in_its_history(
    world: World, entity: str
) -> None:
    item = _item()
    page, attach, row = _pages(world)[entity]
    client = _client("inv")
    assert f'href="{attach}"' in client.get(page).content.decode()  # the page offers it
    response = client.post(attach, {"item": SHA.upper(), "reason": "It names the prison."})
    assert response.status_code == 302 and response["Location"] == page
    attached = Attachment.objects.get()
    assert (attached.item, attached.entity, attached.entity_id) == (item, entity, row.pk)
    change = Change.objects.get(entity=entity, entity_id=row.pk, action="attach")
    assert change.reason == "It names the prison." and change.actor == "web:inv"
    if entity != "place":  # a versioned row moves on: an open edit form of it conflicts
        row.refresh_from_db()
        assert row.version == change.version == 1
    body = client.get(page).content.decode()
    panel = body[body.index('id="attached-h"') : body.index('id="history-h"')]
    assert "A fictional letter from the prison" in panel and "It names the prison." in panel
    history = body[body.index('id="history-h"') :]
    assert "Evidence attached" in history and "It names the prison." in history
    # The item's page names what it concerns (evidence.links), this entity among them.
    links = evidence_links(user=world.investigator, item=item)
    concerned = {
        "person": links.persons,
        "claim": [c for c, _label in links.claims],
        "event": links.events,
        "place": links.places,
    }[entity]
    assert [r.pk for r in concerned] == [row.pk]
    assert item in evidence_linked_to(user=world.investigator, kind=entity)


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize(
    ("post", "field", "words"),
    [
        ({"item": "c" * 64, "reason": "x"}, "item", "No evidence item you may see"),
        ({"item": SECRET_SHA, "reason": "x"}, "item", "No evidence item you may see"),
        ({"item": "not a hash", "reason": "x"}, "item", "No evidence item you may see"),
        ({"item": SHA, "reason": "  "}, "reason", "Say why you make this change."),
    ],
)
def test_a_bad_attachment_is_refused_naming_the_field(
    world: World, lang: str, post: dict[str, str], field: str, words: str
) -> None:
    _item()
    _item(SECRET_SHA, confidentiality="strictly_confidential", title="Sealed")
    response = _client("inv", lang).post(f"/edit/evidence/claim/{world.claim.pk}/", post)
    assert response.status_code == 400
    body = response.content.decode()
    errors = body[
        body.index('id="form-errors"') : body.index("</div>", body.index('id="form-errors"'))
    ]
    label = {
        ("en", "item"): "Evidence item (SHA-256)",
        ("fa", "item"): "قلم مدرک (SHA-256)",
        ("en", "reason"): "Why this item concerns it",
        ("fa", "reason"): "چرا این قلم به آن مربوط است",
    }[(lang, field)]
    assert f'href="#id_{field}">{label}</a>' in errors
    if lang == "en":
        assert words in errors
    assert not Attachment.objects.exists() and not Change.objects.exists()


def test_the_same_item_is_not_attached_twice(world: World) -> None:
    _item()
    evidence_attach(user=world.investigator, entity="event", row=world.event, item=SHA, reason="r")
    with pytest.raises(EditError) as e:
        evidence_attach(
            user=world.investigator, entity="event", row=world.event, item=SHA, reason="r"
        )
    assert e.value.field == "item"


def test_a_reader_may_not_attach(world: World) -> None:
    _item()
    with pytest.raises(EditRefused):
        evidence_attach(user=world.reader, entity="claim", row=world.claim, item=SHA, reason="r")
    client = _client("reader")
    assert client.get(f"/edit/evidence/claim/{world.claim.pk}/").status_code == 403
    assert "/edit/evidence/" not in client.get(f"/claims/{world.claim.pk}/").content.decode()


def test_the_attach_page_searches_the_items_the_editor_may_see(world: World) -> None:
    _item()
    _item(SECRET_SHA, confidentiality="strictly_confidential", title="A fictional sealed letter")
    body = (
        _client("inv")
        .get(f"/edit/evidence/person/{world.person.public_id}/", {"q": "fictional"})
        .content.decode()
    )
    assert SHA in body and SECRET_SHA not in body
    chosen = (
        _client("inv", "fa")
        .get(f"/edit/evidence/person/{world.person.public_id}/", {"item": SHA})
        .content.decode()
    )
    assert f'value="{SHA}"' in chosen and "پیوست مدرک" in chosen


def test_an_unknown_entity_is_not_found(world: World) -> None:
    client = _client("inv")
    assert client.get("/edit/evidence/person/P-999999/").status_code == 404
    assert client.get("/edit/evidence/body/1/").status_code == 404
    assert client.get("/edit/evidence/claim/x/").status_code == 404


def test_an_attachment_is_a_custody_entry_naming_the_item(
    world: World, case_dir: Any, settings: Any
) -> None:
    from dadkhah.core.case import open_case
    from dadkhah.web.custody.models import CustodyEntry

    settings.CASE = open_case(case_dir)
    _item()
    evidence_attach(
        user=world.investigator, entity="place", row=world.place, item=SHA, reason="Seen there."
    )
    entry = CustodyEntry.objects.filter(action="edit").get()
    data = json.loads(entry.data)
    assert data["items"] == [SHA]
    assert data["details"]["object"] == f"place:{world.place.pk}"
    assert data["details"]["attached"] == SHA
    assert "Seen there" not in entry.data


def test_a_load_attaches_as_the_initial_version_without_a_change_and_once(world: World) -> None:
    item = _item()
    first = attachment_import(
        item=item, entity="place", entity_id=world.place.pk, actor="demo", reason="Its photograph."
    )
    again = attachment_import(
        item=item, entity="place", entity_id=world.place.pk, actor="demo", reason="Its photograph."
    )
    assert first.pk == again.pk and Attachment.objects.count() == 1
    assert first.user is None and first.actor == "demo"
    assert not Change.objects.filter(entity="place", entity_id=world.place.pk).exists()
    with pytest.raises(InputError, match="needs its reason"):
        attachment_import(item=item, entity="claim", entity_id=1, actor="demo", reason="  ")
    with pytest.raises(InputError, match="cannot be attached to 'body'"):
        attachment_import(item=item, entity="body", entity_id=1, actor="demo", reason="Why.")
