"""One list of the values that say "not known", read the same way by every field."""

from __future__ import annotations

import pytest

from dadkhah.core.dates import parse_date_detailed
from dadkhah.core.unknown import says_unknown


@pytest.mark.parametrize(
    "text",
    ["", "  ", "?", "؟", "???", "-", "—", "unknown", "Unknown", "N/A", "N.C.", "n/k", "nk",
     "نامعلوم", "نا معلوم", "نا\u200cمعلوم", "نامشخص", "معلوم نیست", "inconnu", "Namaloum"],
)  # fmt: skip
def test_values_that_say_not_known(text: str) -> None:
    assert says_unknown(text)
    # A date column reads them as no date, not as a date it failed to read.
    result = parse_date_detailed(text)
    assert (result.value.earliest, result.problem) == (None, None)


@pytest.mark.parametrize("text", ["Evin", "1367", "x1", "نام", "know", "n", "unknown soldier"])
def test_values_that_say_something(text: str) -> None:
    assert not says_unknown(text)
