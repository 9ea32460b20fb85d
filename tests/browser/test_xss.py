"""Script in names, notes and file names stays text on every page that shows it.

Stored cross-site scripting (OWASP ASVS 4.0.3 V5.3.3: "context-aware output
escaping") is tried the way an attacker would: the payloads go in through the
project's own services and builders, into every user-visible text field a list,
a family or a witness can fill (Persian and Latin names, notes, titles, file
names, audit references), and a real browser opens every page that shows them.

The browser listens for dialogs: a payload that runs calls ``alert`` and is
caught there. Each page is also searched for an element a payload would have
created (an ``img`` with ``src=x``, an ``svg`` with ``onload``, an element with
an ``on…`` attribute, a ``javascript:`` link), and the payload is found on the
page as text, escaped rather than dropped.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dadkhah.core.case import Case, init_case
from dadkhah.core.claims import Support, assess_claim
from dadkhah.web.accounts.services import user_create
from dadkhah.web.demo.minimal import demo_case_build_minimal
from tests.login import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"

# One payload per context; the number in each alert names the field it sat in,
# so a dialog says which field leaked.
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
SVG = "<svg onload=alert(3)>"
JS_LINK = "javascript:alert(4)"
PERSIAN = "علی<img src=x onerror=alert(5)>"
# U+202E (RIGHT-TO-LEFT OVERRIDE) ahead of a payload: the bidi-spoofed file name.
BIDI = "\u202e<img src=x onerror=alert(6)>fdp.exe"
ATTR = "' onmouseover='alert(7)' x=\""
TITLE = "</title><script>alert(8)</script>"
ALL = [SCRIPT, IMG, SVG, JS_LINK, PERSIAN, BIDI, ATTR, TITLE]
# Pages that show a file name or a record's values (with BIDI in them).
FILE_NAMES = {"person", "source", "evidence", "evidence-item"}

# Run in the page: anything a payload would have made of the markup.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.getAttributeNames()) {
      if (a.startsWith('on')) found.push(el.tagName + '[' + a + ']');
    }
    const href = el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action');
    if (href && href.trim().toLowerCase().startsWith('javascript:')) found.push(el.tagName + ' ' + href);
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes('alert')) found.push('script ' + s.textContent);
  }
  if (document.querySelector('img[src=x], svg[onload]')) found.push('payload element');
  return found;
}"""


