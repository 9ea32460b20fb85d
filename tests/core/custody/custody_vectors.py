"""Where the shared test vectors live (the `shared` folder beside the checkout)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHARED_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
MERKLE = SHARED_DATA / "merkle"
RFC3161 = SHARED_DATA / "rfc3161"
MISSING = "shared test vectors (../shared/data) are absent in this checkout"


def load(path: Path) -> Any:
    """The parsed JSON at ``path``, or None when the shared data is absent."""
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
