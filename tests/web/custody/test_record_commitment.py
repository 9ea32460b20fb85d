"""Records are committed in the custody log at import: edits and deletions are refused by
the database and, past the triggers, named by `verify`."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test import Client

from dadkhah.core.case import Case
from dadkhah.core.custody.merkle import MerkleTree
from dadkhah.core.custody.records import RecordContent, record_leaf
from dadkhah.web.custody.models import CustodyEntry, RecordDigest
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.people.models import Person
from dadkhah.web.sources.models import Record
from dadkhah.web.sources.services import source_import
from tests.login import login

pytestmark = pytest.mark.django_db

HEADER = "record_id,full_name,city\r\n"


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(r + "\r\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def imported(case: Case, tmp_path: Path) -> Case:
    rows = ["R1,Fictional Ahmadi,Tehran", "R2,Fictional Karimi,Rasht", "R3,Fictional Navid,Qom"]
    source_import(case=case, path=_write(tmp_path / "list.csv", rows), source_name="ngo")
    assert case_verify(case=case).ok
    return case


def _problems(case: Case) -> list[str]:
    return [str(p) for p in case_verify(case=case).problems]


def _record(srid: str) -> Record:
    return Record.objects.get(source_record_id=srid)


def test_the_import_logs_a_root_over_every_record(imported: Case) -> None:
    entry = CustodyEntry.objects.get(action="records")
    records = list(Record.objects.order_by("pk"))
    leaves = [
        record_leaf(
            RecordContent(
                record_id=r.pk,
                source_record_id=r.source_record_id,
                row_number=r.row_number,
                version=r.version,
                previous_id=r.previous_id,
                raw=r.raw,
                normalized=r.normalized,
            )
        )
        for r in records
    ]
    assert f'"root":"{_root(leaves).hex()}"' in entry.data
    assert '"records":3' in entry.data and '"source":"ngo"' in entry.data
    assert RecordDigest.objects.count() == 3
    assert case_verify(case=imported).records == 3


def test_the_database_refuses_editing_or_deleting_a_record(imported: Case) -> None:
    record = _record("R2")
    with pytest.raises(DatabaseError, match="kept as imported"), transaction.atomic():
        Record.objects.filter(pk=record.pk).update(raw={"full_name": "Someone else"})
    with pytest.raises(DatabaseError, match="kept as imported"), transaction.atomic():
        Record.objects.filter(pk=record.pk).update(normalized={})
    with pytest.raises(DatabaseError, match="kept as imported"), transaction.atomic():
        Record.objects.filter(pk=record.pk).delete()
    with (
        pytest.raises(DatabaseError, match="kept as imported"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute("DELETE FROM sources_record")
    assert _problems(imported) == []


def test_linkage_may_still_assign_records_to_persons(imported: Case) -> None:
    person = Person.objects.create(public_id="P-000001", display_name="Fictional Karimi")
    Record.objects.filter(source_record_id__in=["R1", "R2"]).update(person=person)
    person.delete()  # SET_NULL on the records
    assert _problems(imported) == []


def test_an_edit_of_raw_past_the_triggers_is_named(imported: Case, without_triggers) -> None:
    without_triggers()
    record = _record("R2")
    Record.objects.filter(pk=record.pk).update(raw={**record.raw, "city": "Tabriz"})
    problems = _problems(imported)
    assert len(problems) == 1
    assert f"record {record.pk} (ngo v1:R2)" in problems[0]
    assert "content differs" in problems[0]


def test_a_deleted_record_is_named(imported: Case, without_triggers) -> None:
    without_triggers()
    record = _record("R3")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM sources_record WHERE id = %s", [record.pk])
    problems = _problems(imported)
    assert any(f"record {record.pk} (ngo v1:R3)" in p and "deleted" in p for p in problems)


def test_editing_the_kept_hash_too_is_caught_by_the_signed_root(
    imported: Case, without_triggers
) -> None:
    without_triggers()
    record = _record("R1")
    Record.objects.filter(pk=record.pk).update(normalized={"forged": True})
    forged = record_leaf(
        RecordContent(
            record_id=record.pk,
            source_record_id="R1",
            row_number=record.row_number,
            version=record.version,
            previous_id=record.previous_id,
            raw=record.raw,
            normalized={"forged": True},
        )
    )
    RecordDigest.objects.filter(record_id=record.pk).update(leaf_hash=forged.hex())
    problems = _problems(imported)
    assert problems and all("records of ngo v1" in p for p in problems)
    assert "digests were changed" in problems[0]


def test_a_record_added_after_the_import_is_named(imported: Case) -> None:
    source = _record("R1").source
    extra = Record.objects.create(source=source, source_record_id="R9", raw={"x": "1"})
    assert any(f"record {extra.pk}" in p and "not committed" in p for p in _problems(imported))


def test_a_new_version_sets_its_pointers_and_verifies(imported: Case, tmp_path: Path) -> None:
    rows = ["R1,Fictional Ahmadi,Tehran", "R2,Fictional Karimi,Lahijan", "R4,Fictional New,Yazd"]
    report = source_import(case=imported, path=_write(tmp_path / "v2.csv", rows), source_name="ngo")
    assert report.version == 2 and report.changed == 1
    assert Record.objects.get(source__version=2, source_record_id="R2").version == 2
    assert CustodyEntry.objects.filter(action="records").count() == 2
    assert _problems(imported) == []


def test_the_admin_refuses_to_delete_a_record(imported: Case, client: Client, settings) -> None:
    settings.CASE = imported
    get_user_model().objects.create_superuser("root", password="a long passphrase 42")
    login(client, "root", "a long passphrase 42")
    record = _record("R1")
    response = client.post(f"/admin/sources/record/{record.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Record.objects.filter(pk=record.pk).exists()


def _root(leaves: list[bytes]) -> bytes:
    tree = MerkleTree()
    tree.extend(leaves)
    return tree.root()
