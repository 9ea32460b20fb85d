"""`dadkhah estimate-table` and `estimate`: estimate the unrecorded, from a table or the case."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dadkhah.cli.context import require_case
from dadkhah.core.errors import DadkhahError

# The estimation engines (NumPy, SciPy, statsmodels, Numba) load only when a command
# estimates: `dadkhah --help` and every other command start without them.
if TYPE_CHECKING:
    from dadkhah.core.estimation import (
        DgaSettings,
        LcmcrSettings,
        LoglinearSettings,
        MethodResult,
        StratifiedResult,
        TableEstimate,
    )
    from dadkhah.core.estimation.lcmcr import Progress

_LABELS = {"lcmcr": "LCMCR", "loglinear": "log-linear", "dga": "dga"}


@contextmanager
def _progress_bar(
    enabled: bool, *, unit: str = "sweep", desc: str = "LCMCR", position: int = 0
) -> Iterator[Progress | None]:
    """A tqdm bar with ETA on stderr, or nothing when stderr is not a terminal."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(
        total=1,
        unit=unit,
        unit_scale=unit == "sweep",
        file=sys.stderr,
        desc=desc,
        leave=False,
        position=position,
    )

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if value == float("inf"):
        return "no upper bound"
    return f"{value:,.0f}"


def _method_lines(result: MethodResult) -> list[str]:
    label = _LABELS.get(result.method, result.method)
    if result.estimate is None:
        lines = [f"  {label:<11} no estimate"]
    else:
        line = (
            f"  {label:<11} {_number(result.estimate):>9}   95% interval "
            f"{_number(result.lower)} – {_number(result.upper)}"
        )
        d = result.details
        if result.method == "lcmcr" and "rhat" in d:
            line += f"   ({d['chains']} chains, R-hat {d['rhat']:.3f}, ESS {d['ess']:,.0f})"
        elif result.method == "loglinear" and "model" in d:
            line += f"   (model: {d['model']})"
        elif result.method == "dga" and "top_graphs" in d:
            best = d["top_graphs"][0]
            line += f"   (best graph {best['graph']}, weight {best['weight']:.2f})"
        lines = [line]
    if result.linkage_share is not None and result.estimate is not None:
        point = result.details.get("at_point_linkage", {})
        lines.append(
            f"      linkage: {result.linkage_share:.0%} of the width (as variance); at the "
            f"registry's own linkage {_number(point.get('estimate'))} "
            f"[{_number(point.get('lower'))} – {_number(point.get('upper'))}]"
        )
    lines += [f"      ! {w.message}" for w in result.warnings]
    lines += _sensitivity_lines(result.details.get("sensitivity"))
    return lines


def _sensitivity_lines(rows: list[dict[str, Any]] | None) -> list[str]:
    """LCMCR's estimate at other K and alpha priors (short runs), one line each."""
    if not rows:
        return []
    lines = ["      sensitivity (short runs):  K   alpha prior (mean)   estimate   95% interval"]
    for r in rows:
        mark = "  <- this run's K and prior" if r["varied"] == "run" else ""
        lines.append(
            f"      {'':<26}{r['K']:>2}   Gamma({r['a_alpha']:g}, {r['b_alpha']:g}) "
            f"({r['prior_mean_alpha']:g})   {_number(r['estimate']):>8}   "
            f"{_number(r['lower'])} – {_number(r['upper'])}{mark}"
        )
    return lines


def _table_lines(result: TableEstimate, title: str) -> list[str]:
    lines = [
        f"{title}: {result.documented:,} documented on {len(result.lists)} lists "
        f"({', '.join(result.lists)})"
    ]
    for r in result.results:
        lines += _method_lines(r)
    lines += [f"  ! {w.message}" for w in result.warnings]
    lines += _comparison_lines(result.comparison)
    return lines


def _comparison_lines(sentences: list[str]) -> list[str]:
    """The plain-language reading of the methods side by side, when two or more gave a number."""
    if not sentences:
        return []
    return ["  Reading the methods together:", *(f"    - {s}" for s in sentences)]


