"""The recalibration shipped with the person model, fitted on the panel's tuning part.

Written by `python bench/bench_linkage_panel.py --fit` (do not edit by hand):
pool-adjacent-violators (`dadkhah.core.linkage.calibration.fit_isotonic`)
on the pairs the person model scores, with its own corrections but no
recalibration, on the tuning part of the panel. See
docs/methodology/linkage.md, "Calibration".
"""

from __future__ import annotations

from dadkhah.core.linkage.calibration import Recalibration

__all__ = ["RECALIBRATION"]

RECALIBRATION = Recalibration(
    x=(
        0.000000,
        0.001072,
        0.001596,
        0.002216,
        0.002588,
        0.003241,
        0.004807,
        0.007064,
        0.007770,
        0.010990,
        0.015048,
        0.017341,
        0.020353,
        0.029549,
        0.044078,
        0.057502,
        0.078632,
        0.116873,
        0.178254,
        0.251231,
        0.348150,
        0.463571,
        0.554570,
        0.651556,
        0.729041,
        0.776321,
        0.872637,
        0.944288,
        0.962489,
        0.979827,
        0.993147,
        0.997403,
        0.999082,
        0.999518,
        0.999779,
        0.999951,
        1.000000,
    ),
    y=(
        0.000000,
        0.002500,
        0.004286,
        0.005000,
        0.008333,
        0.011667,
        0.014444,
        0.017500,
        0.030000,
        0.040000,
        0.040000,
        0.060000,
        0.095000,
        0.102500,
        0.115000,
        0.170000,
        0.275000,
        0.355000,
        0.470000,
        0.655000,
        0.755000,
        0.815000,
        0.905000,
        0.922500,
        0.925000,
        0.965000,
        0.968333,
        0.987500,
        0.990000,
        0.993333,
        0.997500,
        0.998750,
        1.000000,
        1.000000,
        1.000000,
        1.000000,
        1.000000,
    ),
    fitted_on="synthetic 3,000 + listgen 2,500 seed 7 latent",
)