def _seed(case: Case) -> list[tuple[str, str, list[str]]]:
    """Put a payload in every user-visible text field; return the pages that show them."""
    from dadkhah.web.audit.services import audit_record
    from dadkhah.web.bodies.models import Body
    from dadkhah.web.claims.models import Claim, ClaimSource
    from dadkhah.web.events.models import Event
    from dadkhah.web.evidence.services import Collection, evidence_add_stream
    from dadkhah.web.families.services import submission_receive, ticket_issue
    from dadkhah.web.linkage.services import review_decide
    from dadkhah.web.people.models import Person, PersonRole
    from dadkhah.web.places.models import Place, SiteObservation
    from dadkhah.web.sources.models import Record, Source
    from dadkhah.web.witnesses.services import (
        case_keyring,
        consent_record,
        harm_check_record,
        witness_add,
    )

    demo_case_build_minimal(case=case, echo=lambda _m: None)
    keyring = case_keyring(case).keyring
    item = evidence_add_stream(
        case=case,
        stream=io.BytesIO(b"%PDF-1.4\n% an attacker's file\n"),
        name=f"{IMG}{BIDI}.pdf",
        actor="xss-test",
        collection=Collection(collected_by=SVG, method="upload", source=ATTR, title=TITLE),
    ).added[0]
    source = Source.objects.create(
        name="xss-list", kind="list", title=f"{SCRIPT} {PERSIAN}", language="fa",
        reliability="C", systematic=False, synthetic=True, evidence=item,
    )  # fmt: skip
    person = Person.objects.create(
        public_id="P-000777", display_name=f"Kaveh {IMG}", display_name_fa=PERSIAN, sex="m"
    )
    PersonRole.objects.create(person=person, role="victim")
    other = Person.objects.get(public_id="P-000001")
    mine = Record.objects.create(
        source=source, source_record_id=SVG, row_number=2, person=person,
        raw={"نام": PERSIAN, "full_name": SCRIPT, "note": BIDI, "link": JS_LINK},
        normalized={"given_name": PERSIAN, "family_name": IMG, "father_name": ATTR},
    )  # fmt: skip
    place = Place.objects.create(
        key="prison:xss", kind="prison", name=f"Evin {SVG}", name_fa=PERSIAN,
        latitude=35.8, longitude=51.39, precision=Place.LocationPrecision.CITY,
    )  # fmt: skip
    SiteObservation.objects.create(place=place, status="intact", description=SCRIPT)
    event = Event.objects.create(kind="hearing", place=place, title=SVG, description=SCRIPT)
    body = Body.objects.create(
        kind="commission", name=IMG, name_fa=PERSIAN, description=SCRIPT, place=place
    )
    assessment = assess_claim([Support(source.pk, "C", 3)])
    claim = Claim.objects.create(
        person=person, kind="executed", value=f"{TITLE} {BIDI}", place=place,
        status=assessment.status.value, meets_standard=assessment.meets_standard,
        single_source=assessment.single_source,
    )  # fmt: skip
    ClaimSource.objects.create(
        claim=claim, source=source, record=mine, credibility=3, locator=IMG, excerpt=SCRIPT
    )
    # A near namesake of P-000001, so that linkage scores it and the queue shows it.
    Record.objects.create(
        source=source, source_record_id=IMG, row_number=3,
        raw={"full_name": f"Kaveh Darvishzadeh {SCRIPT}", "note": PERSIAN},
        normalized={"given_name": "Kaveh", "family_name": "Darvishzadeh", "father_name": SVG},
    )  # fmt: skip
    from dadkhah.core.linkage.settings import LinkageSettings
    from dadkhah.web.linkage.services import link_run

    # Every scored pair in the review band, so that the queue has pairs to show.
    link_run(settings=LinkageSettings(store_min=0.0, review_low=0.0, review_high=1.0))
    from dadkhah.web.estimates.services import estimate_run

    # Enough people on two lists to estimate from (a table needs ten).
    lists = [Source.objects.get(name=n) for n in ("families-fa", "ngo-latin")]
    for i in range(10):
        extra = Person.objects.create(public_id=f"P-0009{i:02d}", display_name=f"Extra {i}")
        for j, listed in enumerate(lists[: 1 + i % 2]):
            Record.objects.create(
                source=listed, source_record_id=f"xss-extra-{i}-{j}", row_number=100 + i,
                person=extra, raw={"full_name": f"Extra {i}"},
                normalized={"given_name": "Extra", "family_name": str(i)},
            )  # fmt: skip
    # Who ran an estimate is shown beside it (log-linear alone: quick).
    estimate_run(
        list_names=["families-fa", "ngo-latin", "xss-list"], methods=["loglinear"],
        actor=SCRIPT, linkage_samples=0,
    )  # fmt: skip
    theirs = other.records.order_by("pk").first()
    assert theirs is not None
    review_decide(
        record_a=min(mine.pk, theirs.pk), record_b=max(mine.pk, theirs.pk),
        verdict="unsure", reason=f"{SVG} {PERSIAN}", reviewer="xss-test",
    )  # fmt: skip
    witness = witness_add(
        keyring=keyring, pseudonym="W-0777", risk="low", name=PERSIAN, contact=IMG,
        location=SCRIPT, relations=BIDI, details=TITLE,
    )  # fmt: skip
    consent_record(witness=witness, use="interview", grant=True, obtained_by=SVG, actor="t")
    harm_check_record(witness=witness, use="interview", cleared=True, checked_by=IMG)
    submission = submission_receive(
        case=case,
        keyring=keyring,
        ticket=ticket_issue(),
        relative={
            "given_name": PERSIAN, "family_name": IMG, "father_name": SCRIPT, "city": SVG,
            "prison": ATTR, "born": TITLE, "told": f"{JS_LINK} {BIDI}", "burial": SCRIPT,
        },
        submitter={"name": SCRIPT, "contact": IMG, "relation": PERSIAN, "since": SVG},
        files=[SimpleUploadedFile(f"{SVG}{BIDI}.jpg", b"\xff\xd8\xff not a jpeg", "image/jpeg")],
    ).submission  # fmt: skip
    from django.contrib.auth.models import User

    audit_record(
        user=User.objects.get(username="admin"),
        outcome="read",
        objects=[f"person:{IMG}", f"evidence:{SCRIPT}"],
        path=f"/people/{PERSIAN}/",
    )
    from dadkhah.web.search.services import search_rebuild

    search_rebuild()  # the rows above were written straight to the tables; the search reads the index
    pair = f"{min(mine.pk, theirs.pk)}/{max(mine.pk, theirs.pk)}"
    # (name, URL, payloads its text must show); an empty list: the page shows none of
    # the seeded fields to an admin (a witness list shows pseudonyms only).
    return [
        ("people", "/people/", [IMG, SVG, PERSIAN, ATTR]),
        ("search", f"/people/?q={SCRIPT}", []),
        ("search-fa", "/people/?q=علی", [IMG, PERSIAN, ATTR]),
        ("person", f"/people/{person.public_id}/", ALL),
        ("sources", "/sources/", [SCRIPT, PERSIAN]),
        ("source", f"/sources/{source.name}/", [SCRIPT, IMG, SVG, JS_LINK, PERSIAN, BIDI]),
        ("evidence", "/evidence/", [IMG, SVG, BIDI]),
        ("evidence-item", f"/evidence/{item.sha256}/", [IMG, SVG, BIDI, ATTR]),
        ("places", "/places/", [SCRIPT, SVG, PERSIAN]),
        ("place", f"/places/{place.key}/", [SCRIPT, SVG, PERSIAN, IMG]),
        ("event", f"/events/{event.pk}/", [SCRIPT, SVG]),
        ("body", f"/bodies/{body.pk}/", [SCRIPT, IMG, PERSIAN]),
        ("claim", f"/claims/{claim.pk}/", [SCRIPT, IMG, TITLE, PERSIAN]),
        ("estimates", "/estimates/", [SCRIPT]),
        ("review", "/linkage/review/", [IMG, SVG]),
        ("pair", f"/linkage/pairs/{pair}/", [IMG, SVG, PERSIAN, ATTR]),
        ("witnesses", "/witnesses/", []),
        ("witness", f"/witnesses/{witness.pseudonym}/", [IMG, SVG]),
        ("audit", f"/audit/?user={IMG}&object={SCRIPT}", []),
        ("audit-all", "/audit/", [SCRIPT, IMG]),
        ("families-queue", "/families/queue/", [IMG, PERSIAN]),
        ("families-detail", f"/families/queue/{submission.pk}/", ALL),
    ]


