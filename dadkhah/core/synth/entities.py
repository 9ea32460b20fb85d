"""Placeholder: entities are written in a later step."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dadkhah.core.synth.population import Population
from dadkhah.core.synth.truth import ListTruth


def write_entities(out: Path, pop: Population, truths: Sequence[ListTruth], seed: int) -> None:
    """Write DIR/entities and DIR/evidence (not yet)."""
    (out / "entities").mkdir()
