"""`dadkhah link`, `link-files`, `explain`, `review`, `split`, `merge` as users call them.

The commands run in this process (CliRunner): `link-files` needs no database; the
others run on the test database, where one linked case is built for the module and
each test's changes are rolled back. One test stays a subprocess: the exit code of the
real entry point.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.case import init_case, open_case
from dadkhah.core.linkage.metrics import scores
from tests.cli.dadkhah_process import run_cli
from tests.cli.in_process import invoke
from tests.database import custody_triggers_create, vocabularies_seed_if_missing

run = invoke


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "case"
    from dadkhah.core.synth import SynthParams, generate_case

    generate_case(out, SynthParams(persons=400, seed=3, mode="csv"))
    return out


def _truth(synthetic: Path) -> dict[tuple[str, str], str]:
    with (synthetic / "truth" / "records.csv").open(encoding="utf-8") as fh:
        return {(r["list"], r["record_id"]): r["person_key"] for r in csv.DictReader(fh)}


def test_link_files_writes_one_row_per_record_with_its_cluster(
    synthetic: Path, tmp_path: Path
) -> None:
    out = tmp_path / "clusters.csv"
    files = sorted((synthetic / "lists").glob("*.csv"))
    result = run(
        "link-files", *map(str, files), "--out", str(out), "--duplicate-free", "families_fa"
    )
    assert result.exit_code == 0, result.stderr[-3000:]
    with out.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert next(reader) == ["list", "record_id", "cluster_id"]
        rows = list(reader)
    truth = _truth(synthetic)
    assert {(r[0], r[1]) for r in rows} == set(truth)
    predicted = {(r[0], r[1]): r[2] for r in rows}
    result_scores = scores(predicted, truth)
    assert result_scores.precision >= 0.9, result_scores
    assert result_scores.bcubed_f1 >= 0.9, result_scores


@pytest.mark.parametrize("kind", ["one-list", "empty-list", "no-name-column", "missing"])
def test_link_files_refuses_bad_input_and_writes_nothing(
    synthetic: Path, tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "clusters.csv"
    first = sorted((synthetic / "lists").glob("*.csv"))[0]
    if kind == "one-list":
        args, message = [str(first)], "at least two lists"
    elif kind == "empty-list":
        empty = tmp_path / "empty.csv"
        empty.write_text("", encoding="utf-8")
        args, message = [str(first), str(empty)], "empty.csv"
    elif kind == "no-name-column":
        places = tmp_path / "places.csv"
        places.write_text("id,city,prison\n1,Tehran,Evin\n", encoding="utf-8")
        args, message = [str(first), str(places)], "no column holds a name"
    else:
        args, message = [str(first), str(tmp_path / "nope.csv")], "no such file"
    result = run("link-files", *args, "--out", str(out))
    assert result.exit_code != 0
    assert message in result.stderr
    assert not out.exists()


@pytest.fixture(scope="module")
def linked_case(
    synthetic: Path,
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: Any,
) -> Iterator[Path]:
    """Three lists imported and linked on the test database, once for the module.

    The rows are rolled back after the module; each test's own changes are rolled back
    after the test (pytest-django's transaction, a savepoint inside this one).
    """
    from django.db import transaction
    from django.test import override_settings

    root = tmp_path_factory.mktemp("cases") / "linked"
    case = init_case(root)
    with (
        django_db_blocker.unblock(),
        override_settings(CASE=case),  # as in a `dadkhah` process on this case
        transaction.atomic(),
    ):
        # What each test's database holds before it builds anything (tests/conftest.py).
        vocabularies_seed_if_missing()
        custody_triggers_create()
        for name in ("families_fa", "ngo_latin", "export_dupes"):
            r = run(
                "--case",
                str(root),
                "import",
                str(synthetic / "lists" / f"{name}.csv"),
                "--source",
                name,
            )
            assert r.exit_code == 0, r.stderr[-2000:]
        r = run("--case", str(root), "link")
        assert r.exit_code == 0, r.stderr[-3000:]
        assert "persons" in r.stdout
        yield root
        transaction.set_rollback(True)


@pytest.fixture
def case(linked_case: Path, tmp_path: Path, settings: Any) -> Path:
    """A copy of the linked case's folder (its evidence files, its keys) on its rows."""
    root = tmp_path / "case"
    shutil.copytree(linked_case, root)
    settings.CASE = open_case(root)
    return root


def _db(sql: str, *params: object) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [tuple(row) for row in cur.fetchall()]


def _a_linked_pair() -> tuple[int, int]:
    return _db(
        "SELECT record_a_id, record_b_id FROM linkage_pairscore WHERE linked ORDER BY probability DESC LIMIT 1",
    )[0]


@pytest.mark.django_db
def test_explain_shows_each_comparison_and_the_probability(case: Path) -> None:
    a, b = _a_linked_pair()
    result = run("--case", str(case), "explain", str(a), str(b))
    assert result.exit_code == 0, result.stderr[-2000:]
    for word in ("prior", "given:", "family:", "match weight", "match probability"):
        assert word in result.stdout
    # The pair is the run's most probable linked pair: its stored score says "linked",
    # which "not linked" or "kept apart by ..." would not match.
    assert re.search(r"^Stored score of run \d+: p=\d\.\d{4} \(linked\)\.$", result.stdout, re.M)


@pytest.mark.django_db
def test_explain_accepts_list_and_record_id(case: Path) -> None:
    a, b = _a_linked_pair()
    ref = _db(
        "SELECT s.name || ':' || r.source_record_id FROM sources_record r JOIN sources_source s ON s.id = r.source_id WHERE r.id = %s",
        a,
    )[0][0]
    result = run("--case", str(case), "explain", ref, str(b))
    assert result.exit_code == 0, result.stderr[-2000:]
    bad = run("--case", str(case), "explain", "nolist:1", str(b))
    assert bad.exit_code == 1
    assert "No record" in bad.stderr


@pytest.mark.django_db
def test_review_records_a_decision_that_survives_a_rerun(case: Path) -> None:
    pairs = _db(
        "SELECT record_a_id, record_b_id FROM linkage_pairscore WHERE probability >= 0.2 AND probability < 0.9 LIMIT 1",
    )
    assert pairs, "the synthetic case has uncertain pairs"
    result = run(
        "--case",
        str(case),
        "review",
        "--limit",
        "1",
        "--reviewer",
        "analyst-1",
        input="d\nfather's names differ on the certificates\n",
    )
    assert result.exit_code == 0, result.stderr[-2000:]
    assert "1 decision(s) recorded by analyst-1" in result.stdout
    decision = _db("SELECT verdict, reviewer, reason FROM linkage_reviewdecision")
    assert decision == [("different", "analyst-1", "father's names differ on the certificates")]
    # The pair the queue showed first (by expected effect on the counts) is the one decided.
    ((a, b),) = _db("SELECT record_a_id, record_b_id FROM linkage_reviewdecision")
    rerun = run("--case", str(case), "link", "--reuse-model")
    assert rerun.exit_code == 0, rerun.stderr[-2000:]
    persons = dict(_db("SELECT id, person_id FROM sources_record WHERE id IN (%s, %s)", a, b))
    assert persons[a] != persons[b]


@pytest.mark.django_db
def test_split_and_merge_at_the_terminal(case: Path) -> None:
    a, b = _a_linked_pair()
    ((person,),) = _db(
        "SELECT p.public_id FROM sources_record r JOIN people_person p ON p.id = r.person_id WHERE r.id = %s",
        a,
    )
    split = run(
        "--case",
        str(case),
        "split",
        person,
        str(b),
        "--reason",
        "two men",
        "--reviewer",
        "analyst-2",
    )
    assert split.exit_code == 0, split.stderr[-2000:]
    ((other,),) = _db(
        "SELECT p.public_id FROM sources_record r JOIN people_person p ON p.id = r.person_id WHERE r.id = %s",
        b,
    )
    assert other != person
    merge = run("--case", str(case), "merge", person, other, "--reason", "one man after all")
    assert merge.exit_code == 0, merge.stderr[-2000:]
    kinds = [
        k
        for (k,) in _db("SELECT kind FROM linkage_personchange WHERE changed_by != '' ORDER BY id")
    ]
    assert kinds[-3:] == ["new", "split", "merge"]


@pytest.mark.django_db
def test_an_imported_list_is_linked_incrementally(case: Path, synthetic: Path) -> None:
    before = dict(_db("SELECT id, person_id FROM sources_record"))
    r = run(
        "--case",
        str(case),
        "import",
        str(synthetic / "lists" / "memorial.csv"),
        "--source",
        "memorial",
    )
    assert r.exit_code == 0, r.stderr[-2000:]
    # the import itself links the new records against the existing persons
    assert "incremental" in r.stdout
    again = run("--case", str(case), "link", "--incremental")
    assert again.exit_code == 1
    assert "No new record to link" in again.stderr
    after = dict(_db("SELECT id, person_id FROM sources_record"))
    assert all(after[r] == p for r, p in before.items())
    assert None not in after.values()


def test_link_without_a_case_is_a_usage_error() -> None:
    # A subprocess: the exit code of the real entry point (`python -m dadkhah`), and an
    # environment without DADKHAH_CASE.
    result = run_cli("link")
    assert result.returncode == 2
    assert "No case" in result.stderr


def test_link_files_reads_a_list_through_its_mapping(synthetic: Path, tmp_path: Path) -> None:
    first = synthetic / "lists" / "ngo_latin.csv"
    odd = tmp_path / "odd_headers.csv"
    odd.write_text(
        "C1,C2,C3,C4\nKaveh Darvishzadeh,Nader,1962,Tehran\n"
        "Shirin Mehrabanpour,Ahmad,1965,Tehran\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "odd.toml"
    mapping.write_text(
        '[columns]\nfull_name = "C1"\nfather_name = "C2"\nbirth_year = "C3"\ncity = "C4"\n',
        encoding="utf-8",
    )
    out = tmp_path / "clusters.csv"
    refused = run("link-files", str(first), str(odd), "--out", str(out))
    assert refused.exit_code != 0 and not out.exists()
    wrong = run("link-files", str(first), str(odd), "--out", str(out), "--mapping", f"x={mapping}")
    assert wrong.exit_code != 0 and "not among the files' names" in wrong.stderr
    result = run(
        "link-files", str(first), str(odd), "--out", str(out), "--mapping", f"odd_headers={mapping}"
    )
    assert result.exit_code == 0, result.stderr[-3000:]
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sum(r["list"] == "odd_headers" for r in rows) == 2
