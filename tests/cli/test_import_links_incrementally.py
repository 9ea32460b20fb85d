"""Importing a list into a linked case links its records against the existing persons."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli
from dadkhah.core.synth import SynthParams, generate_case
from dadkhah.web.linkage.models import LinkRun
from dadkhah.web.sources.models import Record

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _run(case_dir: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--case", str(case_dir), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_new_list_is_linked_without_retraining(case_dir: Path, tmp_path: Path) -> None:
    synth = tmp_path / "synth"
    generate_case(synth, SynthParams(persons=400, seed=11, mode="csv"))
    lists = synth / "lists"
    out = _run(case_dir, "import", str(lists / "ngo_latin.csv"), "--source", "ngo_latin")
    assert "Not linked yet" in out
    _run(case_dir, "import", str(lists / "memorial.csv"), "--source", "memorial")
    _run(case_dir, "link")
    persons_before = set(Record.objects.exclude(person=None).values_list("person_id", flat=True))

    out = _run(case_dir, "import", str(lists / "export_dupes.csv"), "--source", "export_dupes")
    assert "Linked the new records against the existing persons" in out
    assert list(LinkRun.objects.order_by("id").values_list("kind", flat=True)) == [
        "full",
        "incremental",
    ]
    new = Record.objects.filter(source__name="export_dupes")
    assert not new.filter(person=None).exists()
    # some of the export's records joined persons that existed before it came in
    assert new.filter(person_id__in=persons_before).exists()
