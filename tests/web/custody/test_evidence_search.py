"""The evidence list: titles shown, a search box and filters, and the role and clearance rules kept."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.selectors import EVIDENCE_KINDS
from dadkhah.web.evidence.views import EVIDENCE_KIND_LABELS
from dadkhah.web.sources.models import Source

pytestmark = pytest.mark.django_db


def _item(digit: str, name: str, media: str, title: str, **fields: object) -> EvidenceItem:
    return EvidenceItem.objects.create(
        sha256=digit * 64,
        size=1,
        media_type=media,
        original_name=name,
        title=title,
        collected_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def items(db: None) -> dict[str, EvidenceItem]:
    verdict = _item("a", "verdict.pdf", "application/pdf", "Verdict of the Tehran commission")
    photo = _item("b", "IMG_0042.jpg", "image/jpeg", "Khavaran, east wall, 2009")
    copy = _item(
        "c", "verdict-redacted.pdf", "application/pdf", "", derived_from=verdict,
        transformation="redacted",
    )  # fmt: skip
    secret = _item(
        "d", "IMG_0043.jpg", "image/jpeg", "Khavaran, north wall", confidentiality="strictly_confidential"
    )  # fmt: skip
    Source.objects.create(name="verdict-doc", title="Verdict", kind="document", evidence=verdict)
    Source.objects.create(
        name="secret-doc", title="S", kind="document", evidence=secret,
        confidentiality="strictly_confidential",
    )  # fmt: skip
    return {"verdict": verdict, "photo": photo, "copy": copy, "secret": secret}


def _shown(client: Client, query: str = "") -> set[str]:
    body = client.get(f"/evidence/{query}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return {sha[0] for sha in re.findall(r'href="/evidence/([0-9a-f]{64})/"', body)}


def test_titles_are_shown(as_role, items: dict[str, EvidenceItem]) -> None:
    body = as_role("investigator").get("/evidence/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Verdict of the Tehran commission" in body
    assert "Khavaran, east wall, 2009" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"a", "b", "c"}),
        ("?q=verdict", {"a", "c"}),
        ("?q=KHAVARAN", {"b"}),
        ("?q=img_0042", {"b"}),
        (f"?q={'b' * 8}", {"b"}),
        ("?kind=image", {"b"}),
        ("?kind=application", {"a", "c"}),
        ("?kind=nonsense", set()),  # refused: a 400 page that says why
        ("?source=verdict-doc", {"a", "c"}),
        ("?source=verdict-doc&kind=image", set()),
        ("?q=north", set()),  # the strictly confidential photo, beyond this clearance
        ("?source=secret-doc", set()),  # a source the reader may not see: refused as unknown
    ],
)
def test_search_and_filters(
    as_role, items: dict[str, EvidenceItem], query: str, expected: set[str]
) -> None:
    assert _shown(as_role("investigator"), query) == expected


@pytest.mark.parametrize("query", ["?kind=nonsense", "?source=secret-doc", "?source=no-such"])
def test_an_unknown_or_hidden_filter_value_is_refused_alike(
    as_role, items: dict[str, EvidenceItem], query: str
) -> None:
    response = as_role("investigator").get(f"/evidence/{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert '<option value="secret-doc"' not in response.content.decode()  # never offered


def test_a_role_without_evidence_rights_still_gets_no_list(
    as_role, items: dict[str, EvidenceItem]
) -> None:
    assert as_role("analyst").get("/evidence/?q=verdict").status_code == 403


def test_every_kind_has_words() -> None:
    assert [k for k, _label in EVIDENCE_KIND_LABELS] == list(EVIDENCE_KINDS)
