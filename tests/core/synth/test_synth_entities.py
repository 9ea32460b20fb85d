"""The case beyond the lists: every reference resolves, identities stay in the vault."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from dadkhah.core.synth.catalogue import denied


def _load(case: Path, name: str) -> list[dict[str, Any]]:
    data = json.loads((case / "entities" / f"{name}.json").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _records(case: Path) -> dict[tuple[str, str], str]:
    with (case / "truth" / "records.csv").open(encoding="utf-8") as fh:
        return {(r["list"], r["record_id"]): r["person_key"] for r in csv.DictReader(fh)}


def test_events_name_victims_by_records_that_are_theirs(small_case: Path) -> None:
    records = _records(small_case)
    events = _load(small_case, "events")
    kinds = {e["kind"] for e in events}
    assert {
        "arrest",
        "hearing",
        "execution",
        "burial",
        "family_notification",
        "grave_interference",
    } <= kinds
    for e in events:
        for v in e["victims"]:
            assert v["records"], e["key"]
            for lst, rid in v["records"]:
                assert records[(lst, rid)] == v["person_key"]


def test_every_reference_between_entities_resolves(small_case: Path) -> None:
    places = {p["key"] for p in _load(small_case, "places")}
    bodies = {b["key"] for b in _load(small_case, "bodies")}
    perps = {p["person_key"] for p in _load(small_case, "perpetrators")}
    for e in _load(small_case, "events"):
        assert e["place"] in places
        assert set(e["bodies"]) <= bodies
        victims = {v["person_key"] for v in e["victims"]}
        for inv in e["involvements"]:
            assert inv["person"] in (perps if inv["role"] == "perpetrator" else victims)
    for m in _load(small_case, "memberships"):
        assert m["person"] in perps and m["body"] in bodies
    for p in _load(small_case, "posts"):
        assert p["person"] in perps
        assert p["body"] is None or p["body"] in bodies
        assert p["current"] == (p["end"] is None)


def test_each_city_has_a_commission_of_three_and_tehrans_served_two_prisons(
    small_case: Path,
) -> None:
    bodies = {b["key"]: b for b in _load(small_case, "bodies")}
    commissions = [k for k, b in bodies.items() if b["kind"] == "commission"]
    assert len(commissions) == 32
    assert bodies["commission:tehran"]["sat_at"] == ["prison:evin", "prison:gohardasht"]
    roles: dict[str, set[str]] = {}
    for m in _load(small_case, "memberships"):
        if m["body"].startswith("commission:"):
            roles.setdefault(m["body"], set()).add(m["role"])
    assert all(
        roles[c] == {"religious_judge", "prosecutor", "intelligence_representative"}
        for c in commissions
    )


def test_perpetrators_have_constructed_names_and_later_careers(small_case: Path) -> None:
    perps = _load(small_case, "perpetrators")
    posts = _load(small_case, "posts")
    assert all(not denied(p["family_name"]) for p in perps)
    later = {p["person"] for p in posts if p["start"]["earliest"] >= "1989"}
    assert len(later) == len(perps)
    assert any(p["current"] for p in posts)


def test_destroyed_grave_sites_go_from_intact_to_destroyed_between_2003_and_2017(
    small_case: Path,
) -> None:
    sites = [p for p in _load(small_case, "places") if p["kind"] == "grave_site"]
    destroyed = 0
    for s in sites:
        statuses = [o["status"] for o in s["observations"]]
        assert statuses[0] == "intact"
        dates = [o["date"]["earliest"] for o in s["observations"]]
        assert dates == sorted(dates)
        hit = [
            o
            for o in s["observations"]
            if o["status"] in ("bulldozed", "built_over", "covered", "damaged")
        ]
        if hit:
            destroyed += 1
            assert "2003" <= hit[0]["date"]["earliest"][:4] <= "2017"
            assert hit[0].get("evidence")
    assert destroyed >= 7


def test_witness_identities_are_only_in_the_vault(small_case: Path) -> None:
    witnesses = _load(small_case, "witnesses")
    assert [w["pseudonym"] for w in witnesses] == [
        f"W-{k:04d}" for k in range(1, len(witnesses) + 1)
    ]
    identity = {
        "given_name",
        "family_name",
        "given_name_fa",
        "family_name_fa",
        "phone",
        "email",
        "address",
    }
    others = "".join(
        (small_case / "entities" / f).read_text(encoding="utf-8")
        for f in ("testimonies.json", "claims.json", "events.json", "evidence.json")
    )
    for w in witnesses:
        assert w["vault"]["identity_fields"] is True
        assert identity <= set(w["vault"])
        assert not identity & {k for k in w if k != "vault"}
        for field in ("phone", "email", "address"):
            assert w["vault"][field] not in others


def test_testimonies_in_both_languages_support_claims_that_cite_them(small_case: Path) -> None:
    testimonies = _load(small_case, "testimonies")
    claims = {c["key"]: c for c in _load(small_case, "claims")}
    witnesses = {w["pseudonym"] for w in _load(small_case, "witnesses")}
    assert {t["language"] for t in testimonies} == {"fa", "en"}
    cited = 0
    for t in testimonies:
        assert t["witness"] in witnesses and t["source"]["synthetic"] is True
        for seg in t["segments"]:
            for c in seg["claims"]:
                sources = claims[c]["sources"]
                assert any(
                    s["kind"] == "testimony"
                    and s["source"] == t["key"]
                    and s["segment"] == seg["order"]
                    for s in sources
                )
                cited += 1
    assert cited > 50
    persian = next(t for t in testimonies if t["language"] == "fa")
    assert any("\u0600" <= ch <= "\u06ff" for seg in persian["segments"] for ch in seg["text"])


def test_claims_have_sources_and_a_truth_with_some_errors(small_case: Path) -> None:
    claims = _load(small_case, "claims")
    records = _records(small_case)
    evidence = {e["key"] for e in _load(small_case, "evidence")}
    with (small_case / "truth" / "claims.csv").open(encoding="utf-8") as fh:
        truth = {r["claim_key"]: r["true"] for r in csv.DictReader(fh)}
    assert set(truth) == {c["key"] for c in claims}
    assert "false" in truth.values() and list(truth.values()).count("true") > len(truth) / 2
    for c in claims:
        assert c["sources"], c["key"]
        assert "true" not in c  # the truth is in truth/claims.csv, never in the case's data
        for s in c["sources"]:
            assert s["reliability"] in "ABCDEF" and 1 <= s["credibility"] <= 6
            if s["kind"] == "list":
                assert (s["source"], s["record"]) in records
            if s["kind"] == "evidence":
                assert s["source"] in evidence


def test_evidence_files_match_their_hashes_and_open(small_case: Path) -> None:
    items = _load(small_case, "evidence")
    assert {i["media_type"] for i in items} == {"application/pdf", "image/png", "image/jpeg"}
    for item in items:
        data = (small_case / item["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"] and item["synthetic"] is True
        if item["media_type"] == "application/pdf":
            text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
            assert "SYNTHETIC" in text
        else:
            img = Image.open(io.BytesIO(data))
            img.verify()


def test_site_photographs_carry_exif_date_and_position(small_case: Path) -> None:
    jpeg = next(i for i in _load(small_case, "evidence") if i["media_type"] == "image/jpeg")
    exif = Image.open(small_case / jpeg["file"]).getexif()
    assert exif[0x010F] == "SYNTHETIC"
    assert exif.get_ifd(0x8769)[0x9003] == jpeg["exif"]["DateTimeOriginal"]
    gps = exif.get_ifd(0x8825)
    lat = float(gps[2][0]) + float(gps[2][1]) / 60 + float(gps[2][2]) / 3600
    assert lat == pytest.approx(jpeg["exif"]["latitude"], abs=1e-3)
