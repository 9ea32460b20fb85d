"""The LCMCR kernels keep what Numba compiles in the user's cache folder (issue 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ASK = (
    "import numba, dadkhah.core.estimation.lcmcr_splitmerge as m; "
    "print(numba.config.CACHE_DIR); print(m.split_merge._cache._cache_path)"
)


def _where(env: dict[str, str]) -> list[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME")}
    done = subprocess.run(
        [sys.executable, "-c", ASK], capture_output=True, text=True, env={**base, **env},
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_kernels_cache_goes_to_the_users_cache_folder(tmp_path: Path) -> None:
    config, path = _where({"XDG_CACHE_HOME": str(tmp_path)})
    assert config == str(tmp_path / "dadkhah" / "numba")
    assert Path(path).is_relative_to(tmp_path / "dadkhah" / "numba")
    assert Path(path).is_dir()  # Numba made it when the kernels were decorated


def test_numba_cache_dir_still_names_another_folder(tmp_path: Path) -> None:
    config, path = _where({"NUMBA_CACHE_DIR": str(tmp_path / "elsewhere")})
    assert config == str(tmp_path / "elsewhere")
    assert Path(path).is_relative_to(tmp_path / "elsewhere")
