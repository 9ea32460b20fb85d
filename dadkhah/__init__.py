"""dadkhah: an evidence and accountability platform for investigations of mass atrocities."""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "open_case"]


def __getattr__(name: str) -> Any:
    # `open_case` loads on first use (PEP 562), so that `import dadkhah` and
    # `dadkhah --help` stay light (tests/cli/test_startup.py). Imported by name so
    # that type-checking `core` and `pipelines` does not follow it into the web app.
    if name == "open_case":
        return importlib.import_module("dadkhah.api").open_case
    raise AttributeError(f"module 'dadkhah' has no attribute {name!r}")
