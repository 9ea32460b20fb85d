"""Build the minimal demo case (fictional, every model filled) in a fresh process, with users.

For tests that run dadkhah as a user does, in another process (the Python API in a
notebook kernel, archive and restore): the case is built by a subprocess so that this
test process's Django, set up for the test database, is left alone. Tests that run the
CLI in process (CliRunner) build the same case in the test database with
:func:`build_minimal_case_here`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tests.cli.dadkhah_process import REPO, cli_env, place_migrated_database

if TYPE_CHECKING:
    from dadkhah.core.case import Case

PASSWORD = "a long enough passphrase 42"
#: The sealed name of the minimal demo's witness (dadkhah/web/demo/minimal.py).
WITNESS_NAME = "Synthetic Witness One"
#: In the bytes of the witness's recorded testimony, which the archive must seal.
TESTIMONY_MARKER = "fictional testimony recording TSM-4417"
#: (username, role): an analyst who exports, a witness liaison who may not, an admin.
USERS = (("ana", "analyst"), ("liaison", "witness_liaison"), ("boss", "admin"))

_BUILD = """
import sys
from pathlib import Path

from dadkhah.cli.context import setup_django
from dadkhah.core.case import init_case

case = init_case(Path(sys.argv[1]), name="Minimal case (synthetic)", synthetic=True)
setup_django(case)
from dadkhah.web.accounts.services import user_create
from dadkhah.web.demo.minimal import demo_case_build_minimal

demo_case_build_minimal(case=case, echo=lambda _m: None)
import io

from dadkhah.web.evidence.services import evidence_add_stream
from dadkhah.web.witnesses.models import Testimony

added = evidence_add_stream(case=case, stream=io.BytesIO(sys.argv[3].encode() * 20),
                            name="interview-W-0001.txt", actor="demo")
Testimony.objects.filter(witness__pseudonym="W-0001").update(evidence=added.added[0])
for pair in sys.argv[4:]:
    name, role = pair.split(":")
    user_create(username=name, password=sys.argv[2], role=role)
"""


def build_minimal_case(root: Path) -> Path:
    """Create the case folder ``root``: the minimal demo, a recorded testimony, :data:`USERS`."""
    users = [f"{name}:{role}" for name, role in USERS]
    place_migrated_database(root.resolve())  # its setup_django then has nothing to migrate
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(root.resolve()), PASSWORD, TESTIMONY_MARKER, *users],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def build_minimal_case_here(root: Path) -> Case:
    """What :func:`build_minimal_case` makes, in this process's (test) database.

    The caller holds the database: a test marked ``django_db``, or a module fixture inside
    ``django_db_blocker.unblock()`` and a transaction it rolls back. The custody entries of
    the build go to the new case's log, as in the subprocess; ``settings.CASE`` is left as
    it was, for the caller to set for the commands it runs next.
    """
    import io

    from django.test import override_settings

    from dadkhah.core.case import init_case
    from dadkhah.web.accounts.services import user_create
    from dadkhah.web.demo.minimal import demo_case_build_minimal
    from dadkhah.web.evidence.services import evidence_add_stream
    from dadkhah.web.witnesses.models import Testimony

    case = init_case(root, name="Minimal case (synthetic)", synthetic=True)
    with override_settings(CASE=case):
        demo_case_build_minimal(case=case, echo=lambda _m: None)
        added = evidence_add_stream(
            case=case,
            stream=io.BytesIO(TESTIMONY_MARKER.encode() * 20),
            name="interview-W-0001.txt",
            actor="demo",
        )
        Testimony.objects.filter(witness__pseudonym="W-0001").update(evidence=added.added[0])
        for name, role in USERS:
            user_create(username=name, password=PASSWORD, role=role)
    return case
