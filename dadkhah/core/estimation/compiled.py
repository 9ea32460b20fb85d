"""Numba's ``njit``, with what it compiles kept in the user's cache folder.

The LCMCR kernels are compiled once per machine (about 25 CPU seconds) and then loaded
from the cache (under a second). Numba's own default keeps the cache beside the source
(``__pycache__``) and falls back to a user folder only where that is not writable, so a
checkout, an installed package and a read-only install each compiled on their own:
here it is ``$XDG_CACHE_HOME/dadkhah/numba`` (``~/.cache/dadkhah/numba``), unless
``NUMBA_CACHE_DIR`` names another. Where that folder cannot be written, Numba tries its
own locations in turn, and compiles in memory where none can.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numba
from numba import njit

__all__ = ["cache_folder", "njit"]


def cache_folder() -> Path:
    """The folder Numba's cache goes to (``NUMBA_CACHE_DIR`` where it is set)."""
    if named := os.environ.get("NUMBA_CACHE_DIR"):
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dadkhah" / "numba"


# Numba reads its configuration once, at import; its cache locator reads CACHE_DIR each
# time a function with cache=True is decorated, so setting it here, before the kernels'
# decorators run, is enough.
_config: Any = numba.config  # set by Numba from its environment at import: untyped
if not _config.CACHE_DIR:
    _config.CACHE_DIR = str(cache_folder())
