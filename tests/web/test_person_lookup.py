"""The command line finds persons by public id through one selector, which names a missing id."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli
from dadkhah.core.errors import InputError
from dadkhah.web.people.models import Person
from dadkhah.web.people.selectors import persons_by_public_id

pytestmark = pytest.mark.django_db


def test_every_id_is_found_or_the_first_missing_is_named(case_dir) -> None:
    a = Person.objects.create(public_id="P-000001")
    b = Person.objects.create(public_id="P-000002")
    assert persons_by_public_id("P-000002", "P-000001") == {"P-000001": a, "P-000002": b}
    with pytest.raises(InputError, match=r"No person 'P-000404'; give a public id"):
        persons_by_public_id("P-000001", "P-000404", "P-000405")


def test_merge_names_a_person_who_does_not_exist(case_dir) -> None:
    Person.objects.create(public_id="P-000001")
    args = ["--case", str(case_dir), "merge", "P-000001", "P-000404", "--reason", "same man"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "No person 'P-000404'; give a public id such as P-000123." in result.output
