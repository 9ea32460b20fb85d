import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core.claims import ClaimStatus, Support, assess_claim


@pytest.mark.parametrize(
    ("supports", "status", "meets", "single"),
    [
        ([], ClaimStatus.ALLEGED, False, True),
        ([Support(1, "C", 3)], ClaimStatus.ALLEGED, False, True),
        # one source, however strong, alleges: it does not meet the standard on its own
        ([Support(1, "A", 1)], ClaimStatus.ALLEGED, False, True),
        ([Support(1, "C", 3), Support(2, "C", 2)], ClaimStatus.CORROBORATED, True, False),
        ([Support(1, "B", 2), Support(2, "C", 3)], ClaimStatus.ESTABLISHED, True, False),
        # a reprint of the same list is not independent corroboration
        (
            [Support(1, "B", 2, "list-x"), Support(2, "B", 2, "list-x")],
            ClaimStatus.ALLEGED,
            False,
            True,
        ),
        # unreliable sources do not corroborate
        ([Support(1, "E", 2), Support(2, "D", 5)], ClaimStatus.ALLEGED, False, False),
    ],
)
def test_status_and_standard_follow_independent_credible_sources(
    supports: list[Support], status: ClaimStatus, meets: bool, single: bool
) -> None:
    result = assess_claim(supports)
    assert (result.status, result.meets_standard, result.single_source) == (status, meets, single)


@given(
    st.lists(
        st.builds(
            Support,
            st.integers(0, 5),
            st.sampled_from("ABCDEF"),
            st.integers(1, 6),
            st.sampled_from(["", "g1", "g2"]),
        ),
        max_size=5,
    )
)
def test_an_alleged_claim_never_meets_the_standard_of_proof(supports: list[Support]) -> None:
    result = assess_claim(supports)
    assert result.meets_standard is (result.status is not ClaimStatus.ALLEGED)


def test_a_claim_resting_on_one_source_says_so() -> None:
    assert "rests on one source" in assess_claim([Support(1, "A", 1)]).reasons


def test_a_contradiction_at_least_as_strong_withdraws_the_standard() -> None:
    supports = [Support(1, "C", 3), Support(2, "C", 3)]
    assert assess_claim(supports, contradicted_by=[ClaimStatus.ALLEGED]).meets_standard
    weakened = assess_claim(supports, contradicted_by=[ClaimStatus.CORROBORATED])
    assert not weakened.meets_standard
    assert any("contradicted" in r for r in weakened.reasons)


@pytest.mark.parametrize(("reliability", "credibility"), [("G", 1), ("A", 0), ("A", 7)])
def test_grades_outside_the_admiralty_scale_are_refused(reliability: str, credibility: int) -> None:
    with pytest.raises(ValueError):
        Support(1, reliability, credibility)
