"""`link-files` runs on pipelines alone and writes what the temporary case wrote (issue 11).

Both paths run in this process: the command through CliRunner (it needs no database),
the old temporary-case path (tests/cli/link_files_through_a_case.py) on the test
database, each of its runs rolled back. One test stays a subprocess: what a fresh
interpreter loads.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result

from dadkhah.core.errors import InputError
from tests.cli.dadkhah_process import REPO, cli_env
from tests.cli.in_process import invoke
from tests.cli.link_files_through_a_case import link_files_through_a_case


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "case"
    from dadkhah.core.synth import SynthParams, generate_case

    generate_case(out, SynthParams(persons=400, seed=3, mode="csv"))
    return out / "lists"


def _through_a_case(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: dict[str, object],
) -> tuple[dict[str, object], list[str]]:
    """The old path on the test database, rolled back: as if in a fresh process."""
    from django.db import transaction

    capsys.readouterr()
    # setup_django points DADKHAH_CASE at the temporary case, deleted after the run.
    monkeypatch.delenv("DADKHAH_CASE", raising=False)
    with transaction.atomic():
        try:
            rows = link_files_through_a_case(
                [Path(f) for f in args["files"]],  # type: ignore[attr-defined]
                threshold=args.get("threshold"),  # type: ignore[arg-type]
                duplicate_free=tuple(args.get("duplicate_free", ())),  # type: ignore[arg-type]
                mappings=tuple(args.get("mappings", ())),  # type: ignore[arg-type]
            )
            # JSON as the subprocess handed them back: lists, not tuples.
            out: dict[str, object] = {"rows": json.loads(json.dumps(rows))}
        except InputError as exc:
            out = {"error": str(exc)}
        transaction.set_rollback(True)
    return out, _progress(capsys.readouterr().err)


def _link_files(*args: str) -> Result:
    return invoke("link-files", *args)


def _progress(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("Reading", "Linking", "  "))]


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader) == ["list", "record_id", "cluster_id"]
        return list(reader)


@pytest.mark.slow
@pytest.mark.django_db
def test_link_files_writes_the_rows_the_temporary_case_wrote(
    lists: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [str(f) for f in sorted(lists.glob("*.csv"))]
    # export_dupes does hold duplicates: called duplicate-free, its links are refused.
    free = ["families_fa", "export_dupes"]
    old, old_progress = _through_a_case(
        capsys, monkeypatch, {"files": files, "duplicate_free": free, "threshold": 0.7}
    )
    out = tmp_path / "clusters.csv"
    new = _link_files(
        *files,
        "--out",
        str(out),
        "--duplicate-free",
        free[0],
        "--duplicate-free",
        free[1],
        "--threshold",
        "0.7",
    )
    assert new.exit_code == 0, new.stderr[-3000:]
    rows = _rows(out)
    assert rows == [list(r) for r in old["rows"]]  # type: ignore[union-attr]
    assert len({r[2] for r in rows}) < len(rows)  # some records were linked
    assert old_progress and _progress(new.stderr) == old_progress
    assert new.stdout.strip() == (
        f"Wrote {len(rows):,} records in {len({r[2] for r in rows}):,} clusters to {out}."
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_link_files_reads_a_mapping_and_refuses_as_the_temporary_case_did(
    lists: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = str(lists / "ngo_latin.csv")
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
    # Without the mapping both refuse the file with the same words.
    old, _ = _through_a_case(capsys, monkeypatch, {"files": [first, str(odd)]})
    refused = _link_files(first, str(odd), "--out", str(out))
    assert refused.exit_code != 0 and not out.exists()
    assert "--write-mapping" in str(old["error"])
    assert f"Error: {old['error']}" in refused.stderr
    # With it, the same rows.
    old, _ = _through_a_case(
        capsys, monkeypatch, {"files": [first, str(odd)], "mappings": [f"odd_headers={mapping}"]}
    )
    new = _link_files(first, str(odd), "--out", str(out), "--mapping", f"odd_headers={mapping}")
    assert new.exit_code == 0, new.stderr[-3000:]
    assert _rows(out) == [list(r) for r in old["rows"]]  # type: ignore[union-attr]


def test_link_files_loads_no_django_and_makes_no_case(lists: Path, tmp_path: Path) -> None:
    # A subprocess: the point is what a fresh interpreter loads, and this one has Django.
    out = tmp_path / "clusters.csv"
    args = [str(lists / "families_fa.csv"), str(lists / "memorial.csv"), "--out", str(out)]
    code = (
        "import json, sys, tempfile\n"
        "from dadkhah.cli.main import cli\n"
        f"cli.main(['link-files', *{args!r}], prog_name='dadkhah', standalone_mode=False)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=cli_env({"TMPDIR": str(tmp_path)}),
        cwd=REPO,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "splink" in loaded  # it did link
    assert not {m for m in loaded if m == "django" or m.startswith("django.")}
    assert not any(m.startswith("dadkhah.web") for m in loaded)
    assert out.exists() and not any(tmp_path.glob("dadkhah-link-files-*"))
