"""The synthetic case generator: a fictional, deterministic case with its ground truth.

Used by the demo, the tests and the benchmarks (docs/methodology/synthetic-case.md).
"""

from __future__ import annotations

from dadkhah.core.synth.case import MODES, SynthParams, generate_case
from dadkhah.core.synth.lists import CAPTURE_MODES
from dadkhah.core.synth.population import PopulationParams

__all__ = ["CAPTURE_MODES", "MODES", "PopulationParams", "SynthParams", "generate_case"]
