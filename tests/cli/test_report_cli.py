"""`dadkhah report`: a case with no linkage and no estimate reports so; an existing file needs --force.

In process (CliRunner) on the test database: nothing here is about the process itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli

PASSWORD = "a long enough passphrase 42"


@pytest.fixture(autouse=True)
def _case_env_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    # setup_django sets DADKHAH_CASE in os.environ; in process it must not outlive the test.
    monkeypatch.setenv("DADKHAH_CASE", "")
    monkeypatch.delenv("DADKHAH_CASE")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"DADKHAH_PASSWORD": PASSWORD})
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.django_db
def test_report_on_a_new_case_says_what_is_missing_and_refuses_to_overwrite(
    tmp_path: Path, settings: Any
) -> None:
    from dadkhah.core.case import init_case

    case = tmp_path / "case"
    settings.CASE = init_case(case, name="Report CLI")
    assert _run("--case", str(case), "createuser", "leg", "--role", "legal_officer")[0] == 0
    out = tmp_path / "report.html"
    code, text = _run(
        "--case", str(case), "report", "--lang", "en", "--out", str(out), "--as", "leg"
    )
    assert code == 0, text
    assert f"wrote {out}: html, en" in text
    html = out.read_text(encoding="utf-8")
    assert "No estimate has been made in this case" in html
    assert "No linkage has run in this case" in html
    first = out.read_bytes()
    code, text = _run(
        "--case", str(case), "report", "--lang", "fa", "--out", str(out), "--as", "leg"
    )
    assert code == 1 and "exists already; choose a new name or pass --force" in text
    assert out.read_bytes() == first
    code, text = _run(
        "--case", str(case), "report", "--lang", "fa", "--out", str(out), "--as", "leg", "--force"
    )
    assert code == 0, text
    assert 'dir="rtl"' in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case", "report.html"]


def test_bad_requests_are_refused_before_the_case_opens(tmp_path: Path) -> None:
    code, text = _run("--case", str(tmp_path / "none"), "report", "--lang", "en",
                      "--out", str(tmp_path / "r.docx"), "--as", "x")  # fmt: skip
    assert code == 1 and "end the file name in .pdf or .html" in text
    bad = tmp_path / "f.json"
    bad.write_text("{", encoding="utf-8")
    code, text = _run("--case", str(tmp_path / "none"), "report", "--lang", "en",
                      "--out", str(tmp_path / "r.pdf"), "--as", "x", "--framework", str(bad))  # fmt: skip
    assert code == 1 and "f.json, line 1, column 2: not valid JSON" in text
    assert not (tmp_path / "r.pdf").exists()
