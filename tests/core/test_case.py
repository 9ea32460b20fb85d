import stat
from pathlib import Path

import pytest

from dadkhah.core.case import CaseConfig, init_case, open_case
from dadkhah.core.errors import CaseError


def test_init_creates_the_case_layout_with_private_keys(tmp_path: Path) -> None:
    case = init_case(tmp_path / "c", name="Inquiry")
    assert (case.root / "case.toml").is_file()
    assert case.evidence_dir.is_dir()
    assert stat.S_IMODE(case.keys_dir.stat().st_mode) == 0o700
    secret = case.keys_dir / "django-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert open_case(case.root).config.name == "Inquiry"


def test_the_secret_key_is_stable_across_openings(tmp_path: Path) -> None:
    case = init_case(tmp_path / "c")
    assert open_case(case.root).secret_key() == case.secret_key()


def test_init_refuses_a_folder_that_already_holds_a_case(tmp_path: Path) -> None:
    init_case(tmp_path / "c")
    with pytest.raises(CaseError, match="already holds a case"):
        init_case(tmp_path / "c")


def test_open_names_the_missing_case_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="dadkhah init"):
        open_case(tmp_path)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("language", "de", "language"),
        ("calendar", "lunar", "calendar"),
        ("time_zone", "Mars/Olympus", "time_zone"),
        ("name", "  ", "name"),
    ],
)
def test_invalid_settings_are_refused_with_the_setting_named(
    field: str, value: str, message: str
) -> None:
    kwargs = {"name": "x", field: value}
    with pytest.raises(CaseError, match=message):
        CaseConfig(**kwargs).validate()  # type: ignore[arg-type]


def test_a_broken_case_toml_is_reported(tmp_path: Path) -> None:
    case = init_case(tmp_path / "c")
    (case.root / "case.toml").write_text("name = [", encoding="utf-8")
    with pytest.raises(CaseError, match="not valid TOML"):
        open_case(case.root)
