"""The body services: a body, a seat on it and a post, each refused in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.core.errors import InputError
from dadkhah.web.bodies.models import Body, Membership, Post
from dadkhah.web.bodies.services import body_create, membership_add, post_add
from dadkhah.web.people.models import Person
from dadkhah.web.people.services import person_create

pytestmark = pytest.mark.django_db

MORDAD_1367 = UncertainDate(
    dt.date(1988, 7, 23), dt.date(1988, 8, 22), Precision.MONTH, Calendar.JALALI, "مرداد ۱۳۶۷"
)
YEAR_1980 = UncertainDate(dt.date(1980, 1, 1), dt.date(1980, 12, 31), Precision.YEAR, None, "1980")


def _official() -> Person:
    return person_create(display_name="Official T (fictional)", roles=["perpetrator"])


def _commission() -> Body:
    return body_create(kind="commission", name="Test commission", key="commission:test")


def test_a_body_a_membership_and_a_post_are_recorded() -> None:
    official, commission = _official(), _commission()
    seat = membership_add(
        body=commission, person=official, role=" religious judge ", start=MORDAD_1367
    )
    post = post_add(person=official, title="Senior post (fictional)", body=commission, current=True)
    assert Membership.objects.get(pk=seat.pk).role == "religious judge"
    assert seat.start_text == "مرداد ۱۳۶۷" and seat.end_precision == "unknown"
    assert Post.objects.get(pk=post.pk).current is True
    assert commission.key == "commission:test" and commission.kind == "commission"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name": "  "}, "needs a name"),
        ({"kind": "club"}, "unknown body kind"),
        ({"key": ""}, "empty or taken"),
        ({"key": "commission:test"}, "empty or taken"),
    ],
)
def test_a_bad_body_is_refused_in_words(changes: dict[str, Any], words: str) -> None:
    _commission()
    with pytest.raises(InputError, match=words):
        body_create(**{"kind": "court", "name": "A court", **changes})
    assert Body.objects.count() == 1


def test_a_membership_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InputError, match=r"ends .* before it starts"):
        membership_add(body=_commission(), person=_official(), start=MORDAD_1367, end=YEAR_1980)


def test_a_membership_of_a_merged_person_is_refused() -> None:
    official, other = _official(), _official()
    Person.objects.filter(pk=official.pk).update(merged_into=other)
    official.refresh_from_db()
    with pytest.raises(InputError, match="merged into"):
        membership_add(body=_commission(), person=official)


def test_a_membership_role_too_long_is_refused() -> None:
    with pytest.raises(InputError, match="at most 200"):
        membership_add(body=_commission(), person=_official(), role="x" * 201)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"title": " "}, "needs a title"),
        ({"current": True, "end": MORDAD_1367}, "still held has no end"),
        ({"start": MORDAD_1367, "end": YEAR_1980}, r"ends .* before it starts"),
        ({"body": Body(kind="court", name="Unsaved")}, "not saved"),
    ],
)
def test_a_bad_post_is_refused_in_words(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(InputError, match=words):
        post_add(**{"person": _official(), "title": "A post", **changes})
    assert Post.objects.count() == 0
