"""Multiple systems estimation: how many victims no list recorded, with honest uncertainty.

Three methods, run side by side: LCMCR, the Bayesian latent-class model of
Manrique-Vallier (2016); log-linear models chosen by AIC or BIC with
profile-likelihood intervals; and dga, Bayesian model averaging over
decomposable graphical models (Madigan & York 1997), for 3 to 5 lists. Estimates are made per stratum and combined
draw by draw. See docs/methodology/estimation.md.

Typical use::

    table = read_counts_csv(Path("kosovo.csv"))
    result = estimate_table(table, lcmcr=LcmcrSettings(seed=1))
    print(result.to_json())
"""

from dadkhah.core.estimation.dga import DgaSettings
from dadkhah.core.estimation.estimate import check_estimable, estimate_table
from dadkhah.core.estimation.lcmcr import LcmcrSettings
from dadkhah.core.estimation.loglinear import LoglinearSettings
from dadkhah.core.estimation.result import (
    DEFAULT_METHODS,
    DGA,
    LCMCR,
    LOGLINEAR,
    METHODS,
    EstimateWarning,
    MethodResult,
    StratifiedResult,
    StratumFailure,
    TableEstimate,
)
from dadkhah.core.estimation.strata import estimate_strata
from dadkhah.core.estimation.table import (
    CountsTable,
    EstimationInputError,
    counts_csv_has_strata,
    read_counts_csv,
    read_stratified_counts_csv,
    tables_by_stratum,
)

__all__ = [
    "DEFAULT_METHODS",
    "DGA",
    "LCMCR",
    "LOGLINEAR",
    "METHODS",
    "CountsTable",
    "DgaSettings",
    "EstimateWarning",
    "EstimationInputError",
    "LcmcrSettings",
    "LoglinearSettings",
    "MethodResult",
    "StratifiedResult",
    "StratumFailure",
    "TableEstimate",
    "check_estimable",
    "counts_csv_has_strata",
    "estimate_strata",
    "estimate_table",
    "read_counts_csv",
    "read_stratified_counts_csv",
    "tables_by_stratum",
]
