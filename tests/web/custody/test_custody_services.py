"""The custody log in the database: append, append-only triggers, and tamper detection by verify."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from dadkhah.core.case import Case
from dadkhah.core.custody.note import Ed25519Verifier, open_note, parse_checkpoint
from dadkhah.web.custody.models import CustodyEntry, CustodyEntryItem, CustodyHead
from dadkhah.web.custody.services import CustodyError, custody_append, custody_record
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import (
    Collection,
    evidence_add_paths,
    evidence_derive,
    evidence_record_access,
)

pytestmark = pytest.mark.django_db

H = "ab" * 32


def _problems(case: Case) -> list[str]:
    return [str(p) for p in case_verify(case=case).problems]


def test_append_numbers_entries_and_signs_a_head(case: Case) -> None:
    first = custody_record(case=case, actor="inv", action="view", items=[H])
    second = custody_append(case=case, events=[{"actor": "inv", "action": "view"}] * 3)
    assert [e.seq for e in first.entries] == [0]
    assert [e.seq for e in second.entries] == [1, 2, 3]
    assert second.head.size == 4
    vkey = (case.keys_dir / "custody.pub").read_text().strip()
    note = open_note(second.head.note, [Ed25519Verifier.from_vkey(vkey)])
    assert parse_checkpoint(note.text).size == 4
    assert list(CustodyEntryItem.objects.values_list("entry_id", "sha256")) == [(0, H)]
    assert case_verify(case=case).ok


def test_the_log_records_reads_of_protected_data(case: Case) -> None:
    custody_record(
        case=case, actor="liaison-1", action="read_protected", details={"object": "witness:W-0007"}
    )
    entry = CustodyEntry.objects.get()
    assert entry.action == "read_protected" and '"object":"witness:W-0007"' in entry.data


@pytest.mark.parametrize("model", [CustodyEntry, CustodyHead, CustodyEntryItem])
def test_database_refuses_update_and_delete(case: Case, model) -> None:
    custody_record(case=case, actor="inv", action="view", items=[H])
    custody_record(case=case, actor="inv", action="view")  # an entry no index row protects
    row = model.objects.last()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{_some_field(model): _some_value(model)})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        model.objects.filter(pk=row.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(f"DELETE FROM {model._meta.db_table}")


def _some_field(model) -> str:
    return {CustodyEntry: "actor", CustodyHead: "root", CustodyEntryItem: "sha256"}[model]


def _some_value(model) -> str:
    return "0" * 64


def test_append_refuses_entries_written_around_the_service(case: Case) -> None:
    custody_record(case=case, actor="inv", action="view")
    CustodyEntry.objects.create(
        seq=1, data="{}", leaf_hash="0" * 64, time="2024-01-01T00:00:00Z", actor="x", action="view"
    )
    with pytest.raises(CustodyError, match="written around"):
        custody_record(case=case, actor="inv", action="view")
    assert any("not covered by any signed tree head" in p for p in _problems(case))


# --- evidence ingest ----------------------------------------------------------------------


def test_add_folder_stores_items_logs_ingest_and_recognises_duplicates(
    case: Case, evidence_files: Path
) -> None:
    report = evidence_add_paths(
        case=case,
        paths=[evidence_files],
        actor="cli:tester",
        collection=Collection(
            collected_by="Investigator A", method="download", source="https://example.org/x"
        ),
    )
    assert len(report.added) == 3 and len(report.duplicates) == 1
    item = EvidenceItem.objects.get(original_name="scan.pdf")
    assert item.media_type == "application/pdf" and item.collected_by == "Investigator A"
    assert item.metadata["sniff"]["extension_agrees"] is True
    ingests = CustodyEntry.objects.filter(action="ingest")
    assert ingests.count() == 4  # the duplicate's arrival is logged too
    assert '"duplicate":true' in ingests.last().data or any(
        '"duplicate":true' in e.data for e in ingests
    )
    assert case_verify(case=case).ok


def test_adding_the_same_folder_again_adds_nothing_new(case: Case, evidence_files: Path) -> None:
    evidence_add_paths(case=case, paths=[evidence_files], actor="a")
    again = evidence_add_paths(case=case, paths=[evidence_files], actor="a")
    assert again.added == [] and len(again.duplicates) == 4
    assert EvidenceItem.objects.count() == 3


def test_symlinks_are_skipped_not_followed(case: Case, tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("outside the folder")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link").symlink_to(tmp_path / "secret")
    report = evidence_add_paths(case=case, paths=[folder], actor="a")
    assert report.added == [] and "symbolic link" in report.skipped[0]


def test_working_copy_is_a_new_item_linked_to_its_original(
    case: Case, evidence_files: Path, tmp_path: Path
) -> None:
    evidence_add_paths(case=case, paths=[evidence_files / "note.txt"], actor="a")
    original = EvidenceItem.objects.get()
    before = (
        case.evidence_dir / original.sha256[:2] / original.sha256[2:4] / original.sha256
    ).read_bytes()
    (tmp_path / "redacted.txt").write_text("Fictional note about a visit to a [REDACTED].\n")
    copy = evidence_derive(
        case=case,
        original=original,
        path=tmp_path / "redacted.txt",
        transformation="redacted place",
        actor="b",
    )
    assert copy.derived_from == original and copy.transformation == "redacted place"
    entry = CustodyEntry.objects.get(action="derivative")
    assert entry.items == [copy.sha256, original.sha256]
    after = (
        case.evidence_dir / original.sha256[:2] / original.sha256[2:4] / original.sha256
    ).read_bytes()
    assert before == after
    evidence_record_access(case=case, item=copy, actor="c", action="download")
    assert case_verify(case=case).ok


# --- tampering that gets past the triggers is caught and named ------------------------------


@pytest.fixture
def populated(case: Case, evidence_files: Path) -> Case:
    evidence_add_paths(
        case=case,
        paths=[evidence_files],
        actor="cli:tester",
        collection=Collection(collected_by="A"),
    )
    custody_record(
        case=case, actor="viewer", action="view", items=[EvidenceItem.objects.first().sha256]
    )
    assert case_verify(case=case).ok
    return case


def _sql(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cur:
        cur.execute(sql, params or [])


def test_edited_entry_bytes_are_named(populated: Case, without_triggers) -> None:
    without_triggers()
    _sql(
        "UPDATE custody_custodyentry SET data = REPLACE(data, 'cli:tester', 'cli:someone') WHERE seq = 1"
    )
    problems = _problems(populated)
    assert any(p.startswith("entry 1: stored leaf hash") for p in problems), problems


def test_edited_query_column_is_named(populated: Case, without_triggers) -> None:
    without_triggers()
    _sql("UPDATE custody_custodyentry SET actor = 'someone-else' WHERE seq = 2")
    assert any(p.startswith("entry 2: column actor") for p in _problems(populated))


def test_deleted_entry_is_named(populated: Case, without_triggers) -> None:
    without_triggers()
    _sql("DELETE FROM custody_custodyentryitem WHERE entry_id = 1")
    _sql("DELETE FROM custody_custodyentry WHERE seq = 1")
    assert any(p.startswith("entry 1: missing") for p in _problems(populated))


def test_edited_head_is_named(populated: Case, without_triggers) -> None:
    without_triggers()
    _sql(
        "UPDATE custody_custodyhead SET note = REPLACE(note, 'dadkhah-', 'dadkhaH-') WHERE id = (SELECT MIN(id) FROM custody_custodyhead)"
    )
    assert any(
        "signed tree head 0" in p and "signature or format invalid" in p
        for p in _problems(populated)
    )


def test_edited_item_row_is_named(populated: Case, without_triggers) -> None:
    item = EvidenceItem.objects.get(original_name="list.csv")
    EvidenceItem.objects.filter(pk=item.pk).update(
        collected_by="Someone else", original_name="other.csv"
    )
    problems = _problems(populated)
    assert any(f"item {item.sha256}" in p and "collected_by" in p for p in problems)
    assert any(f"item {item.sha256}" in p and "original_name" in p for p in problems)


def test_deleted_item_row_is_named(populated: Case) -> None:
    item = EvidenceItem.objects.get(original_name="list.csv")
    EvidenceItem.objects.filter(pk=item.pk).delete()
    assert any(p.startswith(f"item {item.sha256}: logged by entry") for p in _problems(populated))


def test_changed_evidence_file_is_named(populated: Case) -> None:
    item = EvidenceItem.objects.get(original_name="scan.pdf")
    path = populated.evidence_dir / item.sha256[:2] / item.sha256[2:4] / item.sha256
    os.chmod(path, 0o644)
    path.write_bytes(b"%PDF-1.4\n%forged\n")
    os.chmod(path, 0o444)
    assert any(f"item {item.sha256}" in p and "content changed" in p for p in _problems(populated))


def test_missing_evidence_file_is_named(populated: Case) -> None:
    item = EvidenceItem.objects.get(original_name="scan.pdf")
    (populated.evidence_dir / item.sha256[:2] / item.sha256[2:4] / item.sha256).unlink()
    assert any(f"item {item.sha256}" in p and "missing" in p for p in _problems(populated))


def test_stray_file_in_the_store_is_a_warning_not_a_failure(populated: Case) -> None:
    from dadkhah.core.evidence_store import EvidenceStore

    EvidenceStore(populated.evidence_dir).put_bytes(b"written before a crash")
    report = case_verify(case=populated)
    assert report.ok and any("interrupted add" in w for w in report.warnings)


def test_truncate_is_refused_on_postgresql_while_rows_exist(case: Case) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement (SQLite has only DELETE, tested above)")
    custody_record(case=case, actor="inv", action="view")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute("TRUNCATE custody_custodyentry CASCADE")
