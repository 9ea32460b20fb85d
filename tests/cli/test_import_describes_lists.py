"""`dadkhah import` options and mapping keys that describe a list, and `dadkhah sources`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dadkhah.cli.main import cli
from dadkhah.web.sources.models import Source

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
LIST = REPO / "tests" / "data" / "import" / "good_fa_utf8.csv"


def _invoke(case_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--case", str(case_dir), *args])


def _ok(case_dir: Path, *args: str) -> str:
    result = _invoke(case_dir, *args)
    assert result.exit_code == 0, result.output
    return result.output


def _source(name: str) -> Source:
    return Source.objects.filter(name=name).order_by("-version").first()  # type: ignore[return-value]


def test_a_new_list_has_the_documented_defaults(case_dir: Path) -> None:
    _ok(case_dir, "import", str(LIST), "--source", "families")
    s = _source("families")
    assert (s.systematic, s.reliability, s.duplicate_free, s.independence_group) == (
        False,
        "F",
        False,
        "",
    )


def test_the_options_describe_the_list(case_dir: Path) -> None:
    _ok(
        case_dir,
        "import",
        str(LIST),
        "--source",
        "families",
        "--systematic",
        "--reliability",
        "b",
        "--duplicate-free",
        "--independence-group",
        "families-network",
    )
    s = _source("families")
    assert (s.systematic, s.reliability, s.duplicate_free, s.independence_group) == (
        True,
        "B",
        True,
        "families-network",
    )


def _mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_mapping_file_describes_the_list_and_the_options_win(
    case_dir: Path, tmp_path: Path
) -> None:
    mapping = _mapping(
        tmp_path,
        'systematic = true\nreliability = "C"\nduplicate_free = true\nindependence_group = "ngo"\n',
    )
    _ok(
        case_dir,
        "import",
        str(LIST),
        "--source",
        "families",
        "--mapping",
        str(mapping),
        "--reliability",
        "A",
        "--has-duplicates",
    )
    s = _source("families")
    assert (s.systematic, s.reliability, s.duplicate_free, s.independence_group) == (
        True,
        "A",
        False,
        "ngo",
    )


def test_the_same_file_again_changes_only_its_description(case_dir: Path) -> None:
    _ok(case_dir, "import", str(LIST), "--source", "families")
    out = _ok(
        case_dir, "import", str(LIST), "--source", "families", "--systematic", "--reliability", "B"
    )
    assert "is unchanged" in out
    assert "now says systematic = True (was False)" in out
    assert "now says reliability = 'B' (was 'F')" in out
    assert Source.objects.filter(name="families").count() == 1
    assert _source("families").systematic is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--reliability", "G"), "reliability 'G' is not a grade: use one of A, B, C, D, E, F"),
        (("--systematic", "--not-systematic"), "--systematic and --not-systematic contradict"),
        (("--duplicate-free", "--has-duplicates"), "--duplicate-free and --has-duplicates"),
        (("--independence-group", "a b"), "independence group 'a b' is not a short name"),
        (
            ("--not-systematic", "--independence-group", "ngo"),
            "--independence-group is for lists counted by `estimate`",
        ),
    ],
)
def test_bad_descriptions_are_refused_and_change_nothing(
    case_dir: Path, args: tuple[str, ...], message: str
) -> None:
    result = _invoke(case_dir, "import", str(LIST), "--source", "families", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('reliability = "Z"\n', "reliability 'Z' is not a grade"),
        ('systematic = "yes"\n', "systematic must be true or false"),
        ("duplicate_free = 1\n", "duplicate_free must be true or false"),
    ],
)
def test_a_bad_description_in_the_mapping_file_is_refused(
    case_dir: Path, tmp_path: Path, text: str, message: str
) -> None:
    result = _invoke(
        case_dir,
        "import",
        str(LIST),
        "--source",
        "families",
        "--mapping",
        str(_mapping(tmp_path, text)),
    )
    assert result.exit_code == 1
    assert "the mapping file is not usable" in result.output and message in result.output
    assert not Source.objects.exists()


def test_sources_lists_what_the_analyst_said(case_dir: Path) -> None:
    _ok(
        case_dir,
        *("import", str(LIST), "--source", "families", "--systematic", "--reliability", "B"),
        *("--duplicate-free", "--independence-group", "net"),
    )
    _ok(case_dir, "import", str(LIST), "--source", "survivors")
    text = _ok(case_dir, "sources")
    header, families, survivors, total = text.splitlines()
    assert header.split() == [
        "source",
        "kind",
        "records",
        "rel.",
        "systematic",
        "dup.-free",
        "group",
        "version",
    ]
    assert families.split() == ["families", "list", "3", "B", "yes", "yes", "net", "1"]
    assert survivors.split() == ["survivors", "list", "3", "F", "no", "no", "—", "1"]
    assert total.startswith("2 sources, 1 systematic")
    data = json.loads(_ok(case_dir, "sources", "--json"))
    assert data["sources"][0] == {
        "name": "families",
        "kind": "list",
        "title": data["sources"][0]["title"],
        "records": 3,
        "reliability": "B",
        "systematic": True,
        "duplicate_free": True,
        "independence_group": "net",
        "version": 1,
        "synthetic": False,
    }
    assert data["sources"][1]["independence_group"] is None


def test_sources_on_an_empty_case_says_how_to_begin(case_dir: Path) -> None:
    assert "No source yet" in _ok(case_dir, "sources")
