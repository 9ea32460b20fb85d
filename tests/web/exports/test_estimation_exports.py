"""Capture histories and estimates exported as `estimate` builds and stores them; evidence and custody."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.estimation import tables_by_stratum
from dadkhah.core.estimation.table import read_stratified_counts_csv
from dadkhah.web.estimates.selectors import capture_histories, current_lists
from dadkhah.web.estimates.services import estimate_run
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.exports.services import table_export
from dadkhah.web.sources.models import Source
from dadkhah.web.witnesses import models as witnesses
from tests.web.authz.conftest import make_user
from tests.web.estimates.test_estimate_run import _population

pytestmark = pytest.mark.django_db


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_capture_histories_read_back_as_the_tables_estimate_counts(tmp_path: Path) -> None:
    _population(300, [0.5, 0.4, 0.3])
    out = tmp_path / "histories.csv"
    analyst = make_user("ana", "analyst")
    table_export(user=analyst, table="capture-histories", fmt="csv", out=out, by="city")
    read = read_stratified_counts_csv(out)  # the reader of `estimate-table`
    lists = current_lists()
    expected = tables_by_stratum([s.name for s in lists], capture_histories(by="city", lists=lists))
    assert set(read) == set(expected) == {"city:mashhad", "city:tehran"}
    for stratum, table in expected.items():
        got = read[stratum]
        assert got.lists == table.lists
        assert sorted(zip(map(tuple, got.patterns.tolist()), got.counts.tolist(), strict=True)) == (
            sorted(zip(map(tuple, table.patterns.tolist()), table.counts.tolist(), strict=True))
        )
    whole = tmp_path / "all.csv"
    table_export(user=analyst, table="capture-histories", fmt="csv", out=whole)
    assert {r["stratum"] for r in _rows(whole)} == {"all"}
    assert sum(int(r["count"]) for r in _rows(whole)) == sum(int(r["count"]) for r in _rows(out))


def test_capture_histories_need_the_estimates_capability(tmp_path: Path) -> None:
    _population(50, [0.5, 0.5])
    out = tmp_path / "h.csv"
    table_export(user=make_user("inv", "legal_officer"), table="capture-histories", fmt="csv",
                 out=out)  # fmt: skip
    assert len(_rows(out)) > 0
    witness_liaison = make_user("wl", "witness_liaison")
    with pytest.raises(Exception, match="may not export"):
        table_export(user=witness_liaison, table="capture-histories", fmt="csv", out=out,
                     force=True)  # fmt: skip


def test_estimates_give_one_row_per_run_stratum_and_method(tmp_path: Path) -> None:
    _population(400, [0.5, 0.4, 0.3])
    run, _result = estimate_run(by="city", methods=["loglinear"], linkage_samples=0)
    out = tmp_path / "e.jsonl"
    table_export(user=make_user("ana", "analyst"), table="estimates", fmt="jsonl", out=out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (rows[0]["run_id"], rows[0]["stratum"], rows[0]["method"]) == (
        run.pk, "total", "loglinear",
    )  # fmt: skip
    assert sorted((r["run_id"], r["stratum"], r["method"]) for r in rows[1:]) == [
        (run.pk, "city:mashhad", "loglinear"),
        (run.pk, "city:tehran", "loglinear"),
    ]
    stored = run.result
    assert rows[0]["estimate"] == stored["results"][0]["estimate"]
    assert rows[0]["documented"] == run.documented
    assert all(r["lower"] <= r["estimate"] for r in rows)


def _item(sha: str, name: str, **kw: Any) -> EvidenceItem:
    return EvidenceItem.objects.create(
        sha256=sha * 64, size=10, original_name=name, collected_at=dt.datetime.now(dt.UTC), **kw
    )


def test_evidence_is_metadata_and_hashes_without_testimonies(tmp_path: Path) -> None:
    scan = _item("a", "scan.pdf", metadata={"pages": 2}, confidentiality="public")
    recording = _item("b", "interview.ogg", confidentiality="public")
    _item("c", "interview-redacted.ogg", derived_from=recording, transformation="redaction: voice")
    source = Source.objects.create(name="t-1", title="T", kind="testimony")
    witness = witnesses.Witness.objects.create(pseudonym="W-0001")
    witnesses.Testimony.objects.create(witness=witness, source=source, language="fa",
                                       evidence=recording)  # fmt: skip
    out = tmp_path / "evidence.parquet"
    table_export(user=make_user("leg", "legal_officer"), table="evidence", fmt="parquet", out=out)
    import pyarrow.parquet as pq

    rows = pq.read_table(out).to_pylist()
    assert [(r["sha256"], r["original_name"]) for r in rows] == [(scan.sha256, "scan.pdf")]
    assert json.loads(rows[0]["metadata"]) == {"pages": 2}


def test_the_custody_log_is_for_those_who_read_the_audit_trail(tmp_path: Path) -> None:
    from dadkhah.web.custody.models import CustodyEntry

    _item("d", "x.txt")
    out = tmp_path / "c.csv"
    table_export(user=make_user("ana", "analyst"), table="custody", fmt="csv", out=out)
    assert _rows(out) == []
    table_export(user=make_user("root", "admin"), table="custody", fmt="csv", out=out, force=True)
    assert len(_rows(out)) == CustodyEntry.objects.count()
