"""Estimate pages: stored runs with every number's interval and warnings, and their plots.

A number is never shown without its 95% interval and its warnings
(docs/methodology/estimation.md): a method result without an interval is
shown as "no interval", not as a bare number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import capability_required
from dadkhah.web.accounts.roles import VIEW_ESTIMATES
from dadkhah.web.estimates.access import access_estimate_run
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.people.totals import TOTALS

RUNS_LISTED = 50
PLOT_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}
#: A plot is an image, never a document: no script, nothing from elsewhere. Matplotlib's
#: SVG carries an inline <style>, which its rendering needs.
PLOT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@dataclass
class MethodRow:
    """One method's result as the page shows it."""

    method: str
    estimate: int | None
    lower: int | None
    upper: int | None
    warnings: list[str]
    diagnostics: list[tuple[str, str]]
    linkage_share: int | None = None
    at_point: tuple[int | None, int | None, int | None] | None = None

    @property
    def shown(self) -> bool:
        """A number is shown only together with (at least the lower end of) its interval."""
        return self.estimate is not None and self.lower is not None


@dataclass
class TableView:
    stratum: str | None
    documented: int | None
    methods: list[MethodRow]
    warnings: list[str]
    lists: list[str] = field(default_factory=list)
    error: str = ""
    #: The plain-language reading of the methods side by side (English, as the warnings).
    comparison: list[str] = field(default_factory=list)
    #: Whether two methods' intervals do not overlap (the "methods-disagree" warning).
    disagree: bool = False


