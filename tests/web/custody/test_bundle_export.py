"""Bundle export from the database, item queries, and the two-implementation bundle check."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from dadkhah.core.case import Case
from dadkhah.core.errors import InputError
from dadkhah.pipelines.bundle import bundle_check
from dadkhah.web.custody.bundles import bundle_export
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.selectors import evidence_select
from dadkhah.web.evidence.services import Collection, evidence_add_paths, evidence_derive

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(case: Case, evidence_files: Path, tmp_path: Path) -> Case:
    evidence_add_paths(
        case=case, paths=[evidence_files], actor="inv", collection=Collection(collected_by="A")
    )
    note = EvidenceItem.objects.get(original_name="note.txt")
    (tmp_path / "redacted.txt").write_text("Fictional note about [REDACTED].\n")
    evidence_derive(
        case=case,
        original=note,
        path=tmp_path / "redacted.txt",
        transformation="redaction",
        actor="inv",
    )
    return case


@pytest.mark.parametrize(
    "query, names",
    [
        ("", {"note.txt", "list.csv", "scan.pdf", "redacted.txt"}),
        ("all", {"note.txt", "list.csv", "scan.pdf", "redacted.txt"}),
        ("media:application/pdf", {"scan.pdf"}),
        ("name:*.TXT", {"note.txt", "redacted.txt"}),
        ("name:*.txt derived:no", {"note.txt"}),
        ("name:*.csv name:*.pdf", {"list.csv", "scan.pdf"}),
        ("derived:yes", {"redacted.txt"}),
        ("by:A media:text/*", {"note.txt", "list.csv", "redacted.txt"}),
        ("since:2000-01-01", {"note.txt", "list.csv", "scan.pdf", "redacted.txt"}),
        ("until:2000-01-01", set()),
    ],
)
def test_item_queries(populated: Case, query: str, names: set[str]) -> None:
    assert {i.original_name for i in evidence_select(query)} == names


@pytest.mark.parametrize("query", ["abc", "color:red", "id:x", "since:yesterday", "derived:maybe"])
def test_bad_item_queries_say_what_is_wrong(populated: Case, query: str) -> None:
    with pytest.raises(InputError):
        list(evidence_select(query))


def test_export_logs_itself_and_the_bundle_verifies_twice(populated: Case, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    result = bundle_export(case=populated, out=out, query="name:*.txt", actor="legal")
    assert result.items == 2
    export = CustodyEntry.objects.get(action="export")
    assert export.seq == result.tree_size - 1
    problems, facts = bundle_check(out, pin=result.fingerprint)
    assert problems == [] and facts["items"] == 2
    with zipfile.ZipFile(out) as z:
        proofs = json.loads(z.read("proofs.json"))
        manifest = json.loads(z.read("manifest.json"))
    actions = [json.loads(e["entry"])["action"] for e in proofs["entries"]]
    assert actions == ["ingest", "ingest", "derivative", "export"]
    assert {i["original_name"] for i in manifest["items"]} == {"note.txt", "redacted.txt"}
    assert case_verify(case=populated).ok


def test_export_of_a_damaged_item_is_refused(populated: Case, tmp_path: Path) -> None:
    import os

    item = EvidenceItem.objects.get(original_name="scan.pdf")
    path = populated.evidence_dir / item.sha256[:2] / item.sha256[2:4] / item.sha256
    os.chmod(path, 0o644)
    path.write_bytes(b"%PDF-1.4\n%forged!\n")
    with pytest.raises(InputError, match="damaged"):
        bundle_export(
            case=populated, out=tmp_path / "b.zip", query="media:application/pdf", actor="legal"
        )
    assert not (tmp_path / "b.zip").exists()


def test_export_of_nothing_is_refused(populated: Case, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no items"):
        bundle_export(
            case=populated, out=tmp_path / "b.zip", query="until:2000-01-01", actor="legal"
        )