def _report(result: TableEstimate | StratifiedResult, name: str, seed: int | None) -> str:
    from dadkhah.core.estimation import TableEstimate

    if isinstance(result, TableEstimate):
        lines = _table_lines(result, name)
    else:
        lines = []
        for s in result.strata:
            lines += [*_table_lines(s, f"{name} — stratum {s.stratum}"), ""]
        for f in result.failures:
            lines += [
                f"{name} — stratum {f.stratum}: {f.documented:,} documented; not "
                f"estimated: {f.reason}",
                "",
            ]
        lines.append(f"{name} — total over strata: {result.documented:,} documented")
        for r in result.totals:
            lines += _method_lines(r)
        lines += [f"  ! {w.message}" for w in result.warnings]
        lines += _comparison_lines(result.comparison)
    lines += _linkage_lines(result)
    if seed is not None:
        lines += ["", f"Seed {seed} (pass --seed {seed} to reproduce these draws)."]
    return "\n".join(lines)


def estimation_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options both estimate commands share: methods, LCMCR, log-linear and dga settings."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


_OPTIONS = [
    click.option(
        "--method",
        type=click.Choice(["lcmcr", "loglinear", "dga", "both", "all"]),
        default="both",
        show_default=True,
        help="LCMCR (latent classes), log-linear models, dga (averaging over dependence "
        "graphs, 3-5 lists), both (LCMCR and log-linear), or all: every method that fits the "
        "table, compared side by side.",
    ),
    click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout."),
    click.option(
        "--iterations",
        type=click.IntRange(min=10),
        default=100_000,
        show_default=True,
        help="LCMCR sweeps kept per chain after burn-in (before thinning).",
    ),
    click.option(
        "--burn-in",
        type=click.IntRange(min=0),
        default=10_000,
        show_default=True,
        help="LCMCR sweeps discarded at the start of each chain.",
    ),
    click.option(
        "--thinning",
        type=click.IntRange(min=1),
        default=100,
        show_default=True,
        help="Keep one LCMCR sweep in this many.",
    ),
    click.option(
        "-K",
        "--classes",
        "K",
        type=click.IntRange(min=2),
        default=10,
        show_default=True,
        help="Most latent classes (truncation of the Dirichlet process).",
    ),
    click.option(
        "--chains",
        type=click.IntRange(min=1),
        default=4,
        show_default=True,
        help="LCMCR chains, from dispersed starting points.",
    ),
    click.option(
        "--seed", type=click.IntRange(min=0), help="Seed of the run (default: random, printed)."
    ),
    click.option(
        "--a-alpha",
        type=click.FloatRange(min=0, min_open=True),
        default=0.25,
        show_default=True,
        help="Shape of the Gamma prior of alpha.",
    ),
    click.option(
        "--b-alpha",
        type=click.FloatRange(min=0, min_open=True),
        default=0.25,
        show_default=True,
        help="Rate of the Gamma prior of alpha.",
    ),
    click.option(
        "--workers", type=click.IntRange(min=1), help="Processes for chains (default: every core)."
    ),
    click.option(
        "--sampler",
        type=click.Choice(["gibbs", "tempered", "split-merge"]),
        default="gibbs",
        show_default=True,
        help="LCMCR's plain Gibbs sweep, replica exchange over tempered targets, or the "
        "Gibbs sweep with split–merge moves of whole classes.",
    ),
    click.option(
        "--start",
        type=click.Choice(["uniform", "lists"]),
        default="uniform",
        show_default=True,
        help="Where LCMCR chains start: capture chances uniform on (0, 1), or near each "
        "list's share of the documented.",
    ),
    click.option(
        "--sensitivity",
        is_flag=True,
        help="Also run LCMCR briefly at other K and alpha priors, and show how the estimate moves.",
    ),
    click.option(
        "--criterion",
        type=click.Choice(["aic", "bic"]),
        default="aic",
        show_default=True,
        help="How the log-linear model is chosen.",
    ),
    click.option(
        "--dga-delta",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="dga's prior: people in each cell of the hyper-Dirichlet (default 1/2^lists, "
        "as the dga package).",
    ),
]


