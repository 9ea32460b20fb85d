"""`dadkhah synth`: write a fictional case with its ground truth (docs/methodology/synthetic-case.md)."""

from __future__ import annotations

from pathlib import Path

import click

from dadkhah.core.errors import DadkhahError
from dadkhah.core.synth import CAPTURE_MODES, MODES, SynthParams, generate_case
from dadkhah.core.synth.catalogue import NAME_STOCKS
from dadkhah.core.synth.population import PopulationParams


@click.command("synth")
@click.option(
    "--persons", type=int, default=3000, show_default=True, help="True total number of victims."
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Seed: the same seed gives the same files.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="A new or empty folder (or one holding an earlier synthetic case, which is replaced).",
)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="full",
    show_default=True,
    help="full: every list in its format, entities, evidence; csv: the lists as CSV and the truth; "
    "bulk: one CSV list with every victim once (for import benchmarks) and the truth.",
)
@click.option(
    "--coverage-shift",
    type=float,
    default=-0.3,
    show_default=True,
    help="Added to every list's capture logit: lower leaves more victims on no list.",
)
@click.option(
    "--name-stock",
    type=click.Choice(NAME_STOCKS),
    default="standard",
    show_default=True,
    help="Family names: standard (439, many namesakes: the demo's) or large (some 28,000 more, "
    "for hundreds of thousands of persons).",
)
@click.option(
    "--capture",
    type=click.Choice(CAPTURE_MODES),
    default="logistic",
    show_default=True,
    help="logistic: city, group and visibility effects (a stress test no estimator recovers); "
    "latent-classes: a few latent classes, lists independent given the class (LCMCR's model, "
    "so the truth can be reached).",
)
def synth_command(
    persons: int,
    seed: int,
    out: Path,
    mode: str,
    coverage_shift: float,
    name_stock: str,
    capture: str,
) -> None:
    """Write a complete synthetic (fictional) case into OUT, deterministic for a seed."""
    try:
        params = SynthParams(
            persons=persons,
            seed=seed,
            mode=mode,
            coverage_shift=coverage_shift,
            population=PopulationParams(name_stock=name_stock),
            capture=capture,
        )
        data = generate_case(out, params)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    n_lists = len(data["lists"])
    click.echo(
        f"Wrote a synthetic case to {out}: {data['true_total']} victims, {data['documented']} on "
        f"{n_lists} list{'s' if n_lists != 1 else ''} ({data['records']} records), "
        f"{data['undocumented']} on none."
    )
    click.echo(f"Ground truth: {out / 'truth'}. Every person in it is fictional.")


def register(group: click.Group) -> None:
    """Add the `synth` command to the `dadkhah` group."""
    group.add_command(synth_command)
