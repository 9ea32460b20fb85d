"""Canonical JSON (RFC 8785, JCS) for custody entries, so their hashes are reproducible anywhere.

Custody entries are restricted to a subset of JSON that every language serializes the
same way: objects, arrays, strings, booleans, null and integers in the IEEE-754 safe
range (|n| <= 2**53 - 1, RFC 8785 §3.2.2.3 / I-JSON, RFC 7493 §2.2). Floats are refused:
their RFC 8785 form needs the ECMAScript number algorithm, which a stdlib-only verifier
would have to reimplement. Within this subset RFC 8785 output equals
``json.dumps(sort_keys by UTF-16, separators=(",", ":"), ensure_ascii=False)``, which is
what the standalone bundle verifier uses.
"""

from __future__ import annotations

import json
import re
from typing import Any

import rfc8785

from dadkhah.core.errors import InputError

MAX_SAFE_INTEGER = 2**53 - 1
MAX_DEPTH = 32


class CanonicalError(InputError):
    """A value cannot be put in a custody entry (outside the canonical JSON subset)."""


def check_value(value: Any, *, path: str = "$", depth: int = 0) -> None:
    """Raise CanonicalError when ``value`` is outside the custody JSON subset.

    Args:
        value: The value to check.
        path: Where the value sits (JSONPath-like), for the error message.
        depth: Current nesting depth.
    """
    if depth > MAX_DEPTH:
        raise CanonicalError(f"{path}: nested deeper than {MAX_DEPTH} levels; flatten the details.")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise CanonicalError(
                f"{path}: integer {value} is outside ±(2**53-1) (RFC 8785 §3.2.2.3); "
                "store it as a string."
            )
        return
    if isinstance(value, float):
        raise CanonicalError(f"{path}: floats are not allowed in custody entries; use a string.")
    if isinstance(value, str):
        _check_string(value, path)
        return
    if isinstance(value, list | tuple):
        for i, v in enumerate(value):
            check_value(v, path=f"{path}[{i}]", depth=depth + 1)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise CanonicalError(f"{path}: object key {k!r} is not a string.")
            _check_string(k, f"{path} key")
            check_value(v, path=f"{path}.{k}", depth=depth + 1)
        return
    raise CanonicalError(f"{path}: {type(value).__name__} cannot be stored in a custody entry.")


def _check_string(s: str, path: str) -> None:
    # Lone surrogates cannot be encoded as UTF-8 (RFC 8785 §3.2.2.2 requires valid Unicode).
    try:
        s.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CanonicalError(f"{path}: string is not valid Unicode ({exc.reason}).") from exc


def canonical_dumps(value: Any) -> bytes:
    """Serialize ``value`` as RFC 8785 canonical JSON (UTF-8 bytes), after checking the subset.

    Args:
        value: A JSON-compatible value within the custody subset.

    Returns:
        The canonical bytes.
    """
    check_value(value)
    return rfc8785.dumps(value)


def canonical_loads(data: bytes) -> Any:
    """Parse canonical JSON and check that ``data`` is exactly its canonical form.

    Args:
        data: UTF-8 bytes.

    Returns:
        The parsed value.

    Raises:
        CanonicalError: The bytes are not JSON, or not in canonical form.
    """
    try:
        value = json.loads(
            data.decode("utf-8"),
            parse_float=_refuse_float,
            parse_int=_safe_int,
            parse_constant=_refuse_float,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise CanonicalError(f"not valid UTF-8 JSON: {exc}") from exc
    # Fast path (verification reads every entry): in the custody subset, RFC 8785 output is
    # the stdlib's compact sorted form, except that RFC 8785 orders keys by UTF-16 code
    # units (§3.2.3) where Python orders by code points; the two differ only when a
    # character beyond U+FFFF (4 bytes in UTF-8) is present, and then the exact
    # serializer decides.
    if not _ASTRAL.search(data):
        try:
            fast = json.dumps(
                value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
            ).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise CanonicalError(f"string is not valid Unicode ({exc.reason}).") from exc
        if fast != data:
            raise CanonicalError("JSON is valid but not in RFC 8785 canonical form.")
        return value
    again = canonical_dumps(value)
    if again != data:
        raise CanonicalError("JSON is valid but not in RFC 8785 canonical form.")
    return value


_ASTRAL = re.compile(rb"[\xf0-\xf4]")


def _safe_int(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_SAFE_INTEGER:
        raise CanonicalError(f"integer {text} is outside ±(2**53-1) (RFC 8785 §3.2.2.3).")
    return value


def _refuse_float(text: str) -> Any:
    raise CanonicalError(f"float {text} is not allowed in custody entries.")