def settings_from_options(
    *,
    method: str,
    iterations: int,
    burn_in: int,
    thinning: int,
    K: int,
    chains: int,
    seed: int | None,
    a_alpha: float,
    b_alpha: float,
    workers: int | None,
    criterion: str,
    dga_delta: float | None = None,
    sampler: str = "gibbs",
    start: str = "uniform",
    sensitivity: bool = False,
    **_rest: Any,
) -> tuple[list[str], LcmcrSettings, LoglinearSettings, DgaSettings]:
    """The methods and validated settings the shared options ask for."""
    from dadkhah.core.estimation import (
        DEFAULT_METHODS,
        METHODS,
        DgaSettings,
        LcmcrSettings,
        LoglinearSettings,
    )

    chosen = {"both": DEFAULT_METHODS, "all": METHODS}.get(method, (method,))
    methods = list(chosen)
    if iterations < 10 * thinning:
        raise click.BadParameter(
            f"keeps fewer than 10 draws per chain ({iterations} // {thinning}); raise "
            "--iterations or lower --thinning.",
            param_hint="--iterations",
        )
    lcmcr = LcmcrSettings(
        K=K,
        a_alpha=a_alpha,
        b_alpha=b_alpha,
        burn_in=burn_in,
        iterations=iterations,
        thinning=thinning,
        chains=chains,
        seed=seed,
        workers=workers,
        sampler=sampler,
        start=start,
        sensitivity=sensitivity,
    )
    loglinear = LoglinearSettings(criterion="bic" if criterion == "bic" else "aic")
    try:
        return methods, lcmcr.validated(), loglinear, DgaSettings(delta=dga_delta)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc


def show_result(
    result: TableEstimate | StratifiedResult,
    *,
    name: str,
    methods: list[str],
    lcmcr: LcmcrSettings,
    as_json: bool,
    written: list[Path],
) -> None:
    """Print the result as text (with every interval and warning) or as one JSON object."""
    if as_json:
        click.echo(result.to_json())
        return
    click.echo(_report(result, name, lcmcr.seed if "lcmcr" in methods else None))
    for path in written:
        click.echo(f"Wrote {path}")


@click.command("estimate-table")
@click.argument(
    "counts", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="COUNTS.csv"
)
@estimation_options
@click.option(
    "--plots",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the figures (PNG and SVG) into this folder.",
)
def estimate_table_command(counts: Path, plots: Path | None, **options: Any) -> None:
    """Estimate how many people no list recorded, from COUNTS.csv.

    COUNTS.csv has one 0/1 column per list, then `count`: the number of people
    with exactly that pattern of appearances. A first column `stratum` gives
    one estimate per stratum and their total. Every number comes with its 95%
    interval and its warnings.
    """
    from dadkhah.core.estimation import (
        counts_csv_has_strata,
        estimate_strata,
        estimate_table,
        read_counts_csv,
        read_stratified_counts_csv,
    )

    methods, lcmcr, loglinear, dga = settings_from_options(**options)
    show_bar = not options["as_json"] and sys.stderr.isatty()
    try:
        result: TableEstimate | StratifiedResult
        with _progress_bar(show_bar and "lcmcr" in methods) as progress:
            if counts_csv_has_strata(counts):
                result = estimate_strata(
                    read_stratified_counts_csv(counts),
                    methods=methods,
                    lcmcr=lcmcr,
                    loglinear=loglinear,
                    progress=progress,
                    dga=dga,
                )
            else:
                result = estimate_table(
                    read_counts_csv(counts),
                    methods=methods,
                    lcmcr=lcmcr,
                    loglinear=loglinear,
                    progress=progress,
                    dga=dga,
                )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    written = []
    if plots is not None:
        from dadkhah.core.estimation.plots import save_plots

        written = save_plots(result, plots)
    show_result(
        result,
        name=counts.name,
        methods=methods,
        lcmcr=lcmcr,
        as_json=options["as_json"],
        written=written,
    )


