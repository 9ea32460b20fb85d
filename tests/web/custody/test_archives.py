"""The archive from the database (SQLite and PostgreSQL): verified, exact, sealed, admin only."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from dadkhah.core.backup_crypto import seal_to_passphrase
from dadkhah.core.case import Case, init_case
from dadkhah.pipelines.archive import ArchiveError
from dadkhah.pipelines.bundle import bundle_check
from dadkhah.web.custody.archives import NO_PASSWORD, case_archive
from dadkhah.web.demo.minimal import demo_case_build_minimal
from dadkhah.web.evidence.services import evidence_add_stream
from dadkhah.web.people.models import Person
from dadkhah.web.witnesses import models as witnesses
from tests.minimal_case import WITNESS_NAME
from tests.web.authz.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tmp_path: Path) -> Case:
    case = init_case(tmp_path / "demo", synthetic=True)
    demo_case_build_minimal(case=case, echo=lambda _m: None)
    return case


def _no_seal() -> tuple[bytes, bytes]:
    raise AssertionError("nothing in this case needs sealing")


def test_an_archive_verifies_and_its_dump_is_exact_and_sealed(demo: Case, tmp_path: Path) -> None:
    out = tmp_path / "archive.zip"
    result = case_archive(case=demo, out=out, user=make_user("boss", "admin"), seal=_no_seal)
    assert result.items >= 1 and result.sealed_items == 0
    problems, facts = bundle_check(out)
    assert problems == [] and facts["items"] == result.items
    data = out.read_bytes()
    assert WITNESS_NAME.encode() not in data
    with zipfile.ZipFile(out) as z:
        dump = json.loads(z.read("archive/database.json"))
        custody = z.read("archive/custody.jsonl").decode().splitlines()
    by_model: dict[str, list[dict[str, object]]] = {}
    for obj in dump:
        by_model.setdefault(obj["model"], []).append(obj)
    assert {u["fields"]["password"] for u in by_model["auth.user"]} == {NO_PASSWORD}
    assert not {"otp_totp.totpdevice", "axes.accessattempt"} & set(by_model)
    sealed = {str(o["pk"]): o["fields"]["name"] for o in by_model["witnesses.identity"]}
    for identity in witnesses.Identity.objects.all():
        assert base64.b64decode(sealed[str(identity.pk)]) == bytes(identity.name)
    person = Person.objects.order_by("pk").first()
    assert person is not None
    stored = next(o for o in by_model["people.person"] if o["pk"] == person.pk)
    assert dt.datetime.fromisoformat(stored["fields"]["created_at"]) == person.created_at
    assert len(custody) == result.tree_size - 1  # all but the archive's own entry


def test_only_an_admin_may_archive(demo: Case, tmp_path: Path) -> None:
    out = tmp_path / "archive.zip"
    with pytest.raises(ArchiveError, match="only a role that administers the case"):
        case_archive(case=demo, out=out, user=make_user("ana", "analyst"), seal=_no_seal)
    assert not out.exists()


def test_testimony_evidence_goes_in_sealed_or_not_at_all(demo: Case, tmp_path: Path) -> None:
    recording = b"fictional recorded testimony TSM-9001\n" * 10
    added = evidence_add_stream(case=demo, stream=io.BytesIO(recording), name="w1.txt", actor="t")
    witnesses.Testimony.objects.update(evidence=added.added[0])
    boss = make_user("boss", "admin")
    out = tmp_path / "archive.zip"
    with pytest.raises(ArchiveError, match="1 testimony item"):
        case_archive(case=demo, out=out, user=boss)
    assert not out.exists()
    result = case_archive(
        case=demo, out=out, user=boss, seal=lambda: seal_to_passphrase("fictional passphrase")
    )
    assert result.sealed_items == 1
    assert recording[:30] not in out.read_bytes()
    assert bundle_check(out)[0] == []
    with zipfile.ZipFile(out) as z:
        annex = json.loads(z.read("manifest.json"))["archive"]
    assert annex["sealed_items"] == [added.added[0].sha256]
