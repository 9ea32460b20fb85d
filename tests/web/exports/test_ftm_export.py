"""`export ftm` reads as the pages read (role, clearance, witnesses, testimonies) and is audited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.case import open_case
from dadkhah.pipelines.ftm import FtmError
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.exports.ftm import ftm_export
from dadkhah.web.exports.ftm_import import FtmImportRefused, ftm_import
from dadkhah.web.exports.services import ExportRefused
from dadkhah.web.people.models import Person
from tests.web.authz.conftest import make_user
from tests.web.exports.test_table_export import registry  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _entities(tmp_path: Path, user: Any) -> dict[str, list[dict[str, Any]]]:
    out = tmp_path / "case.ftm.jsonl"
    ftm_export(user=user, out=out, force=True)
    by_schema: dict[str, list[dict[str, Any]]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        by_schema.setdefault(data["schema"], []).append(data)
    return by_schema


def test_an_analyst_gets_no_witness_no_testimony_and_no_uncleared_source(
    registry: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    found = _entities(tmp_path, make_user("ana", "analyst", "restricted"))
    text = (tmp_path / "case.ftm.jsonl").read_text(encoding="utf-8")
    for secret in ("WITNESS-NAME", "W-0007", "P-000002", "SECRET-ROW", "Given in trust"):
        assert secret not in text
    assert [p["dadkhah"]["public_id"] for p in found["Person"]] == ["P-000001"]
    assert [d["dadkhah"]["name"] for d in found["Document"]] == ["list-a"]
    (note,) = found["Note"]
    assert note["properties"]["entity"] == [found["Person"][0]["id"]]
    assert "proof" not in note["properties"] and "Documentation" not in found
    (event,) = found["Event"]
    assert event["properties"]["involved"] == [found["Person"][0]["id"]]
    assert [i["role"] for i in event["dadkhah"]["involvements"]] == ["victim"]


def test_a_cleared_admin_gets_the_secret_source_as_proof_and_the_export_is_audited(
    registry: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    admin = make_user("root", "admin", "strictly_confidential")
    before = CustodyEntry.objects.count()
    found = _entities(tmp_path, admin)
    entry = CustodyEntry.objects.filter(seq__gte=before).get()
    details = json.loads(entry.data)["details"]
    assert (entry.action, details["outcome"], details["level"]) == (
        "export", "export", "strictly_confidential"
    )  # fmt: skip
    n = sum(len(v) for v in found.values())
    assert f"export:ftm:jsonl:{n} entities" in details["objects"]
    assert "source:secret v1" in details["objects"]
    secret = next(d for d in found["Document"] if d["dadkhah"]["name"] == "secret")
    (note,) = found["Note"]
    assert note["properties"]["proof"] == [secret["id"]]
    (support,) = found["Documentation"]
    assert support["properties"]["document"] == [secret["id"]]
    assert support["properties"]["summary"] == ["credibility 3"]
    assert "t-1" not in json.dumps(found)  # the testimony stays out even for an admin


def test_the_same_case_exports_the_same_bytes(registry: Path, tmp_path: Path) -> None:  # noqa: F811
    user = make_user("ana", "analyst", "restricted")
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    ftm_export(user=user, out=first)
    ftm_export(user=user, out=second)
    assert first.read_bytes() == second.read_bytes()
    with pytest.raises(FtmError, match="exists already"):
        ftm_export(user=user, out=first)


def test_a_user_who_may_not_export_or_import_is_refused_and_audited(
    registry: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    reviewer = make_user("rev", "reviewer")
    before = CustodyEntry.objects.count()
    with pytest.raises(ExportRefused):
        ftm_export(user=reviewer, out=tmp_path / "x.jsonl")
    assert [p.name for p in tmp_path.iterdir()] == ["case"]  # no file, no partial file
    with pytest.raises(FtmImportRefused):
        ftm_import(user=reviewer, path=tmp_path / "x.jsonl")
    outcomes = [
        (e.actor, json.loads(e.data)["details"]["outcome"])
        for e in CustodyEntry.objects.filter(seq__gte=before).order_by("seq")
    ]
    assert outcomes == [("web:rev", "denied"), ("web:rev", "denied")]


def test_a_witness_in_the_stream_is_refused_and_nothing_is_created(
    case_dir: Path, settings: Any, tmp_path: Path
) -> None:
    settings.CASE = open_case(case_dir)
    lines = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Fictional Victim"]}},
        {"id": "p2", "schema": "Person", "properties": {"name": ["Fictional Witness"]},
         "dadkhah": {"public_id": "P-000009", "roles": ["witness"]}},
    ]  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    with pytest.raises(FtmError, match="line 2: entity 'p2', property 'keywords': a witness"):
        ftm_import(user=make_user("inv", "investigator"), path=path)
    assert not Person.objects.exists()


def _import(tmp_path: Path, lines: list[dict[str, Any]]) -> Any:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="inv").first()
    return ftm_import(user=user or make_user("inv", "investigator"), path=path)


def test_a_file_from_another_ftm_tool_imports_with_the_case_defaults(
    case_dir: Path, settings: Any, tmp_path: Path
) -> None:
    from dadkhah.web.bodies.models import Membership
    from dadkhah.web.claims.models import Claim
    from dadkhah.web.events.models import Event

    settings.CASE = open_case(case_dir)
    done = _import(tmp_path, [
        {"id": "q1", "schema": "Person", "properties": {"name": ["Fictional Official"],
                                                       "gender": ["male"]}},
        {"id": "o.1", "schema": "PublicBody", "properties": {"name": ["Fictional Court"],
                                                           "classification": ["court"]}},
        {"id": "m1", "schema": "Membership", "properties": {
            "member": ["q1"], "organization": ["o.1"], "role": ["judge"],
            "startDate": ["1988-07"]}},
        {"id": "a1", "schema": "Address", "properties": {"full": ["Somewhere"],
                                                        "summary": ["a big city"]}},
        {"id": "e1", "schema": "Event", "properties": {"name": ["Hearing"], "date": ["1988"],
                                                      "addressEntity": ["a1"]}},
        {"id": "n1", "schema": "Note", "properties": {"entity": ["q1"],
                                                     "description": ["sat on the court"]}},
        {"id": "d1", "schema": "Document", "properties": {"fileName": ["list.pdf"]}},
    ])  # fmt: skip
    assert done.created == {"persons": 1, "bodies": 1, "memberships": 1, "places": 1,
                            "events": 1, "claims": 1, "sources": 1}  # fmt: skip
    person = Person.objects.get()
    assert (person.public_id, person.display_name, person.sex) == (
        "P-000001", "Fictional Official", "m"
    )  # fmt: skip
    assert person.confidentiality == "restricted"
    membership = Membership.objects.get()
    assert (membership.body.kind, membership.role, membership.start_precision) == (
        "court", "judge", "month"
    )  # fmt: skip
    assert (str(membership.start_earliest), str(membership.start_latest)) == (
        "1988-07-01", "1988-07-31"
    )  # fmt: skip
    event = Event.objects.get()
    assert (event.kind, event.place.kind, event.date_precision) == ("other", "other", "year")
    claim = Claim.objects.get()
    assert (claim.person, claim.value, claim.status) == (person, "sat on the court", "alleged")


def test_a_bad_value_in_the_dadkhah_object_is_named_and_nothing_is_created(
    case_dir: Path, settings: Any, tmp_path: Path
) -> None:
    settings.CASE = open_case(case_dir)
    lines = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Fictional Victim"]}},
        {"id": "e1", "schema": "Event", "properties": {"name": ["E"]},
         "dadkhah": {"kind": "picnic"}},
    ]  # fmt: skip
    with pytest.raises(FtmError, match=r"line 2: entity 'e1', property 'dadkhah.kind': .*picnic"):
        _import(tmp_path, lines)
    lines[1]["dadkhah"] = {"kind": "arrest", "date": {"earliest": "1988-13-01"}}
    with pytest.raises(FtmError, match=r"line 2: entity 'e1', property 'dadkhah': cannot be"):
        _import(tmp_path, lines)
    assert not Person.objects.exists()
