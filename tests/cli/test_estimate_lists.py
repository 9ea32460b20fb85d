"""`estimate` says which lists it counted and why; a duplicate-free list with duplicates stops it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dadkhah.cli.main import cli
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.people.models import Person
from dadkhah.web.sources.models import Record, Source
from tests.web.estimates.test_estimate_run import _population

pytestmark = pytest.mark.django_db

QUICK = ("--method", "loglinear", "--no-plots")


def _invoke(case_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--case", str(case_dir), *args])


def _describe(name: str, **fields: object) -> None:
    # What `import --systematic/--duplicate-free/--independence-group` stores.
    Source.objects.filter(name=name).update(**fields)


def test_estimate_json_says_which_lists_it_counted_and_why(case_dir: Path) -> None:
    _population(400, [0.4, 0.4, 0.3])
    _describe("list-1", independence_group="ngo", reliability="B")
    _describe("list-2", independence_group="ngo")  # smaller than list-1: left out
    result = _invoke(case_dir, "estimate", "--json", *QUICK)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"documented", "results", "warnings"} <= set(data)  # the existing keys stay
    rows = {r["name"]: r for r in data["lists"]}
    assert set(rows) == {"list-0", "list-1", "list-2", "recollections"}
    assert [n for n, r in rows.items() if r["used"]] == ["list-0", "list-1"]
    assert rows["list-1"]["reason"] == (
        "systematic (reliability B), the largest of independence group 'ngo'"
    )
    assert rows["list-2"]["reason"].startswith("shares independence group 'ngo' with list-1")
    assert rows["recollections"]["reason"].startswith("not marked systematic")
    assert rows["list-1"]["independence_group"] == "ngo" and rows["list-0"]["records"] > 0
    assert EstimateRun.objects.get().lists == ["list-0", "list-1"]


def test_estimate_text_lists_the_lists_before_the_numbers(case_dir: Path) -> None:
    _population(300, [0.4, 0.4])
    result = _invoke(case_dir, "estimate", *QUICK, "--lists", "list-0,list-1,recollections")
    assert result.exit_code == 0, result.output
    head = result.stdout.splitlines()[:4]
    assert head[0] == "Lists:"
    assert head[1].split()[:2] == ["list-0", "counted"] and "named with --lists" in head[1]
    assert head[3].split()[:2] == ["recollections", "counted"]


def _one_person_with_two_records_of(name: str) -> tuple[str, str]:
    """Two persons on list ``name``, returned as public ids (not yet merged)."""
    persons = list(
        Person.objects.filter(records__source__name=name).order_by("public_id").distinct()[:2]
    )
    return persons[0].public_id, persons[1].public_id


def test_a_merge_that_breaks_a_duplicate_free_list_warns_and_estimate_refuses(
    case_dir: Path,
) -> None:
    _population(300, [0.4, 0.4, 0.4])
    _describe("list-0", duplicate_free=True)
    a, b = _one_person_with_two_records_of("list-0")
    merged = _invoke(case_dir, "merge", a, b, "--reason", "same father, same prison")
    assert merged.exit_code == 0, merged.output
    survivor = Person.objects.get(public_id__in=(a, b), merged_into__isnull=True).public_id
    records = sorted(
        f"list-0:{r}"
        for r in Record.objects.filter(
            person__public_id=survivor, source__name="list-0"
        ).values_list("source_record_id", flat=True)
    )
    assert len(records) == 2
    assert "marked duplicate-free (list-0)" in merged.stderr
    assert f"{survivor}: " in merged.stderr and all(r in merged.stderr for r in records)

    refused = _invoke(case_dir, "estimate", "--json", *QUICK)
    assert refused.exit_code == 1
    assert "not estimated: list-0 is marked duplicate-free" in refused.output
    assert all(r in refused.output for r in records)
    assert "--has-duplicates" in refused.output and "dadkhah split" in refused.output
    assert not EstimateRun.objects.exists()

    # leaving the list out is one of the ways on
    ok = _invoke(case_dir, "estimate", "--json", *QUICK, "--lists", "list-1,list-2")
    assert ok.exit_code == 0, ok.output
    _describe("list-0", duplicate_free=False)  # as `import --has-duplicates` would
    assert _invoke(case_dir, "estimate", "--json", *QUICK).exit_code == 0
