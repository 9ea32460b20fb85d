"""The commission's report: the case's numbers in both scripts, only what a user may see, audited."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.case import Case, init_case
from dadkhah.pipelines.report import ReportError
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.exports.services import ExportRefused
from dadkhah.web.places.models import SiteObservation
from dadkhah.web.reports.services import report_write
from dadkhah.web.witnesses.models import Witness
from dadkhah.web.witnesses.services import consent_record, harm_check_record
from tests.web.authz.conftest import make_user
from tests.web.reports.reporting import SEALED, estimate_create, needs_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tmp_path: Path, settings: Any) -> Case:
    """The minimal demo case (fictional, synthetic), with its case open for the audit."""
    from dadkhah.web.demo.minimal import demo_case_build_minimal

    case = init_case(tmp_path / "demo", name="Report test", synthetic=True)
    settings.CASE = case
    demo_case_build_minimal(case=case, echo=lambda _m: None)
    return case


def _write(case: Case, tmp_path: Path, lang: str, suffix: str, user: Any = None) -> str:
    out = tmp_path / f"report-{lang}{suffix}"
    if user is None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username="legal").first() or make_user(
            "legal", "legal_officer", "strictly_confidential"
        )
    report_write(case=case, user=user, language=lang, out=out, force=True)
    return out.read_text(encoding="utf-8") if suffix == ".html" else str(out)


def test_the_english_html_holds_the_case_numbers_with_their_intervals(
    demo: Case, tmp_path: Path
) -> None:
    estimate_create()
    html = _write(demo, tmp_path, "en", ".html")
    assert '<html lang="en" dir="ltr">' in html
    assert '<div class="banner" role="note">SYNTHETIC DATA' in html  # a synthetic case
    assert "1,234" in html and "1,100 – 1,567" in html
    assert "rhat = <span" in html and "R-hat 1.2" in html  # diagnostics in the appendix
    # four fictional victims; Evin holds two of them (Kaveh, Shirin)
    victims = re.search(r"<th>victims</th><td class=\"n\">(\d+)", html)
    assert victims is not None and victims.group(1) == "4"
    assert re.search(r"Evin <span class=\"hash\">prison:evin</span></td><td class=\"n\">2<", html)
    assert "Tehran commission (1988)" in html and "Official A (fictional)" in html
    assert "Senior judicial post (fictional)" in html  # the post held now
    assert "Khavaran" in html and "covered (concrete, soil)" in html
    # self-contained: no URL but data: URIs and the footnotes' own anchors
    assert not re.search(r"(?:src|href)=\"(?!data:|#)", html)


def test_the_persian_html_is_right_to_left_with_persian_digits_and_jalali_dates(
    demo: Case, tmp_path: Path
) -> None:
    estimate_create()
    html = _write(demo, tmp_path, "fa", ".html")
    assert '<html lang="fa" dir="rtl">' in html
    assert "۱٬۲۳۴" in html and "۱٬۱۰۰ – ۱٬۵۶۷" in html
    assert "اوین" in html and "هیئت تهران" in html
    assert "مرداد ۱۳۶۷" in html  # the hearing's date, Jalali first
    assert "خلاصهٔ ارقام" in html  # translated headings


def test_every_number_is_footnoted_to_claims_and_evidence_by_hash(
    demo: Case, tmp_path: Path
) -> None:
    from dadkhah.web.sources.models import Source

    html = _write(demo, tmp_path, "en", ".html")
    families = Source.objects.get(name="families-fa")
    assert families.evidence is not None
    assert families.evidence.sha256 in html
    notes = re.findall(r'<li id="fn-(\d+)"', html)
    refs = set(re.findall(r'href="#fn-(\d+)"', html))
    assert notes and refs == set(notes)
    claims = re.findall(r"Claims: ([\d, ]+)\.", html)
    assert claims, "footnotes name claims by id"


def test_a_sealed_witness_identity_never_appears_and_a_pseudonym_only_with_consent(
    demo: Case, tmp_path: Path
) -> None:
    for lang in ("en", "fa"):
        html = _write(demo, tmp_path, lang, ".html")
        for secret in SEALED:
            assert secret not in html
    assert "W-0001" not in _write(demo, tmp_path, "en", ".html")
    assert "a testimony withheld for lack of consent" in _write(demo, tmp_path, "en", ".html")
    witness = Witness.objects.get(pseudonym="W-0001")
    consent_record(witness=witness, use="public_report", grant=True, obtained_by="t", actor="t")
    harm_check_record(witness=witness, use="public_report", cleared=True, checked_by="t")
    html = _write(demo, tmp_path, "en", ".html")
    assert "testimony of W-0001" in html
    assert not any(secret in html for secret in SEALED)


def test_a_report_holds_what_the_user_may_see(demo: Case, tmp_path: Path) -> None:
    from dadkhah.web.places.models import Place

    Place.objects.filter(key="cemetery:khavaran").update(confidentiality="strictly_confidential")
    analyst = make_user("ana", "analyst", "restricted")
    html = _write(demo, tmp_path, "en", ".html", user=analyst)
    assert "Khavaran" not in html and "No grave site you may see." in html
    admin = make_user("root", "admin", "strictly_confidential")
    assert "Khavaran" in _write(demo, tmp_path, "en", ".html", user=admin)


def test_the_elements_matrix_shows_covered_single_source_and_missing(
    demo: Case, tmp_path: Path
) -> None:
    from dadkhah.web.claims.models import Claim
    from dadkhah.web.people.models import Person

    Claim.objects.create(
        person=Person.objects.get(public_id="P-000001"), kind="tortured",
        value="tortured at Evin", meets_standard=True, single_source=True,
    )  # fmt: skip
    html = _write(demo, tmp_path, "en", ".html")
    rows = dict(re.findall(r'<tr class="state-(\w+)"><td>(?:context: )?([^<]+)', html))
    states = {label.strip(): state for state, label in rows.items()}
    rows_by_label = {
        label.strip(): state
        for state, label in re.findall(r'<tr class="state-(\w+)"><td>(?:context: )?([^<]+)', html)
    }
    assert states  # parsed
    assert rows_by_label["Murder"] == "covered"
    assert rows_by_label["Torture"] == "single_source"
    assert rows_by_label["Extermination"] == "missing"


def test_a_custom_framework_replaces_article_7(demo: Case, tmp_path: Path) -> None:
    framework = tmp_path / "national.json"
    framework.write_text(
        json.dumps({
            "key": "national-penal-code", "reference": "Penal code (fictional), s. 211",
            "title": {"en": "National penal code (fictional)"},
            "elements": [{"key": "homicide", "group": "act",
                          "label": {"en": "Unlawful killing"}, "claim_kinds": ["executed"]}],
        }),
        encoding="utf-8",
    )  # fmt: skip
    out = tmp_path / "r.html"
    user = make_user("leg", "legal_officer")
    report_write(case=demo, user=user, language="en", out=out, framework=framework)
    html = out.read_text(encoding="utf-8")
    assert "National penal code (fictional)" in html and "Unlawful killing" in html
    assert "Extermination" not in html


def test_a_case_without_linkage_or_estimate_says_so(tmp_path: Path, settings: Any) -> None:
    case = init_case(tmp_path / "empty", name="Empty case")
    settings.CASE = case
    html = _write(case, tmp_path, "en", ".html")
    assert "No estimate has been made in this case" in html
    assert "No linkage has run in this case" in html
    assert "No commission is recorded in this case." in html
    assert "SYNTHETIC DATA" not in html


def test_an_existing_file_is_refused_without_force_and_nothing_partial_is_left(
    demo: Case, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    out.write_text("earlier", encoding="utf-8")
    user = make_user("leg", "legal_officer")
    with pytest.raises(ReportError, match="exists already; choose a new name or pass --force"):
        report_write(case=demo, user=user, language="en", out=out)
    assert out.read_text(encoding="utf-8") == "earlier"
    report_write(case=demo, user=user, language="en", out=out, force=True)
    assert "<html" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_a_user_who_may_not_export_is_refused_and_the_refusal_audited(
    demo: Case, tmp_path: Path
) -> None:
    before = CustodyEntry.objects.count()
    with pytest.raises(ExportRefused):
        report_write(
            case=demo, user=make_user("rev", "reviewer"), language="en", out=tmp_path / "r.pdf"
        )
    assert not (tmp_path / "r.pdf").exists()
    entry = CustodyEntry.objects.filter(seq__gte=before).get()
    assert json.loads(entry.data)["details"]["outcome"] == "denied"


def test_a_report_is_one_audit_entry_naming_what_it_shows(demo: Case, tmp_path: Path) -> None:
    from PIL import Image

    from dadkhah.web.evidence.services import Collection, evidence_add_stream

    items = []
    for n, colour in enumerate(("green", "grey")):
        png = io.BytesIO()
        Image.new("RGB", (64, 48), colour).save(png, format="PNG")
        png.seek(0)
        added = evidence_add_stream(
            case=demo, stream=png, name=f"site-{n}.png", actor="t",
            collection=Collection(collected_by="t", method="photograph", title=f"site {n}"),
        )  # fmt: skip
        items.append(added.added[0])
    for obs, item in zip(SiteObservation.objects.order_by("date_earliest"), items, strict=True):
        obs.evidence.add(item)
    before = CustodyEntry.objects.count()
    html = _write(demo, tmp_path, "en", ".html")
    assert html.count('class="photo" src="data:image/jpeg;base64,') == 2  # before and after
    entry = CustodyEntry.objects.filter(seq__gte=before, action="export").get()
    details = json.loads(entry.data)["details"]
    assert details["outcome"] == "export" and details["objects"][0].startswith("report:en:html:")
    assert {i.sha256 for i in items} <= set(entry.items or [])


@needs_pdf
def test_rendering_a_pdf_fetches_no_url(tmp_path: Path) -> None:
    import http.server
    import threading

    from dadkhah.web.reports.render import refusing_fetcher, render_pdf

    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        secret = tmp_path / "secret.css"
        secret.write_text("body { color: red }", encoding="utf-8")
        html = (
            f'<html><head><link rel="stylesheet" href="{url}/style.css">'
            f'<link rel="stylesheet" href="file://{secret}"></head>'
            f'<body><img src="{url}/track.png"><p>text</p></body></html>'
        )
        assert render_pdf(html).startswith(b"%PDF")
    finally:
        server.shutdown()
    assert asked == []
    fetcher = refusing_fetcher()
    with pytest.raises(ValueError, match="fetches nothing"):
        fetcher.fetch(f"file://{secret}")
    assert fetcher.refused == [f"file://{secret}"]
