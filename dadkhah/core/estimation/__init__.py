"""Multiple systems estimation: how many victims no list recorded, with honest uncertainty.

Two methods, run side by side: LCMCR, the Bayesian latent-class model of
Manrique-Vallier (2016), and log-linear models chosen by AIC or BIC with
profile-likelihood intervals. Estimates are made per stratum and combined
draw by draw. See docs/methodology/estimation.md.

Typical use::

    table = read_counts_csv(Path("kosovo.csv"))
    result = estimate_table(table, lcmcr=LcmcrSettings(seed=1))
    print(result.to_json())
"""

from dadkhah.core.estimation.estimate import check_estimable, estimate_table
from dadkhah.core.estimation.lcmcr import LcmcrSettings
from dadkhah.core.estimation.loglinear import LoglinearSettings
from dadkhah.core.estimation.result import (
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
    "LCMCR",
    "LOGLINEAR",
    "METHODS",
    "CountsTable",
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
