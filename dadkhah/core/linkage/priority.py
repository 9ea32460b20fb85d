"""Which undecided pair to review first: the one whose answer moves the published numbers most.

A reviewer's hour is best spent where the answer is most in doubt *and* would
change the counts. For a pair with match probability p, the chance that the
registry's present answer is wrong is p(1 − p) scaled to 1 at p = 0.5 (the
variance of the coin the linkage samples flip for it, docs/methodology/linkage.md).
What the answer changes:

* the documented count, by one person (a merge removes one, a split adds one);
* the estimate, mostly through the persons seen by exactly one list: multiple
  systems estimation reads them as the sign of many unseen people (the
  "singletons" of Chao 1987 and of every closed-population estimator), so a
  merge of two single-list persons on different lists turns two singletons
  into one person on two lists and moves the estimate far more than a merge
  of two persons already seen on several lists.

The priority is the expected change, p(1 − p) × 4 × (1 + change in the number
of persons seen by exactly one list): a pure-uncertainty order among pairs of
equal effect, an effect order among pairs of equal doubt.
"""

from __future__ import annotations

from collections.abc import Collection

__all__ = ["expected_effect", "singletons_changed"]


def singletons_changed(lists_a: Collection[str], lists_b: Collection[str]) -> int:
    """How many persons seen by exactly one counted list a merge or a split changes.

    For two persons now apart (the question is a merge), pass each person's
    counted lists; for one person now (the question is a split), pass the
    lists of the part that would stay with record a and of the part that
    would leave with record b. Either way the answer compares the two parts
    apart with the two joined.
    """
    a, b = set(lists_a), set(lists_b)
    apart = (len(a) == 1) + (len(b) == 1)
    joined = int(len(a | b) == 1)
    return abs(apart - joined)


def expected_effect(
    probability: float, lists_a: Collection[str], lists_b: Collection[str]
) -> float:
    """The review priority of a pair: doubt × what the answer would change (see the module)."""
    doubt = 4.0 * probability * (1.0 - probability)
    return doubt * (1.0 + singletons_changed(lists_a, lists_b))