def _number(value: Any) -> int | None:
    return round(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _percent(value: Any) -> int | None:
    """A share in [0, 1] as a whole percentage, or None."""
    number = _number(value * 100) if isinstance(value, int | float) else None
    return number


def _at_point(row: dict[str, Any]) -> tuple[int | None, int | None, int | None] | None:
    """(estimate, lower, upper) at the registry's own linkage, when the result was pooled."""
    point = (row.get("details") or {}).get("at_point_linkage")
    if not isinstance(point, dict):
        return None
    return _number(point.get("estimate")), _number(point.get("lower")), _number(point.get("upper"))


@dataclass
class LinkageView:
    """What linkage uncertainty does to a stored run, as the page shows it."""

    samples: int
    documented: tuple[int, int] | None
    registry: tuple[int, int] | None
    registry_persons: int | None
    sensitivity: list[dict[str, Any]]


def _pair(value: Any) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        lo, hi = _number(value[0]), _number(value[1])
        if lo is not None and hi is not None:
            return lo, hi
    return None


def linkage_view(result: dict[str, Any]) -> LinkageView | None:
    """The documented interval, the registry's and the threshold table of a run, if sampled."""
    samples = result.get("linkage_samples")
    if not isinstance(samples, int) or samples <= 0:
        return None
    given = result.get("registry")
    registry = given if isinstance(given, dict) else {}
    rows = []
    for row in result.get("sensitivity") or []:
        if not isinstance(row, dict):
            continue
        results = row.get("results")
        found = results if isinstance(results, dict) else {}
        rows.append(
            {
                "threshold": row.get("threshold"),
                "documented": _number(row.get("documented")),
                "methods": [
                    {
                        "method": m,
                        "estimate": _number(v.get("estimate")),
                        "lower": _number(v.get("lower")),
                        "upper": _number(v.get("upper")),
                    }
                    for m, v in found.items()
                    if isinstance(v, dict)
                ],
            }
        )
    return LinkageView(
        samples=samples,
        documented=_pair(result.get("documented_interval")),
        registry=_pair(registry.get("interval")),
        registry_persons=_number(registry.get("persons")),
        sensitivity=rows,
    )


def _diagnostics(row: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    if row.get("model"):
        out.append(("model", str(row["model"])))
    if row.get("top_graph"):
        out.append(("graph", str(row["top_graph"])))
        top = ((row.get("details") or {}).get("top_graphs") or [{}])[0]
        if isinstance(top.get("weight"), float):
            out.append(("weight", f"{top['weight']:.2f}"))
    for key in ("rhat", "ess", "chains"):
        value = row.get(key)
        if isinstance(value, float):
            out.append((key, f"{value:.3g}"))
        elif value is not None:
            out.append((key, str(value)))
    return out


def method_rows(data: dict[str, Any]) -> list[MethodRow]:
    """The method results of one table (or of a stratified run's totals)."""
    return [
        MethodRow(
            method=str(r.get("method", "")),
            estimate=_number(r.get("estimate")),
            lower=_number(r.get("lower")),
            upper=_number(r.get("upper")),
            warnings=[str(w) for w in r.get("warnings", [])],
            diagnostics=_diagnostics(r),
            linkage_share=_percent(r.get("linkage_share")),
            at_point=_at_point(r),
        )
        for r in data.get("results", [])
        if isinstance(r, dict)
    ]


def table_view(data: dict[str, Any]) -> TableView:
    return TableView(
        stratum=data.get("stratum"),
        documented=_number(data.get("documented")),
        methods=method_rows(data),
        warnings=[str(w) for w in data.get("warnings", [])],
        lists=[str(x) for x in data.get("lists", [])],
        comparison=[str(x) for x in data.get("comparison", [])],
        disagree="methods-disagree" in data.get("warning_codes", []),
    )


@dataclass
class Figure:
    name: str
    shown: str
    other: list[str]


def figures(run: EstimateRun) -> list[Figure]:
    """The run's plots, one per figure: the PNG shown (else the SVG), the other formats linked."""
    by_stem: dict[str, list[str]] = {}
    for entry in run.plots or []:
        path = Path(str(entry))
        if path.suffix.lower() in PLOT_TYPES:
            by_stem.setdefault(path.stem, []).append(path.name)
    out = []
    for stem, names in by_stem.items():
        names.sort(key=lambda n: (not n.lower().endswith(".png"), n))
        out.append(Figure(stem, names[0], names[1:]))
    return out


def _context(run: EstimateRun) -> dict[str, Any]:
    result = run.result if isinstance(run.result, dict) else {}
    total = table_view(result)
    strata = [table_view(s) for s in result.get("strata", []) if isinstance(s, dict)]
    failed = [
        TableView(
            stratum=str(f.get("stratum", "")),
            documented=_number(f.get("documented")),
            methods=[],
            warnings=[],
            error=str(f.get("error", "")),
        )
        for f in result.get("failed_strata", [])
        if isinstance(f, dict)
    ]
    return {
        "run": run,
        "total": total,
        "strata": strata + failed,
        "figures": figures(run),
        "linkage": linkage_view(result),
        "settings_shown": result.get("settings", run.settings),
        "runs": EstimateRun.objects.order_by("-created_at", "-id")[:RUNS_LISTED],
        "documented": TOTALS["documented"],
    }


@require_GET
@capability_required(VIEW_ESTIMATES)
def estimate_list(request: HttpRequest) -> HttpResponse:
    run = EstimateRun.objects.order_by("-created_at", "-id").first()
    context = _context(run) if run is not None else {"run": None, "runs": []}
    return render(request, "estimates/run.html", context)


@require_GET
@capability_required(VIEW_ESTIMATES)
def estimate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_estimate_run(user=request.user, id=pk)
    return render(request, "estimates/run.html", _context(run))


def plot_path(run: EstimateRun, name: str) -> Path:
    """The file of the run's plot called ``name``, if it is listed and lies in the case folder.

    Raises:
        Http404: the same for a name not listed in ``run.plots``, a listed file
            outside the case folder (symbolic links followed), a type other than
            PNG or SVG, and a missing file.
    """
    case = getattr(settings, "CASE", None)
    if case is None:
        raise Http404("no case is open")
    root = Path(case.root).resolve()
    for entry in run.plots or []:
        listed = Path(str(entry))
        if listed.name != name or listed.suffix.lower() not in PLOT_TYPES:
            continue
        # Stored relative to the case folder (or absolute). Runs stored before that
        # fix hold a path relative to the folder the command ran in
        # ("demo-case/estimates/run-0001/posterior.png"): tried after, as the tails of
        # that path under the case folder, so that they do not depend on where the
        # server runs, and last relative to the working folder.
        if listed.is_absolute():
            tries = [listed]
        else:
            parts = listed.parts
            tries = [root / Path(*parts[i:]) for i in range(len(parts))] + [Path.cwd() / listed]
        for candidate in tries:
            resolved = candidate.resolve()
            if resolved.is_relative_to(root) and resolved.is_file():
                return resolved
    raise Http404("no such plot")


@require_GET
@capability_required(VIEW_ESTIMATES)
def estimate_plot(request: HttpRequest, pk: int, name: str) -> FileResponse:
    run = access_estimate_run(user=request.user, id=pk)
    path = plot_path(run, name)
    response = FileResponse(path.open("rb"), content_type=PLOT_TYPES[path.suffix.lower()])
    response["Content-Security-Policy"] = PLOT_POLICY
    response["Cache-Control"] = "private, max-age=3600"
    return response
