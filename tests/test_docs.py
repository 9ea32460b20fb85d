"""The documentation covers every command and option the CLI has."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from dadkhah.cli.main import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, full + " "))
    return out


COMMANDS = _commands(cli)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_in_the_cli_reference(
    name: str, command: click.Command
) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    top = name.split(" ")[0]
    heading = re.search(rf"^## dadkhah {re.escape(top)}$", text, re.M)
    assert heading is not None, f"docs/cli.md has no section for `dadkhah {top}`"
    section = text[heading.end() :].split("\n## ", 1)[0]
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(opt in section for opt in param.opts), f"{name}: {param.opts} undocumented"


def test_the_readme_starts_with_the_two_commands() -> None:
    head = (DOCS.parent / "README.md").read_text(encoding="utf-8").splitlines()[:10]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)


def test_every_setting_is_in_the_readme() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    settings = (DOCS.parent / "dadkhah" / "web" / "settings.py").read_text(encoding="utf-8")
    for var in sorted(set(re.findall(r'"(DADKHAH_[A-Z_]+|DATABASE_URL)"', settings))):
        assert var in readme, var


#: An environment variable read anywhere: os.environ[...], .get/.pop/.setdefault, getenv,
#: click's envvar=, or a constant named *_ENV that names one.
_ENV_READ = re.compile(
    r"(?:environ(?:\.get|\.pop|\.setdefault)?[\[(]\s*|getenv\(\s*|envvar\s*=\s*"
    r"|\b[A-Z_]*ENV\b\s*(?::\s*\w+\s*)?=\s*)"
    r"[\"']((?:DADKHAH|DATABASE)_[A-Z0-9_]+)[\"']"
)


def test_every_environment_variable_the_code_reads_is_in_the_readme() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    read = {
        var
        for path in (DOCS.parent / "dadkhah").rglob("*.py")
        for var in _ENV_READ.findall(path.read_text(encoding="utf-8"))
    }
    assert {"DADKHAH_CASE", "DADKHAH_BACKUP_PASSPHRASE", "DATABASE_URL"} <= read
    missing = sorted(var for var in read if f"`{var}`" not in table)
    assert missing == [], f"add these to the README's settings table: {missing}"


def test_the_readme_lists_every_command() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert re.search(rf"^dadkhah (--case DIR )?{re.escape(name)}\b", readme, re.M), name


def test_every_picture_and_page_the_guide_links_is_there_and_small() -> None:
    guide = (DOCS / "guide.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]+\]\((img/[^)]+\.png)\)", guide)
    assert len(pictures) >= 10
    for picture in pictures:
        path = DOCS / picture
        assert path.exists(), f"docs/{picture} is missing (python -m tests.browser.guide_images)"
        assert path.stat().st_size < 200_000, f"docs/{picture} is over 200 KB"
    for page in re.findall(r"\]\(([\w./-]+\.md|[\w-]+/)\)", guide):
        assert (DOCS / page).exists(), page
    assert "docs/guide.md" in (DOCS.parent / "README.md").read_text(encoding="utf-8")
