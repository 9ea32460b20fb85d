"""`createuser` offers exactly the roles and clearances the web app knows, and applies them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dadkhah.cli.case import CLEARANCE_CHOICES, ROLE_CHOICES
from dadkhah.web.accounts.clearance import LEVELS
from dadkhah.web.accounts.roles import ALIASES, ROLES


def test_the_cli_choices_are_the_roles_and_levels_of_the_web_app() -> None:
    assert set(ROLE_CHOICES) == set(ROLES) | set(ALIASES)
    assert tuple(CLEARANCE_CHOICES) == tuple(str(level) for level in LEVELS)


@pytest.mark.django_db(transaction=True)
def test_createuser_gives_the_role_and_the_clearance(case_dir: Path) -> None:
    from dadkhah.cli.main import cli

    result = CliRunner().invoke(
        cli,
        ["--case", str(case_dir), "createuser", "lawyer", "--role", "legal_officer",
         "--clearance", "strictly_confidential"],
        env={"DADKHAH_PASSWORD": "a long enough passphrase 42"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    from django.contrib.auth.models import User

    from dadkhah.web.accounts.clearance import clearance_of
    from dadkhah.web.accounts.roles import roles_of

    user = User.objects.get(username="lawyer")
    assert roles_of(user) == {"legal_officer"}
    assert clearance_of(user) == "strictly_confidential"
