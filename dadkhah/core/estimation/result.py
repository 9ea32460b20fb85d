"""Estimation results: numbers that always travel with their interval, warnings and settings.

A result serialises to JSON with everything a report needs to cite it: the
input's digest, every setting (seed included), the diagnostics and the
warnings. Draws stay in memory for plots and totals; they are not serialised.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

LCMCR = "lcmcr"
LOGLINEAR = "loglinear"
DGA = "dga"
#: Every method, in the order results are shown ("all").
METHODS = (LCMCR, LOGLINEAR, DGA)
#: The methods run when none is named ("both", the default since the first release).
DEFAULT_METHODS = (LCMCR, LOGLINEAR)


@dataclass(frozen=True)
class EstimateWarning:
    """Something the reader of an estimate must know: a code and a sentence."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """As JSON values."""
        return {"code": self.code, "message": self.message}


@dataclass
class MethodResult:
    """One method's estimate of the total, or why there is none.

    Attributes:
        method: "lcmcr", "loglinear" or "dga".
        estimate: posterior median (LCMCR, dga) or maximum-likelihood estimate
            (log-linear) of the total N; None when the method did not run.
        lower, upper: the 95% interval (credible or profile likelihood);
            ``upper`` is inf when the data do not bound it.
        warnings: what limits the number.
        details: method-specific diagnostics (chains, R-hat, ESS, model …).
        draws: LCMCR's (chains, samples) draws of N, or a Monte Carlo sample
            for log-linear totals; not serialised.
        linkage_share: When pooled over plausible linkages, the share of the
            interval's width (as variance) that linkage uncertainty makes;
            None when linkage was taken as given.
        at_point: When pooled, the result at the registry's own linkage (its
            chains are the convergence check); not serialised.
    """

    method: str
    estimate: float | None
    lower: float | None
    upper: float | None
    warnings: list[EstimateWarning] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    draws: NDArray[np.int64] | NDArray[np.float64] | None = field(default=None, repr=False)
    linkage_share: float | None = None
    at_point: MethodResult | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """Whether there is a number."""
        return self.estimate is not None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: method, estimate, lower, upper, method fields, warnings."""
        out: dict[str, Any] = {
            "method": self.method,
            "estimate": _people(self.estimate),
            "lower": _people(self.lower),
            "upper": _people(self.upper),
        }
        if self.method == LCMCR:
            for key in ("chains", "rhat", "ess"):
                out[key] = _clean(self.details.get(key))
        elif self.method == LOGLINEAR:
            out["model"] = self.details.get("model")
        elif self.method == DGA:
            out["top_graph"] = self.details.get("top_graph")
        out["linkage_share"] = _clean(self.linkage_share)
        out["warnings"] = [w.message for w in self.warnings]
        out["warning_codes"] = [w.code for w in self.warnings]
        out["details"] = _clean(self.details)
        return out


@dataclass
class TableEstimate:
    """Every method's estimate for one table (one stratum, or the whole)."""

    documented: int
    lists: tuple[str, ...]
    table_sha256: str
    results: list[MethodResult]
    warnings: list[EstimateWarning]
    settings: dict[str, Any]
    stratum: str | None = None
    computed_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    linkage: LinkageSummary | None = None
    #: Plain-language sentences comparing the methods (``compare.reading``).
    comparison: list[str] = field(default_factory=list)

    def result(self, method: str) -> MethodResult | None:
        """The result of ``method``, if it was asked for."""
        for r in self.results:
            if r.method == method:
                return r
        return None

    def all_warnings(self) -> list[EstimateWarning]:
        """Table warnings, then each method's."""
        return [*self.warnings, *(w for r in self.results for w in r.warnings)]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``dadkhah estimate-table --json``."""
        out: dict[str, Any] = {"documented": self.documented}
        if self.stratum is not None:
            out = {"stratum": self.stratum, **out}
        out["results"] = [r.to_dict() for r in self.results]
        out["warnings"] = [w.message for w in self.warnings]
        out["warning_codes"] = [w.code for w in self.warnings]
        out["comparison"] = list(self.comparison)
        out["lists"] = list(self.lists)
        out["table_sha256"] = self.table_sha256
        out["settings"] = _clean(self.settings)
        out["computed_at"] = self.computed_at
        if self.stratum is None:
            out.update(_linkage_keys(self.linkage))
        return out

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict`` as JSON text (finite numbers only; inf becomes null)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)


@dataclass
class StratumFailure:
    """A stratum that could not be estimated, and why."""

    stratum: str
    documented: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """As JSON values."""
        return {"stratum": self.stratum, "documented": self.documented, "error": self.reason}


@dataclass
class StratifiedResult:
    """Estimates per stratum and their totals, combined draw by draw."""

    strata: list[TableEstimate]
    failures: list[StratumFailure]
    totals: list[MethodResult]
    warnings: list[EstimateWarning]
    settings: dict[str, Any]
    computed_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    linkage: LinkageSummary | None = None
    comparison: list[str] = field(default_factory=list)

    @property
    def documented(self) -> int:
        """People documented in every stratum together."""
        return sum(s.documented for s in self.strata) + sum(f.documented for f in self.failures)

    def total(self, method: str) -> MethodResult | None:
        """The combined result of ``method``."""
        for r in self.totals:
            if r.method == method:
                return r
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON: the totals in the shape of a single table, then each stratum."""
        return {
            "documented": self.documented,
            "results": [r.to_dict() for r in self.totals],
            "warnings": [w.message for w in self.warnings],
            "warning_codes": [w.code for w in self.warnings],
            "comparison": list(self.comparison),
            "strata": [s.to_dict() for s in self.strata],
            "failed_strata": [f.to_dict() for f in self.failures],
            "settings": _clean(self.settings),
            "computed_at": self.computed_at,
            **_linkage_keys(self.linkage),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict`` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)


@dataclass
class LinkageSummary:
    """What linkage uncertainty does to a run's counts.

    Attributes:
        samples: Plausible linkages drawn (0: the registry's linkage taken as given).
        documented_interval: 2.5% and 97.5% points of the documented count
            (persons on the lists used) over the samples.
        registry_interval: The same for every person in the registry (all lists).
        registry_persons: Persons in the registry at its own linkage.
        seed: Seed of the linkage samples.
        sensitivity: The documented count and estimates at several link
            thresholds (``SensitivityRow.to_dict`` rows).
    """

    samples: int
    documented_interval: tuple[int, int] | None = None
    registry_interval: tuple[int, int] | None = None
    registry_persons: int | None = None
    seed: int | None = None
    sensitivity: list[dict[str, Any]] = field(default_factory=list)


def _linkage_keys(linkage: LinkageSummary | None) -> dict[str, Any]:
    """The JSON keys on linkage uncertainty, beside a result's others."""
    if linkage is None:
        return {"documented_interval": None, "linkage_samples": 0}
    return {
        "documented_interval": list(linkage.documented_interval)
        if linkage.documented_interval is not None
        else None,
        "linkage_samples": linkage.samples,
        "registry": {
            "persons": linkage.registry_persons,
            "interval": list(linkage.registry_interval)
            if linkage.registry_interval is not None
            else None,
        },
        "linkage_seed": linkage.seed,
        "sensitivity": _clean(linkage.sensitivity),
    }


def _people(value: float | None) -> int | None:
    """A count of people as a whole number; None for missing or unbounded."""
    if value is None or not math.isfinite(value):
        return None
    return round(value)


def _clean(value: Any) -> Any:
    """JSON-safe copy: NumPy scalars to Python, non-finite floats to None."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
