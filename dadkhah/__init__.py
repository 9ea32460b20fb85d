"""dadkhah: an evidence and accountability platform for investigations of mass atrocities."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "open_case"]


def __getattr__(name: str) -> Any:
    # `open_case` loads on first use (PEP 562), so that `import dadkhah` and
    # `dadkhah --help` stay light (tests/cli/test_startup.py).
    if name == "open_case":
        from dadkhah.api import open_case

        return open_case
    raise AttributeError(f"module 'dadkhah' has no attribute {name!r}")
