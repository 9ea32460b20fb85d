"""Byte and JSON mutations shared by the fuzz tests (Hypothesis strategies)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# Bytes that parsers treat specially: quotes, separators, line ends, NUL, brackets,
# byte-order marks, an invalid UTF-8 lead byte, a zip signature, an XML entity.
TOKENS = [
    b'"', b",", b";", b"\t", b"\r", b"\n", b"\x00", b"[", b"]", b"{", b"}", b"\\",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff", b"\xc3", b"PK\x03\x04",
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b"&a;", b"1e999999", b"NaN",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after one to four random edits: flip, insert, delete, truncate, repeat."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "token", "delete", "truncate", "repeat"]))
        at = draw(st.integers(0, len(out)))
        if op == "flip" and out:
            at = min(at, len(out) - 1)
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "token":
            out[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del out[at:]
        elif op == "repeat":
            out[at:at] = bytes(out[at : at + draw(st.integers(1, 64))]) * draw(st.integers(2, 50))
    return bytes(out)


json_scalars = (
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutated_json(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one node replaced, removed or given a new key (a structural mutation)."""
    if not isinstance(value, (dict, list)) or not value or draw(st.integers(0, 4)) == 0:
        return draw(json_values)
    if isinstance(value, dict):
        keys = sorted(value)
        key = draw(st.sampled_from(keys))
        out = dict(value)
        op = draw(st.sampled_from(["descend", "descend", "drop", "add"]))
        if op == "drop":
            del out[key]
        elif op == "add":
            out[draw(st.text(max_size=8))] = draw(json_values)
        else:
            out[key] = draw(mutated_json(value[key]))
        return out
    at = draw(st.integers(0, len(value) - 1))
    items = list(value)
    op = draw(st.sampled_from(["descend", "descend", "drop", "repeat"]))
    if op == "drop":
        del items[at]
    elif op == "repeat":
        items.insert(at, items[at])
    else:
        items[at] = draw(mutated_json(items[at]))
    return items
