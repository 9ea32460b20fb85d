"""The command answers at once: heavy libraries load only in the commands that use them."""

from __future__ import annotations

import json
import subprocess
import sys

# Each of these costs from a tenth of a second to several seconds to import; none is
# needed to parse the command line or print help.
HEAVY = ("scipy", "statsmodels", "pandas", "numba", "splink", "duckdb", "django", "matplotlib")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_the_command_group_loads_no_heavy_library() -> None:
    loaded = _modules_after("import dadkhah.cli.main")
    assert not {m for m in HEAVY if m in loaded}


def test_help_loads_no_heavy_library() -> None:
    code = (
        "import sys\nfrom dadkhah.cli.main import cli\n"
        "try:\n    cli.main(['--help'], prog_name='dadkhah', standalone_mode=True)\n"
        "except SystemExit:\n    pass"
    )
    loaded = _modules_after(code)
    assert not {m for m in HEAVY if m in loaded}
