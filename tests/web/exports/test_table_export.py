"""Exports read as the pages read: role, clearance, witnesses, testimonies; every export audited."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.case import open_case
from dadkhah.pipelines.export import TABLES, ExportError
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.exports.services import ExportRefused, table_export
from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.witnesses import models as witnesses
from tests.web.authz.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(case_dir: Path, settings: Any) -> Path:
    """A small case: a public list, a strictly confidential list, a victim, a witness."""
    settings.CASE = open_case(case_dir)
    public = Source.objects.create(name="list-a", title="A", confidentiality="public")
    secret = Source.objects.create(
        name="secret", title="Given in trust", confidentiality="strictly_confidential"
    )
    victim = Person.objects.create(
        public_id="P-000001", display_name="Ali Tabesh", display_name_fa="علی تابش"
    )
    PersonRole.objects.create(person=victim, role="victim")
    witness_person = Person.objects.create(public_id="P-000002", display_name="WITNESS-NAME")
    PersonRole.objects.create(person=witness_person, role="witness")
    Record.objects.create(
        source=public, source_record_id="1", row_number=1, person=victim,
        raw={"نام": "علی تابش", "Date": "1367/05/10"},
        normalized={"v": 1, "full_name": "علی تابش", "city": "city:tehran",
                    "death_date": {"earliest": "1988-08-01", "latest": "1988-08-01",
                                   "precision": "day", "calendar": "jalali", "text": "1367/05/10"},
                    "birth_year": [1961, 1962], "flags": ["place_unknown:city"]},
    )  # fmt: skip
    Record.objects.create(
        source=public, source_record_id="2", row_number=2, person=witness_person,
        raw={"نام": "WITNESS-NAME"}, normalized={"v": 1, "full_name": "WITNESS-NAME"},
    )  # fmt: skip
    Record.objects.create(
        source=secret, source_record_id="9", row_number=1, person=victim,
        raw={"name": "SECRET-ROW"}, normalized={"v": 1, "full_name": "SECRET-ROW"},
    )  # fmt: skip
    testimony_source = Source.objects.create(name="t-1", title="T", kind="testimony")
    witness = witnesses.Witness.objects.create(pseudonym="W-0007", person=witness_person)
    witnesses.Testimony.objects.create(witness=witness, source=testimony_source, language="fa")
    claim = Claim.objects.create(person=victim, kind="executed", value="اعدام")
    ClaimSource.objects.create(claim=claim, source=testimony_source, credibility=2)
    ClaimSource.objects.create(claim=claim, source=secret, credibility=3)
    place = Place.objects.create(key="cemetery:khavaran", kind="cemetery", name="Khavaran",
                                 name_fa="خاوران", confidentiality="public")  # fmt: skip
    SiteObservation.objects.create(place=place, status="bulldozed", source=secret)
    SiteObservation.objects.create(place=place, status="intact", source=public)
    event = Event.objects.create(kind="execution", place=place)
    Involvement.objects.create(event=event, person=victim, role="victim")
    Involvement.objects.create(event=event, person=witness_person, role="witness")
    return case_dir


def _export(tmp_path: Path, user: Any, table: str, **kw: Any) -> list[dict[str, str]]:
    out = tmp_path / f"{table}.csv"
    table_export(user=user, table=table, fmt="csv", out=out, force=True, **kw)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_records_leave_out_witnesses_and_uncleared_sources(registry: Path, tmp_path: Path) -> None:
    analyst = make_user("ana", "analyst", "restricted")
    rows = _export(tmp_path, analyst, "records")
    assert [(r["source"], r["source_record_id"]) for r in rows] == [("list-a", "1")]
    row = rows[0]
    assert row["person_id"] == "P-000001"
    assert row["raw.نام"] == "علی تابش" and row["full_name"] == "علی تابش"
    assert row["death_date"] == "1988-08-01" and row["death_date_precision"] == "day"
    assert row["birth_year"] == "1961/1962" and row["flags"] == "place_unknown:city"
    text = (tmp_path / "records.csv").read_text(encoding="utf-8-sig")
    assert "WITNESS-NAME" not in text and "SECRET-ROW" not in text
    admin = make_user("root", "admin", "strictly_confidential")
    assert {r["source"] for r in _export(tmp_path, admin, "records")} == {"list-a", "secret"}


def test_persons_never_include_a_witness(registry: Path, tmp_path: Path) -> None:
    rows = _export(tmp_path, make_user("ana", "analyst"), "persons")
    assert [r["person_id"] for r in rows] == ["P-000001"]
    assert rows[0]["display_name_fa"] == "علی تابش" and rows[0]["roles"] == "victim"
    involvements = _export(tmp_path, make_user("leg", "legal_officer"), "involvements")
    assert [i["person_id"] for i in involvements] == ["P-000001"]


def test_claims_name_a_testimony_by_pseudonym_and_hide_an_uncleared_source(
    registry: Path, tmp_path: Path
) -> None:
    rows = _export(tmp_path, make_user("ana", "analyst", "restricted"), "claims")
    assert len(rows) == 1
    assert rows[0]["sources"] == "testimony of W-0007 [2]; confidential source (reliability F) [3]"
    assert rows[0]["value"] == "اعدام" and rows[0]["subject"] == "P-000001"
    assert "WITNESS-NAME" not in json.dumps(rows, ensure_ascii=False)


def test_observations_follow_the_places_page(registry: Path, tmp_path: Path) -> None:
    rows = _export(tmp_path, make_user("ana", "analyst", "restricted"), "observations")
    assert [r["status"] for r in rows] == ["intact"]


def test_a_user_without_the_export_capability_is_refused_and_the_refusal_audited(
    registry: Path, tmp_path: Path
) -> None:
    reviewer = make_user("rev", "reviewer")
    before = CustodyEntry.objects.count()
    with pytest.raises(ExportRefused):
        table_export(user=reviewer, table="persons", fmt="csv", out=tmp_path / "p.csv")
    assert not (tmp_path / "p.csv").exists()
    entry = CustodyEntry.objects.filter(seq__gte=before).get()
    details = json.loads(entry.data)["details"]
    assert (entry.actor, details["outcome"]) == ("web:rev", "denied")


def test_an_export_is_one_audit_entry_naming_the_protected_objects(
    registry: Path, tmp_path: Path
) -> None:
    admin = make_user("root", "admin", "strictly_confidential")
    before = CustodyEntry.objects.count()
    _export(tmp_path, admin, "records")
    entry = CustodyEntry.objects.filter(seq__gte=before).get()
    details = json.loads(entry.data)["details"]
    assert (entry.action, details["outcome"], details["level"]) == (
        "export", "export", "strictly_confidential",
    )  # fmt: skip
    secret = Record.objects.get(source_record_id="9")
    assert details["objects"][0] == "export:records:csv:2 rows"
    assert f"record:{secret.pk}" in details["objects"]


def test_where_filters_rows_and_refuses_an_unknown_field(registry: Path, tmp_path: Path) -> None:
    admin = make_user("root", "admin", "strictly_confidential")
    rows = _export(tmp_path, admin, "records", where=["source=secret"])
    assert [r["source_record_id"] for r in rows] == ["9"]
    out = tmp_path / "none.csv"
    with pytest.raises(ExportError, match=r"no field 'colour'.*source_record_id"):
        table_export(user=admin, table="records", fmt="csv", out=out, where=["colour=red"])
    assert list(tmp_path.glob("none.csv*")) == [] and list(tmp_path.glob(".none.csv*")) == []


def test_every_table_exports_with_its_declared_columns(registry: Path, tmp_path: Path) -> None:
    admin = make_user("root", "admin", "strictly_confidential")
    for table, spec in TABLES.items():
        out = tmp_path / f"{table}.json"
        table_export(user=admin, table=table, fmt="json", out=out)
        rows = json.loads(out.read_text(encoding="utf-8"))
        declared = [c.name for c in spec.columns]
        for row in rows:
            assert list(row)[: len(declared)] == declared, table


def test_an_event_title_is_withheld_where_a_participant_is_hidden(
    registry: Path, tmp_path: Path
) -> None:
    # Titles name people; the event of the fixture has a witness among its
    # participants, who is never shown as a person, so its title stays out.
    Event.objects.update(title="Execution seen by WITNESS-NAME", description="WITNESS-NAME saw")
    plain = Event.objects.create(kind="burial", title="Burial at Khavaran")
    Involvement.objects.create(event=plain, person=Person.objects.get(public_id="P-000001"))
    rows = _export(tmp_path, make_user("ana", "analyst", "restricted"), "events")
    assert {r["kind"]: r["title"] for r in rows} == {
        "execution": "",
        "burial": "Burial at Khavaran",
    }
    assert "WITNESS-NAME" not in (tmp_path / "events.csv").read_text(encoding="utf-8-sig")