def _check(page: Any, dialogs: list[str], where: str, shown: list[str]) -> None:
    """No dialog, no element made by a payload, and each of ``shown`` on the page as text."""
    assert dialogs == [], f"{where}: a payload ran and opened a dialog: {dialogs}"
    injected = page.evaluate(INJECTED)
    assert injected == [], f"{where}: markup made by a payload: {injected}"
    text = page.inner_text("body")
    for payload in shown:
        # Record values and file names show a bidi control as its code point (the
        # `controls` filter); other free text keeps it, isolated in <bdi>.
        marked = payload.replace("\u202e", "U+202E")
        assert marked in text or payload in text, f"{where}: {payload!r} not shown"


def test_payloads_in_every_field_stay_text_on_every_page(
    browser: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    case = init_case(tmp_path / "case", synthetic=True)
    settings.CASE = case
    user_create(username="admin", password=PASSWORD, role="admin")
    settings.FAMILIES_MIN_FILL_SECONDS = 0  # the seeding posts at once
    pages = _seed(case)
    settings.FAMILIES_MIN_FILL_SECONDS = 3600  # so that the public form's post is refused
    page = browser.new_page(locale="en-GB", viewport={"width": 1200, "height": 900})
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    browser_login(page, live_server.url, "admin", PASSWORD)
    urls = {where: url for where, url, _shown in pages}
    for where, url, shown in pages:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, f"{where}: {url}"
        _check(page, dialogs, where, shown)
        if where in FILE_NAMES:
            # "fdp.exe" after U+202E would read "exe.pdf": the control is shown, not obeyed.
            assert BIDI.replace("\u202e", "U+202E") in page.inner_text("body"), where
            assert page.locator("mark.control", has_text="U+202E").count() >= 1, where
        if where == "families-detail":
            # A family's upload keeps its name less its controls (families/services.py).
            assert f"{SVG}{BIDI[1:]}.jpg" in page.inner_text("body")
    # The Persian pages take other branches (Persian names first, Jalali dates).
    page.goto(f"{live_server.url}/people/")
    with page.expect_navigation():
        page.click("button[name=language][value=fa]")
    assert page.get_attribute("html", "lang") == "fa"
    for where, url, shown in pages:
        page.goto(f"{live_server.url}{url}")
        _check(page, dialogs, f"{where} (fa)", [p for p in shown if p in (PERSIAN, SCRIPT)])
    with page.expect_navigation():
        page.click("button[name=language][value=en]")

    # What was typed into a search is given back in the search box, as a value.
    page.goto(f"{live_server.url}{urls['search']}")
    assert page.input_value("#q") == SCRIPT
    page.goto(f"{live_server.url}{urls['audit']}")
    assert page.input_value("#audit-user") == IMG
    assert page.input_value("#audit-object") == SCRIPT
    _check(page, dialogs, "audit filters", [])

    # The witness's sealed identity, revealed (and logged) by the admin.
    page.goto(f"{live_server.url}{urls['witness']}")
    with page.expect_navigation():
        page.click("form[action$='/reveal/'] button[type=submit]")
    _check(page, dialogs, "witness reveal", [PERSIAN, IMG, SCRIPT, BIDI, TITLE])
    # The family's sender, revealed to the liaison.
    page.goto(f"{live_server.url}{urls['families-detail']}")
    with page.expect_navigation():
        page.click("button[name=action][value=reveal]")
    _check(page, dialogs, "family reveal", [SCRIPT, IMG, PERSIAN, SVG])

    # A failed post echoes what the family typed, still as text.
    _failed_family_posts(page, live_server.url, dialogs)


def _failed_family_posts(page: Any, base: str, dialogs: list[str]) -> None:
    """The public form and the addition form, refused, show the values back escaped."""
    context = page.context
    context.clear_cookies()  # the public page as a family sees it: no session
    for url, extra in (("/families/", {}), ("/families/add/", {"receipt": "NOT-A-RECEIPT"})):
        page.goto(f"{base}{url}")
        for name, value in extra.items():
            page.fill(f"[name={name}]", value)
        page.fill("[name=given_name]", PERSIAN)
        page.fill("[name=family_name]", IMG)
        page.fill("[name=told]", SCRIPT)
        page.fill("[name=city]", ATTR)
        page.fill("[name=name]", SVG)  # sealed: not echoed back, and not run either
        with page.expect_navigation():
            page.click("form.family-form button[type=submit]")
        # Sent at once, the form is refused (too quick, or an unknown receipt).
        assert page.query_selector("[role=alert]") is not None, f"{url}: the post was not refused"
        _check(page, dialogs, f"{url} refused", [])
        assert page.input_value("[name=given_name]") == PERSIAN
        assert page.input_value("[name=family_name]") == IMG
        assert page.input_value("[name=told]") == SCRIPT
        assert page.input_value("[name=city]") == ATTR
