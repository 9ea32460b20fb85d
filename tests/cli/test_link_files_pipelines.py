"""`link-files` runs on pipelines alone and writes what the temporary case wrote (issue 11)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.dadkhah_process import REPO, cli_env, run_cli


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "case"
    from dadkhah.core.synth import SynthParams, generate_case

    generate_case(out, SynthParams(persons=400, seed=3, mode="csv"))
    return out / "lists"


def _through_a_case(tmp: Path, args: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    """The old path (tests/cli/link_files_through_a_case.py) in a fresh process."""
    given, got = tmp / "args.json", tmp / "old.json"
    given.write_text(json.dumps(args), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tests.cli.link_files_through_a_case", str(given), str(got)],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=REPO,
        timeout=600,
        check=True,
    )
    return json.loads(got.read_text(encoding="utf-8")), _progress(done.stderr)


def _progress(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("Reading", "Linking", "  "))]


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader) == ["list", "record_id", "cluster_id"]
        return list(reader)


@pytest.mark.slow
def test_link_files_writes_the_rows_the_temporary_case_wrote(lists: Path, tmp_path: Path) -> None:
    files = [str(f) for f in sorted(lists.glob("*.csv"))]
    # export_dupes does hold duplicates: called duplicate-free, its links are refused.
    free = ["families_fa", "export_dupes"]
    old, old_progress = _through_a_case(
        tmp_path, {"files": files, "duplicate_free": free, "threshold": 0.7}
    )
    out = tmp_path / "clusters.csv"
    new = run_cli(
        "link-files",
        *files,
        "--out",
        str(out),
        "--duplicate-free",
        free[0],
        "--duplicate-free",
        free[1],
        "--threshold",
        "0.7",
        timeout=600,
    )
    assert new.returncode == 0, new.stderr[-3000:]
    rows = _rows(out)
    assert rows == [list(r) for r in old["rows"]]  # type: ignore[union-attr]
    assert len({r[2] for r in rows}) < len(rows)  # some records were linked
    assert _progress(new.stderr) == old_progress
    assert new.stdout.strip() == (
        f"Wrote {len(rows):,} records in {len({r[2] for r in rows}):,} clusters to {out}."
    )


@pytest.mark.slow
def test_link_files_reads_a_mapping_and_refuses_as_the_temporary_case_did(
    lists: Path, tmp_path: Path
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
    old, _ = _through_a_case(tmp_path, {"files": [first, str(odd)]})
    refused = run_cli("link-files", first, str(odd), "--out", str(out))
    assert refused.returncode != 0 and not out.exists()
    assert "--write-mapping" in str(old["error"])
    assert f"Error: {old['error']}" in refused.stderr
    # With it, the same rows.
    old, _ = _through_a_case(
        tmp_path, {"files": [first, str(odd)], "mappings": [f"odd_headers={mapping}"]}
    )
    new = run_cli(
        "link-files", first, str(odd), "--out", str(out), "--mapping", f"odd_headers={mapping}"
    )
    assert new.returncode == 0, new.stderr[-3000:]
    assert _rows(out) == [list(r) for r in old["rows"]]  # type: ignore[union-attr]


def test_link_files_loads_no_django_and_makes_no_case(lists: Path, tmp_path: Path) -> None:
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
