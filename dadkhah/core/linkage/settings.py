"""The linkage model's settings: blocking rules, comparisons, thresholds, training.

One model serves every list of a case. Records arrive as rows of the linkage
table (`dadkhah.core.linkage.schema`): cross-script name keys, Latin spellings
where the source wrote Latin, date intervals as day numbers, and gazetteer ids
for places and groups. The comparisons follow the field notes
(/shared/docs/PERSIAN-NAMES-AND-DATES.md):

* given, family and father's names: the same written form → the same
  cross-script key (term-frequency adjusted, so that a common name such as
  Mohammad or Hosseini counts for less: Splink's TF adjustment, after Winkler,
  *Using the EM algorithm for weight computation in the Fellegi-Sunter model*,
  1988) → keys one edit apart, *except* an edit that only adds a final -i
  (Mohammad is not Mohammadi) → for given names, one part of a compound shared
  (Reza for Mohammad-Reza) → Jaro-Winkler ≥ 0.9 where both sides are Latin;
* birth: the uncertain-date intervals overlap → within a year → within three;
* death and arrest: interval overlap (a month-precise pair separately) → near;
* place: the same prison, else the same city, else the same province as
  of 1988 (one comparison: a prison stands in its city), term-frequency
  adjusted (Tehran and Evin are common);
* affiliation: the same canonical group (term-frequency adjusted);
* sex, where the list gives it (a brother and a sister share family and
  father's names).

The SQL is written once in DuckDB's dialect and translated by Splink (sqlglot)
for Spark, so both backends run the same model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import splink.comparison_level_library as cll
from splink import SettingsCreator, block_on
from splink.comparison_library import CustomComparison

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.splink_api import (
    BlockingRuleCreator,
    ComparisonCreator,
    ComparisonLevelCreator,
)

__all__ = [
    "MODEL_FORMAT",
    "MODEL_VERSION",
    "PERSON_MODEL",
    "LinkageSettings",
    "ModelSpec",
    "blocking_rules",
    "comparisons",
    "splink_settings",
]

MODEL_FORMAT = "dadkhah-linkage-model"
# 2: a coarse cross-tradition key level in each name comparison, levels
# order-restricted, the prior re-estimated from the scored pairs, and the
# recalibration stored with the model ("recalibration").
MODEL_VERSION = 2


@dataclass(frozen=True)
class LinkageSettings:
    """What a user may tune; saved with every run.

    Attributes:
        threshold: Match probability at or above which a link joins two clusters
            (0.55, chosen on the tuning part of the linkage panel: the
            probabilities are calibrated, so 0.5 is the Bayes decision for a
            pair, but clustering chains links, so a link costs more than the
            one pair it decides; docs/methodology/linkage.md, "Threshold").
        review_low: Lower end of the uncertain band sent to review.
        review_high: Upper end (exclusive) of the uncertain band.
        store_min: Pairs at or above this probability are kept with their
            explanation (the rest are forgotten).
        prior_recall: Assumed recall of the deterministic rule (same given,
            family and father's key) used to estimate the prior match rate.
        u_max_pairs: Random pairs drawn to estimate the u probabilities.
        em_max_pairs: Blocked pairs drawn for each EM session.
        seed: Seed of every random draw (reproducible models).
        block_pairs_per_record: A blocking rule that would make more candidate
            pairs than this many per record (and more than `block_pairs_min`)
            is tightened with the city, then the birth year, then the date of
            death: blocks grow with the square of the case, comparisons must not.
        block_pairs_min: Below this many pairs a rule is never tightened.
        blocking: Blocking rules, each a tuple of linkage-table columns that must
            be equal (the union of the rules makes the candidate pairs).
        recalibrate: Store with a newly trained model the monotone
            recalibration fitted on the tuning part of the panel
            (`dadkhah.core.linkage.fitted.RECALIBRATION`) and report calibrated
            pair probabilities; False reports the model's own.
    """

    threshold: float = 0.55
    review_low: float = 0.2
    review_high: float = 0.9
    store_min: float = 0.05
    prior_recall: float = 0.7
    u_max_pairs: float = 2e6
    em_max_pairs: float = 1e6
    seed: int = 1988
    block_pairs_per_record: float = 10.0
    block_pairs_min: int = 2_000_000
    recalibrate: bool = True
    blocking: tuple[tuple[str, ...], ...] = field(
        default=(
            # The same given and family name, in either order: a list that
            # writes the family name first without a comma swaps the two
            # fields (`schema.order_free_keys`). Issue 10's panel: 8 true
            # pairs no rule reached before, for 11 more pairs (second
            # generator, 6,000 persons); 3 for 4 on the synthetic case.
            ("name_low", "name_high"),
            ("family_coarse", "father_coarse"),
            ("given_coarse", "father_coarse"),
            ("family_coarse", "birth_year"),
            ("given_coarse", "birth_year", "city"),
            ("family_coarse", "death_lo"),
            ("family_coarse", "province"),
            ("given_coarse", "province"),
            # One name in either field and the province: the swapped order
            # with a slip in the other name ("Simin Khalillou" / "Khalillou
            # Slmin"), where a survivors' list gives nothing else to block
            # on. 18 true pairs for 458 more pairs (6,000 persons); 3 for 5
            # at 1,000. Which of the two rules reaches a pair depends only on
            # the alphabetical order of the names, so both are kept.
            ("name_low", "province"),
            ("name_high", "province"),
            # A slip in both names (OCR: "Nasscr Baharzacleh" for Naser
            # Baharzadeh): the first letters of both, the province and the
            # day of death, which slips rarely touch. 11 true pairs for 756
            # more pairs (6,000 persons), 5 for 124 (2,500 persons).
            ("initials", "province", "death_lo"),
        )
    )

    def __post_init__(self) -> None:
        for name in ("threshold", "review_low", "review_high", "store_min", "prior_recall"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError(f"Linkage setting {name}={value} must lie between 0 and 1.")
        if not self.store_min <= self.review_low <= self.review_high:
            raise InputError(
                "Linkage settings: store_min ≤ review_low ≤ review_high is required "
                f"(got {self.store_min}, {self.review_low}, {self.review_high})."
            )
        if not self.blocking:
            raise InputError("Linkage settings: give at least one blocking rule.")

    def as_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready values."""
        data = asdict(self)
        data["blocking"] = [list(rule) for rule in self.blocking]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkageSettings:
        """Settings from `as_dict` output; unknown keys are refused."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"Unknown linkage settings: {', '.join(unknown)}.")
        values = dict(data)
        if "blocking" in values:
            values["blocking"] = tuple(tuple(rule) for rule in values["blocking"])
        return cls(**values)


_DIALECT = "duckdb"


# A rare name counts for more, but its weight is capped: a frequency estimated
# from a few lists is noisy at the rare end (Splink's tf_minimum_u_value).
TF_MIN_U = 0.001


def _level(sql: str, label: str) -> ComparisonLevelCreator:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=_DIALECT)


def _null(*columns: str) -> ComparisonLevelCreator:
    sql = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in columns)
    return _level(sql, "missing on one side").configure(is_null_level=True)


def _name_comparison(field_name: str, *, parts: bool) -> ComparisonCreator:
    key, norm, latin = f"{field_name}_key", f"{field_name}_norm", f"{field_name}_latin"
    loose, coarse = f"{field_name}_loose", f"{field_name}_coarse"
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        _null(key),
        _level(f'"{norm}_l" = "{norm}_r"', "same written name").configure(
            tf_adjustment_column=key, tf_adjustment_weight=1.0, tf_minimum_u_value=TF_MIN_U
        ),
        _level(f'"{key}_l" = "{key}_r"', "same cross-script key").configure(
            tf_adjustment_column=key, tf_adjustment_weight=1.0, tf_minimum_u_value=TF_MIN_U
        ),
        _level(f'"{loose}_l" = "{loose}_r"', "same key but for inner vowels"),
        # Another tradition's spelling of one letter (Chahrokh / Shahrokh,
        # Kadhim / Kazem, Zada / Zadeh): `dadkhah.core.names.coarse_key`.
        _level(f'"{coarse}_l" = "{coarse}_r"', "same key across spelling traditions"),
        # One edit apart, but not a name and the same name + final -i
        # (Mohammad / Mohammadi: a given name and a family name built on it),
        # and only between keys of four letters or more: short skeletons one
        # edit apart are different names (HSN Hasan / MHSN Mohsen).
        _level(
            f'levenshtein("{key}_l", "{key}_r") <= 1 '
            f'AND length("{key}_l") >= 4 AND length("{key}_r") >= 4 '
            f'AND "{key}_l" || \'I\' <> "{key}_r" AND "{key}_r" || \'I\' <> "{key}_l"',
            "keys one edit apart",
        ),
    ]
    if parts:
        levels.append(
            cll.ArrayIntersectLevel(f"{field_name}_parts", 1).configure(
                label_for_charts="one part of a compound name shared"
            )
        )
    levels += [
        cll.JaroWinklerLevel(latin, 0.9).configure(label_for_charts="similar Latin spelling"),
        cll.ElseLevel(),
    ]
    return CustomComparison(levels, output_column_name=field_name)


def _gap(prefix: str) -> str:
    """Days between two intervals (negative or zero when they overlap)."""
    return f'greatest("{prefix}_lo_l" - "{prefix}_hi_r", "{prefix}_lo_r" - "{prefix}_hi_l")'


def _width(prefix: str, side: str) -> str:
    return f'("{prefix}_hi_{side}" - "{prefix}_lo_{side}")'


def _date_comparison(
    prefix: str, near: tuple[tuple[int, str], ...], *, precise: bool
) -> ComparisonCreator:
    gap = _gap(prefix)
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [_null(f"{prefix}_lo")]
    if precise:
        levels.append(
            _level(
                f"{gap} <= 0 AND {_width(prefix, 'l')} <= 31 AND {_width(prefix, 'r')} <= 31",
                "same day or month",
            )
        )
    levels.append(_level(f"{gap} <= 0", "intervals overlap"))
    for days, label in near:
        levels.append(_level(f"{gap} <= {days}", label))
    levels.append(cll.ElseLevel())
    return CustomComparison(levels, output_column_name=prefix)


def _exact(column: str, *, tf: bool) -> ComparisonCreator:
    exact = _level(f'"{column}_l" = "{column}_r"', f"same {column}")
    if tf:
        exact = exact.configure(tf_adjustment_column=column, tf_adjustment_weight=1.0)
    return CustomComparison([_null(column), exact, cll.ElseLevel()], output_column_name=column)


def _place_comparison() -> ComparisonCreator:
    """City and prison as one comparison: a prison stands in a city, so counting
    both would count one fact twice (the independence Fellegi-Sunter assumes)."""
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        _level(
            '("city_l" IS NULL AND "prison_l" IS NULL AND "province_l" IS NULL) '
            'OR ("city_r" IS NULL AND "prison_r" IS NULL AND "province_r" IS NULL)',
            "missing on one side",
        ).configure(is_null_level=True),
        _level('"prison_l" = "prison_r"', "same prison").configure(
            tf_adjustment_column="prison", tf_adjustment_weight=1.0, tf_minimum_u_value=TF_MIN_U
        ),
        _level('"city_l" = "city_r"', "same city").configure(
            tf_adjustment_column="city", tf_adjustment_weight=1.0, tf_minimum_u_value=TF_MIN_U
        ),
        # Provinces as they were in 1988 (Karaj, where Gohardasht stands, was in
        # Tehran province): a person's city and the prison that held them agree.
        _level('"province_l" = "province_r"', "same province (1988)"),
        cll.ElseLevel(),
    ]
    return CustomComparison(levels, output_column_name="place")


def comparisons() -> list[ComparisonCreator | dict[str, Any]]:
    """The comparisons of the person model, in the order explanations list them."""
    return [
        _name_comparison("given", parts=True),
        _name_comparison("family", parts=False),
        _name_comparison("father", parts=False),
        _date_comparison(
            "birth", ((366, "within a year"), (1100, "within three years")), precise=False
        ),
        _date_comparison("death", ((62, "within two months"),), precise=True),
        _date_comparison("arrest", ((366, "within a year"),), precise=False),
        _place_comparison(),
        _exact("affiliation", tf=True),
        _exact("sex", tf=False),
    ]


def blocking_rules(settings: LinkageSettings) -> list[BlockingRuleCreator | dict[str, Any]]:
    """The prediction blocking rules: every column of a rule equal and not null."""
    return [block_on(*rule) for rule in settings.blocking]


@dataclass(frozen=True)
class ModelSpec:
    """A family of comparisons with the rules that train it.

    Attributes:
        name: Saved with the model ("person" for the registry).
        comparisons: Builds the comparisons (fresh objects each call).
        prior_rules: Deterministic rules (column tuples) for the prior match rate.
        training_rules: One EM session per rule (column tuples); each session
            estimates the comparisons its rule does not hold fixed.
        retain: Extra input columns kept in the predictions.
    """

    name: str
    comparisons: Callable[[], list[ComparisonCreator | dict[str, Any]]]
    prior_rules: tuple[tuple[str, ...], ...]
    training_rules: tuple[tuple[str, ...], ...]
    retain: tuple[str, ...] = ("source",)


# The person model: the prior from pairs sharing all three name keys. Each EM
# session holds two of the names fixed and learns the rest: the same given and
# family key learns father's name, dates and places; the same family and
# father's key learns the given name; the same given and father's key the
# family name.
PERSON_MODEL = ModelSpec(
    name="person",
    comparisons=comparisons,
    prior_rules=(("given_key", "family_key", "father_key"),),
    training_rules=(
        ("given_key", "family_key"),
        ("family_key", "father_key"),
        ("given_key", "father_key"),
    ),
)


def splink_settings(settings: LinkageSettings, spec: ModelSpec = PERSON_MODEL) -> SettingsCreator:
    """The Splink settings of a model (dedupe across all lists at once).

    One table holds every list's records and `source` is an ordinary column,
    so within-list and across-list pairs are scored by the same model
    (Splink's dedupe_only on the union is link_and_dedupe on the lists).
    """
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=spec.comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(settings),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=list(spec.retain),
        max_iterations=25,
        em_convergence=0.0001,
    )