@click.command("estimate")
@click.option(
    "--by",
    type=click.Choice(["city", "prison", "affiliation", "period", "sex"]),
    help="Estimate per stratum and combine the strata for the total.",
)
@click.option(
    "--lists",
    help="Comma-separated source names to count as lists (default: the systematic lists).",
)
@estimation_options
@click.option("--no-plots", is_flag=True, help="Do not write the figures.")
@click.option(
    "--linkage-samples",
    type=click.IntRange(min=0),
    default=None,
    help="Plausible linkages to pool the estimate over (default: 50 when the case was "
    "linked); 0 takes the registry's linkage as certain.",
)
@click.option(
    "--thresholds",
    default="0.3,0.5,0.7,0.9",
    show_default=True,
    help="Comma-separated link thresholds of the sensitivity table, each in (0, 1).",
)
@click.pass_context
def estimate_command(
    ctx: click.Context,
    /,
    by: str | None,
    lists: str | None,
    no_plots: bool,
    linkage_samples: int | None,
    thresholds: str,
    **options: Any,
) -> None:
    """Estimate the total number of victims from the linked case, documented and not.

    The capture histories come from the linked persons: which of the chosen
    lists each person is on. The run is stored in the case with its settings
    (for reports to cite) and its figures are written to the case's
    estimates/ folder.

    Linkage is uncertain too: the estimate is run again on plausible
    linkages drawn from the pairs' match probabilities (every review
    decision holds in each), the draws are pooled, and the output says how
    much of the width comes from linkage. The documented count becomes an
    interval, and a table shows the numbers at several link thresholds.
    """
    case = require_case(ctx)
    from dadkhah.web.estimates.services import estimate_run

    methods, lcmcr, loglinear, dga = settings_from_options(**options)
    show_bar = not options["as_json"] and sys.stderr.isatty()
    names = [n.strip() for n in lists.split(",") if n.strip()] if lists else None
    choice = _list_choice(names)
    cuts = _thresholds(thresholds)
    try:
        with (
            _progress_bar(show_bar and "lcmcr" in methods) as progress,
            _progress_bar(show_bar, unit="linkage", desc="linkages", position=1) as sample_progress,
        ):
            run, result = estimate_run(
                by=by,
                list_names=names,
                methods=methods,
                lcmcr=lcmcr,
                loglinear=loglinear,
                dga=dga,
                progress=progress,
                plots_dir=None if no_plots else case.root / "estimates",
                actor="cli",
                linkage_samples=linkage_samples,
                thresholds=cuts,
                sample_progress=sample_progress,
            )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    if options["as_json"]:  # the lists and why, beside the result's keys
        data = json.loads(result.to_json())
        data["lists"] = choice.as_json()
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for line in [*choice.lines(), ""]:
        click.echo(line)
    show_result(
        result,
        name=f"estimate {run.pk} ({', '.join(run.lists)})",
        methods=methods,
        lcmcr=lcmcr,
        as_json=options["as_json"],
        written=[case.root / p for p in run.plots],
    )


def _thresholds(text: str) -> list[float]:
    """The --thresholds list, each a number strictly between 0 and 1."""
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            value = float(part)
        except ValueError:
            value = float("nan")
        if not 0 < value < 1:
            raise click.BadParameter(
                f"{part!r} is not a threshold: each must be a match probability strictly "
                "between 0 and 1 (at 0 every scored pair links, at 1 none), e.g. 0.3,0.5,0.7,0.9.",
                param_hint="--thresholds",
            )
        out.append(value)
    return out


def _linkage_lines(result: TableEstimate | StratifiedResult) -> list[str]:
    """The documented interval and the sensitivity table, when linkages were sampled."""
    linkage = result.linkage
    if linkage is None or linkage.samples == 0:
        return []
    lines = [""]
    if linkage.documented_interval is not None:
        lo, hi = linkage.documented_interval
        lines.append(
            f"Documented: {result.documented:,} at the registry's linkage; {lo:,} – {hi:,} "
            f"over {linkage.samples} plausible linkages (95%)."
        )
    if linkage.registry_interval is not None and linkage.registry_persons is not None:
        lo, hi = linkage.registry_interval
        lines.append(
            f"Registry: {linkage.registry_persons:,} persons; {lo:,} – {hi:,} over the same "
            "linkages."
        )
    if linkage.sensitivity:
        methods = [m for m in _LABELS if any(m in r["results"] for r in linkage.sensitivity)]
        header = f"  {'threshold':>9}  {'documented':>10}" + "".join(
            f"  {_LABELS[m]:>26}" for m in methods
        )
        lines += ["", "By link threshold:", header]
        for row in linkage.sensitivity:
            cells = ""
            for m in methods:
                r = row["results"].get(m, {})
                if r.get("estimate") is None:
                    cells += f"  {'—':>26}"
                else:
                    cells += "  " + (
                        f"{_number(r['estimate'])} [{_number(r['lower'])}–{_number(r['upper'])}]"
                    ).rjust(26)
            lines.append(f"  {row['threshold']:>9g}  {row['documented']:>10,}" + cells)
    return lines


def _list_choice(names: list[str] | None) -> Any:
    """Which lists the estimate counts and why; a refusal (duplicate-free breach) ends here."""
    from dadkhah.web.estimates.lists import choose_lists

    try:
        return choose_lists(names)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc


def register(group: click.Group) -> None:
    """Add the estimation commands to the `dadkhah` group."""
    group.add_command(estimate_table_command)
    group.add_command(estimate_command)
