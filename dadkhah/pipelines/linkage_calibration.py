"""Calibrated pair probabilities: the prior re-estimated from the scored pairs, then the recalibration.

Where calibrated pair probabilities live: a linkage run's `pairs` table
(`LinkResult.pairs`) has `probability`, the calibrated match probability,
and `model_probability`, the Fellegi-Sunter model's own; the case stores
the calibrated one (table ``linkage_pairscore``, column ``probability``)
for every pair whose calibrated probability is at least the settings'
`store_min` (0.05 by default): that is the stored band, from which the
review queue (review_low to review_high) and the sampling of plausible
linkages read. A full run scores pairs down to a model probability of
`PREDICT_FLOOR` so that the prior can be re-estimated over them and so
that pairs the recalibration lifts above `store_min` are kept; an
incremental run scores down to the model probability that calibrates to
`store_min`. See docs/methodology/linkage.md, "Calibration".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from dadkhah.core.linkage.calibration import Recalibration
from dadkhah.core.linkage.corrections import prior_fixed_point

__all__ = ["PREDICT_FLOOR", "calibrated_pairs", "raw_floor", "recalibration_of", "refit_prior"]


def recalibration_of(model: Mapping[str, Any]) -> Recalibration | None:
    data = model.get("recalibration")
    return None if data is None else Recalibration.from_dict(data)


def raw_floor(model: Mapping[str, Any], store_min: float) -> float:
    """The model probability whose calibrated value is `store_min` (what to score down to)."""
    recalibration = recalibration_of(model)
    if recalibration is None:
        return store_min
    return max(min(recalibration.inverse(store_min), store_min), 1e-6)


def calibrated_pairs(pairs: pa.Table, model: Mapping[str, Any], store_min: float) -> pa.Table:
    """The pairs with calibrated probabilities, those at or above `store_min`.

    `probability` becomes the calibrated probability (what is stored, shown,
    thresholded and sampled); the model's own is kept as `model_probability`.
    """
    import numpy as np

    raw = pairs.column("probability").to_numpy(zero_copy_only=False)
    recalibration = recalibration_of(model)
    calibrated = raw if recalibration is None else np.interp(raw, recalibration.x, recalibration.y)
    pairs = pairs.set_column(
        pairs.schema.get_field_index("probability"),
        "probability",
        pa.array(calibrated, pa.float64()),
    ).append_column("model_probability", pa.array(raw, pa.float64()))
    return pairs.filter(pc.greater_equal(pairs.column("probability"), store_min))


# A full run scores pairs down to this probability so that the prior can be
# re-estimated from them (`_refit_prior`) before the store band is applied.
PREDICT_FLOOR = 0.001


def refit_prior(pairs: pa.Table, model: dict[str, Any], records: int) -> pa.Table:
    """Re-estimate the share of matches λ from the scored pairs; rescore them with it.

    See `dadkhah.core.linkage.corrections.prior_fixed_point`. The model's
    saved prior becomes the re-estimated one, so that a later incremental
    run scores with it too.
    """
    splink_model = model["splink"]
    old = float(splink_model["probability_two_random_records_match"])
    old_w = math.log2(old / (1.0 - old))
    bayes = pc.subtract(pc.cast(pairs.column("weight"), pa.float64()), old_w)
    total = records * (records - 1) / 2
    new = prior_fixed_point(bayes.to_numpy(zero_copy_only=False), total, old)
    if new == old:
        return pairs
    splink_model["probability_two_random_records_match"] = new
    model["training_notes"] = [
        *model.get("training_notes", []),
        f"prior re-estimated from the scored pairs: {old:.3g} → {new:.3g}",
    ]
    weight = pc.add(bayes, math.log2(new / (1.0 - new)))
    # From Splink's float64 probability, not the float32 weight: the odds times
    # the ratio of the new prior odds to the old, so that a later run scoring
    # with the saved prior gives the same probabilities to ~1e-12.
    ratio = (new / (1.0 - new)) / (old / (1.0 - old))
    p = pc.cast(pairs.column("probability"), pa.float64())
    probability = pc.divide(
        pc.multiply(p, ratio), pc.add(pc.multiply(p, ratio), pc.subtract(1.0, p))
    )
    pairs = pairs.set_column(
        pairs.schema.get_field_index("weight"), "weight", pc.cast(weight, pa.float32())
    )
    return pairs.set_column(pairs.schema.get_field_index("probability"), "probability", probability)
