"""CBOR in C2PA claims, read with cbor2: plain data, bounded, and a ValueError for the rest."""

from __future__ import annotations

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.c2pa import MAX_CBOR_BYTES, MAX_CBOR_DEPTH, MAX_CBOR_ITEMS, cbor_decode

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**64) + 1, 2**64 - 1),
    st.floats(allow_nan=False),
    st.text(),
    st.binary(),
)
trees = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=trees, canonical=st.booleans())
def test_plain_values_come_back_as_encoded(value: object, canonical: bool) -> None:
    assert cbor_decode(cbor2.dumps(value, canonical=canonical)) == value


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (b"\xc0\x63abc", "abc"),  # tag 0 (date text): the text, not a datetime
        (b"\xc1\x1b\xff\xff\xff\xff\xff\xff\xff\xff", 2**64 - 1),  # tag 1: the number
        (b"\xc2\x42\x01\x00", b"\x01\x00"),  # tag 2 (bignum): the bytes
        (b"\xd8\x23\x63a+b", "a+b"),  # tag 35: a pattern is never compiled
        (b"\xd8\x1c\x81\xd8\x1d\x00", [0]),  # tags 28/29: no value that contains itself
        (b"\xd9\xd9\xf7\x01", 1),  # self-described CBOR
        (b"\xd9\x03\xe8\x01", 1),  # an unknown tag
        (b"\xf0", "simple(16)"),
        (b"\xf7", None),  # undefined
        (b"\xa1\x81\x01\x02", {"[1]": 2}),  # an array as a key, as text
        (b"\xa1\x41a\x02", {"b'a'": 2}),
        (b"\x7f\x61a\x61b\xff", "ab"),  # an indefinite text string
        (b"\x62\xff\x61", "\ufffda"),  # bad UTF-8 replaced
        (b"\x01\x02", 1),  # one item; what follows is not read
    ],
)
def test_tags_are_dropped_and_odd_values_become_plain_data(data: bytes, value: object) -> None:
    assert cbor_decode(data) == value


@pytest.mark.parametrize(
    "data",
    [
        b"\x9b" + b"\xff" * 8,  # absurd array length
        b"\x5b\x7f" + b"\xff" * 7,  # absurd byte string length
        b"\x81" * (MAX_CBOR_DEPTH + 1) + b"\x01",  # nested one level too deep
        b"\x9a" + (MAX_CBOR_ITEMS + 1).to_bytes(4, "big") + b"\xf6" * (MAX_CBOR_ITEMS + 1),
        b"\x5a" + MAX_CBOR_BYTES.to_bytes(4, "big") + b"\x00" * MAX_CBOR_BYTES,
        b"\xff",  # a break with nothing to end
        b"",
        # Read without complaint by the hand-written decoder, invalid by RFC 8949:
        b"\x3f",  # §3.2.4: no indefinite length for a negative integer (it gave -1)
        b"\xf8\x10",  # §3.3: a two-byte simple value under 32 (it gave "simple(24)")
        b"\xfc",  # §3: additional information 28 is reserved (it gave "simple(28)")
        b"\x5f\x01\xff",  # §3.2.3: an indefinite byte string of an integer (AttributeError)
    ],
)
def test_hostile_or_invalid_cbor_is_a_value_error(data: bytes) -> None:
    with pytest.raises(ValueError, match=r"^CBOR: "):
        cbor_decode(data)


def test_nesting_up_to_the_limit_is_read() -> None:
    assert cbor_decode(b"\x81" * MAX_CBOR_DEPTH + b"\x01") is not None
